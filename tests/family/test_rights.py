"""The family's rights: one person's export, anonymisation, erasure, retention."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from tests.conftest import ADMIN, ADMIN_PASS, VOLUNTEER, VOLUNTEER_PASS
from tests.packet.helpers import add_demo_letters, pdf_text
from volunteer_desk.core.errors import AccessDenied, NotFound, UserError
from volunteer_desk.family import snapshot
from volunteer_desk.family.rights import (
    anonymise_family,
    birth_quarter,
    erase_family,
    export_person,
    export_person_json,
    retention_candidates,
)
from volunteer_desk.packet.person_export import export_person_pdf
from volunteer_desk.vault import Vault
from volunteer_desk.vault.schema import ENTITY_TABLES
from volunteer_desk.vault.store import FamilyFile


def _snap(session, fid):
    with session.open_family(fid, read_only=True) as ff:
        return snapshot.load(ff)


def test_export_of_one_person_has_nothing_about_the_others(admin_session, demo_family_id):
    snap = _snap(admin_session, demo_family_id)
    rami_niss, iban = snap.member("m-rami").niss, snap.household.iban
    raw = export_person_json(snap, "m-lina", date(2026, 11, 20)).decode()
    data = json.loads(raw)
    assert data["person"]["first_name"] == "Lina" and data["person"]["birth_date"] == "1991-04-12"
    for other in ("Rami", "Yara", rami_niss, "B 1234567 89", "orthophoniste", "1626.61", iban):
        assert other not in raw, other
    assert data["incomes"] == [] and data["household"]["address"]["city"] == "Liège"
    text = pdf_text(export_person_pdf(snap, "m-lina"))
    assert "Lina" in text and "Rami" not in text and "Yara" not in text
    rami = export_person(snap, "m-rami")
    assert rami["incomes"][0]["monthly_eur"] == 1626.61 and rami["household"]["iban"] == iban
    assert "Lina" not in json.dumps(rami, ensure_ascii=False)  # a note mentioning Lina stays out
    with pytest.raises(NotFound):
        export_person(snap, "nobody")


def test_birth_date_reduced_to_its_quarter():
    assert birth_quarter("1991-04-12") == "1991-Q2"
    assert birth_quarter("2017-12-03") == "2017-Q4"
    assert birth_quarter("1988-00-00") == "1988" and birth_quarter("") == ""


def test_anonymise_removes_names_notes_documents_and_keeps_counts(admin_session, demo_family_id):
    before = _snap(admin_session, demo_family_id)
    with admin_session.open_family(demo_family_id) as ff:
        add_demo_letters(ff)
        stats = anonymise_family(ff, date(2026, 11, 20))
        admin_session.refresh_index(ff)
        assert ff.blob_ids() == []
        dump = json.dumps([r.data for t in ENTITY_TABLES for r in ff.rows(t)], ensure_ascii=False)
    for gone in ("Haddad", "Rami", "Lina", "Yara", before.member("m-rami").niss, "Saint-Léonard",
                 before.household.iban, "Jacobs", "Lambert",
                 "orthophoniste", "Comité spécial", "Dupont", "1991-04-12"):
        assert gone not in dump, gone
    assert stats["members"] == 3 and stats["letters"] == 2 and stats["pages"] == 3 and stats["notes"] == 2
    snap = _snap(admin_session, demo_family_id)
    assert sorted(m.birth_date for m in snap.members) == ["1988", "1991-Q2", "2017-Q2"]
    assert snap.notes == [] and snap.letters == [] and snap.contacts == []
    assert snap.household.address == {"postcode": "4000", "city": "Liège"}
    assert len(snap.requests) == 2 and snap.requests[0].what  # kept for the statistics
    assert "Haddad" not in admin_session.list_families()[0].name
    assert retention_candidates(admin_session, 1, date(2030, 1, 1)) == []  # closed: no longer proposed


def test_erase_leaves_nothing_that_opens_a_leftover_copy(admin_session, demo_family_id, vault_dir, recovery_code,
                                                         tmp_path):
    layout = admin_session.vault.layout
    leftover = tmp_path / "leftover.vdf"  # e.g. a copy still in a sync folder or on a USB stick
    shutil.copy2(layout.family(demo_family_id), leftover)
    admin_session.grant(demo_family_id, VOLUNTEER)
    removed = erase_family(admin_session, demo_family_id)
    assert f"{demo_family_id}.keys.json" in removed and f"{demo_family_id}.vdf" in removed
    assert not any(demo_family_id in p.name for p in vault_dir.rglob("*"))
    for name, passphrase in ((ADMIN, ADMIN_PASS), (VOLUNTEER, VOLUNTEER_PASS)):
        session = Vault(vault_dir).unlock(name, passphrase)
        assert session.list_families() == []
        with pytest.raises(NotFound):
            session.data_key(demo_family_id)
        shutil.copy2(leftover, layout.family(demo_family_id))  # even put back in place…
        with pytest.raises(UserError):
            session.open_family(demo_family_id, read_only=True)
        layout.family(demo_family_id).unlink()
        session.close()
    with pytest.raises(UserError):
        Vault(vault_dir).open_with_recovery(demo_family_id, recovery_code)
    # …and no key that still exists in the vault opens it.
    fid2, _ = admin_session.create_family("Autre famille")
    with pytest.raises(UserError):
        FamilyFile(leftover, demo_family_id, admin_session.data_key(fid2), "x", read_only=True)


def test_only_an_admin_erases(vault_dir, admin_session, demo_family_id):
    admin_session.grant(demo_family_id, VOLUNTEER)
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    with pytest.raises(AccessDenied):
        erase_family(sam, demo_family_id)
    assert admin_session.vault.layout.family(demo_family_id).exists()


def test_retention_proposes_untouched_files(admin_session, demo_family_id):
    assert retention_candidates(admin_session, 365, date.today()) == []
    [candidate] = retention_candidates(admin_session, 365, date(2040, 1, 1))
    assert candidate.family_id == demo_family_id and candidate.idle_days > 365
