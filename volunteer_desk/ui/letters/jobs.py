"""The letter screen's jobs: plain functions run through ``ui/tasks.py``, never on the main thread.

They call the capabilities (letters intake/OCR/facts, translation glossary, letters_store) and turn
images into ``QImage`` (safe off the main thread, unlike ``QPixmap``). No widget is touched here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage

from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.family.model import Letter
from volunteer_desk.letters.intake import load_pages
from volunteer_desk.translation.glossary import Glossary
from volunteer_desk.translation.letter import translate_letter

if TYPE_CHECKING:
    from volunteer_desk.letters.facts import LetterFacts
    from volunteer_desk.letters.intake import Page
    from volunteer_desk.letters.ocr import OcrResult
    from volunteer_desk.vault.store import FamilyFile

THUMB_WIDTH = 160
PAGE_WIDTH = 900


def scaled_image(data: bytes, width: int) -> QImage:
    image = QImage.fromData(QByteArray(data))
    if image.isNull():
        return image
    return image.scaledToWidth(min(width, image.width()), Qt.TransformationMode.SmoothTransformation)


@dataclass
class IntakeResult:
    pages: list[Page]
    thumbnails: list[QImage]


def read_files(paths: list[str], progress: Progress = no_progress, cancel: CancelToken | None = None) -> IntakeResult:
    pages = load_pages(paths, progress=progress, cancel=cancel)
    return IntakeResult(pages, [scaled_image(p.image, THUMB_WIDTH) for p in pages])


def ocr(pages: list[Page], lang: str = "auto", progress: Progress = no_progress,
        cancel: CancelToken | None = None) -> OcrResult:
    # lazy: keeps cv2, numpy off the first frame
    from volunteer_desk.letters.ocr import ocr_pages

    return ocr_pages(pages, lang, progress=progress, cancel=cancel)


def save_new_letter(ff: FamilyFile, pages: list[Page], result: OcrResult | None, title: str) -> str:
    """Runs on the family's thread: pages, cleaned pages, text and OCR details into the file."""
    # lazy: keeps the vault (sqlcipher3) off the first frame
    from volunteer_desk.family.letters_store import add_letter

    cleaned = [p.cleaned_png() for p in result.pages] if result is not None else None
    if cleaned is not None and any(c is None for c in cleaned):
        cleaned = None
    mime = pages[0].mime if pages else "image/png"
    fields: dict[str, Any] = {"received_on": date.today().isoformat()}
    if result is not None:
        fields.update(text=result.text, language=result.language, ocr=result.to_json())
    letter_id = add_letter(ff, [p.image for p in pages], mime, title, clean_pages=cleaned, **fields)
    ff.audit("letter.add", letter_id)
    return letter_id


@dataclass
class LetterDetail:
    letter: Letter
    pages: list[QImage]
    page_bytes: list[bytes] = field(repr=False, default_factory=list)


def load_letter(ff: FamilyFile, letter_id: str) -> LetterDetail:
    # lazy: keeps the vault (sqlcipher3) off the first frame
    from volunteer_desk.family.letters_store import letter_pages

    letter = Letter.from_data(ff.get("letters", letter_id) or {"id": letter_id})
    raw = letter_pages(ff, letter_id) if letter.page_ids else []
    return LetterDetail(letter, [scaled_image(b, PAGE_WIDTH) for b in raw], raw)


def find_facts(text: str, lang: str | None, letter_date: str = "") -> tuple[LetterFacts, list[dict[str, Any]]]:
    # lazy: keeps stdnum off the first frame
    from volunteer_desk.letters.facts import extract_facts, facts_to_tasks

    when = None
    if letter_date:
        try:
            when = date.fromisoformat(letter_date[:10])
        except ValueError:
            when = None
    facts = extract_facts(text, lang if lang in ("fr", "nl", "de") else None, when)
    return facts, facts_to_tasks(facts, today=date.today())


def glossary_hits(text: str, lang: str, explain_in: str) -> list[tuple[int, int, str]]:
    """(start, end, explanation) for each administrative term in the text."""
    glossary = Glossary.load()
    out = []
    for hit in glossary.find_terms(text, lang if lang in ("fr", "nl", "de") else None):
        explanation = glossary.explain(hit.term_id, explain_in)
        basis = glossary.legal_basis(hit.term_id)   # the dated rules behind the figures it states
        text = explanation.text + ("\n" + _("Legal source: {src}").format(src="; ".join(basis)) if basis else "")
        out.append((hit.start, hit.end, text))
    return out


def crop_word(page: bytes, quad: list[list[float]], margin: int = 8) -> QImage:
    """The piece of the photo where a doubtful word was read (to check it against the text)."""
    image = QImage.fromData(QByteArray(page))
    if image.isNull() or not quad:
        return QImage()
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, y0 = max(0, int(min(xs)) - margin), max(0, int(min(ys)) - margin)
    x1, y1 = min(image.width(), int(max(xs)) + margin), min(image.height(), int(max(ys)) + margin)
    crop = image.copy(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
    return crop.scaledToHeight(min(80, max(24, crop.height())), Qt.TransformationMode.SmoothTransformation)


def translate(text: str, source: str, target: str, names: list[str] | None = None,
              progress: Progress = no_progress, cancel: CancelToken | None = None) -> dict[str, Any]:
    """The letter in ``target`` as stored in ``Letter.translations`` (paragraphs, glossary, label)."""
    result = translate_letter(text, source, target, names=names or (), progress=progress, cancel=cancel)
    data = result.to_dict()
    data["paragraphs_text"] = [p.translation for p in result.paragraphs]
    return data
