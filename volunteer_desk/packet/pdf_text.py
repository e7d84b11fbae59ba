"""Paragraph helpers shared by the packet, the consent notice and the personal-data export.

``para`` escapes user text (letters and notes contain ``<``, ``&``) and chooses a right-to-left
flowable for Arabic-script text: reportlab wraps lines left to right, so RTL text is wrapped in
logical order first and each line is then shaped and drawn right-aligned.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from volunteer_desk.packet.pdf_fonts import font_for, is_rtl, register, shape_rtl


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    f = register()
    base = ParagraphStyle("VD-Body", fontName=f.regular, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("VD-Small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("VD-Cell", parent=base, fontSize=8.5, leading=10.5),
        "cellb": ParagraphStyle("VD-CellB", parent=base, fontName=f.bold, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle("VD-Title", parent=base, fontName=f.bold, fontSize=20, leading=25,
                                spaceAfter=10),
        "h1": ParagraphStyle("VD-H1", parent=base, fontName=f.bold, fontSize=14, leading=18, spaceBefore=6,
                             spaceAfter=6),
        "h2": ParagraphStyle("VD-H2", parent=base, fontName=f.bold, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=3),
        "mention": ParagraphStyle("VD-Mention", parent=base, fontName=f.bold, fontSize=11, leading=14,
                                  alignment=TA_CENTER, borderColor="#aa0000", borderWidth=1, borderPadding=6,
                                  textColor="#aa0000", spaceBefore=10, spaceAfter=14),
    }


_ARABIC_RUN = re.compile(r"([\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+)")


def _runs(visual: str, arabic_font: str, latin_font: str) -> list[tuple[str, str]]:
    """Split a visual-order line into Arabic-script runs and the rest (digits, Latin, punctuation):
    the Arabic font has no Latin letters and the Latin font has poor Arabic."""
    out = []
    for i, part in enumerate(_ARABIC_RUN.split(visual.replace("\u200c", ""))):
        if part:
            out.append((part, arabic_font if i % 2 else latin_font))
    return out


def _line_width(visual: str, arabic_font: str, latin_font: str, size: float) -> float:
    return sum(stringWidth(t, f, size) for t, f in _runs(visual, arabic_font, latin_font))


@lru_cache(maxsize=4096)
def _word_width(word: str, arabic_font: str, latin_font: str, size: float) -> float:
    return _line_width(shape_rtl(word), arabic_font, latin_font, size)


class RtlParagraph(Flowable):
    """Right-to-left paragraph: wrapped in logical order, each line shaped, drawn right-aligned."""

    def __init__(self, text: str, font: str, size: float, leading: float, latin_font: str = "") -> None:
        super().__init__()
        self.text, self.font, self.size, self.leading = text, font, size, leading
        self.latin_font = latin_font or register().regular
        self._lines: list[str] = []
        self._wrapped: tuple[float, list[str]] | None = None

    def _wrap_lines(self, width: float) -> list[str]:
        # Arabic letters never join across a space, so a line's width is the sum of its words'
        # shaped widths plus the spaces: each word is shaped once, not every trial line.
        if self._wrapped and self._wrapped[0] == width:
            return self._wrapped[1]
        space = stringWidth(" ", self.latin_font, self.size)
        lines: list[str] = []
        for paragraph in self.text.splitlines() or [""]:
            current, used = "", 0.0
            for word in paragraph.split():
                w = _word_width(word, self.font, self.latin_font, self.size)
                if current and used + space + w > width:
                    lines.append(current)
                    current, used = word, w
                else:
                    current, used = (f"{current} {word}", used + space + w) if current else (word, w)
            lines.append(current)
        self._wrapped = (width, lines)
        return lines

    def _copy(self, text: str) -> RtlParagraph:
        return RtlParagraph(text, self.font, self.size, self.leading, self.latin_font)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._lines = self._wrap_lines(avail_width)
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._wrap_lines(avail_width)
        fit = int(avail_height // self.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        return [self._copy("\n".join(lines[:fit])), self._copy("\n".join(lines[fit:]))]

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.size
        for line in self._lines:
            if line:
                runs = _runs(shape_rtl(line), self.font, self.latin_font)
                x = self.width - sum(stringWidth(t, f, self.size) for t, f in runs)
                for text, font in runs:
                    canv.setFont(font, self.size)
                    canv.drawString(x, y, text)
                    x += stringWidth(text, font, self.size)
            y -= self.leading


def para(text: str, style: str = "body", *, bold: bool = False) -> Flowable:
    """A paragraph of user text (escaped), right-to-left when it is in an Arabic script."""
    st = styles()[style]
    text = text or ""
    if is_rtl(text):
        latin = register().bold if bold or st.fontName == register().bold else register().regular
        return RtlParagraph(text, font_for(text, bold), st.fontSize, st.leading, latin)
    body = escape(text).replace("\n", "<br/>")
    return Paragraph(f"<b>{body}</b>" if bold else body, st)


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of our own labels, which may contain reportlab markup (<b>, <br/>)."""
    return Paragraph(text, styles()[style])
