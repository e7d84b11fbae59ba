"""Transfer of a family between volunteers/associations: round trip, merge, tampering."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ADMIN, ADMIN_PASS
from volunteer_desk.core.errors import BadInput, CorruptFile, UserError, WrongPassphrase
from volunteer_desk.family import snapshot
from volunteer_desk.family.letters_store import letter_pages
from volunteer_desk.family.model import Note
from volunteer_desk.packet.transfer import export_bytes, import_transfer, read_bytes, suggest_passphrase
from volunteer_desk.vault import Vault
from volunteer_desk.vault.crypto import FLOOR_COST

PASS = "granite-violet-harbour-42"


def _export(session, fid, passphrase=PASS):
    with session.open_family(fid, read_only=True) as ff:
        return export_bytes(ff, passphrase, FLOOR_COST)


def test_round_trip_into_another_association_keeps_rows_and_page_images(family_with_letters, tmp_path):
    session, fid, letters = family_with_letters
    data = _export(session, fid)
    assert b"Haddad" not in data and "Haddad".encode("utf-16-le") not in data
    other = Vault.init(tmp_path / "other", "coordinator", "another long passphrase", kdf_cost=FLOOR_COST)
    result = import_transfer(other, data, PASS)
    assert result.created and result.recovery_code and result.family_id != fid
    with other.open_family(result.family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
        assert snap.household.display_name == "Famille Haddad (démo)"
        assert sorted(m.first_name for m in snap.members) == ["Lina", "Rami", "Yara"]
        assert len(letter_pages(ff, letters["cpas"])) == 2
    with session.open_family(fid, read_only=True) as ff:
        original = letter_pages(ff, letters["cpas"])
    with other.open_family(result.family_id, read_only=True) as ff:
        assert letter_pages(ff, letters["cpas"]) == original
    # A second transfer of the same family merges into the copy (found by its records), no duplicate.
    again = import_transfer(other, data, PASS)
    assert not again.created and again.family_id == result.family_id and again.rows_changed == 0
    assert len(other.list_families()) == 1


def test_import_merges_with_an_existing_copy(admin_session, demo_family_id, template_vault, tmp_path):
    with admin_session.open_family(demo_family_id) as ff:
        snapshot.save(ff, Note(text="written at association A"))
    data = _export(admin_session, demo_family_id)
    copy_b = tmp_path / "b"
    shutil.copytree(template_vault, copy_b)  # association B holds an older copy, edited meanwhile
    session_b = Vault(copy_b).unlock(ADMIN, ADMIN_PASS)
    with session_b.open_family(demo_family_id) as ff:
        snapshot.save(ff, Note(text="written at association B"))
    result = import_transfer(session_b, data, PASS)
    assert not result.created and result.family_id == demo_family_id and result.rows_changed >= 1
    with session_b.open_family(demo_family_id, read_only=True) as ff:
        texts = {n.text for n in snapshot.load(ff).notes}
    assert {"written at association A", "written at association B"} <= texts


@pytest.mark.parametrize("where", ["body", "header", "tag"])
def test_tampering_is_detected(admin_session, demo_family_id, where):
    data = bytearray(_export(admin_session, demo_family_id))
    index = {"body": len(data) // 2, "header": 20, "tag": len(data) - 1}[where]
    data[index] ^= 0x01
    with pytest.raises(UserError) as err:
        read_bytes(bytes(data), PASS)
    assert isinstance(err.value, (WrongPassphrase, CorruptFile))
    assert "altered" in str(err.value) or "damaged" in str(err.value)


def test_wrong_passphrase_short_passphrase_and_not_a_transfer(admin_session, demo_family_id):
    data = _export(admin_session, demo_family_id)
    with pytest.raises(WrongPassphrase):
        read_bytes(data, "not-the-right-passphrase")
    with pytest.raises(BadInput):
        _export(admin_session, demo_family_id, "short")
    with pytest.raises(CorruptFile):
        read_bytes(b"%PDF-1.7 something else", PASS)
    assert len(suggest_passphrase()) >= 25


def test_transfer_carries_letters_blobs_and_deletions(family_with_letters):
    session, fid, letters = family_with_letters
    with session.open_family(fid) as ff:
        ff.delete("letters", letters["doctor"])
    content = read_bytes(_export(session, fid), PASS)
    rows = {(r.table, r.id): r for r in content.rows}
    assert not rows[("letters", letters["cpas"])].deleted
    assert rows[("letters", letters["doctor"])].deleted  # the tombstone travels: no resurrection
    assert len(content.blobs) == 3
