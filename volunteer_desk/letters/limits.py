"""What intake accepts (sizes, pages) and the page record the parser hands back.

Kept apart from ``parse.py`` so the app process, which never decodes untrusted bytes itself, does not
import Pillow just to know the limits (the sandbox child does the parsing).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PIXELS = 40_000_000
MAX_PAGES = 300
PDF_DPI = 300
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class ParsedPage:
    image: bytes  # PNG, or JPEG when the source was a JPEG photo
    mime: str
    width: int
    height: int
    source_format: str  # jpeg | png | tiff | webp | pdf
    text_layer: str | None = None  # raw text of a PDF page's text layer
    mode: str = ""  # "L" or "RGB" when ``image`` holds raw pixels (``raw=True``) instead of PNG/JPEG bytes
