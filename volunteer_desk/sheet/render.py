"""Print a sheet in large type: body 18 pt, dates 28 pt, one idea per line, pictograms.

Order on the page: what the letter means (a coloured band with its pictogram and one short sentence),
then what to do, the date drawn as a calendar page, what to bring (pictogram per document), who to
call, dates already passed apart, the letter's translation when there is room, and the "show this"
box with the office's own words, always left to right. Right-to-left sheets start every line at the
right margin and are shaped line by line (volunteer_desk.render). When everything does not fit on one page the
glossary gives way; the letter's translation (or the volunteer's edit) then flows onto a second page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from volunteer_desk.core.formatting import long_date, month_name
from volunteer_desk.render.fonts import register_fonts
from volunteer_desk.render.lines import draw_text, text_width, wrap
from volunteer_desk.render.scripts import is_rtl
from volunteer_desk.sheet import pictograms
from volunteer_desk.sheet.content import Section, Sheet

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 26.0
BODY = 18.0            # every line the family reads
DATE = 28.0            # every date
TITLE = 28.0
BAND_SENTENCE = 22.0
SMALL = 14.0           # the office's words in the "show this" box, the French copy of the check line
LEAD = 1.25
PICTO, PICTO_BIG = 30.0, 42.0           # beside a line; larger when there is no voice for the language
BAND_PICTO, BAND_PICTO_BIG = 56.0, 60.0
CALENDAR, CALENDAR_BIG = 78.0, 84.0
GAP = 8.0
TONES = {"good": ("#2e7d32", "#e8f5e9"), "act": ("#e65100", "#fff3e0"), "info": ("#1565c0", "#e3f2fd")}
DROPPABLE = ("words",)                  # dropped when the page is full (the letter flows on)


@dataclass
class Block:
    height: float
    draw: Callable[[Any, float], None]   # (canvas, y of the block's top)
    key: str = ""
    offset: float = 0.0                  # from the start margin: the second column of a grid


class _Page:
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.width = PAGE_W - 2 * MARGIN
        self.picto = PICTO_BIG if sheet.big_pictos else PICTO

    # -- text helpers -------------------------------------------------------------------------------
    def wrap(self, text: str, size: float, bold: bool, width: float) -> list[str]:
        return wrap(text, size, width, bold)

    def line(self, c: Any, text: str, size: float, bold: bool, baseline: float, offset: float, rtl: bool,
             colour: str | None = None, right_edge: float | None = None) -> None:
        """One line starting ``offset`` points in from the start margin (right margin when ``rtl``)."""
        if colour:
            c.setFillColor(HexColor(colour))
        right = right_edge if right_edge is not None else PAGE_W - MARGIN
        x = right - offset - text_width(text, size, bold) if rtl else MARGIN + offset
        draw_text(c, x, baseline, text, size=size, bold=bold)
        c.setFillGray(0.0)

    def start_x(self, offset: float, size: float, rtl: bool) -> float:
        """Left edge of a ``size``-wide object placed ``offset`` in from the start margin."""
        return PAGE_W - MARGIN - offset - size if rtl else MARGIN + offset

    # -- blocks ---------------------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        s = self.sheet
        out = [self.title()]
        for section in s.sections:
            if section.style == "band":
                out.append(self.band(section))
            elif section.style == "show":
                out.append(self.show_box(section))
            else:
                if section.heading:
                    out.append(self.heading(section))
                out += self.items(section)
        out += self.footer()
        return out

    def title(self) -> Block:
        lines = self.wrap(self.sheet.title, TITLE, True, self.width)
        height = len(lines) * TITLE * LEAD + 6

        def draw(c: Any, top: float) -> None:
            y = top
            for ln in lines:
                y -= TITLE
                self.line(c, ln, TITLE, True, y, 0, self.sheet.rtl)
                y -= TITLE * (LEAD - 1)
            c.setLineWidth(1.2)
            c.line(MARGIN, y, PAGE_W - MARGIN, y)
        return Block(height, draw)

    def band(self, section: Section) -> Block:
        strong, tint = TONES.get(section.picto(0), TONES["info"])
        icon = BAND_PICTO_BIG if self.sheet.big_pictos else BAND_PICTO
        pad = 10.0
        text_w = self.width - icon - 3 * pad
        rows: list[tuple[str, float, bool]] = []
        for i, item in enumerate(section.lines):
            size, bold = (BAND_SENTENCE, True) if i == 0 else (BODY, False)
            rows += [(ln, size, bold) for ln in self.wrap(item, size, bold, text_w)]
        text_h = sum(size * LEAD for _l, size, _b in rows)
        height = max(icon, text_h) + 2 * pad
        rtl = self.sheet.rtl

        def draw(c: Any, top: float) -> None:
            c.setFillColor(HexColor(tint))
            c.setStrokeColor(HexColor(strong))
            c.setLineWidth(3)
            c.roundRect(MARGIN, top - height, self.width, height, 8, stroke=1, fill=1)
            pictograms.draw(c, section.picto(0), self.start_x(pad, icon, rtl), top - pad - icon, icon)
            y = top - pad
            for i, (ln, size, bold) in enumerate(rows):
                y -= size
                self.line(c, ln, size, bold, y, icon + 2 * pad, rtl, strong if i == 0 else None)
                y -= size * (LEAD - 1)
            c.setStrokeGray(0)
        return Block(height + GAP, draw, section.key)

    def heading(self, section: Section) -> Block:
        lines = self.wrap(section.heading, BODY, True, self.width)
        height = GAP + len(lines) * BODY * LEAD + 3   # room for Arabic descenders above a calendar page

        def draw(c: Any, top: float) -> None:
            y = top - GAP
            for ln in lines:
                y -= BODY
                self.line(c, ln, BODY, True, y, 0, self.sheet.rtl, "#444444")
                y -= BODY * (LEAD - 1)
        return Block(height, draw, section.key)

    def items(self, section: Section) -> list[Block]:
        if section.key == "bring" and len(section.lines) > 1:
            return self.grid(section)
        return [self.calendar_item(section, i) if section.style == "calendar" and section.date(i) else
                self.item(section, i) for i in range(len(section.lines))]

    def grid(self, section: Section) -> list[Block]:
        """Documents to bring two by two: a pictogram and a name each, half the width."""
        half = (self.width - 16) / 2
        cells = [self.item(section, i, half) for i in range(len(section.lines))]
        rows = []
        for left, right in zip(cells[0::2], [*cells[1::2], None], strict=False):
            def draw(c: Any, top: float, left: Block = left, right: Block | None = right) -> None:
                left.draw(c, top)
                if right is not None:
                    right.draw(c, top)
            rows.append(Block(max(left.height, right.height if right else 0.0), draw, section.key))
            if right is not None:
                right.offset = half + 16
        return rows

    def item(self, section: Section, i: int, width: float | None = None) -> Block:
        """One idea: [checkbox] [pictogram] the line; a date above it in 28 pt when the item has one.
        ``width``: a column narrower than the page (its offset is set by ``grid``)."""
        rtl = self.sheet.rtl and not section.ltr
        box = BODY if section.checkboxes else 0.0
        picto = self.picto if section.picto(i) else 0.0
        inner = (box + 8 if box else 0) + (picto + 8 if picto else 0)
        column = width or self.width
        day = section.date(i)
        head = self.wrap(long_date(day, self.sheet.lang, weekday=True), DATE, True, column - inner) if day else []
        lines = self.wrap(section.lines[i], BODY, False, column - inner) if section.lines[i] else []
        text_h = len(head) * DATE * LEAD + len(lines) * BODY * LEAD
        height = max(text_h, picto) + 2
        grey = section.key == "late"

        block = Block(height, lambda c, top: None, section.key)

        def draw(c: Any, top: float) -> None:
            offset = block.offset
            indent = offset + inner
            if box:
                c.setLineWidth(1.6)
                c.rect(self.start_x(offset, box * 0.9, rtl), top - box * 1.05, box * 0.9, box * 0.9)
            if picto:
                pictograms.draw(c, section.picto(i), self.start_x(offset + (box + 8 if box else 0), picto, rtl),
                                top - picto, picto)
            y = top - max(0.0, (picto - text_h) / 2)   # a short line sits in the middle of its pictogram
            for ln in head:
                y -= DATE
                self.line(c, ln, DATE, True, y, indent, rtl, "#666666" if grey else None)
                y -= DATE * (LEAD - 1)
            for ln in lines:
                y -= BODY
                self.line(c, ln, BODY, False, y, indent, rtl)
                y -= BODY * (LEAD - 1)
        block.draw = draw
        return block

    def calendar_item(self, section: Section, i: int) -> Block:
        """The date drawn as a calendar page (month, big day number), the full date beside it in 28 pt."""
        day: date = section.date(i)  # type: ignore[assignment]
        rtl = self.sheet.rtl
        size = CALENDAR_BIG if self.sheet.big_pictos else CALENDAR
        indent = size + 14
        lines = self.wrap(long_date(day, self.sheet.lang, weekday=True), DATE, True, self.width - indent)
        if section.lines[i]:
            lines += self.wrap(section.lines[i], DATE, True, self.width - indent)
        height = max(size, len(lines) * DATE * LEAD) + 6

        def draw(c: Any, top: float) -> None:
            self.calendar_page(c, day, self.start_x(0, size, rtl), top - size, size)
            y = top
            for ln in lines:
                y -= DATE
                self.line(c, ln, DATE, True, y, indent, rtl)
                y -= DATE * (LEAD - 1)
        return Block(height, draw, section.key)

    def calendar_page(self, c: Any, day: date, x: float, y: float, size: float) -> None:
        month = month_name(day, self.sheet.lang)
        header = size * 0.28
        c.setLineWidth(2.5)
        c.setFillColor(HexColor("#ffffff"))
        c.roundRect(x, y, size, size, 6, stroke=1, fill=1)
        c.setFillColor(HexColor("#c62828"))
        c.rect(x + 1.25, y + size - header, size - 2.5, header - 1.25, stroke=0, fill=1)
        msize = 16.0
        while msize > SMALL and text_width(month, msize, True) > size - 8:
            msize -= 1
        c.setFillColor(HexColor("#ffffff"))
        draw_text(c, x + (size - text_width(month, msize, True)) / 2, y + size - header * 0.72, month,
                  size=msize, bold=True)
        number = str(day.day)
        nsize = size * 0.5
        c.setFillGray(0.0)
        draw_text(c, x + (size - text_width(number, nsize, True)) / 2, y + (size - header) * 0.22, number,
                  size=nsize, bold=True)

    def show_box(self, section: Section) -> Block:
        """The office's own words (sender, reference, documents as the letter writes them), left to right."""
        pad = 8.0
        icon = 22.0
        head = self.wrap(section.heading, BODY, True, self.width - icon - 3 * pad)
        rows = [ln for item in section.lines for ln in self.wrap(item, SMALL, False, self.width - 2 * pad)]
        height = 2 * pad + max(icon, len(head) * BODY * LEAD) + len(rows) * SMALL * LEAD + 4
        rtl_head = self.sheet.rtl

        def draw(c: Any, top: float) -> None:
            c.setLineWidth(1.5)
            c.setDash(5, 3)
            c.roundRect(MARGIN, top - height, self.width, height, 6)
            c.setDash()
            pictograms.draw(c, "show", self.start_x(pad, icon, rtl_head), top - pad - icon, icon)
            y = top - pad
            for ln in head:
                y -= BODY
                self.line(c, ln, BODY, True, y, icon + 2 * pad, rtl_head and is_rtl(ln))
                y -= BODY * (LEAD - 1)
            y = min(y, top - pad - icon) - 4
            for ln in rows:
                y -= SMALL
                self.line(c, ln, SMALL, False, y, pad, False)   # French/Dutch: always left to right
                y -= SMALL * (LEAD - 1)
        return Block(height + GAP, draw, section.key)

    def footer(self) -> list[Block]:
        rows = [(ln, BODY, self.sheet.rtl) for f in self.sheet.footer for ln in self.wrap(f, BODY, False, self.width)]
        rows += [(ln, SMALL, False) for f in self.sheet.aside for ln in self.wrap(f, SMALL, False, self.width)]
        if not rows:
            return []
        height = GAP + sum(size * LEAD for _l, size, _r in rows)

        def draw(c: Any, top: float) -> None:
            c.setLineWidth(0.8)
            c.line(MARGIN, top - GAP / 2, PAGE_W - MARGIN, top - GAP / 2)
            y = top - GAP
            for ln, size, rtl in rows:
                y -= size
                self.line(c, ln, size, False, y, 0, rtl and is_rtl(ln), "#333333")
                y -= size * (LEAD - 1)
        return [Block(height, draw, "footer")]


def _fit(page: _Page) -> list[Block]:
    """Drop the glossary when the page is full; the letter's text then flows onto a second page."""
    room = PAGE_H - 2 * MARGIN
    blocks = page.blocks()
    for key in DROPPABLE:
        section = page.sheet.section(key)
        if sum(b.height for b in blocks) <= room or section is None:
            continue
        page.sheet.sections.remove(section)
        blocks = page.blocks()
    return blocks


def render_sheet_pdf(sheet: Sheet) -> bytes:
    """A4 pages (one when it fits), embedded fonts; returns the PDF bytes (nothing written to disk)."""
    register_fonts()
    buf = BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(sheet.title)
    page = _Page(copy.deepcopy(sheet))   # fitting may shorten sections: the caller's sheet stays whole
    y = PAGE_H - MARGIN
    for block in _fit(page):
        if y - block.height < MARGIN and y < PAGE_H - MARGIN - 1:
            c.showPage()
            y = PAGE_H - MARGIN
        block.draw(c, y)
        y -= block.height
    c.showPage()
    c.save()
    return buf.getvalue()
