"""Models → Install a model pack folder: an unsigned pack is not installed until the volunteer answers
the warning with "Install anyway"; Cancel leaves everything as it was."""

from __future__ import annotations

import hashlib

from PySide6.QtWidgets import QMessageBox
from ui_helpers import wait_idle

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
