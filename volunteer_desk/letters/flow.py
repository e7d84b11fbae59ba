"""The straight line a letter travels, as one service: files → pages → OCR → family file → facts → tasks.

The UI and the demo call these; nothing here writes plaintext to disk (pages and text go into the
encrypted family file only).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from volunteer_desk.core.errors import NotFound
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.family import letters_store, tasks
from volunteer_desk.family.model import Task
from volunteer_desk.letters.facts import extract_facts, facts_language, facts_to_tasks
from volunteer_desk.letters.intake import load_pages
from volunteer_desk.letters.ocr import ocr_pages
from volunteer_desk.vault.store import FamilyFile


def import_letter(ff: FamilyFile, sources: Sequence[bytes | Path | str], *, lang: str = "auto",
                  title: str = "", progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> str:
    """Read the files (sandboxed), OCR the pages, and store originals, cleaned pages, text and facts."""
    pages = load_pages(sources, progress=progress, cancel=cancel)
    result = ocr_pages(pages, lang=lang, progress=progress, cancel=cancel)
    cleaned = [p.cleaned_png() for p in result.pages]
    facts = extract_facts(result.text, lang=facts_language(result.language))
    letter_id = letters_store.add_letter(
        ff, [p.image for p in pages], pages[0].mime if pages else "image/png", title or _title(facts),
        clean_pages=[c or p.image for c, p in zip(cleaned, pages, strict=True)],
        text=result.text, language=result.language, ocr=result.to_json(),
        facts=facts.to_dict(), letter_date=facts.letter_date.isoformat() if facts.letter_date else "",
        sender=facts.sender or "", sender_kind=facts.sender_kind or "", kind=facts.kind or "",
        received_on=date.today().isoformat(),
    )
    ff.audit("letter.import", letter_id)
    return letter_id


def _title(facts) -> str:
    parts = [facts.sender_kind or "", facts.kind or ""]
    return " — ".join(p for p in parts if p) or "Letter"


def proposed_tasks(ff: FamilyFile, letter_id: str, today: date | None = None) -> list[dict]:
    """Deadlines and appointments found in the letter, as tasks the volunteer confirms or corrects."""
    letter = ff.get("letters", letter_id)
    if letter is None:
        raise NotFound("This letter does not exist.")
    letter_date = date.fromisoformat(letter["letter_date"]) if letter.get("letter_date") else None
    facts = extract_facts(letter.get("text", ""), lang=facts_language(letter.get("language")),
                          letter_date=letter_date)
    return facts_to_tasks(facts, today=today)


def confirm_task(ff: FamilyFile, letter_id: str, proposal: dict) -> str:
    """Store a confirmed (possibly corrected) deadline or appointment as a task linked to the letter.

    Confirming the same date of the same letter again adds nothing and returns the existing task's id.
    """
    tasks.add_from_letter(ff, letter_id, [proposal])
    key = tasks.fact_key(letter_id, proposal)
    legacy = f"{letter_id}|{proposal.get('title', '')}|{proposal.get('due') or ''}"
    for data in ff.all("tasks"):
        t = Task.from_data(data)
        if t.fact_key == key or tasks.known_keys([t]) & {legacy}:
            return t.id or ""
    return ""
