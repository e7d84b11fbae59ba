"""The family's letters: a list on the left, the open letter on the right, “New letter…” to add one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _
from volunteer_desk.ui.letters.intake_dialog import IntakeDialog
from volunteer_desk.ui.letters.letter_view import LetterView

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services

LETTER_ROLE = Qt.ItemDataRole.UserRole + 4


class LettersTab(QWidget):
    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        layout = QHBoxLayout(self)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton(_("&New letter…"))
        self.new_button.setObjectName("newLetter")
        self.list = QListWidget()
        self.list.setObjectName("lettersList")
        ll.addWidget(self.new_button)
        ll.addWidget(self.list, 1)
        split.addWidget(left)
        self.view = LetterView(model, services)
        split.addWidget(self.view)
        split.setSizes([220, 980])
        layout.addWidget(split)
        self.current_id: str | None = None
        self.new_button.clicked.connect(self.new_letter)
        self.list.currentItemChanged.connect(self._selected)
        model.changed.connect(self.show_snapshot)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        # By the letter's own date (what the office wrote), newest first; the day it came in when unknown.
        letters = sorted(snap.letters, key=lambda lt: lt.letter_date or lt.received_on or lt.created_at, reverse=True)
        self.list.blockSignals(True)
        self.list.clear()
        for letter in letters:
            if letter.letter_date:
                when = _("Letter of {date}").format(date=short_date(letter.letter_date))
            else:
                when = _("Received on {date}").format(date=short_date(letter.received_on or letter.created_at[:10]))
            item = QListWidgetItem(f"{when}\n{letter.title or _('Letter')}")
            item.setData(LETTER_ROLE, letter.id)
            self.list.addItem(item)
            if letter.id == self.current_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.current_id is None and letters:
            self.list.setCurrentRow(0)

    def _selected(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        self.current_id = item.data(LETTER_ROLE)
        self.view.show_letter(self.current_id)

    def select_letter(self, letter_id: str) -> None:
        self.current_id = None
        for i in range(self.list.count()):
            if self.list.item(i).data(LETTER_ROLE) == letter_id:
                self.list.setCurrentRow(i)
                return
        self.current_id = letter_id
        self.view.show_letter(letter_id)

    def new_letter(self) -> None:
        self.intake = IntakeDialog(self.model, self.services, self)
        self.intake.saved.connect(self.select_letter)
        self.intake.open()

    def prepare_screenshot(self) -> None:
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
