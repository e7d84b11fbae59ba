"""The quality bar on held-out letters (written before the patterns were tuned, never tuned on)."""

from __future__ import annotations

from pathlib import Path

from volunteer_desk.letters.facts.evaluate import evaluate_folder, summary

HELDOUT = Path(__file__).parent / "facts_corpus" / "heldout"


def test_heldout_bar() -> None:
    scores = evaluate_folder(HELDOUT)
    assert len(scores) >= 12
    s = summary(scores)
    # >= 90 % of deadlines found within a day (relative ones: any reading the notification rule allows)
    assert s["deadline_recall"] >= 0.90, s
    # at most one false deadline per letter
    assert s["max_false_deadlines_per_letter"] <= 1, [(x.name, x.false_deadlines) for x in scores]
    # every amount found
    assert s["amount_recall"] == 1.0, [(x.name, x.missing_amounts) for x in scores if x.missing_amounts]
    assert s["appointment_recall"] >= 0.9
    assert s["letter_date_accuracy"] >= 0.9
