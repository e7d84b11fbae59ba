"""A line edit that checks its text as the volunteer types (NISS/BIS, IBAN, phone, postcode, dates).

The checks themselves live in ``volunteer_desk.family.validation``; this widget only shows the
result: a coloured border and the problem sentence under the field. Empty optional fields are fine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from volunteer_desk.family import validation

if TYPE_CHECKING:
    from volunteer_desk.family.validation import Check

OK_STYLE = "QLineEdit { border: 1px solid #2e7d32; border-radius: 3px; padding: 2px; }"
BAD_STYLE = "QLineEdit { border: 1px solid #b3261e; border-radius: 3px; padding: 2px; }"
WARN_STYLE = "QLineEdit { border: 1px solid #b26a00; border-radius: 3px; padding: 2px; }"


def checker(kind: str) -> Callable[[str], Check]:
    return {"niss": validation.check_niss, "iban": validation.check_iban, "phone": validation.check_phone,
            "postcode": validation.check_postcode, "birth_date": validation.check_birth_date}[kind]


class ValidatedField(QWidget):
    validity_changed = Signal(bool)

    def __init__(self, kind: str, *, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.required = required
        self.edit = QLineEdit()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e; font-size: small;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self._valid = True
        # Check a moment after the last key, not on every key: calm for the eye, cheap for the CPU.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.check)
        self.edit.textChanged.connect(lambda _t: self._debounce.start())

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.edit.setText(text)
        self.check()

    def setObjectName(self, name: str) -> None:  # noqa: N802 - the edit carries the name for tests
        super().setObjectName(name + "Field")
        self.edit.setObjectName(name)

    @property
    def valid(self) -> bool:
        return self._valid

    def check(self) -> bool:
        self._debounce.stop()
        text = self.text()
        if not text and not self.required:
            self.edit.setStyleSheet("")
            self.message.hide()
            valid, problem, warning = True, "", ""
        else:
            result = checker(self.kind)(text)
            valid, problem, warning = result.ok, result.problem, result.warning
            self.edit.setStyleSheet(OK_STYLE if valid and not warning else WARN_STYLE if valid else BAD_STYLE)
            self.message.setText(problem or warning)
            self.message.setStyleSheet("color: %s; font-size: small;" % ("#b3261e" if problem else "#b26a00"))
            self.message.setVisible(bool(problem or warning))
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid
