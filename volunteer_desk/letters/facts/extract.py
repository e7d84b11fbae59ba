"""extract_facts: one pass over a letter's text, returning every fact with the span it came from."""

from __future__ import annotations

from datetime import date

from .about import detect_lang, find_letter_date, find_sender, letter_kind
from .dates import find_dates, find_times
from .deadlines import (
    absolute_deadlines,
    anchors_for,
    appointment_deadlines,
    appointments_in,
    relative_deadlines,
)
from .legal import apply_law
from .model import Deadline, LetterFacts
from .money import find_amounts, find_ibans, find_references
from .requests import find_appeal, requested_documents
from .text import sentences
from .workdays import NotificationRule

LANGS = ("fr", "nl", "de")


# Tesseract language codes → the languages facts are read in (English letters: detect from the text).
_FROM_OCR = {"fra": "fr", "nld": "nl", "deu": "de"}


def facts_language(ocr_language: str | None) -> str | None:
    """The facts language for a page OCR read as ``ocr_language`` (fra/nld/deu), else None."""
    return _FROM_OCR.get(ocr_language or "")


def extract_facts(text: str, lang: str | None = None, letter_date: date | None = None,
                  notification_date: date | None = None, rules: NotificationRule | None = None) -> LetterFacts:
    rule = rules or NotificationRule()
    lang = lang if lang in LANGS else detect_lang(text)
    date_source = None
    if letter_date is None:
        letter_date, date_source = find_letter_date(text)
    anchors = anchors_for(letter_date, notification_date, rule)
    bounds = sentences(text)
    hits = find_dates(text, letter_date)
    times = find_times(text)
    sender, sender_kind, sender_span = find_sender(text)

    appointments = appointments_in(text, hits, times, bounds, lang, letter_date)
    deadlines = absolute_deadlines(text, hits, bounds, lang, letter_date)
    deadlines += relative_deadlines(text, bounds, lang, anchors)
    deadlines += appointment_deadlines(text, bounds, appointments)
    deadlines = _dedupe(deadlines)
    appeal = find_appeal(text, bounds, deadlines)
    kind = letter_kind(text)
    appeal = apply_law(text, sender_kind, kind, appeal, deadlines, anchors)
    deadlines = _dedupe(deadlines)

    return LetterFacts(
        lang=lang,
        letter_date=letter_date,
        letter_date_source=date_source,
        notification_date=anchors.notification,
        notification_basis=anchors.notification_basis,
        sender=sender,
        sender_kind=sender_kind,
        sender_source=sender_span,
        kind=kind,
        deadlines=deadlines,
        appointments=appointments,
        amounts=find_amounts(text),
        ibans=find_ibans(text),
        references=find_references(text),
        documents_requested=requested_documents(text),
        appeal=appeal,
        rule=rule.to_dict(),
    )


def _dedupe(deadlines: list[Deadline]) -> list[Deadline]:
    """One deadline per sentence and date; the list is sorted by due date (unknown last)."""
    out: list[Deadline] = []
    for d in deadlines:
        if any(o.due == d.due and o.source.start == d.source.start for o in out):
            continue
        out.append(d)
    return sorted(out, key=lambda d: (d.due is None, d.due or date.max, d.source.start))
