"""Two instances, external changes, and sync-tool conflict copies."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ADMIN, ADMIN_PASS
from volunteer_desk.core.errors import BadInput, OpenedElsewhere, UnmergedChanges
from volunteer_desk.vault import Vault
from volunteer_desk.vault.store import FamilyFile


def test_second_instance_gets_opened_elsewhere_or_read_only(vault_dir, demo_family_id):
    first = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    second = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    ff = first.open_family(demo_family_id)
    try:
        with pytest.raises(OpenedElsewhere, match="open in another window"):
            second.open_family(demo_family_id)
        with second.open_family(demo_family_id, read_only=True) as ro:
            assert ro.all("members")
            with pytest.raises(BadInput, match="read-only"):
                ro.put("notes", {"text": "x"})
    finally:
        ff.close()
    with second.open_family(demo_family_id) as ff2:  # the lock is released on close
        ff2.put("notes", {"text": "now I can write"})


def test_change_elsewhere_between_load_and_save_is_never_overwritten(admin_session, demo_family_id):
    path = admin_session.layout.family(demo_family_id)
    key = admin_session.data_key(demo_family_id)
    mine = FamilyFile(path, demo_family_id, key, "me")
    theirs = FamilyFile(path, demo_family_id, key, "them")  # e.g. another PC on a shared folder
    try:
        theirs.put("notes", {"text": "their note"}, "n1")
        with pytest.raises(UnmergedChanges, match="changed elsewhere"):
            mine.put("notes", {"text": "my note"}, "n1")
        assert mine.get("notes", "n1")["text"] == "their note"
        mine.reload()
        mine.put("notes", {"text": "my note after reload"}, "n2")
    finally:
        mine.close()
        theirs.close()


@pytest.mark.parametrize("copy_name", [
    "{fid} (conflicted copy 2026-11-24 101010).vdf",
    "{fid}.sync-conflict-20261124-101010-ABCDEFG.vdf",
])
def test_conflict_copies_are_detected_and_merged(admin_session, demo_family_id, copy_name):
    path = admin_session.layout.family(demo_family_id)
    with admin_session.open_family(demo_family_id) as ff:
        ff.put("notes", {"text": "before the split"}, "common")
    copy = path.with_name(copy_name.format(fid=demo_family_id))
    shutil.copy2(path, copy)
    key = admin_session.data_key(demo_family_id)
    other = FamilyFile(copy, demo_family_id, key, "laptop")
    other.put("notes", {"text": "written on the laptop"}, "laptop-note")
    other.delete("notes", "common")
    other.close()
    with admin_session.open_family(demo_family_id) as ff:
        ff.put("notes", {"text": "written on the office PC"}, "office-note")
    assert [f.conflicts for f in admin_session.list_families()] == [1]
    admin_session.merge_conflict_copy(demo_family_id, copy)
    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        texts = {n["text"] for n in ff.all("notes")}
    assert {"written on the laptop", "written on the office PC"} <= texts
    assert "before the split" not in texts  # the later deletion won
    assert not copy.exists() and copy.with_name(copy.name + ".merged").exists()
    assert [f.conflicts for f in admin_session.list_families()] == [0]
