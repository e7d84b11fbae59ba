"""A small dialog built from a list of fields: contacts, tasks and consents use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.ui.widgets.date_field import DateField
from volunteer_desk.ui.widgets.validated import ValidatedField


@dataclass
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | combo | date (DD/MM/YYYY, empty = unknown) | phone | required
    options: dict[str, str] = field(default_factory=dict)  # combo: stored value -> label


class RecordDialog(QDialog):
    def __init__(self, title: str, specs: list[FieldSpec], values: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.specs = specs
        self.widgets: dict[str, QWidget] = {}
        values = values or {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        for spec in specs:
            value = values.get(spec.key, "")
            if spec.kind == "combo":
                w: QWidget = QComboBox()
                for key, label in spec.options.items():
                    w.addItem(label, key)
                w.setCurrentIndex(max(0, w.findData(value)))
            elif spec.kind == "date":
                w = DateField(str(value or ""))
                w.validity_changed.connect(self._update)
            elif spec.kind == "phone":
                w = ValidatedField("phone")
                w.setText(str(value or ""))
                w.validity_changed.connect(self._update)
            else:
                w = QLineEdit(str(value or ""))
                w.textChanged.connect(self._update)
            w.setObjectName(f"field_{spec.key}")
            self.widgets[spec.key] = w
            form.addRow(spec.label, w)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self, *_a: object) -> None:
        ok = True
        for spec in self.specs:
            w = self.widgets[spec.key]
            if isinstance(w, (ValidatedField, DateField)):
                ok = ok and w.valid
            elif spec.kind == "required" and isinstance(w, QLineEdit):
                ok = ok and bool(w.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def set_value(self, key: str, value: str) -> None:
        w = self.widgets[key]
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, DateField):
            w.set_iso(value)
        else:
            w.setText(value)  # type: ignore[attr-defined]

    def values(self) -> dict[str, str]:
        out = {}
        for key, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[key] = w.currentData()
            elif isinstance(w, DateField):
                out[key] = w.iso()
            else:
                out[key] = w.text().strip()  # type: ignore[attr-defined]
        return out
