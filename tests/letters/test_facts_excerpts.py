"""Short letter excerpts (fr, nl, de) with traps: each checks the facts a volunteer would read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from volunteer_desk.letters.facts import extract_facts

CORPUS = json.loads((Path(__file__).parent / "facts_corpus" / "excerpts.json").read_text(encoding="utf-8"))


def _d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


@pytest.mark.parametrize("case", CORPUS, ids=[c["id"] for c in CORPUS])
def test_excerpt(case: dict) -> None:
    facts = extract_facts(case["text"], lang=case["lang"], letter_date=_d(case["letter_date"]),
                          notification_date=_d(case.get("notification_date")))
    out = facts.to_dict()
    exp = case["expect"]
    if "deadlines" in exp:
        assert sorted(d["due"] for d in out["deadlines"]) == sorted(exp["deadlines"]), out["deadlines"]
    if "actions" in exp:
        assert [d["action"] for d in out["deadlines"]] == exp["actions"]
    if "appointments" in exp:
        assert [a["when"] for a in out["appointments"]] == exp["appointments"], out["appointments"]
    if "desk" in exp:
        assert out["appointments"][0]["desk"] == exp["desk"]
    if "amounts" in exp:
        assert sorted(a["value"] for a in out["amounts_eur"]) == sorted(exp["amounts"])
    if "ibans" in exp:
        assert [i["iban"] for i in out["ibans"]] == exp["ibans"]
    if "references" in exp:
        assert [r["value"] for r in out["references"]] == exp["references"]
    if "documents" in exp:
        assert len(out["documents_requested"]) == exp["documents"], out["documents_requested"]
    if "appeal" in exp:
        assert out["appeal"]["possible"] is exp["appeal"]
    if "appeal_where" in exp:
        assert out["appeal"]["where"].lower() == exp["appeal_where"].lower()
    for key in ("letter_date", "sender_kind", "kind"):
        if key in exp:
            assert out[key] == exp[key]
    # every fact points back at the text it came from
    for group in ("deadlines", "appointments", "amounts_eur", "ibans", "references", "documents_requested"):
        for fact in out[group]:
            src = fact["source"]
            assert " ".join(case["text"][src["start"]:src["end"]].split()).startswith(src["text"].rstrip("…"))
