"""A French CPAS letter asking for documents by a date, fixture translation models, and helpers."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

LETTER = """CPAS de Schaerbeek
Service social
Rue de la Paix 12, 1030 Schaerbeek
Tél. : 02 240 11 22

Schaerbeek, le 3 mars 2025

Madame,

Concerne : votre demande de revenu d'intégration sociale.

Afin de compléter votre dossier, nous vous prions de nous faire parvenir les documents suivants avant le 21 mars 2025 :
- une copie de votre carte d'identité ;
- vos trois dernières fiches de paie ;
- une composition de ménage.

Sans ces documents, votre demande ne pourra pas être traitée. Pour toute question, contactez votre assistante sociale.

Veuillez agréer, Madame, nos salutations distinguées.
"""
DOCUMENTS = ["une copie de votre carte d'identité", "vos trois dernières fiches de paie", "une composition de ménage"]
PHONE = "02 240 11 22"

@pytest.fixture
def translate(argos_packages):
    """translate("ar") -> LetterTranslation of LETTER, with this test's own models folder."""
    from volunteer_desk.translation.engine import TranslationEngine
    from volunteer_desk.translation.letter import translate_letter
    from volunteer_desk.translation.packages import ModelManager

    pairs = {"ar": ("fr_en_copy", "en_ar_copy"), "uk": ("fr_en_hello", "en_uk_hello")}

    def _translate(lang: str):
        manager = ModelManager()
        for name in pairs[lang]:
            manager.install(argos_packages[name])
        return translate_letter(LETTER, "fr", lang, engine=TranslationEngine(beam_size=2))

    return _translate


@pytest.fixture
def letter():
    from volunteer_desk.family.model import Letter
    from volunteer_desk.letters.facts import extract_facts

    return Letter(id="L-1", title="CPAS", text=LETTER, language="fr", facts=extract_facts(LETTER).to_dict())


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """pdftotext of the PDF (or of one page), with Arabic presentation forms and bidi marks folded."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-layout", *pages, "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout
    text = unicodedata.normalize("NFKC", out.decode("utf-8"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def render_gray(pdf: bytes, dpi: int = 40) -> tuple[int, int, bytes]:
    """(width, height, pixels) of page 1 as 8-bit gray, through pdftoppm on pipes."""
    pgm = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-", ],
                         input=pdf, capture_output=True, check=True).stdout
    parts = pgm.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]
