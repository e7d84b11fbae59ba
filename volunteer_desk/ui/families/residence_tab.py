"""Residence status of each member, with alerts when a residence card expires soon or has expired."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _
from volunteer_desk.ui.families.member_dialog import card_type_labels, status_labels
from volunteer_desk.ui.widgets.common import heading, hint, record_table

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel

WARN_DAYS = 90  # communes ask for the renewal request well before the card ends


def expiry_alert(card_expiry: str, today: date) -> tuple[str, str] | None:
    """(level, sentence) for a card expiry date, or None when nothing needs doing."""
    try:
        days = (date.fromisoformat(card_expiry) - today).days
    except (TypeError, ValueError):
        return None
    if days < 0:
        return "expired", _("Card expired {n} days ago: go to the commune now.").format(n=-days)
    if days <= WARN_DAYS:
        return "soon", _("Card expires in {n} days: ask the commune for the renewal.").format(n=days)
    return None


COLOURS = {"expired": QColor("#f4c7c3"), "soon": QColor("#fde9b5")}


class ResidenceTab(QWidget):
    def __init__(self, model: FamilyModel, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Residence status"), 2))
        self.alerts = QLabel()
        self.alerts.setObjectName("residenceAlerts")
        self.alerts.setWordWrap(True)
        layout.addWidget(self.alerts)
        self.table = record_table("residenceTable", [_("Member"), _("Status"), _("Card"), _("Valid until"), _("Alert")],
                                  stretch=4, select_rows=False)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint(_("Change a status or a card date in “Household & members” (Edit…).")))
        model.changed.connect(self.show_snapshot)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        today = self.today or date.today()
        labels, cards = status_labels(), card_type_labels()
        self.table.setRowCount(len(snap.members))
        alerts = []
        for r, m in enumerate(snap.members):
            alert = expiry_alert(m.card_expiry, today)
            cells = (m.full_name, labels.get(m.residence_status, m.residence_status or "—"),
                     " ".join(p for p in (cards.get(m.card_type, m.card_type), m.card_number) if p) or "—",
                     short_date(m.card_expiry) or "—",
                     alert[1] if alert else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if alert:
                    item.setBackground(COLOURS[alert[0]])
                self.table.setItem(r, c, item)
            if alert:
                alerts.append(f"{m.first_name}: {alert[1]}")
        self.alerts.setText("\n".join(alerts) if alerts else _("No residence card needs attention."))
        self.alerts.setStyleSheet("color: #8c1d18; font-weight: bold;" if alerts else "")
