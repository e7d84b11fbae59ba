"""The law as data: lookups by date and region, staleness, and the rules pack that updates it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from volunteer_desk import rules
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.rules.pack import install_rules_pack
from volunteer_desk.rules.store import shipped_dir
from volunteer_desk.selftest import run_selftest


def test_every_rule_is_dated_sourced_and_explained_in_four_languages():
    found = rules.all_rules()
    assert len(found) >= 40
    for r in found:
        assert r.source and r.last_reviewed and r.valid_from, r.id
        assert all(r.explanation(lang) for lang in ("fr", "nl", "en", "ar")), r.id


def test_lookup_follows_the_date_the_law_changed():
    assert rules.get("reunification.refugee.exemption_window", on=date(2025, 8, 17)).value == "P12M"
    assert rules.get("reunification.refugee.exemption_window", on=date(2025, 8, 18)).value == "P6M"
    with pytest.raises(NotFound):
        rules.get("reunification.subsidiary.waiting_period", on=date(2025, 1, 1))


def test_regional_rule_wins_and_federal_rules_apply_everywhere():
    assert rules.get("integration.registration_delay", region="wallonia").value == "P3M"
    assert rules.get("integration.registration_delay", region="brussels").value == "P6M"
    assert rules.get("appeal.cpas.social_aid", region="brussels").value == "P3M"
    assert "15/03/2018" in rules.get("rent_guarantee.max_months", region="wallonia").source
    assert "Code bruxellois du Logement" in rules.get("rent_guarantee.max_months", region="brussels").source


def test_ris_amounts_come_from_a_dated_table():
    r = rules.get("ris.monthly.family", on=date(2026, 1, 1))
    assert r.value == 1776.07 and r.valid_from == date(2025, 2, 1) and "art. 14" in r.article
    with pytest.raises(NotFound):
        rules.get("ris.monthly.family", on=date(2024, 6, 1))   # no undated amount is ever invented


def test_staleness_after_six_months():
    reviewed = rules.reviewed_on()
    assert not rules.is_stale(reviewed)
    line, warn = rules.staleness_line(date(reviewed.year + 1, reviewed.month, 1))
    assert warn and reviewed.isoformat() in line and "more than 6 months" in line


def test_selftest_shows_the_review_date():
    check = next(c for c in run_selftest().checks if c.area == "rules")
    assert rules.reviewed_on().isoformat() in check.detail


# -- rules pack -----------------------------------------------------------------------------------
_KEYS: dict[str, bytes] = {}


@pytest.fixture(autouse=True)
def _trusted_publisher(_isolated_dirs):
    """The tests' own publisher key, trusted as an association adds its key (the project's is not here)."""
    from volunteer_desk.modelpack.signing import new_key_pair
    from volunteer_desk.modelpack.verify import add_trusted_key

    if not _KEYS:
        _KEYS["private"], _KEYS["public"] = new_key_pair()
    add_trusted_key(_KEYS["public"], "rules-test-publisher")


def _pack(folder: Path, domain_text: dict[str, str], version: str = "2027.1", sign: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for name, text in domain_text.items():
        data = text.encode("utf-8")
        (folder / f"{name}.toml").write_bytes(data)
        items.append({"kind": "rules", "name": name, "version": version, "file": f"{name}.toml",
                      "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "licence": "CC0-1.0"})
    (folder / "manifest.json").write_text(json.dumps({"format": 1, "name": "rules", "version": version,
                                                      "items": items}), encoding="utf-8")
    if sign:
        from volunteer_desk.modelpack.signing import sign_pack

        sign_pack(folder, _KEYS["private"])
    return folder


def test_unsigned_or_strangers_rules_packs_are_refused(tmp_path):
    from volunteer_desk.modelpack.signing import new_key_pair, sign_pack
    from volunteer_desk.modelpack.verify import UntrustedPack

    unsigned = _pack(tmp_path / "unsigned", {"appeals": _appeals(2, "2027-03-01", "P1M")}, sign=False)
    with pytest.raises(UntrustedPack):
        install_rules_pack(unsigned)
    stranger = _pack(tmp_path / "stranger", {"appeals": _appeals(2, "2027-03-01", "P1M")}, sign=False)
    sign_pack(stranger, new_key_pair()[0])
    with pytest.raises(UntrustedPack):
        install_rules_pack(stranger)
    assert rules.get("appeal.cpas.social_aid").value == "P3M"  # the law shown did not change
    report = install_rules_pack(unsigned, allow_unsigned=True)  # the volunteer vouches for it
    assert report.ok and rules.get("appeal.cpas.social_aid").value == "P1M"


def _appeals(version: int, reviewed: str, delay: str = "P3M") -> str:
    text = (shipped_dir() / "appeals.toml").read_text(encoding="utf-8")
    text = text.replace("version = 1", f"version = {version}", 1)
    text = text.replace('last_reviewed = "2026-12-01"\nreviewed_by', f'last_reviewed = "{reviewed}"\nreviewed_by', 1)
    return text.replace('id = "appeal.cpas.social_aid"\nvalue = "P3M"', f'id = "appeal.cpas.social_aid"\nvalue = "{delay}"')


def test_newer_rules_pack_overrides_shipped_rules(tmp_path):
    folder = _pack(tmp_path / "usb", {"appeals": _appeals(2, "2027-03-01", "P4M")})
    report = install_rules_pack(folder)
    assert report.ok and [o.status for o in report.outcomes] == ["installed"]
    assert rules.get("appeal.cpas.social_aid").value == "P4M"
    files = {f.domain: f for f in rules.rule_files()}
    assert files["appeals"].origin == "installed" and files["appeals"].last_reviewed == date(2027, 3, 1)
    # the oldest domain still decides the date shown
    assert rules.reviewed_on() == date(2026, 12, 1)


def test_older_pack_never_rolls_the_law_back(tmp_path):
    folder = _pack(tmp_path / "old", {"appeals": _appeals(1, "2026-01-01", "P1M")})
    report = install_rules_pack(folder)
    assert [o.status for o in report.outcomes] == ["already"]
    assert rules.get("appeal.cpas.social_aid").value == "P3M"


def test_altered_or_incomplete_files_are_refused(tmp_path):
    folder = _pack(tmp_path / "bad", {"appeals": _appeals(3, "2027-03-01")})
    (folder / "appeals.toml").write_text(_appeals(3, "2027-03-01", "P9M"), encoding="utf-8")  # altered after signing
    report = install_rules_pack(folder)
    assert not report.ok and "checksum" in report.outcomes[0].reason
    broken = _appeals(4, "2027-03-01").replace('explain.ar = "الطعن في قرار المساعدة', 'explain.xx = "', 1)
    report = install_rules_pack(_pack(tmp_path / "noar", {"appeals": broken}))
    assert not report.ok and "explanation in ar" in report.outcomes[0].reason
    assert rules.get("appeal.cpas.social_aid").value == "P3M"
    with pytest.raises((BadInput, CorruptFile)):
        install_rules_pack(tmp_path)   # no manifest.json


def test_cli_rules_install_and_show(tmp_path):
    folder = _pack(tmp_path / "usb", {"appeals": _appeals(2, "2027-03-01", "P4M")})
    run = [sys.executable, "-m", "volunteer_desk", "rules"]
    out = subprocess.run([*run, "install", str(folder), "--json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["items"][0]["status"] == "installed"
    shown = json.loads(subprocess.run([*run, "show", "--id", "appeal.cpas.social_aid", "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    assert shown["rules"][0]["value"] == "P4M"
    assert {f["domain"]: f["last_reviewed"] for f in shown["files"]}["appeals"] == "2027-03-01"


def test_rules_run_without_qt_or_the_vault():
    code = ("import sys, volunteer_desk.rules, volunteer_desk.rules.pack, volunteer_desk.cli.rules; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'volunteer_desk.vault', 'sqlcipher3'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
