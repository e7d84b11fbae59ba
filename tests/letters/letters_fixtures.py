"""Small real files in every accepted format, built in memory (helpers for tests/letters)."""

from __future__ import annotations

import io
import zlib

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def small_image(mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Image.Image:
    img = Image.new(mode, size, "white" if mode != "L" else 255)
    ImageDraw.Draw(img).rectangle((0, 0, size[0] // 2, size[1] // 4), fill="black" if mode != "L" else 0)
    return img


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def multipage_tiff(pages: int = 3, size: tuple[int, int] = (64, 48)) -> bytes:
    frames = [small_image("L", (size[0] + i, size[1])) for i in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return buf.getvalue()


def text_pdf(lines_per_page: list[str], pagesize=A4) -> bytes:
    """A born-digital PDF with a real text layer, one page per entry."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    for text in lines_per_page:
        y = pagesize[1] - 72
        for line in text.split("\n"):
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return buf.getvalue()


def image_pdf(image_bytes: bytes, pagesize=A4) -> bytes:
    """A 'scanned' PDF: one picture, no text layer."""
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    c.drawImage(ImageReader(io.BytesIO(image_bytes)), 0, 0, width=pagesize[0], height=pagesize[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def png_bomb(width: int = 10000, height: int = 10000) -> bytes:
    """A tiny PNG whose header claims a huge greyscale image (65 bytes for 10000×10000)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
