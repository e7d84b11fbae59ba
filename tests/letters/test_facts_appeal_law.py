"""Statutory appeal delays on letters: the legal delay wins over the letter's, and a decision without
the mandatory appeal mentions gets no due date (the delay has not started)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from volunteer_desk.letters.facts import extract_facts
from volunteer_desk.letters.facts.evaluate import evaluate_folder, summary

HELDOUT = Path(__file__).parent / "facts_corpus" / "heldout"
# Written with the development letters 24-27 but never used to tune the engine (see the corpus README).
BLIND = ("28_", "29_", "30_", "31_", "32_")


def test_heldout_letters_get_the_legal_delay_and_warnings() -> None:
    scores = [s for s in evaluate_folder(HELDOUT) if s.name.startswith(BLIND)]
    assert len(scores) == 5
    failed = [s.name for s in scores if not s.checks["appeal_law"]]
    assert failed == [], failed
    assert summary(scores)["deadline_recall"] == 1.0


def test_whole_corpus_appeal_law() -> None:
    s = summary(evaluate_folder(HELDOUT))
    assert s["appeal_law_letters"] >= 9 and s["appeal_law_accuracy"] == 1.0, s


def test_thirty_days_in_a_cpas_letter_becomes_three_months() -> None:
    text = (HELDOUT / "24_cpas_namur_refus_30_jours.txt").read_text(encoding="utf-8")
    facts = extract_facts(text, lang="fr")
    appeal = facts.to_dict()["appeal"]
    assert appeal["legal_delay"] == "P3M" and appeal["letter_delay"] == "P30D"
    assert appeal["warnings"] == ["letter_delay_differs_from_law"]
    assert appeal["due"] == "2027-04-14"
    assert "art. 71" in appeal["legal_source"]
    # the task the volunteer confirms carries the legal date, not the letter's 30 days
    assert [d.due.isoformat() for d in facts.deadlines if d.action == "appeal"] == ["2027-04-14"]


def test_facts_json_cli_keeps_appeal_and_adds_the_law(tmp_path: Path) -> None:
    letter = HELDOUT / "25_ocmw_leuven_leefloon_zonder_beroep.txt"
    out = subprocess.run([sys.executable, "-m", "volunteer_desk", "facts", str(letter), "--json"],
                         capture_output=True, text=True, check=True)
    appeal = json.loads(out.stdout)["appeal"]
    assert appeal["possible"] is True and appeal["due"] is None
    assert appeal["warnings"] == ["appeal_info_missing"]
    assert appeal["legal_delay"] == "P3M" and "26/05/2002" in appeal["legal_source"]


def test_letter_without_a_rule_has_no_legal_fields() -> None:
    text = (HELDOUT / "04_energy_reminder.txt").read_text(encoding="utf-8")
    appeal = extract_facts(text).to_dict()["appeal"]
    assert appeal["legal_delay"] is None and appeal["warnings"] == []


def test_a_delay_in_working_days_differs_from_the_law() -> None:
    text = (HELDOUT / "24_cpas_namur_refus_30_jours.txt").read_text(encoding="utf-8").replace(
        "dans les 30 jours de la", "dans les 15 jours ouvrables de la")
    appeal = extract_facts(text, lang="fr").appeal
    assert appeal is not None and appeal.warnings == ["letter_delay_differs_from_law"]
    assert appeal.due is not None and appeal.due.isoformat() == "2027-04-14"
