"""Consent: what the family agreed to share, with whom, until when; withdrawal at any time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.family.consent import SCOPES, is_active, new_consent
from volunteer_desk.family.model import is_adult
from volunteer_desk.ui.widgets.common import heading, hint, record_table, show_error
from volunteer_desk.ui.widgets.record_form import FieldSpec, RecordDialog

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel


def scope_labels() -> dict[str, str]:
    labels = {"share_cpas": _("Share with the CPAS"), "share_cri_bapa": _("Share with the CRI / BAPA"),
              "share_lawyer": _("Share with the lawyer"), "store_health": _("Keep health information"),
              "share_school": _("Share with the school"), "share_interpreter": _("Share with an interpreter"),
              "share_health_cpas": _("Share health information with the CPAS"),
              "share_health_cri_bapa": _("Share health information with the CRI / BAPA"),
              "share_health_lawyer": _("Share health information with the lawyer"),
              "cpas_informs_volunteer": _("The CPAS may inform the volunteer"),
              "cri_informs_volunteer": _("The CRI / BAPA may inform the volunteer"),
              "lawyer_informs_volunteer": _("The lawyer may inform the volunteer")}
    return {s: labels.get(s, s) for s in SCOPES}


class ConsentTab(QWidget):
    def __init__(self, model: FamilyModel, ui_language: str = "fr", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Consent"), 2))
        layout.addWidget(hint(_("Each sharing needs the family's consent, explained in a language they "
                                "understand. A consent lasts at most one year and can be withdrawn.")))
        layout.addWidget(hint(_("Keeping health information is not sharing it: each adult agrees, for themselves, "
                                "to share it with a given recipient.")))
        self.table = record_table("consentTable", [_("Scope"), _("Given by"), _("Given on"), _("Until"),
                                                   _("Language"), _("State")], stretch=0)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Record a consent…"))
        self.withdraw_button = QPushButton(_("Withdraw"))
        row.addWidget(self.add_button)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.withdraw_button.clicked.connect(self.withdraw)
        model.changed.connect(self.show_snapshot)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        today = date.today()
        labels = scope_labels()
        names = {m.id: m.full_name for m in snap.members}
        self.table.setRowCount(len(snap.consents))
        for r, c in enumerate(snap.consents):
            active = is_active(c, today)
            state = (_("Withdrawn on {date}").format(date=c.withdrawn_on) if c.withdrawn_on
                     else _("Active") if active else _("Not active"))
            who = names.get(c.member_id, "") if c.member_id else _("The household")
            for col, text in enumerate((labels.get(c.scope, c.scope), who, c.given_on, c.ends_on, c.language,
                                        state)):
                item = QTableWidgetItem(text)
                if not active:
                    item.setForeground(QColor("#777777"))
                self.table.setItem(r, col, item)

    def add(self) -> None:
        snap = self.model.snapshot
        adults = {"": _("The household")}
        if snap is not None:
            adults.update({m.id: m.full_name for m in snap.members if is_adult(m, date.today())})
        specs = [FieldSpec("scope", _("Scope"), "combo", scope_labels()),
                 FieldSpec("member_id", _("Given by"), "combo", adults),
                 FieldSpec("given_on", _("Given on"), "date"),
                 FieldSpec("language", _("Notice explained in (language code)"), "required")]
        dialog = RecordDialog(_("Record a consent"), specs, {"language": self._family_language()}, self)

        def save() -> None:
            v = dialog.values()
            try:
                consent = new_consent(v["scope"], v["given_on"], v["language"], member_id=v.get("member_id") or "")
            except Exception as exc:  # BadInput: shown as one sentence
                show_error(self, exc)
                return
            self.model.save(consent, on_error=lambda e: show_error(self, e))

        dialog.accepted.connect(save)
        dialog.open()
        self.dialog = dialog

    def _family_language(self) -> str:
        snap = self.model.snapshot
        return snap.household.main_language if snap else ""

    def withdraw(self) -> None:
        row = self.table.currentRow()
        consents = self.model.snapshot.consents if self.model.snapshot else []
        if 0 <= row < len(consents) and not consents[row].withdrawn_on:
            self.model.save(replace(consents[row], withdrawn_on=date.today().isoformat()))
