"""Append PDFs (filled forms) to the packet in memory with pypdfium2, and number their pages."""

from __future__ import annotations

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from volunteer_desk.core.errors import CorruptFile

FOOTER_SIZE = 7.5
MARGIN_PT = 51.0  # 18 mm, like the reportlab pages
BAND_PT = 34.0    # 12 mm: the packet's footer band under an appended page, kept free of the page's own ink
FOOTER_Y = 14.0   # baseline of the packet footer inside the band


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptFile("A filled form could not be read as a PDF.") from exc


def page_count(data: bytes) -> int:
    pdf = _open(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _stamp(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float, right: bool) -> None:
    """Add one line of text in a standard font (no embedding needed for Latin-1 labels)."""
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(FOOTER_SIZE))
    encoded = (text + "\x00").encode("utf-16-le")
    buf = ctypes.create_string_buffer(encoded, len(encoded))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    if right:  # Helvetica averages ~0.5 em per character: good enough to right-align a page number
        x -= len(text) * FOOTER_SIZE * 0.5
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def _shrink_above_band(page: pdfium.PdfPage) -> None:
    """Scale the page's own content (its footer included) into the area above the packet's footer
    band, centred: the two footers can never overlap, whatever the appended PDF drew at its bottom."""
    width, height = page.get_width(), page.get_height()
    scale = (height - BAND_PT) / height
    dx = width * (1 - scale) / 2
    matrix = pdfium_c.FS_MATRIX(scale, 0, 0, scale, dx, BAND_PT)
    clip = pdfium_c.FS_RECTF(0, height, width, 0)
    pdfium_c.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(matrix), ctypes.byref(clip))


def append_pdfs(main: bytes, extra: list[bytes], page_label: str, footer: str) -> bytes:
    """``main`` followed by every page of ``extra``; appended pages get the footer and 'page x of y'.

    ``main`` must already count the appended pages in its own 'page x of y'.
    """
    out = _open(main)
    try:
        first_new = len(out)
        for data in extra:
            src = _open(data)
            try:
                out.import_pages(src)
            finally:
                src.close()
        total = len(out)
        for index in range(first_new, total):
            page = out[index]
            width = page.get_width()
            _shrink_above_band(page)
            _stamp(out, page, footer, MARGIN_PT, FOOTER_Y, right=False)
            _stamp(out, page, page_label.format(x=index + 1, y=total), width - MARGIN_PT, FOOTER_Y, right=True)
            page.gen_content()
            page.close()
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
