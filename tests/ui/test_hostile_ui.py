"""Hostile input in the app: an unsigned model pack waits for "Install anyway" (Cancel leaves everything
as it was); a member name with a pasted escape sequence or text-direction override cannot be saved."""

from __future__ import annotations

import hashlib

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from ui_helpers import open_demo_family, unlock, wait_idle

from volunteer_desk.modelpack.manifest import Manifest, PackItem


def _unsigned_pack(folder, package):
    (folder / "argos").mkdir(parents=True)
    data = package.read_bytes()
    (folder / "argos" / "fr_en.argosmodel").write_bytes(data)
    item = PackItem(kind="argos", name="translate-fr_en", version="0.0.1", file="argos/fr_en.argosmodel",
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data), licence="test",
                    from_code="fr", to_code="en")
    (folder / "manifest.json").write_text(Manifest("pack", "1", items=[item]).to_json())
    return folder


def _warning(dialog):
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.objectName() == "unsignedPackBox" and b.isVisible()]
    return boxes[0] if boxes else None


def test_unsigned_pack_asks_first(services, qtbot, argos_packages, tmp_path):
    from volunteer_desk.ui.dialogs.models_dialog import ModelsDialog

    pack = _unsigned_pack(tmp_path / "usb", argos_packages["fr_en_hello"])
    dialog = ModelsDialog(services)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, services)
    dialog.install(str(pack))
    qtbot.waitUntil(lambda: _warning(dialog) is not None, timeout=30_000)
    _warning(dialog).button(QMessageBox.StandardButton.Cancel).click()
    wait_idle(qtbot, services)
    assert dialog.table.rowCount() == 0

    dialog.install(str(pack))
    qtbot.waitUntil(lambda: _warning(dialog) is not None, timeout=30_000)
    box = _warning(dialog)
    anyway = next(b for b in box.buttons() if b.text() == "Install anyway")
    anyway.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=60_000)
    assert dialog.table.item(0, 0).text() == "fr"
    wait_idle(qtbot, services)


def test_member_names_refuse_control_and_bidi_characters(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    tab = open_demo_family(qtbot, window, demo_family_id).household
    tab.add_button.click()
    dialog = tab.member_dialog
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.first_name.setText("Zoé")
    qtbot.waitUntil(save.isEnabled, timeout=2_000)
    for bad in ("Zoé\u202etxt.exe", "Zoé\x1b[2J"):
        dialog.last_name.setText(bad)
        qtbot.waitUntil(lambda: not save.isEnabled(), timeout=2_000)
    dialog.last_name.setText("الحداد")  # Arabic is a name like any other
    qtbot.waitUntil(save.isEnabled, timeout=2_000)
    dialog.reject()
