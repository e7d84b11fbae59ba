"""Two laptops with copies of the same vault, as a sync tool leaves them: nothing lost, revoked stays revoked.

The second laptop is a copy of the vault folder; its changed files come back under the names
Syncthing gives conflict copies (``<name>.sync-conflict-<date>-<time>-<device>.<ext>``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASS, VOLUNTEER, VOLUNTEER_PASS
from volunteer_desk.core.errors import NotFound
from volunteer_desk.vault import Vault
from volunteer_desk.vault.crypto import FLOOR_COST
from volunteer_desk.vault.merge import open_conflicts, resolve_conflict

THIRD, THIRD_PASS = "lea", "blue kettle river"


def _laptop_b(vault_dir: Path, tmp_path: Path) -> Path:
    other = tmp_path / "laptop-b"
    shutil.copytree(vault_dir, other)
    return other


def _sync_back(fid: str, a: Path, b: Path, *, header: bool = False) -> Path:
    """B's family file arrives on A as a conflict copy (and its key file, if both changed it)."""
    copy = a / "families" / f"{fid}.sync-conflict-20261201-101500-BBBBBBB.vdf"
    shutil.copy2(b / "families" / f"{fid}.vdf", copy)
    if header:
        shutil.copy2(b / "families" / f"{fid}.keys.json",
                     a / "families" / f"{fid}.keys.sync-conflict-20261201-101500-BBBBBBB.json")
    return copy


def _set_household(session, fid, **fields):
    with session.open_family(fid) as ff:
        body = {k: v for k, v in ff.get("household", "household").items() if k != "id"}
        ff.put("household", {**body, **fields}, "household")


def test_phone_on_one_laptop_and_email_on_the_other_both_kept(vault_dir, demo_family_id, tmp_path):
    b_dir = _laptop_b(vault_dir, tmp_path)
    a = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    b = Vault(b_dir).unlock(ADMIN, ADMIN_PASS)
    _set_household(a, demo_family_id, phone="0470 11 22 33")
    _set_household(b, demo_family_id, email="famille@example.be")
    with b.open_family(demo_family_id) as ff:
        ff.put("notes", {"text": "written on laptop B"}, "note-b")
    copy = _sync_back(demo_family_id, vault_dir, b_dir)
    a.merge_conflict_copy(demo_family_id, copy)
    with a.open_family(demo_family_id, read_only=True) as ff:
        household = ff.get("household", "household")
        assert household["phone"] == "0470 11 22 33" and household["email"] == "famille@example.be"
        assert ff.get("notes", "note-b")["text"] == "written on laptop B"
        assert open_conflicts(ff) == []
        actions = [e["action"] for e in ff.audit_log()]
        assert actions.count("family.create") == 1 and "family.merge" in actions
        # the audit journal is a union: B's own entries arrived
        assert len([e for e in ff.audit_log() if e["action"] == "family.open"]) >= 3
    assert copy.with_name(copy.name + ".merged").exists() and not copy.exists()


def test_same_field_on_both_laptops_is_asked_not_lost(vault_dir, demo_family_id, tmp_path):
    b_dir = _laptop_b(vault_dir, tmp_path)
    a = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    b = Vault(b_dir).unlock(ADMIN, ADMIN_PASS)
    _set_household(a, demo_family_id, phone="0470 11 22 33")
    _set_household(b, demo_family_id, phone="0499 99 88 77")
    a.merge_conflict_copy(demo_family_id, _sync_back(demo_family_id, vault_dir, b_dir))
    with a.open_family(demo_family_id) as ff:
        (conflict,) = open_conflicts(ff)
        values = [v["value"] for v in conflict["values"]]
        assert sorted(values) == ["0470 11 22 33", "0499 99 88 77"]
        keep = values.index("0499 99 88 77") + 1
        resolve_conflict(ff, conflict["id"], keep)
        assert ff.get("household", "household")["phone"] == "0499 99 88 77"
        assert open_conflicts(ff) == []


