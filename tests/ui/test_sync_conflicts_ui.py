"""A copy left by a sync tool is merged when the family opens; a field changed on both computers is asked."""

from __future__ import annotations

import json
import shutil

from ui_helpers import open_demo_family, unlock, wait_idle

from volunteer_desk.vault import Vault

ADMIN, ADMIN_PASS = "admin", "correct horse battery"


def _edit_phone(vault_root, fid, phone):
    session = Vault(vault_root).unlock(ADMIN, ADMIN_PASS)
    with session.open_family(fid) as ff:
        body = {k: v for k, v in ff.get("household", "household").items() if k != "id"}
        ff.put("household", {**body, "phone": phone}, "household")
    session.close()


def test_which_one_dialog_keeps_the_chosen_value(window, qtbot, services, vault_dir, demo_family_id, tmp_path):
    laptop_b = tmp_path / "laptop-b"
    shutil.copytree(vault_dir, laptop_b)
    _edit_phone(vault_dir, demo_family_id, "0470 11 22 33")
    _edit_phone(laptop_b, demo_family_id, "0499 99 88 77")
    shutil.copy2(laptop_b / "families" / f"{demo_family_id}.vdf",
                 vault_dir / "families" / f"{demo_family_id}.sync-conflict-20261201-101500-BBBBBBB.vdf")
    unlock(qtbot, window)
    view = open_demo_family(qtbot, window, demo_family_id)
    qtbot.waitUntil(lambda: view.conflicts_dialog is not None and view.conflicts_dialog.isVisible(), timeout=20_000)
    dialog = view.conflicts_dialog
    (cid,) = dialog.groups
    (conflict,) = view.conflicts
    wanted = 1 + [v["value"] for v in conflict["values"]].index("0499 99 88 77")
    dialog.groups[cid].button(wanted).setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: not view.conflicts_button.isVisible(), timeout=20_000)
    wait_idle(qtbot, services)
    window.close_family(demo_family_id)
    wait_idle(qtbot, services)
    with services.desk.session.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")["phone"] == "0499 99 88 77"
        stored = ff.all("conflicts")
    assert json.dumps(stored).count("0470 11 22 33") == 1  # the other value is kept, not lost
