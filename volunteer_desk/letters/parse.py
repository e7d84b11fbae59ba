"""The hardened file parser: image or PDF bytes → upright page images, re-encoded, metadata stripped.

This runs INSIDE the sandbox child (``sandbox_child``), never on untrusted bytes in the app process,
except in tests (hypothesis) where an exception is the worst that can happen in Python code. It
raises ``ParseError`` with a short machine ``kind``; ``intake`` turns kinds into user messages.

Limits: 40 Mpx per page (an A4 page at 600 dpi is ~35 Mpx) with Pillow's decompression-bomb warning
turned into an error, 300 pages per file, PDFs rendered at 300 dpi (less when a page is huge).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from PIL import Image, ImageSequence

from volunteer_desk.letters.limits import MAX_FILE_BYTES, MAX_PAGES, MAX_PIXELS, PDF_DPI, ParsedPage

__all__ = ["MAX_FILE_BYTES", "MAX_PAGES", "MAX_PIXELS", "PDF_DPI", "ParseError", "ParsedPage", "parse_bytes", "sniff"]

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
EXIF_ORIENTATION = 0x0112

# Formats we accept, by magic bytes; everything else is refused before any decoder sees it.
IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WEBP"}


class ParseError(Exception):
    """kind: unsupported | corrupt | too_large | protected | empty."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


def sniff(data: bytes) -> str | None:
    """File type from magic bytes (never from the file name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def parse_bytes(data: bytes, *, pdf_dpi: int = PDF_DPI, raw: bool = False, grey: bool = False) -> Iterator[ParsedPage]:
    """Yield the pages of an image or PDF file, one at a time (the sandbox times each page).

    ``pdf_dpi`` is lowered only by the fuzz tests, to render many mutated PDFs quickly. ``raw``: pixels
    instead of re-encoded bytes (the sandbox child sends those: encoding a 12 Mpx photo costs more than
    the pipe, and the app encodes only the pages it keeps). ``grey`` (with ``raw``): greyscale pixels, for
    a caller that only reads the text.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ParseError("too_large", "file size")
    kind = sniff(data)
    if kind is None:
        raise ParseError("unsupported")
    if kind == "pdf":
        yield from _parse_pdf(data, pdf_dpi, raw, grey)
    else:
        yield from _parse_image(data, kind, raw, grey)


# --- images -------------------------------------------------------------------------------------


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ParseError("corrupt", "empty image")
    if width * height > MAX_PIXELS:
        raise ParseError("too_large", f"{width}x{height}")


def _parse_image(data: bytes, kind: str, raw: bool = False, grey: bool = False) -> Iterator[ParsedPage]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's chatter about odd tags in broken files
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[kind]])
            if raw and grey and kind == "jpeg":
                img.draft("L", img.size)  # libjpeg decodes the luma only: no colour conversion
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ParseError("too_large", "bomb") from exc
        except Exception as exc:  # Pillow raises many types on bad headers
            raise ParseError("corrupt", type(exc).__name__) from exc
        count = 0
        try:
            for frame in ImageSequence.Iterator(img):
                count += 1
                if count > MAX_PAGES:
                    raise ParseError("too_large", "pages")
                _check_size(*frame.size)
                yield _frame_to_page(frame, kind, raw, grey)
        except ParseError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ParseError("too_large", "bomb") from exc
        except MemoryError as exc:
            raise ParseError("too_large", "memory") from exc
        except Exception as exc:
            raise ParseError("corrupt", type(exc).__name__) from exc
        if count == 0:
            raise ParseError("empty")


def _frame_to_page(frame: Image.Image, kind: str, raw: bool = False, grey: bool = False) -> ParsedPage:
    frame.load()
    # Phone photos are stored sideways with an EXIF Orientation tag; apply it, then drop all
    # metadata (EXIF carries GPS position and the phone's serial number).
    if raw and frame.getexif().get(EXIF_ORIENTATION, 1) == 1:
        upright = frame  # raw pixels carry no metadata, and the page is upright: no copy (~50 ms a photo)
    else:
        # lazy: only for a turned photo or a re-encoded page: ~10 ms of the child's start
        from PIL import ImageOps

        upright = ImageOps.exif_transpose(frame) or frame
    img = _normalise_mode(upright)
    if raw and grey and img.mode != "L":
        img = img.convert("L")
    _check_size(*img.size)
    if raw:
        return ParsedPage(img.tobytes(), "image/jpeg" if kind == "jpeg" else "image/png", img.width, img.height,
                          kind, mode=img.mode)
    buf = io.BytesIO()
    if kind == "jpeg":
        img.save(buf, "JPEG", quality=92)
        mime = "image/jpeg"
    else:
        img.save(buf, "PNG", compress_level=3)
        mime = "image/png"
    return ParsedPage(buf.getvalue(), mime, img.width, img.height, kind)


def _normalise_mode(img: Image.Image) -> Image.Image:
    """Greyscale or RGB, 8 bits; transparency flattened on white (a PNG letter with alpha)."""
    if img.mode in ("L", "RGB"):
        return img
    if img.mode in ("1", "I;16", "I;16B", "I;16L", "I", "F"):
        if img.mode in ("I", "F", "I;16", "I;16B", "I;16L"):
            return img.convert("I").point(lambda v: v / 256 if v > 255 else v).convert("L")
        return img.convert("L")
    if img.mode in ("LA", "RGBA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


# --- PDF ----------------------------------------------------------------------------------------


def _parse_pdf(data: bytes, dpi: int, raw: bool = False, grey: bool = False) -> Iterator[ParsedPage]:
    # lazy: keeps pypdfium2 out of start-up until this runs
    import pypdfium2 as pdfium  # imported lazily: image-only children start faster

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ParseError("protected") from exc
        raise ParseError("corrupt", "pdf") from exc
    except Exception as exc:
        raise ParseError("corrupt", type(exc).__name__) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise ParseError("empty")
        if count > MAX_PAGES:
            raise ParseError("too_large", "pages")
        for index in range(count):
            yield _render_pdf_page(pdf, index, dpi, raw, grey)
    except ParseError:
        raise
    except MemoryError as exc:
        raise ParseError("too_large", "memory") from exc
    except Exception as exc:
        raise ParseError("corrupt", type(exc).__name__) from exc
    finally:
        pdf.close()


def _render_pdf_page(pdf, index: int, dpi: int, raw: bool = False, grey: bool = False) -> ParsedPage:  # noqa: ANN001 - pypdfium2 is imported lazily
    page = pdf[index]
    try:
        width_pt, height_pt = page.get_size()
        if not (0 < width_pt < 20_000 and 0 < height_pt < 20_000):
            raise ParseError("corrupt", "page size")
        scale = dpi / 72
        # A huge page (a poster) is rendered at a lower resolution instead of being refused.
        if width_pt * height_pt * scale * scale > MAX_PIXELS * 0.9:
            scale = (MAX_PIXELS * 0.9 / (width_pt * height_pt)) ** 0.5
        bitmap = page.render(scale=scale, grayscale=False, may_draw_forms=True)
        img = bitmap.to_pil().convert("L" if raw and grey else "RGB")
        _check_size(*img.size)
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_bounded() or None
        finally:
            textpage.close()
    finally:
        page.close()
    if raw:
        return ParsedPage(img.tobytes(), "image/png", img.width, img.height, "pdf", text, mode=img.mode)
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=3)
    return ParsedPage(buf.getvalue(), "image/png", img.width, img.height, "pdf", text)
