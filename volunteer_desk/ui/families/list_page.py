"""The families this volunteer follows: search, next deadline, create, open."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.desk import Desk
from volunteer_desk.ui.widgets.common import heading, hint, show_error

if TYPE_CHECKING:
    from volunteer_desk.vault.vault import FamilySummary

FID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 7
SOON_DAYS = 7


def deadline_colour(due: str | None, today: date | None = None) -> QColor | None:
    if not due:
        return None
    try:
        days = (date.fromisoformat(due[:10]) - (today or date.today())).days
    except ValueError:
        return None
    if days < 0:
        return QColor("#f4c7c3")
    if days <= SOON_DAYS:
        return QColor("#fde9b5")
    return None


class FamiliesPage(QWidget):
    open_requested = Signal(str, str)  # family id, display name
    created = Signal(str, str)  # family id, recovery code

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(heading(_("Families")))
        layout.addWidget(hint(_("The families you follow. The next deadline comes from their tasks.")))
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("familySearch")
        self.search.setPlaceholderText(_("Search by name… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("&New family…"))
        self.new_button.setObjectName("newFamily")
        self.new_button.setToolTip(QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText))
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setToolTip(QKeySequence(Qt.Key.Key_Return).toString(QKeySequence.SequenceFormat.NativeText))
        self.open_button.setObjectName("openFamily")
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        layout.addLayout(top)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([_("Family"), _("Next deadline")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("familiesTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = hint(_("No family yet. Click “New family…” to create the first one."))
        layout.addWidget(self.empty)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter on the list opens the family
            QShortcut(QKeySequence(key), self.table, self.open_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.search.returnPressed.connect(self._open_from_search)
        self.open_button.clicked.connect(self.open_selected)
        self.new_button.clicked.connect(self.ask_new_family)
        desk.families_changed.connect(self.refresh)
        self.loaded = False

    def refresh(self) -> None:
        self.desk.list_families(on_done=self.show_families, on_error=lambda e: show_error(self, e))

    def show_families(self, families: list[FamilySummary]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for fam in families:
            name = QStandardItem(fam.name)
            name.setData(fam.id, FID_ROLE)
            name.setData(fam.name.casefold(), SORT_ROLE)
            due = QStandardItem(fam.next_deadline or "—")
            due.setData((fam.next_deadline or "9999") + fam.name.casefold(), SORT_ROLE)  # soonest first
            colour = deadline_colour(fam.next_deadline)
            if colour is not None:
                due.setBackground(colour)
            self.model.appendRow([name, due])
        self.empty.setVisible(not families)
        self.proxy.sort(1 if families else 0, Qt.SortOrder.AscendingOrder)
        if families:
            self.table.selectRow(0)
        self.loaded = True

    def selected(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        index = self.proxy.mapToSource(rows[0])
        item = self.model.item(index.row(), 0)
        return item.data(FID_ROLE), item.text()

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_requested.emit(*chosen)

    def _open_from_search(self) -> None:
        """Enter in the search field opens the first family found."""
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)
            self.open_selected()

    def ask_new_family(self) -> None:
        name, ok = QInputDialog.getText(self, _("New family"),
                                        _("How volunteers call this family (e.g. “Famille H.”):"))
        if ok and name.strip():
            self.create_family(name.strip())

    def create_family(self, name: str) -> None:
        self.new_button.setEnabled(False)

        def done(fid: str, code: str) -> None:
            self.new_button.setEnabled(True)
            self.created.emit(fid, code)

        def failed(exc: BaseException) -> None:
            self.new_button.setEnabled(True)
            show_error(self, exc)

        self.desk.create_family(name, on_done=done, on_error=failed)
