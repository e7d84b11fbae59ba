"""The PDF text layer as a reader sees it: right-to-left lines in the right order with joined letters,
Ethiopic drawn by an Ethiopic font (not empty boxes), lines that wrap between words inside their box."""

from __future__ import annotations

import io
import subprocess
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from tests.render.conftest import canvas_pdf, glyphs
from volunteer_desk.render.flowables import para
from volunteer_desk.render.fonts import register_fonts
from volunteer_desk.render.lines import draw_text, text_width, wrap

TIGRINYA = "ጽቡቕ ዜና"           # "good news"


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def doc_pdf(*flowables) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(list(flowables))
    return buf.getvalue()


def span(found: list, text: str) -> tuple[float, float]:
    """Left and right edge of the first run of glyphs spelling ``text`` (logical order)."""
    chars = [g.char for g in found]
    for i in range(len(chars) - len(text) + 1):
        if "".join(chars[i:i + len(text)]) == text:
            part = found[i:i + len(text)]
            return min(g.left for g in part), max(g.right for g in part)
    raise AssertionError(f"{text!r} not in {''.join(chars)!r}")


def test_arabic_line_with_latin_and_digits_reads_right_to_left_with_joined_letters():
    pdf = canvas_pdf(lambda c: draw_text(c, 100, 700, "رقم الملف CPAS 2025", size=14, width=300))
    found = glyphs(pdf)
    first, second, latin, digits = (span(found, w) for w in ("رقم", "الملف", "CPAS", "2025"))
    # Right to left: the first Arabic word at the right edge of the box, then the second; the Latin
    # name and its number keep their own left-to-right order, at the left end of the line.
    assert first[1] == pytest.approx(400, abs=1.5)
    assert latin[1] < digits[0] < digits[1] < second[0] < second[1] < first[0]
    assert {g.font for g in found if g.char in "CPAS2025"} == {"DejaVuSans"}
    assert {g.font for g in found if "\u0600" <= g.char <= "\u06ff"} == {"NotoSansArabic-Regular"}
    # Joined: the text layer holds the contextual (initial/medial/final) forms, not isolated letters.
    forms = [unicodedata.decomposition(ch).split()[0] for ch in pdftotext(pdf) if "\ufe70" <= ch <= "\ufeff"]
    assert {"<initial>", "<medial>", "<final>"} <= set(forms)
    assert unicodedata.normalize("NFKC", pdftotext(pdf)).count("الملف") == 1


@pytest.mark.parametrize("build", ["paragraph", "canvas"])
def test_tigrinya_is_drawn_with_the_ethiopic_font(build):
    text = f"{TIGRINYA} — CPAS 12/03"
    if build == "paragraph":      # the packet, the consent notice, the data export
        pdf = doc_pdf(para(text, "body"), para(text, "cellb"))
    else:                         # the family sheet, the forms
        pdf = canvas_pdf(lambda c: draw_text(c, 60, 700, text, size=18, bold=True))
    found = glyphs(pdf)
    ethiopic = [g for g in found if "\u1200" <= g.char <= "\u139f"]
    assert "".join(g.char for g in ethiopic).startswith(TIGRINYA.replace(" ", ""))
    assert {g.font for g in ethiopic} == {"NotoSansEthiopic-Regular"}
    assert {g.font for g in found if g.char in "CPAS"} <= {"DejaVuSans", "DejaVuSans-Bold"}
    assert TIGRINYA in pdftotext(pdf)


def test_hebrew_and_cyrillic_take_their_fonts_and_directions():
    pdf = canvas_pdf(lambda c: (draw_text(c, 100, 700, "שלום עולם 12", size=14, width=300),
                                draw_text(c, 100, 650, "Привет, CPAS", size=14, width=300)))
    found = glyphs(pdf)
    hello, world = span(found, "שלום"), span(found, "עולם")
    assert world[1] < hello[0] and hello[1] == pytest.approx(400, abs=1.5)       # right to left, right-aligned
    assert {g.font for g in found if "\u0590" <= g.char <= "\u05ff"} == {"NotoSansHebrew-Regular"}
    assert span(found, "Привет")[0] == pytest.approx(100, abs=1.5)               # left to right, from the left
    assert {g.font for g in found if "\u0400" <= g.char <= "\u04ff"} == {"DejaVuSans"}


WORDS = ["المساعدة", "الاجتماعية", "تُدفع", "كل", "شهر", "إلى", "حسابكم", "المصرفي", "بعد", "موافقة", "المركز", "العمومي", "للعمل", "الاجتماعي", "على", "طلبكم"]


@pytest.mark.parametrize("words", [WORDS, ["Le", "revenu", "d'intégration", "est", "versé", "chaque", "mois", "sur", "votre", "compte"]])
def test_wrapping_keeps_words_whole_and_lines_inside_the_width(words):
    register_fonts()
    width = 110.0
    lines = wrap(" ".join(words), 11, width)
    assert len(lines) > 2
    assert " ".join(lines).split() == words                        # order kept, no word cut
    assert all(text_width(line, 11) <= width for line in lines)
    # A word longer than the box gets a line of its own, whole.
    long_word = "Arbeidsbemiddelingsovereenkomst"
    assert wrap(f"un {long_word} deux", 11, 60) == ["un", long_word, "deux"]


def test_right_to_left_paragraph_stays_in_its_box_right_aligned():
    pdf = doc_pdf(para(" ".join(WORDS * 3), "body"))
    found = [g for g in glyphs(pdf) if g.char.strip()]
    left_margin, right_margin = 72, A4[0] - 72                     # SimpleDocTemplate's frame
    assert min(g.left for g in found) >= left_margin - 1
    assert max(g.right for g in found) <= right_margin + 1
    assert max(g.right for g in found) == pytest.approx(right_margin, abs=8)   # the frame's padding
    text = unicodedata.normalize("NFKC", pdftotext(pdf))
    for word in set(WORDS):
        assert word.replace("\u064f", "") in text.replace("\u064f", "")     # no word broken across lines
