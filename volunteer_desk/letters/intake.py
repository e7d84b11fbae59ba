"""Intake: photos, scans and PDFs → the pages of one letter, in order, kept in memory.

Every file is parsed in a sandboxed child (see ``sandbox.py``); what comes back is re-encoded by us
(PNG, or JPEG for photos), upright (EXIF orientation applied) and stripped of metadata. Several photos
of one letter are passed as several sources; their order is the page order (the UI may reorder the
returned list). A PDF's text layer is kept when it looks like real text, so OCR can be skipped.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound, UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress, run_parallel
from volunteer_desk.letters.limits import MAX_FILE_BYTES
from volunteer_desk.letters.sandbox import ParserPool, parse_in_sandbox

MIN_TEXT_LAYER_CHARS = 40
JPEG_QUALITY = 92  # photos stay JPEG (a PNG of a photo is 5× larger), at a quality that keeps small print


@dataclass(frozen=True, eq=False)
class Page:
    """One upright page of a letter, as pixels from the sandbox and, for PDFs, its text layer.

    ``image`` (PNG or JPEG bytes, upright, no metadata) is encoded from those pixels the first time it
    is asked for: the command-line ``ocr`` never needs it, the app does for thumbnails and storage.
    """

    mime: str  # image/png | image/jpeg: what ``image`` will be
    width: int
    height: int
    source_index: int  # which of the given files (0-based)
    source_page: int  # page within that file (0-based)
    source_format: str  # jpeg | png | tiff | webp | pdf
    text_layer: str | None = field(default=None, repr=False)  # only when it looks good
    raw: bytes | None = field(default=None, repr=False)  # pixels, row by row; dropped once encoded
    mode: str = ""  # "L" or "RGB": how to read ``raw``
    encoded: bytes | None = field(default=None, repr=False)

    def _array(self, raw: bytes):  # noqa: ANN202 - numpy is imported lazily
        # lazy: intake runs while the ocr verb is still importing numpy (start-up overlapped)
        import numpy as np

        shape = (self.height, self.width, 3) if self.mode == "RGB" else (self.height, self.width)
        return np.frombuffer(raw, np.uint8).reshape(shape)

    @cached_property
    def image(self) -> bytes:
        if self.encoded is not None:
            return self.encoded
        raw = self.raw
        if raw is None:
            raise ValueError("a page with neither pixels nor image")
        import cv2  # lazy: see _array

        pixels = self._array(raw)
        bgr = cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR) if pixels.ndim == 3 else pixels
        if self.mime == "image/jpeg":
            ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        else:
            ok, buf = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        if not ok:
            raise CorruptFile(_("A page image could not be decoded."))
        object.__setattr__(self, "raw", None)  # the encoded page is what is kept from now on
        return buf.tobytes()

    def grey(self):  # noqa: ANN201 - a numpy array; numpy is imported lazily
        """The page in greyscale (uint8 array), for cleaning and OCR."""
        # lazy: see _array
        import cv2
        import numpy as np

        raw = self.raw
        if raw is None:
            arr = cv2.imdecode(np.frombuffer(self.image, np.uint8), cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
            if arr is None:
                raise CorruptFile(_("A page image could not be decoded."))
            return arr
        pixels = self._array(raw)
        return cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) if pixels.ndim == 3 else pixels

    def to_json(self) -> dict:
        """Description without the pixels (for --json and logs: no letter text either)."""
        return {
            "mime": self.mime,
            "width": self.width,
            "height": self.height,
            "source_index": self.source_index,
            "source_page": self.source_page,
            "source_format": self.source_format,
            "has_text_layer": self.text_layer is not None,
        }


def text_layer_is_good(text: str | None) -> bool:
    """A PDF text layer is trusted only when it reads as words: enough letters, few odd characters.

    Scanned PDFs often have no layer, an empty one, or a broken font map that yields ``(cid:12)``
    or private-use characters; those pages go to OCR instead.
    """
    if not text:
        return False
    stripped = "".join(text.split())
    if len(stripped) < MIN_TEXT_LAYER_CHARS or "(cid:" in text:
        return False
    odd = sum(
        1
        for ch in stripped
        if unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs") or ch == "\ufffd"
    )
    letters = sum(ch.isalpha() for ch in stripped)
    if odd / len(stripped) > 0.02 or letters / len(stripped) < 0.5:
        return False
    words = re.findall(r"[^\W\d_]{2,}", text)
    # Real prose has vowels in nearly every word; a wrong font map gives consonant soup.
    vowelled = sum(bool(re.search(r"[aeiouyàâäéèêëîïôöùûüAEIOUY]", w)) for w in words)
    return bool(words) and vowelled / len(words) >= 0.8


def _read_source(source: bytes | Path | str, index: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    return read_regular_file(Path(source), index)


def read_regular_file(path: Path, index: int, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit``; a device, pipe, socket or folder is refused.

    Opened non-blocking (a FIFO would otherwise wait for a writer forever) and checked with fstat on
    the open descriptor, so the file cannot be swapped for ``/dev/zero`` between check and read; the
    read stops at ``limit`` + 1 bytes whatever the size claims (``/proc`` files say 0).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if not hasattr(os, "O_NONBLOCK") and not stat.S_ISREG(os.stat(path).st_mode):  # Windows
            raise BadInput(_("File {n} is not a regular file (a device or a pipe cannot be read).").format(n=index + 1))
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFound(_("File {n} does not exist.").format(n=index + 1)) from None
    except IsADirectoryError:
        raise BadInput(_("File {n} is a folder, not a file.").format(n=index + 1)) from None
    except PermissionError:
        raise BadInput(_("File {n} cannot be read (no permission).").format(n=index + 1)) from None
    except OSError:  # ENXIO (a socket), ELOOP, ENAMETOOLONG…: not a file we can read
        raise BadInput(_("File {n} is not a regular file (a device or a pipe cannot be read).").format(n=index + 1)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput(_("File {n} is a folder, not a file.").format(n=index + 1))
        raise BadInput(_("File {n} is not a regular file (a device or a pipe cannot be read).").format(n=index + 1))
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if info.st_size > limit:
            raise BadInput(_("File {n} is too large (more than 200 MB).").format(n=index + 1))
        chunks, total = [], 0
        while total <= limit:
            try:
                chunk = handle.read(min(1 << 20, limit + 1 - total))
            except OSError:
                raise CorruptFile(_("File {n} could not be read to the end.").format(n=index + 1)) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while we read it
            raise BadInput(_("File {n} is too large (more than 200 MB).").format(n=index + 1))
    return b"".join(chunks)


def _load_one(data: bytes, index: int, cancel: CancelToken | None, grey: bool = False,
              pool: ParserPool | None = None) -> list[Page]:
    pages = []
    for number, parsed in enumerate(parse_in_sandbox(data, cancel, grey=grey, pool=pool)):
        pages.append(
            Page(
                raw=parsed.image if parsed.mode else None,
                mode=parsed.mode,
                encoded=None if parsed.mode else parsed.image,
                mime=parsed.mime,
                width=parsed.width,
                height=parsed.height,
                source_index=index,
                source_page=number,
                source_format=parsed.source_format,
                text_layer=parsed.text_layer if text_layer_is_good(parsed.text_layer) else None,
            )
        )
    return pages


def load_pages(
    sources: Sequence[bytes | Path | str],
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    grey: bool = False,
    pool: ParserPool | None = None,
) -> list[Page]:
    """All pages of the given files, in order. Raises a ``UserError`` naming the file by its number.

    ``grey``: the pages in greyscale (for reading the text only; the app keeps colour pages).
    ``pool``: the parser children to use (default: the session's).
    """
    if not sources:
        raise BadInput(_("No file was given."))
    datas = [_read_source(source, i) for i, source in enumerate(sources)]
    total = len(datas)

    def job(i: int, stop: CancelToken) -> list[Page]:
        try:
            return _load_one(datas[i], i, stop, grey, pool)
        except UserError as exc:
            if total > 1:
                exc.message = _("File {n}: {error}").format(n=i + 1, error=exc.message)
                exc.args = (exc.message,)
            raise

    results = run_parallel(job, range(total), workers=os.cpu_count() or 1, message=_("Reading files"),
                           progress=progress, cancel=cancel)
    return [page for pages in results for page in pages]
