"""The packet's page layout: A4 frame and footer band, heading markers for the outline and table of
contents, the index of appended forms, and the canvas that writes "page x of y" once the total
(appended forms included) is known."""

from __future__ import annotations

import io
import secrets

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from volunteer_desk.packet import merge
from volunteer_desk.packet.labels import L
from volunteer_desk.render.fonts import register_fonts

rl_config.useA85 = 0  # embed page JPEGs as binary, not ASCII85 text (+25 % size for nothing)
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FOOTER_Y = merge.FOOTER_Y  # same band as on appended form pages, well under the body frame
FRAME_W = PAGE_W - 2 * MARGIN
BODY_BOTTOM = 14 * mm    # the footer band (FOOTER_Y) lies below: the text never reaches it
FRAME_H = PAGE_H - 2 * BODY_BOTTOM


class Heading(Flowable):
    """Marker placed before a heading paragraph: feeds the table of contents and the PDF outline."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__()
        self.text, self.level = text, level
        self.key = "h" + secrets.token_hex(6)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.text, self.key, level=self.level, closed=True)


class FormsIndex(Flowable):
    """List of the appended forms with the page each starts on (they follow this page)."""

    def __init__(self, forms: list[tuple[str, int]], lang: str) -> None:
        super().__init__()
        self.forms, self.lang = forms, lang
        self.leading = 14

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.leading * max(1, len(self.forms))

    def starts(self, here: int) -> list[int]:
        pages, at = [], here + 1
        for _title, count in self.forms:
            pages.append(at)
            at += count
        return pages

    def draw(self) -> None:
        fonts = register_fonts()
        here = self.canv.getPageNumber()
        y = self.leading * (len(self.forms) - 1) + 3
        for (title, _count), start in zip(self.forms, self.starts(here), strict=True):
            self.canv.setFont(fonts.sans, 10)
            self.canv.drawString(0, y, title)
            word = L("page", self.lang)
            self.canv.drawRightString(self.width, y, f"{word} {start}")
            y -= self.leading


class PacketDoc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, **kw) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=BODY_BOTTOM, **kw)
        frame = Frame(MARGIN, BODY_BOTTOM, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))
        elif isinstance(flowable, FormsIndex):
            for (title, _count), start in zip(flowable.forms, flowable.starts(self.page), strict=True):
                self.notify("TOCEntry", (1, title, start))


def numbered_canvas(footer: str, page_label: str, extra_pages: int) -> type[Canvas]:
    """Canvas that writes 'page x of y' once the page count (reportlab + appended forms) is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages) + extra_pages
            fonts = register_fonts()
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(fonts.sans, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(MARGIN, FOOTER_Y, footer)
                self.drawRightString(PAGE_W - MARGIN, FOOTER_Y,
                                     page_label.format(x=self._pageNumber, y=total))
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas

