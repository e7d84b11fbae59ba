"""Read a PDF back glyph by glyph: which character, where, in which font (pdfium's text layer)."""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    font: str


def glyphs(pdf: bytes) -> list[Glyph]:
    """The characters of page 1 in content order, with their box and the font that draws them."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if not char.strip():
                continue
            left, _bottom, right, _top = text.get_charbox(i)
            size = pdfium_c.FPDFText_GetFontInfo(text.raw, i, None, 0, None)
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, buf, size, None)
            out.append(Glyph(char, left, right, buf.value.decode("utf-8", "replace")))
        return out
    finally:
        doc.close()


def canvas_pdf(draw) -> bytes:
    """A one-page PDF of what ``draw(canvas)`` puts on an A4 canvas."""
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()
