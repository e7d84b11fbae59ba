"""Household and members: the address, phone, bank account and the people, checked as you type."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _
from volunteer_desk.family.mask import masked_niss
from volunteer_desk.ui.families.family_model import FamilyModel
from volunteer_desk.ui.families.member_dialog import MemberDialog, relation_labels
from volunteer_desk.ui.safety import ClipboardGuard
from volunteer_desk.ui.widgets.common import record_table, show_error
from volunteer_desk.ui.widgets.language_picker import LanguagePicker
from volunteer_desk.ui.widgets.validated import ValidatedField

if TYPE_CHECKING:
    from volunteer_desk.family.model import Household, Member
    from volunteer_desk.family.snapshot import FamilySnapshot


class HouseholdTab(QWidget):
    def __init__(self, model: FamilyModel, clipboard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.clipboard = clipboard
        layout = QHBoxLayout(self)

        box = QGroupBox(_("Household"))
        form = QFormLayout(box)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.street = QLineEdit()
        self.number = QLineEdit()
        self.number.setMaximumWidth(80)
        self.box_ = QLineEdit()
        self.box_.setMaximumWidth(60)
        street_row = QHBoxLayout()
        street_row.addWidget(self.street, 1)
        street_row.addWidget(self.number)
        street_row.addWidget(self.box_)
        self.postcode = ValidatedField("postcode")
        self.postcode.setObjectName("postcode")
        self.city = QLineEdit()
        self.phone = ValidatedField("phone")
        self.phone.setObjectName("householdPhone")
        self.iban = ValidatedField("iban")
        self.iban.setObjectName("iban")
        self.iban_holder = QLineEdit()
        self.main_language = LanguagePicker()
        self.main_language.setObjectName("mainLanguage")
        self.cpas_name = QLineEdit()
        self.cpas_file = QLineEdit()
        self.mutuelle = QLineEdit()
        form.addRow(_("Name used by volunteers"), self.display_name)
        form.addRow(_("Street, number, box"), street_row)
        form.addRow(_("Postcode"), self.postcode)
        form.addRow(_("City"), self.city)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Bank account (IBAN)"), self.iban)
        form.addRow(_("Account holder"), self.iban_holder)
        form.addRow(_("Family's language"), self.main_language)
        form.addRow(_("CPAS"), self.cpas_name)
        form.addRow(_("CPAS file number"), self.cpas_file)
        form.addRow(_("Mutuelle"), self.mutuelle)
        self.save_button = QPushButton(_("Save household"))
        self.save_button.setObjectName("saveHousehold")
        form.addRow("", self.save_button)
        layout.addWidget(box, 1)

        people = QGroupBox(_("Members"))
        pl = QVBoxLayout(people)
        self.table = record_table("membersTable", [_("Name"), _("Relation"), _("Birth date"), _("National number")],
                                  stretch=0, fit_others=True)
        pl.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add member…"))
        self.add_button.setObjectName("addMember")
        self.edit_button = QPushButton(_("&Edit…"))
        self.remove_button = QPushButton(_("&Remove member…"))
        self.remove_button.setObjectName("removeMember")
        self.copy_button = QPushButton(_("&Copy national number"))
        self.copy_button.setToolTip(_("Cleared from the clipboard after 30 seconds."))
        for b in (self.add_button, self.edit_button, self.remove_button, self.copy_button):
            row.addWidget(b)
        row.addStretch(1)
        pl.addLayout(row)
        layout.addWidget(people, 1)

        for field in (self.postcode, self.phone, self.iban):
            field.validity_changed.connect(self._update_save)
        self.save_button.clicked.connect(self.save_household)
        self.add_button.clicked.connect(lambda: self.edit_member(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _i: self._edit_selected())
        self.copy_button.clicked.connect(self._copy_niss)
        model.changed.connect(self.show_snapshot)

    def _update_save(self, *_a: object) -> None:
        self.save_button.setEnabled(all(f.valid for f in (self.postcode, self.phone, self.iban)))

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        h = snap.household
        a = h.address or {}
        self.display_name.setText(h.display_name)
        self.street.setText(a.get("street", ""))
        self.number.setText(a.get("number", ""))
        self.box_.setText(a.get("box", ""))
        self.postcode.setText(a.get("postcode", ""))
        self.city.setText(a.get("city", ""))
        self.phone.setText(h.phone)
        self.iban.setText(h.iban)
        self.iban_holder.setText(h.iban_holder)
        self.main_language.set_code(h.main_language)
        self.cpas_name.setText(h.cpas_name)
        self.cpas_file.setText(h.cpas_file_number)
        self.mutuelle.setText(h.mutuelle)
        labels = relation_labels()
        self.table.setRowCount(len(snap.members))
        for r, m in enumerate(snap.members):
            for c, text in enumerate((m.full_name, labels.get(m.relation, m.relation), short_date(m.birth_date),
                                      masked_niss(m.niss))):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def household_from_fields(self) -> Household:
        h = self.model.snapshot.household
        address = dict(h.address or {}, street=self.street.text().strip(), number=self.number.text().strip(),
                       box=self.box_.text().strip(), postcode=self.postcode.text(), city=self.city.text().strip())
        return replace(h, display_name=self.display_name.text().strip() or h.display_name, address=address,
                       phone=self.phone.text(), iban=self.iban.text(), iban_holder=self.iban_holder.text().strip(),
                       main_language=self.main_language.code(), cpas_name=self.cpas_name.text().strip(),
                       cpas_file_number=self.cpas_file.text().strip(), mutuelle=self.mutuelle.text().strip())

    def save_household(self) -> None:
        self.model.save_household(self.household_from_fields(), on_error=lambda e: show_error(self, e))

    def _selected_member(self) -> Member | None:
        row = self.table.currentRow()
        members = self.model.snapshot.members if self.model.snapshot else []
        return members[row] if 0 <= row < len(members) else None

    def _edit_selected(self) -> None:
        member = self._selected_member()
        if member is not None:
            self.edit_member(member)

    def edit_member(self, member: Member | None) -> MemberDialog:
        dialog = MemberDialog(member, self)
        dialog.draft_opener = (self, "open_member", member.id if member is not None else None)
        dialog.accepted.connect(lambda: self.model.save(dialog.result_member(),
                                                        on_error=lambda e: show_error(self, e)))
        dialog.open()
        self.member_dialog = dialog  # kept for tests and so it is not collected while open
        return dialog

    def open_member(self, member_id: str | None = None) -> MemberDialog:
        """Open the member dialog by id (None: a new member); used to bring a draft back after a lock."""
        snap = self.model.snapshot
        member = snap.member(member_id) if snap is not None and member_id else None
        return self.edit_member(member)

    def remove_selected(self) -> None:
        """Remove a member after a clear question (the default answer keeps them)."""
        member = self._selected_member()
        if member is None or not member.id:
            return

        name = " ".join(p for p in (member.first_name, member.last_name) if p)
        box = QMessageBox(QMessageBox.Icon.Question, _("Remove member"),
                          _("Remove {name} from the household? Their details are deleted from this family file.")
                          .format(name=name), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("removeMemberBox")
        remove = box.addButton(_("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self.model.delete("members", member.id))
        box.open()
        self.remove_box = box

    def _copy_niss(self) -> None:
        member = self._selected_member()
        if member is not None and member.niss:
            self.clipboard.copy(member.niss)
