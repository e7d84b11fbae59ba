"""Shared helpers for the packet, consent and rights tests: a family with letters, PDF inspection."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from functools import lru_cache

from PIL import Image

TODAY = date(2026, 11, 20)  # inside the demo family's consent period (2026-10-05 → 2027-10-04)
OCR_MARK = "Comité spécial du service social"
HEALTH_MARK = "logopédie"


def small_form_pdf(text: str, pages: int = 2) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(pages):
        c.drawString(100, 700, f"{text} p{n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=1)
def _sample_pages() -> tuple[bytes, bytes, bytes]:
    from volunteer_desk.letters.samples import render_page, sample_letter_text

    text = sample_letter_text("cpas_decision")
    return (render_page(text, "clean", 0, dpi=150), render_page(text, "scan_skewed", 1, dpi=150),
            render_page("Bilan de logopédie pour Yara.", "clean", 2, dpi=150))


def add_demo_letters(ff) -> dict[str, str]:
    """A CPAS letter (2 pages, translated into Arabic) and a doctor's letter (health)."""
    from volunteer_desk.family import snapshot
    from volunteer_desk.family.letters_store import add_letter
    from volunteer_desk.family.model import Task
    from volunteer_desk.letters.samples import sample_letter_text

    text = sample_letter_text("cpas_decision")
    first, second, medical = _sample_pages()
    pages = [first, second]
    cpas = add_letter(ff, pages, "image/png", "Décision RIS", text=text, sender="CPAS de Namur",
                      received_on="2026-10-10", letter_date="2026-10-08",
                      translations={"ar": {"paragraphs": [
                          {"source": "Le Comité spécial du service social a décidé de vous octroyer le revenu "
                                     "d'intégration.",
                           "translation": "قررت اللجنة الخاصة للخدمة الاجتماعية منحك دخل الاندماج."}]}})
    doctor = add_letter(ff, [medical], "image/png",
                        "Rapport médical", text=f"Bilan de {HEALTH_MARK} pour Yara.", sender="Dr Martin",
                        sender_kind="doctor", received_on="2026-10-12")
    snapshot.save(ff, Task(title="Photocopier les fiches de paie", due="2026-10-20", done=True,
                           done_on="2026-10-19"))
    snapshot.save(ff, Task(title="Rendez-vous assistante sociale", due="2026-12-03", time="10:30",
                           where="CPAS de Liège"))
    return {"cpas": cpas, "doctor": doctor}


def pdf_text(pdf: bytes, layout: bool = False) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def pdf_pages(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def page_image(pdf: bytes, page: int, dpi: int = 40) -> Image.Image:
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-"],
                         input=pdf, capture_output=True, check=True, timeout=60).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def ink_in_middle(img: Image.Image) -> float:
    """Share of non-white pixels in the middle band of the page (the footer is left out)."""
    w, h = img.size
    hist = img.crop((0, int(h * 0.3), w, int(h * 0.7))).histogram()
    return sum(hist[:200]) / max(1, sum(hist))


def embedded_images(pdf: bytes) -> list[tuple[int, int]]:
    """(page index, byte size of the stored image stream) for every image in the PDF."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    found = []
    try:
        for index, page in enumerate(doc):
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                found.append((index, len(obj.get_data(decode_simple=False))))
    finally:
        doc.close()
    return found


def word_boxes(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word pdftotext finds with its box (xMin, yMin, xMax, yMax, text)."""
    import html
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True,
                         timeout=60).stdout.decode("utf-8")
    pages = []
    for page in out.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        pages.append(words)
    return pages


def overlapping_words(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a sliver (text printed over text)."""
    found = []
    for i, (a0, b0, a1, b1, ta) in enumerate(words):
        for c0, d0, c1, d1, tb in words[i + 1:]:
            w = min(a1, c1) - max(a0, c0)
            h = min(b1, d1) - max(b0, d0)
            if w > 1.0 and h > 2.0:
                found.append((ta, tb))
    return found