def test_revoke_on_one_laptop_and_edits_on_the_other(vault_dir, demo_family_id, tmp_path):
    """A revokes lea (new key); B, still at the old key, adds a note. Both orders of sync."""
    admin = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer(THIRD, THIRD_PASS)
    admin.grant(demo_family_id, VOLUNTEER)
    admin.grant(demo_family_id, THIRD)
    b_dir = _laptop_b(vault_dir, tmp_path)
    sam_b = Vault(b_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    admin.revoke(demo_family_id, THIRD)
    with sam_b.open_family(demo_family_id) as ff:
        ff.put("notes", {"text": "appointment moved (laptop B)"}, "note-b")
    # 1) B's old-key file comes back as a conflict copy
    copy = _sync_back(demo_family_id, vault_dir, b_dir)
    sam_a = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    sam_a.merge_conflict_copy(demo_family_id, copy)
    with admin.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("notes", "note-b")["text"] == "appointment moved (laptop B)"
    with pytest.raises(NotFound):
        Vault(vault_dir).unlock(THIRD, THIRD_PASS).open_family(demo_family_id, read_only=True)


def test_old_key_file_winning_the_name_is_brought_forward(vault_dir, demo_family_id, tmp_path):
    """The sync tool kept B's old-epoch file under the real name: it still opens, and is rekeyed."""
    admin = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer(THIRD, THIRD_PASS)
    admin.grant(demo_family_id, THIRD)
    b_dir = _laptop_b(vault_dir, tmp_path)
    b = Vault(b_dir).unlock(ADMIN, ADMIN_PASS)
    admin.revoke(demo_family_id, THIRD)
    a_file = vault_dir / "families" / f"{demo_family_id}.vdf"
    shutil.copy2(a_file, vault_dir / "families" / f"{demo_family_id}.sync-conflict-20261201-101500-AAAAAAA.vdf")
    _set_household(b, demo_family_id, phone="0470 00 00 01")
    shutil.copy2(b_dir / "families" / f"{demo_family_id}.vdf", a_file)  # old key under the real name
    with pytest.raises(NotFound):  # revoked: no key of lea's opens anything now
        Vault(vault_dir).unlock(THIRD, THIRD_PASS).open_family(demo_family_id, read_only=True)
    admin.merge_conflict_copy(demo_family_id, vault_dir / "families" /
                              f"{demo_family_id}.sync-conflict-20261201-101500-AAAAAAA.vdf")
    key = admin.data_key(demo_family_id)
    from volunteer_desk.vault.store import FamilyFile

    with FamilyFile(a_file, demo_family_id, key, "check", read_only=True) as ff:  # current key opens it
        assert ff.get("household", "household")["phone"] == "0470 00 00 01"


def test_revokes_on_both_laptops_key_files_merged_revoked_stays_revoked(vault_dir, demo_family_id, tmp_path):
    admin = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer(THIRD, THIRD_PASS)
    admin.grant(demo_family_id, VOLUNTEER)
    admin.grant(demo_family_id, THIRD)
    b_dir = _laptop_b(vault_dir, tmp_path)
    b = Vault(b_dir).unlock(ADMIN, ADMIN_PASS)
    admin.revoke(demo_family_id, THIRD)  # A: epoch 2 without lea
    b.revoke(demo_family_id, VOLUNTEER)  # B: another epoch 2, without sam
    _set_household(b, demo_family_id, email="b@example.be")
    copy = _sync_back(demo_family_id, vault_dir, b_dir, header=True)
    admin.merge_conflict_copy(demo_family_id, copy)
    header = admin.vault.header(demo_family_id)
    assert header["epoch"] >= 3
    assert set(header["revoked"]) >= {admin.vault.find_volunteer(THIRD).id, admin.vault.find_volunteer(VOLUNTEER).id}
    for name, pw in ((THIRD, THIRD_PASS), (VOLUNTEER, VOLUNTEER_PASS)):
        with pytest.raises(NotFound):
            Vault(vault_dir).unlock(name, pw).open_family(demo_family_id, read_only=True)
    with admin.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")["email"] == "b@example.be"
        assert ff.integrity_problems() == []


def test_grant_on_one_laptop_revoke_on_the_other_keeps_the_grant(vault_dir, demo_family_id, tmp_path):
    admin = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer(THIRD, THIRD_PASS)
    admin.grant(demo_family_id, THIRD)
    b_dir = _laptop_b(vault_dir, tmp_path)
    b = Vault(b_dir).unlock(ADMIN, ADMIN_PASS)
    admin.revoke(demo_family_id, THIRD)
    b.grant(demo_family_id, VOLUNTEER)
    _sync_back(demo_family_id, vault_dir, b_dir, header=True)
    copy = next((vault_dir / "families").glob("*.sync-conflict-*.vdf"))
    admin.merge_conflict_copy(demo_family_id, copy)
    with Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS).open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")
    with pytest.raises(NotFound):
        Vault(vault_dir).unlock(THIRD, THIRD_PASS).open_family(demo_family_id, read_only=True)
