"""A date typed the Belgian way (30/06/2029, also 3/6/29), with a calendar that opens on today.

Empty means "unknown" (a card whose end date nobody knows yet), said in the placeholder, never a
dash that ends up in the text. A wrong date is said under the field, in a line that wraps and
pushes the next field down instead of covering it.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from volunteer_desk.core.dates import parse_day
from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _


class DateField(QWidget):
    validity_changed = Signal(bool)

    def __init__(self, iso: str = "", *, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = required
        self.edit = QLineEdit(short_date(iso))
        self.edit.setPlaceholderText(_("DD/MM/YYYY — empty if unknown"))
        self.calendar_button = QToolButton()
        self.calendar_button.setText(_("Calendar…"))
        self.calendar_button.setToolTip(_("Choose the date in a calendar"))
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar: QCalendarWidget | None = None  # made when first opened: it is slow to build
        menu = QMenu(self.calendar_button)
        menu.aboutToShow.connect(self._calendar_at_value)
        self.calendar_button.setMenu(menu)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self._valid = True
        self.edit.textChanged.connect(lambda _t: self.check())
        self.edit.editingFinished.connect(self._tidy)

    def setObjectName(self, name: str) -> None:  # noqa: N802 - the edit carries the name for tests
        super().setObjectName(name + "Field")
        self.edit.setObjectName(name)

    @property
    def valid(self) -> bool:
        return self._valid

    def iso(self) -> str:
        """'YYYY-MM-DD', or '' when unknown (or not a date: check ``valid``)."""
        try:
            return parse_day(self.edit.text())
        except ValueError:
            return ""

    def set_iso(self, iso: str) -> None:
        self.edit.setText(short_date(iso))

    def text(self) -> str:  # what RecordDialog reads
        return self.iso()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.edit.setText(text)

    def check(self) -> bool:
        text = self.edit.text().strip()
        problem = ""
        if not text:
            problem = _("A date is needed here.") if self.required else ""
        else:
            try:
                parse_day(text)
            except ValueError:
                problem = _("Type the date as DD/MM/YYYY, for example 30/06/2029.")
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        valid = not problem
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid

    def _tidy(self) -> None:
        """3/6/29 becomes 03/06/2029 when the volunteer leaves the field: what will be stored."""
        iso = self.iso()
        if iso:
            self.edit.setText(short_date(iso))

    def _calendar_at_value(self) -> None:
        if self.calendar is None:
            menu = self.calendar_button.menu()
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            holder = QWidgetAction(menu)
            holder.setDefaultWidget(self.calendar)
            menu.addAction(holder)
            self.calendar.clicked.connect(self._picked)
        iso = self.iso()
        day = QDate.fromString(iso, "yyyy-MM-dd") if iso else QDate.currentDate()
        self.calendar.setSelectedDate(day)
        self.calendar.setCurrentPage(day.year(), day.month())
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self.edit.setText(short_date(day.toString("yyyy-MM-dd")))
        self.calendar_button.menu().hide()
