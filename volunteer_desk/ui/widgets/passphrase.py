"""A passphrase field with a show/hide eye and a Caps Lock warning under it.

Qt has no portable "is Caps Lock on" call: a letter typed upper-case without Shift (or lower-case
with Shift) tells us, which is how the warning appears after the first letter typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QVBoxLayout, QWidget

from volunteer_desk.core.i18n import _


class PassphraseEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.eye = QAction(icon, _("Show the passphrase"), self)
        self.eye.setObjectName("showPassphrase")
        self.eye.setCheckable(True)
        self.eye.toggled.connect(self.reveal)
        self.addAction(self.eye, QLineEdit.ActionPosition.TrailingPosition)
        self.caps_warning = QLabel(_("Caps Lock is on."))
        self.caps_warning.setObjectName("capsLockWarning")
        self.caps_warning.setStyleSheet("color: #8c1d18; font-weight: bold;")
        self.caps_warning.hide()
        self.caps_on = False

    def reveal(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.eye.setText(_("Hide the passphrase") if shown else _("Show the passphrase"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.caps_on = text.isupper() != shift
            self.caps_warning.setVisible(self.caps_on)
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        # Shown in clear only while the volunteer is looking at it.
        self.eye.setChecked(False)
        super().focusOutEvent(event)

    def clear(self) -> None:
        self.eye.setChecked(False)
        super().clear()


def passphrase_row(edit: PassphraseEdit) -> QWidget:
    """The field with its Caps Lock warning under it, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    layout.addWidget(edit.caps_warning)
    return box
