"""Directory of local actors: packaged data, search, the association's list, CSV round trip."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from volunteer_desk.core.errors import BadInput, CorruptFile
from volunteer_desk.family import directory, snapshot, trajectory
from volunteer_desk.family.directory import DirectoryEntry


def test_packaged_data_covers_the_five_communes_with_source_and_dates():
    entries = directory.packaged_entries()
    assert len({e.id for e in entries}) == len(entries)
    for commune in ("Liège", "Namur", "Tournai", "Saint-Gilles", "Schaerbeek"):
        found = directory.search(entries, commune=commune, kind="cpas")
        assert found and found[0].commune == commune
    for e in entries:
        assert e.kind in directory.KINDS and e.name and e.source and e.source_date and e.verify_by
        assert e.needs_check(date(2026, 11, 24))            # nothing was checked online yet: say so


def test_search_by_commune_includes_region_wide_services_after_local_ones():
    entries = directory.load(None)
    bapa = directory.search(entries, commune="Schaerbeek", kind="bapa")
    assert bapa[0].id == "schaerbeek-bapa-via" and len(bapa) >= 3
    liege = directory.search(entries, commune="liege")           # accents and case do not matter
    ids = [e.id for e in liege]
    assert "liege-cpas" in ids and "wallonia-famiwal" in ids and "brussels-famiris" not in ids
    assert ids.index("liege-cpas") < ids.index("wallonia-famiwal")
    dutch = directory.search(entries, language="nl")
    assert dutch and all("nl" in e.languages for e in dutch)
    with pytest.raises(BadInput):
        directory.search(entries, kind="bakery")


def test_csv_round_trip_keeps_every_field():
    entries = directory.packaged_entries()
    entries[0].phone = "+32 4 220 58 11"                         # phone numbers stay as typed
    entries[1].notes = "=HYPERLINK(\"http://x\")"                # never runs as a formula in Excel
    text = directory.export_csv(entries)
    assert "'=HYPERLINK" in text and ";+32 4 220 58 11;" in text
    back = directory.parse_csv(text.encode("utf-8-sig"))
    assert [e.to_data() | {"origin": ""} for e in back] == [e.to_data() | {"origin": ""} for e in entries]


def test_import_into_the_vault_then_export_association_only(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    # a full export imported elsewhere copies nothing that is identical to the packaged data
    added, updated = directory.import_csv(vault, directory.export_csv(directory.load(None)))
    assert (added, updated) == (0, 0) and directory.load_association(vault) == []
    # a spreadsheet edited by the association: comma separated, no ids, one changed packaged entry
    sheet = ("name,kind,commune,postcode,address,languages,hours,source,source_date\n"
             "Maison de quartier,ili,Liège,4020,\"Rue X 1, 4020 Liège\",fr|ar,lu-ve 9-12,visit,2026-11-20\n"
             "Permanence juridique,baj,Namur,5000,,fr;en,,,\n")
    assert directory.import_csv(vault, sheet.encode()) == (2, 0)
    changed = directory.find(directory.packaged_entries(), "liege-cpas")
    changed.hours = "lu-ve 8:30-12:00"
    assert directory.import_csv(vault, directory.export_csv([changed])) == (0, 1)

    merged = directory.load(vault)
    assert directory.find(merged, "liege-cpas").hours == "lu-ve 8:30-12:00"
    ili = directory.search(merged, commune="Liège", kind="ili", language="ar")
    assert ili[0].name == "Maison de quartier" and ili[0].origin == "association"
    assert ili[0].languages == ["fr", "ar"]

    own = directory.load_association(vault)
    again = tmp_path / "again"
    again.mkdir()
    directory.import_csv(again, directory.export_csv(own))
    assert [e.to_data() for e in directory.load_association(again)] == [e.to_data() for e in own]
    # importing the same sheet twice does not duplicate the rows without ids
    assert directory.import_csv(vault, sheet.encode()) == (0, 0)
    assert len(directory.load_association(vault)) == 3


def test_bad_csv_rows_are_refused_with_their_row_number(tmp_path):
    with pytest.raises(BadInput, match="Row 3"):
        directory.parse_csv("name;kind\nCPAS;cpas\nBakery;bakery\n")
    with pytest.raises(BadInput, match="columns"):
        directory.parse_csv("a;b\n1;2\n")
    with pytest.raises(BadInput, match="UTF-8"):
        directory.parse_csv("name;kind\nLi\xe8ge;cpas\n".encode("latin-1"))
    (tmp_path / "directory.json").write_text("{not json")
    with pytest.raises(CorruptFile):
        directory.load(tmp_path)
    assert (tmp_path / "directory.json").read_text() == "{not json"     # left untouched


def test_upsert_and_remove_association_entries(tmp_path):
    entry = directory.upsert(tmp_path, DirectoryEntry(kind="setis", name="Interprètes Liège", commune="Liège"))
    assert entry.id and directory.find(directory.load(tmp_path), entry.id).origin == "association"
    directory.remove(tmp_path, entry.id)
    assert directory.find(directory.load(tmp_path), entry.id) is None


def test_family_contact_points_to_a_directory_entry(admin_session, demo_family_id, vault_dir):
    own = directory.upsert(vault_dir, DirectoryEntry(kind="cri", name="CRIPEL antenne Seraing",
                                                     commune="Liège", postcode="4000"))
    contact = directory.contact_from_entry(own)
    assert contact.directory_id == own.id and contact.role == "cri"
    with admin_session.open_family(demo_family_id) as ff:
        existing = next(c for c in snapshot.load(ff).contacts if c.role == "cri")
        existing.directory_id = own.id
        snapshot.save(ff, existing)
        snap = snapshot.load(ff)
    steps = {s.id: s for s in trajectory.trajectory_for(snap, date(2026, 11, 24), directory.load(vault_dir))}
    assert steps["cri_registration"].contact_id == own.id
    assert steps["cri_registration"].family_contact_id == existing.id


def test_cli_directory_list_import_export(tmp_path, monkeypatch, capsys):
    from volunteer_desk.cli import main

    vault = tmp_path / "vault"
    vault.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["directory", "list", "--commune", "Namur", "--kind", "cpas", "--json", "--vault", str(vault)]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)] == ["namur-cpas"]
    sheet = tmp_path / "mine.csv"
    sheet.write_text("name;kind;commune;postcode\nÉcole des devoirs;other;Tournai;7500\n", encoding="utf-8-sig")
    assert main(["directory", "import", str(sheet), "--vault", str(vault)]) == 0
    assert "1 added" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert main(["directory", "export", str(out), "--association-only", "--vault", str(vault)]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;kind;name") and "École des devoirs" in text
    assert main(["directory", "import", str(tmp_path / "missing.csv"), "--vault", str(vault)]) != 0
    assert "Cannot read" in capsys.readouterr().err
