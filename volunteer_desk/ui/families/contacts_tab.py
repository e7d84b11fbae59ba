"""The people around the family: CPAS social worker, CRI, lawyer, school…"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.family.contact_roles import CONTACT_ROLES, role_label
from volunteer_desk.family.model import Contact
from volunteer_desk.ui.widgets.common import record_table, show_error
from volunteer_desk.ui.widgets.record_form import FieldSpec, RecordDialog

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel


def role_labels() -> dict[str, str]:
    """Every contact role, in the UI language (the family layer's table: the packet uses the same)."""
    return {role: role_label(role, ui_language()) for role in CONTACT_ROLES}


def contact_specs() -> list[FieldSpec]:
    return [FieldSpec("role", _("Role"), "combo", role_labels()), FieldSpec("name", _("Name"), "required"),
            FieldSpec("organisation", _("Organisation")), FieldSpec("phone", _("Phone"), "phone"),
            FieldSpec("email", _("E-mail")), FieldSpec("address", _("Address"))]


class ContactsTab(QWidget):
    def __init__(self, model: FamilyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        self.table = record_table("contactsTable", [_("Role"), _("Name"), _("Organisation"), _("Phone")],
                                  stretch=1)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add contact…"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.remove_button = QPushButton(_("&Remove"))
        for b in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self._selected()))
        self.table.doubleClicked.connect(lambda _i: self.edit(self._selected()))
        self.remove_button.clicked.connect(self._remove)
        model.changed.connect(self.show_snapshot)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        labels = role_labels()
        self.table.setRowCount(len(snap.contacts))
        for r, c in enumerate(snap.contacts):
            for col, text in enumerate((labels.get(c.role, c.role), c.name, c.organisation, c.phone)):
                self.table.setItem(r, col, QTableWidgetItem(text))

    def _selected(self) -> Contact | None:
        row = self.table.currentRow()
        contacts = self.model.snapshot.contacts if self.model.snapshot else []
        return contacts[row] if 0 <= row < len(contacts) else None

    def open_contact(self, contact_id: str | None = None) -> RecordDialog | None:
        """Open the contact dialog by id (None: a new contact); brings a draft back after a lock."""
        snap = self.model.snapshot
        contact = next((c for c in snap.contacts if c.id == contact_id), None) if snap and contact_id else None
        return self.edit(contact, force=True)

    def edit(self, contact: Contact | None, force: bool = False) -> RecordDialog | None:
        if contact is None and self.sender() is self.edit_button and not force:
            return None
        base = contact or Contact(role="other")
        dialog = RecordDialog(_("Contact"), contact_specs(), base.to_data(), self)
        dialog.draft_opener = (self, "open_contact", base.id)
        dialog.accepted.connect(lambda: self.model.save(replace(base, **dialog.values()),
                                                        on_error=lambda e: show_error(self, e)))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _remove(self) -> None:
        contact = self._selected()
        if contact is not None and contact.id:
            self.model.delete("contacts", contact.id)
