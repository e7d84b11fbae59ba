"""What a letter means for the family, read from resources/sheet/letter_meaning.toml: the outcome of
a decision (granted / refused), what is granted and from when, what the family must keep doing, and
which pictogram stands for each document to bring. Table-driven: no pattern or legal duty in code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from volunteer_desk.core import paths
from volunteer_desk.core.errors import CorruptFile

GOOD, ACT, INFO = "good", "act", "info"


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    try:
        return tomllib.loads(paths.resource("sheet", "letter_meaning.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile("The sheet's letter-meaning table is missing or damaged.") from exc


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _first(entries: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    return next((e for e in entries if any(_rx(p).search(text) for p in e["patterns"])), None)


@dataclass
class Decision:
    outcome: str                       # "granted", "refused" or "" (not a decision / unclear)
    benefit: str = "other"             # [benefit] id of the phrase files
    start: date | None = None          # "from when" a granted benefit runs
    keep: list[str] = field(default_factory=list)   # [keep] ids: what the family must keep doing
    source: str = ""                   # legal source of ``keep`` (for the volunteer, not printed)


def _without(text: str, span: dict[str, Any] | None) -> str:
    if not span or not isinstance(span.get("start"), int):
        return text
    return text[:span["start"]] + text[span["end"]:]


def read_decision(text: str, facts: dict[str, Any]) -> Decision:
    """Outcome of a decision letter; the appeal sentence is left out (it names 'refus' on granted letters)."""
    if (facts.get("kind") or "") != "decision" or not text.strip():
        return Decision("")
    # Spans point into the text as stored; whitespace is folded after (OCR breaks lines mid-sentence).
    body = " ".join(_without(text, (facts.get("appeal") or {}).get("source")).split())
    outcome = _first(table()["outcome"], body)
    if outcome is None:
        return Decision("")
    benefit = _first(table()["benefit"], body) or {"id": "other", "keep": [], "source": ""}
    keep = list(benefit.get("keep", []))
    for duty in table()["keep"]:
        if duty["id"] not in keep and any(_rx(p).search(body) for p in duty["patterns"]):
            keep.append(duty["id"])
    start = _start_date(body, facts) if outcome["id"] == "granted" else None
    return Decision(outcome["id"], benefit["id"], start, keep if outcome["id"] == "granted" else [],
                    benefit.get("source", ""))


def _start_date(text: str, facts: dict[str, Any]) -> date | None:
    # lazy: keeps stdnum out of start-up until this runs
    from volunteer_desk.letters.facts.dates import find_dates

    cues = sorted(table()["from_cues"], key=len, reverse=True)
    pattern = _rx(r"(?:^|\W)(?:" + "|".join(re.escape(c) for c in cues) + r")\s*(?:le\s+|den\s+)?$")
    for hit in find_dates(text):
        if pattern.search(text[max(0, hit.start - 25):hit.start]):
            return hit.value
    return None


def document_id(text: str) -> str:
    """The [document] id (and pictogram) of one requested document; 'document' when none matches."""
    hit = _first(table()["document"], text)
    return hit["id"] if hit else "document"


def documents_asked(text: str) -> list[str]:
    """Document ids named in the sentences that ask to bring or send something (when the facts list none)."""
    cues = [_rx(r"\b" + re.escape(c)) for c in table()["bring_cues"]]
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?;:])\s+", " ".join(text.split())):
        if not any(c.search(sentence) for c in cues):
            continue
        hits = []
        for entry in table()["document"]:
            for p in entry["patterns"]:
                m = _rx(p).search(sentence)
                if m and entry["id"] not in found:
                    hits.append((m.start(), entry["id"]))
                    break
        for _pos, doc in sorted(hits):
            if doc not in found:
                found.append(doc)
    return found


def tone(decision: Decision, has_action: bool) -> str:
    """good news / you must act / for information."""
    if decision.outcome == "granted":
        return GOOD
    if decision.outcome == "refused" or has_action:
        return ACT
    return INFO
