"""Filled forms kept in the family file, and the `forms` command-line verbs."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from tests.conftest import ADMIN, ADMIN_PASS
from tests.forms.conftest import pdftotext
from volunteer_desk.cli import forms as cli
from volunteer_desk.core.errors import BadInput
from volunteer_desk.family import snapshot as snap
from volunteer_desk.forms import fill, save_filled


def test_save_filled_keeps_values_pdf_and_an_audit_line(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        filled = fill("garantie_locative_avance", snap.load(ff), "Sam")
        record_id = save_filled(ff, filled, "ar", pdf=b"%PDF-1.4 test")
        rows = snap.load(ff).forms
        audit = ff.audit_log()
        blob = ff.get_blob(rows[0]["pdf_blob"])
    assert [r["id"] for r in rows] == [record_id]
    row = rows[0]
    assert row["form_id"] == "garantie_locative_avance" and row["values"]["rent"] == "650,00\u00a0€"
    assert row["family_language"] == "ar" and row["volunteer"] == "Sam"
    assert blob == b"%PDF-1.4 test"
    entry = audit[-1]
    assert entry["action"] == "form_filled" and entry["target"] == "garantie_locative_avance"


def _run(argv: list[str], stdin: str, monkeypatch) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return args.func(args)


def test_forms_list_json_filters_by_region(monkeypatch, capsys):
    assert _run(["forms", "list", "--region", "brussels", "--json"], "", monkeypatch) == 0
    ids = {f["id"] for f in json.loads(capsys.readouterr().out)}
    assert "allocation_relogement" in ids and "adel" not in ids


def test_forms_fill_writes_the_pdf_and_missing_lists_gaps(vault_dir, demo_family_id, tmp_path, monkeypatch, capsys):
    out = tmp_path / "adel.pdf"
    base = ["forms", "fill", "adel", "--family", demo_family_id, "--vault", str(vault_dir), "--volunteer", ADMIN,
            "--passphrase-stdin"]
    assert _run(base + ["--missing", "--json"], ADMIN_PASS + "\n", monkeypatch) == 0
    report = json.loads(capsys.readouterr().out)
    assert [m["field_id"] for m in report["missing"]] == ["previous_address"]
    assert any("commune" in a["where"] for a in report["attachments"])
    assert _run(base + ["--out", str(out), "--lang", "ar"], ADMIN_PASS + "\n", monkeypatch) == 0
    assert "Haddad" in pdftotext(out.read_bytes())
    assert (out.stat().st_mode & 0o777) == 0o600
    with pytest.raises(BadInput):
        _run(["forms", "fill", "allocation_relogement", "--family", demo_family_id, "--vault", str(vault_dir),
              "--volunteer", ADMIN, "--passphrase-stdin", "--missing"], ADMIN_PASS + "\n", monkeypatch)


def test_forms_fill_set_keeps_typed_values_for_the_next_fill(vault_dir, demo_family_id, tmp_path, monkeypatch,
                                                             capsys):
    base = ["forms", "fill", "recours_tribunal_travail", "--family", demo_family_id, "--vault", str(vault_dir),
            "--volunteer", ADMIN, "--passphrase-stdin"]
    out = tmp_path / "requete.pdf"
    assert _run(base + ["--out", str(out), "--set", "tribunal=Liège, division Liège",
                        "--set", "grounds=Le loyer n'a pas été pris en compte."], ADMIN_PASS + "\n", monkeypatch) == 0
    text = " ".join(pdftotext(out.read_bytes()).split())
    assert "Liège, division Liège" in text and "Le loyer n'a pas été pris en compte." in text
    capsys.readouterr()
    # kept in the family file: the next fill no longer lists them as missing
    assert _run(base + ["--missing", "--json"], ADMIN_PASS + "\n", monkeypatch) == 0
    missing = {m["field_id"] for m in json.loads(capsys.readouterr().out)["missing"]}
    assert not missing & {"tribunal", "grounds"}
    with pytest.raises(BadInput, match="no field"):
        _run(base + ["--out", str(out), "--set", "nope=1"], ADMIN_PASS + "\n", monkeypatch)
