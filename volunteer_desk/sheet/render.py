"""Print a sheet on one A4 page in large type (body ≥ 14 pt); right-to-left sheets are right-aligned
and shaped line by line (core.fonts). Long content shrinks down to 14 pt, then the letter excerpt is
cut: the dates, documents and contact always fit. A translated line's original words (a requested
document as the letter writes it) follow it a little smaller and grey, never under 14 pt."""

from __future__ import annotations

from io import BytesIO

from volunteer_desk.core.fonts import SANS, SANS_BOLD, draw_text, register_fonts, text_width, wrap
from volunteer_desk.sheet.content import Sheet

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 42.0
BODY_SIZES = (17.0, 16.0, 15.0, 14.0)
MIN_BODY = 14.0
BOX_GAP = 8.0
ORIGINAL_GRAY = 0.4


class _Layout:
    def __init__(self, sheet: Sheet, body: float) -> None:
        self.sheet, self.body = sheet, body
        self.head, self.title = body + 2, body + 10
        self.lead = body * 1.3
        self.width = PAGE_W - 2 * MARGIN

    def lines(self, text: str, size: float, bold: bool, indent: float = 0.0) -> list[str]:
        return wrap(text, SANS_BOLD if bold else SANS, size, self.width - indent, bold)

    def blocks(self) -> list[tuple[str, str, float, bool, bool, bool]]:
        """(kind, line, size, bold, checkbox-first-line, grey) in drawing order."""
        out: list[tuple[str, str, float, bool, bool, bool]] = []
        for line in self.lines(self.sheet.title, self.title, True):
            out.append(("title", line, self.title, True, False, False))
        small = max(MIN_BODY, self.body - 3)
        for s in self.sheet.sections:
            out.append(("gap", "", self.body * 0.5, False, False, False))
            for line in self.lines(s.heading, self.head, True):
                out.append(("head", line, self.head, True, False, False))
            indent = self.body + BOX_GAP if s.checkboxes else 0.0
            for n, item in enumerate(s.lines):
                for i, line in enumerate(self.lines(item, self.body, False, indent)):
                    out.append((s.key, line, self.body, False, s.checkboxes and i == 0, False))
                for line in self.lines(s.original(n), small, False, indent) if s.original(n) else []:
                    out.append((s.key, line, small, False, False, True))
        out.append(("gap", "", self.body, False, False, False))
        for f in self.sheet.footer:
            for line in self.lines(f, MIN_BODY, False):
                out.append(("footer", line, MIN_BODY, False, False, False))
        return out

    def height(self, blocks) -> float:
        return sum(b[2] if b[0] == "gap" else b[2] * 1.3 for b in blocks)


def _fit(sheet: Sheet) -> tuple[_Layout, list]:
    room = PAGE_H - 2 * MARGIN
    for body in BODY_SIZES:
        layout = _Layout(sheet, body)
        blocks = layout.blocks()
        if layout.height(blocks) <= room:
            return layout, blocks
    # Still too long at 14 pt: drop lines of the letter excerpt from its end, then the glossary.
    for key in ("letter", "words"):
        while layout.height(blocks) > room and any(b[0] == key for b in blocks):
            last = max(i for i, b in enumerate(blocks) if b[0] == key)
            blocks[last] = (key, "…", MIN_BODY, False, False, False) if blocks[last][1] != "…" else blocks[last]
            if blocks[last][1] == "…":
                del blocks[last]
                if any(b[0] == key for b in blocks):
                    prev = max(i for i, b in enumerate(blocks) if b[0] == key)
                    blocks[prev] = (key, blocks[prev][1] + " …", MIN_BODY, False, False, False)
    while layout.height(blocks) > room and len(blocks) > 1:
        blocks.pop(-1)  # last resort; never reached with the sheets we build
    return layout, blocks


def render_sheet_pdf(sheet: Sheet) -> bytes:
    """One A4 page, embedded fonts; returns the PDF bytes (nothing written to disk)."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buf = BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(sheet.title)
    layout, blocks = _fit(sheet)
    right = PAGE_W - MARGIN
    y = PAGE_H - MARGIN
    for kind, line, size, bold, box, grey in blocks:
        if kind == "gap":
            y -= size
            continue
        y -= size
        indent = size + BOX_GAP if sheet.section(kind) is not None and sheet.section(kind).checkboxes else 0.0
        if box:
            c.setLineWidth(1.4)
            bx = right - size * 0.8 if sheet.rtl else MARGIN
            c.rect(bx, y - size * 0.1, size * 0.8, size * 0.8)
        if kind == "head":
            c.setFillGray(0.25)
        elif grey:
            c.setFillGray(ORIGINAL_GRAY)
        if sheet.rtl:
            draw_text(c, right - indent - text_width(line, size, bold), y, line, size=size, bold=bold)
        else:
            draw_text(c, MARGIN + indent, y, line, size=size, bold=bold)
        c.setFillGray(0.0)
        y -= size * 0.3
        if kind == "title":
            c.setLineWidth(1.0)
            c.line(MARGIN, y, right, y)
    c.showPage()
    c.save()
    return buf.getvalue()
