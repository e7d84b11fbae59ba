"""The vault in a folder shared by two real Syncthing instances (127.0.0.1), edited on both at once.

Office PC (A) and a volunteer's laptop (B) share the vault. While they cannot reach each other,
A changes the household phone, a note and revokes lea; B changes the household e-mail and the same
note. Syncthing makes its conflict copies; the app merges them when the family is opened.
Nothing confirmed is lost, lea is out, everyone else is in — on both computers.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import ADMIN, ADMIN_PASS, DEMO_JSON, VOLUNTEER, VOLUNTEER_PASS
from volunteer_desk.core.errors import UserError
from volunteer_desk.family import snapshot
from volunteer_desk.vault import Vault
from volunteer_desk.vault.crypto import FLOOR_COST
from volunteer_desk.vault.merge import open_conflicts

THIRD, THIRD_PASS = "lea", "blue kettle river"


def _household(session, fid, **changes):
    with session.open_family(fid) as ff:
        body = {k: v for k, v in ff.get("household", "household").items() if k != "id"}
        ff.put("household", {**body, **changes}, "household")


def _note(session, fid, text):
    with session.open_family(fid) as ff:
        ff.put("notes", {"text": text}, "note-shared")


def test_two_laptops_edit_the_same_family_over_syncthing(sync_pair):
    t0 = time.monotonic()
    root_a, root_b = sync_pair.side_a, sync_pair.side_b  # the vault is the shared folder, as associations do
    admin_a = Vault.init(root_a, ADMIN, ADMIN_PASS, kdf_cost=FLOOR_COST)
    admin_a.add_volunteer(VOLUNTEER, VOLUNTEER_PASS)
    admin_a.add_volunteer(THIRD, THIRD_PASS)
    fid, _ = admin_a.create_family("Famille Haddad (démo)",
                                   fill=lambda ff: snapshot.import_into(ff, json.loads(DEMO_JSON.read_text())))
    admin_a.grant(fid, VOLUNTEER)
    admin_a.grant(fid, THIRD)
    _note(admin_a, fid, "first version")
    sync_pair.wait_in_sync(timeout=60)
    sam_b = Vault(root_b).unlock(VOLUNTEER, VOLUNTEER_PASS)  # B's own .stignore is written here
    # What must never travel: a rollback journal replayed on another computer's copy corrupts it.
    junk = root_a / "families" / f"{fid}.vdf-journal"
    junk.write_bytes(b"\x00" * 512)
    sync_pair.wait_in_sync(timeout=60)
    assert not (root_b / "families" / junk.name).exists()
    junk.unlink()

    sync_pair.disconnect()
    _household(admin_a, fid, phone="0470 11 22 33")        # A: a field B does not touch
    _note(admin_a, fid, "RDV CPAS moved to 14h (office)")  # A and B: the same field
    admin_a.revoke(fid, THIRD)                               # A: a new key, without lea
    _household(sam_b, fid, email="famille@example.be")     # B: another field
    _note(sam_b, fid, "RDV CPAS moved to 15h (laptop)")
    time.sleep(1.1)  # different modification times, as real edits have
    sync_pair.reconnect()
    sync_pair.wait_in_sync(timeout=60)
    copies = [p for p in sync_pair.conflict_copies("a") if p.name.endswith(".vdf")]
    assert copies, "Syncthing made no conflict copy of the family file"

    # The volunteer on the laptop opens the family: the copy is merged first (the app does it on open).
    merged = sam_b.merge_sync_copies(fid)
    assert merged >= 1
    with sam_b.open_family(fid) as ff:
        ff.audit("test.opened")
    sync_pair.wait_in_sync(timeout=60)
    assert not [p for p in sync_pair.conflict_copies("a") if p.name.endswith(".vdf")]

    lost = 0
    for root in (root_a, root_b):
        admin = Vault(root).unlock(ADMIN, ADMIN_PASS)
        with admin.open_family(fid, read_only=True) as ff:
            household = ff.get("household", "household")
            lost += household.get("phone") != "0470 11 22 33"
            lost += household.get("email") != "famille@example.be"
            (conflict,) = open_conflicts(ff)
            values = sorted(v["value"] for v in conflict["values"])
            lost += values != ["RDV CPAS moved to 14h (office)", "RDV CPAS moved to 15h (laptop)"]
            assert ff.integrity_problems() == []
        with Vault(root).unlock(VOLUNTEER, VOLUNTEER_PASS).open_family(fid, read_only=True) as ff:
            assert ff.get("notes", "note-shared")
        with pytest.raises(UserError):
            Vault(root).unlock(THIRD, THIRD_PASS).open_family(fid, read_only=True)
    assert lost == 0
    elapsed = time.monotonic() - t0
    print(f"\nSyncthing two-laptop merge: {len(copies)} conflict copies merged, 0 edits lost, "
          f"lea locked out on both sides, {elapsed:.1f} s")
    assert elapsed < 120
