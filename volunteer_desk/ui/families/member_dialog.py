"""Add or edit one member of the household, with checks as you type."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.dates import parse_day
from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _
from volunteer_desk.core.text import name_problem
from volunteer_desk.family.model import CARD_TYPES, RESIDENCE_STATUSES, Member
from volunteer_desk.ui.widgets.date_field import DateField
from volunteer_desk.ui.widgets.validated import ValidatedField, checker


def relation_labels() -> dict[str, str]:
    return {"applicant": _("Applicant"), "partner": _("Partner"), "child": _("Child"),
            "parent": _("Parent"), "other": _("Other")}


def status_labels() -> dict[str, str]:
    return {
        "asylum_seeker": _("Asylum seeker"), "refugee": _("Recognised refugee"),
        "subsidiary_protection": _("Subsidiary protection"), "temporary_protection": _("Temporary protection"),
        "family_reunification": _("Family reunification"), "unlimited_stay": _("Unlimited stay"),
        "eu_citizen": _("EU citizen"), "eu_family_member": _("Family of an EU citizen"),
        "regularisation": _("Regularisation (9bis/9ter)"), "unaccompanied_minor": _("Unaccompanied minor"),
        "no_status": _("No status"), "other": _("Other"),
    }


def card_type_labels() -> dict[str, str]:
    """Residence documents by the name on the card, with what they are in plain words."""
    return {
        "A": _("Card A (limited stay)"), "B": _("Card B (unlimited stay)"), "K": _("Card K (establishment)"),
        "L": _("Card L (long-term resident EU)"), "F": _("Card F (family of an EU citizen)"),
        "F+": _("Card F+ (permanent, family of an EU citizen)"), "EU": _("Card EU (EU citizen)"),
        "EU+": _("Card EU+ (permanent, EU citizen)"), "M": _("Card M (Brexit)"),
        "attestation_immatriculation": _("Registration certificate (asylum seeker, orange card)"),
        "annexe_15": _("Annex 15 (temporary proof of stay)"),
        "annexe_26": _("Annex 26 (asylum application registered)"), "other": _("Other document"),
    }


def _combo(items: dict[str, str], current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem("—", "")
    for key, label in items.items():
        combo.addItem(label, key)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    return combo


class MemberDialog(QDialog):
    def __init__(self, member: Member | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Member of the household"))
        self.setObjectName("memberDialog")
        self.member = member or Member()
        m = self.member
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.first_name = QLineEdit(m.first_name)
        self.first_name.setObjectName("firstName")
        self.last_name = QLineEdit(m.last_name)
        self.last_name.setObjectName("lastName")
        self.birth_date = ValidatedField("birth_date")
        self.birth_date.setObjectName("birthDate")
        self.birth_date.edit.setPlaceholderText(_("DD/MM/YYYY, 00 for an unknown month or day"))
        self.birth_date.setText(short_date(m.birth_date))
        self.niss = ValidatedField("niss")
        self.niss.setObjectName("niss")
        self.niss.setText(m.niss)
        self.sex = _combo({"F": _("Female"), "M": _("Male"), "X": _("X")}, m.sex)
        self.nationality = QLineEdit(m.nationality)
        self.relation = _combo(relation_labels(), m.relation)
        self.relation.setObjectName("relation")
        self.phone = ValidatedField("phone")
        self.phone.setObjectName("memberPhone")
        self.phone.setText(m.phone)
        self.status = _combo(status_labels(), m.residence_status)
        self.status.setObjectName("residenceStatus")
        self.card_type = _combo(card_type_labels(), m.card_type)
        self.card_number = QLineEdit(m.card_number)
        self.card_expiry = DateField(m.card_expiry)
        self.card_expiry.setObjectName("cardExpiry")
        self.school = QLineEdit(m.school)

        form.addRow(_("First name"), self.first_name)
        form.addRow(_("Last name"), self.last_name)
        form.addRow(_("Birth date"), self.birth_date)
        form.addRow(_("National register / BIS number"), self.niss)
        form.addRow(_("Sex"), self.sex)
        form.addRow(_("Nationality"), self.nationality)
        form.addRow(_("Relation"), self.relation)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Residence status"), self.status)
        form.addRow(_("Card type"), self.card_type)
        form.addRow(_("Card number"), self.card_number)
        form.addRow(_("Card valid until"), self.card_expiry)
        form.addRow(_("School"), self.school)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.birth_date, self.niss, self.phone, self.card_expiry):
            field.validity_changed.connect(self._update_save)
        self.first_name.textChanged.connect(self._update_save)
        self.last_name.textChanged.connect(self._update_save)
        self._update_save()

    def _update_save(self, *_args: object) -> None:
        names = (self.first_name.text(), self.last_name.text())  # a pasted escape or bidi override: refused
        ok = bool(names[0].strip()) and not any(name_problem(n) for n in names) and all(
            f.valid for f in (self.birth_date, self.niss, self.phone, self.card_expiry))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def result_member(self) -> Member:
        # Stored as YYYY-MM-DD (00 for unknown parts): the checked value, with a 2-digit year settled.
        check = checker("birth_date")(self.birth_date.text()) if self.birth_date.text() else None
        birth = parse_day(check.value, unknown_parts=True) if check is not None and check.ok else ""
        return replace(
            self.member,
            first_name=self.first_name.text().strip(), last_name=self.last_name.text().strip(),
            birth_date=birth, niss="".join(c for c in self.niss.text() if c.isdigit()),
            sex=self.sex.currentData(), nationality=self.nationality.text().strip(),
            relation=self.relation.currentData(), phone=self.phone.text(),
            residence_status=self.status.currentData(), card_type=self.card_type.currentData(),
            card_number=self.card_number.text().strip(),
            card_expiry=self.card_expiry.iso(),
            school=self.school.text().strip(),
        )


assert set(RESIDENCE_STATUSES) == set(status_labels())  # a new status needs a label here
assert set(CARD_TYPES) - {""} == set(card_type_labels())  # and so does a new card type
