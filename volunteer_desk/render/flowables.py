"""Paragraphs (platypus flowables) for the packet, the consent notice and the personal-data export.

``para`` escapes user text (letters and notes contain ``<``, ``&``). Left-to-right text becomes a
reportlab Paragraph whose runs of Ethiopic (or other script) letters name their script's font.
Right-to-left text becomes an ``RtlParagraph``: reportlab wraps lines left to right, so it is wrapped
in logical order by ``render.lines`` and each line is then shaped and drawn right-aligned.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from volunteer_desk.render.bidi import visual_rtl
from volunteer_desk.render.fonts import SANS, SANS_BOLD, font_runs, register_fonts
from volunteer_desk.render.lines import draw_line, text_width, wrap
from volunteer_desk.render.scripts import is_plain, is_rtl


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    f = register_fonts()
    base = ParagraphStyle("VD-Body", fontName=f.sans, fontSize=9.5, leading=12.5)
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


class RtlParagraph(Flowable):
    """Right-to-left paragraph: wrapped in logical order, each line shaped, drawn right-aligned."""

    def __init__(self, text: str, size: float, leading: float, bold: bool = False) -> None:
        super().__init__()
        self.text, self.size, self.leading, self.bold = text, size, leading, bold
        self._lines: list[str] = []
        self._wrapped: tuple[float, list[str]] | None = None

    def _wrap_lines(self, width: float) -> list[str]:
        if self._wrapped and self._wrapped[0] == width:
            return self._wrapped[1]
        lines = wrap(self.text, self.size, width, self.bold)
        self._wrapped = (width, lines)
        return lines

    def _copy(self, text: str) -> RtlParagraph:
        return RtlParagraph(text, self.size, self.leading, self.bold)

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
        y = self.height - self.size
        for line in self._lines:
            if line:
                x = self.width - text_width(line, self.size, self.bold, rtl_paragraph=True)
                draw_line(self.canv, x, y, line, self.size, self.bold, rtl_paragraph=True)
            y -= self.leading


def _script_markup(text: str, bold: bool) -> str:
    """Escaped text in which each run the Sans font cannot draw (Ethiopic…) names its script's font;
    a right-to-left run inside a left-to-right paragraph is shaped and reordered on its own."""
    if is_plain(text):
        return escape(text)
    out = []
    for seg, font in font_runs(text, bold):
        if font in (SANS, SANS_BOLD):
            out.append(escape(seg))
            continue
        core = seg.strip()
        glyphs = seg.replace(core, visual_rtl(core)) if is_rtl(core) else seg
        out.append(f'<font face="{font}">{escape(glyphs)}</font>')
    return "".join(out)


def para(text: str, style: str = "body", *, bold: bool = False) -> Flowable:
    """A paragraph of user text (escaped), right-to-left when it starts in a right-to-left script."""
    st = styles()[style]
    text = text or ""
    if is_rtl(text):
        return RtlParagraph(text, st.fontSize, st.leading, bold or st.fontName == SANS_BOLD)
    body = "<br/>".join(_script_markup(line, bold) for line in text.split("\n"))
    return Paragraph(f"<b>{body}</b>" if bold else body, st)


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of our own labels, which may contain reportlab markup (<b>, <br/>)."""
    return Paragraph(text, styles()[style])
