"""Score the extractor on a folder of letters with expected facts (NN_x.txt + NN_x.json).

Used by the held-out test and bench/bench_facts.py; an organisation can run it on its own
anonymised letters. A deadline counts as found when a proposed due date is within `tolerance`
days of the expected date or of one of its `accept` readings (relative deadlines may be counted
from the letter date or from the deemed notification)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .extract import extract_facts


@dataclass
class LetterScore:
    name: str
    expected_deadlines: int
    found_deadlines: int
    matched_deadlines: int
    false_deadlines: int
    missing_amounts: list[float] = field(default_factory=list)
    expected_amounts: int = 0
    expected_appointments: int = 0
    matched_appointments: int = 0
    false_appointments: int = 0
    checks: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0


def score_letter(name: str, text: str, expected: dict[str, Any], tolerance: int = 1) -> LetterScore:
    t0 = time.perf_counter()
    facts = extract_facts(text, lang=expected.get("lang"))
    seconds = time.perf_counter() - t0
    found = [d.due for d in facts.deadlines]
    free = list(range(len(found)))
    matched = 0
    for exp in expected.get("deadlines", []):
        targets = [date.fromisoformat(x) for x in [exp["due"], *exp.get("accept", [])]]
        hit = next((i for i in free if (due := found[i]) is not None and any(abs((due - t).days) <= tolerance for t in targets)), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    values = {a.value for a in facts.amounts}
    missing = [v for v in expected.get("amounts", []) if round(float(v), 2) not in values]
    exp_appts = [a["when"] for a in expected.get("appointments", [])]
    got_appts = [a.to_dict()["when"] for a in facts.appointments]
    m_appts = sum(1 for a in exp_appts if a in got_appts)
    checks = {
        "letter_date": (facts.letter_date.isoformat() if facts.letter_date else None) == expected.get("letter_date"),
        "sender_kind": facts.sender_kind == expected.get("sender_kind"),
        "kind": facts.kind == expected.get("kind"),
        "ibans": sorted(i.iban for i in facts.ibans) == sorted(expected.get("ibans", [])),
        "appeal": (facts.appeal is not None and facts.appeal.possible) == expected.get("appeal", False),
    }
    law = expected.get("appeal_law")
    if law is not None:
        checks["appeal_law"] = _appeal_law_ok(facts.appeal, law, tolerance)
    return LetterScore(name, len(expected.get("deadlines", [])), len(found), matched, len(free), missing,
                       len(expected.get("amounts", [])),
                       len(exp_appts), m_appts, len(got_appts) - m_appts, checks, seconds)


def _appeal_law_ok(appeal: Any, law: dict[str, Any], tolerance: int) -> bool:
    """The legal delay, the exact set of warning codes and the legal appeal date (null when the delay
    has not started) are all as expected."""
    if appeal is None:
        return False
    if (appeal.legal_delay or None) != law.get("legal_delay") or sorted(appeal.warnings) != sorted(law.get("warnings", [])):
        return False
    if law.get("due") is None:
        return appeal.due is None
    targets = [date.fromisoformat(x) for x in [law["due"], *law.get("accept", [])]]
    return appeal.due is not None and any(abs((appeal.due - t).days) <= tolerance for t in targets)


def evaluate_folder(folder: Path, tolerance: int = 1) -> list[LetterScore]:
    scores = []
    for txt in sorted(folder.glob("*.txt")):
        expected = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        scores.append(score_letter(txt.stem, txt.read_text(encoding="utf-8"), expected, tolerance))
    return scores


def summary(scores: list[LetterScore]) -> dict[str, float]:
    exp = sum(s.expected_deadlines for s in scores)
    found = sum(s.found_deadlines for s in scores)
    matched = sum(s.matched_deadlines for s in scores)
    exp_amounts = sum(s.expected_amounts for s in scores)
    exp_a = sum(s.expected_appointments for s in scores)
    found_a = sum(s.matched_appointments + s.false_appointments for s in scores)
    out: dict[str, float] = {
        "letters": len(scores),
        "deadline_recall": matched / exp if exp else 1.0,
        "deadline_precision": matched / found if found else 1.0,
        "max_false_deadlines_per_letter": max((s.false_deadlines for s in scores), default=0),
        "amount_recall": 1 - sum(len(s.missing_amounts) for s in scores) / exp_amounts if exp_amounts else 1.0,
        "appointment_recall": sum(s.matched_appointments for s in scores) / exp_a if exp_a else 1.0,
        "appointment_precision": sum(s.matched_appointments for s in scores) / found_a if found_a else 1.0,
        "ms_per_letter": 1000 * sum(s.seconds for s in scores) / max(1, len(scores)),
    }
    for key in ("letter_date", "sender_kind", "kind", "ibans", "appeal"):
        out[f"{key}_accuracy"] = sum(s.checks[key] for s in scores) / max(1, len(scores))
    law = [s.checks["appeal_law"] for s in scores if "appeal_law" in s.checks]
    out["appeal_law_letters"] = len(law)
    out["appeal_law_accuracy"] = sum(law) / len(law) if law else 1.0
    return out
