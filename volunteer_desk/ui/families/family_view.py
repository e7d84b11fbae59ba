"""One open family: a header and one tab per subject, each built the first time it is shown.

Building all eight tabs at once cost 300–700 ms on a busy 2-core machine; building one at a time
keeps every step under the watchdog's limit. Tabs render themselves from the ``FamilyModel``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.dialogs.merge_conflicts import MergeConflictsDialog
from volunteer_desk.ui.families.family_model import FamilyModel
from volunteer_desk.ui.widgets.common import heading

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.services import Services
    from volunteer_desk.vault.store import FamilyFile


def _open_conflicts(ff: FamilyFile) -> list[dict[str, Any]]:
    # lazy: keeps the vault (sqlcipher3) off the first frame
    from volunteer_desk.vault.merge import open_conflicts  # runs in the family's worker thread

    return open_conflicts(ff)


def _factory(module: str, cls: str, with_services: bool = True) -> Callable[[FamilyModel, Services], QWidget]:
    def build(model: FamilyModel, services: Services) -> QWidget:
        klass = getattr(importlib.import_module(module), cls)
        return klass(model, services) if with_services else klass(model)

    return build


def tab_specs() -> list[tuple[str, str, str, str, bool]]:
    """(attribute, label, module, class, takes services) in display order."""
    ui = "volunteer_desk.ui"
    return [
        ("household", _("Household && members"), f"{ui}.families.household_tab", "HouseholdTab", True),
        ("residence", _("Residence"), f"{ui}.families.residence_tab", "ResidenceTab", False),
        ("contacts", _("Contacts"), f"{ui}.families.contacts_tab", "ContactsTab", False),
        ("letters", _("Letters"), f"{ui}.letters.letters_tab", "LettersTab", True),
        ("tasks", _("Tasks && timeline"), f"{ui}.families.tasks_tab", "TasksTab", True),
        ("forms", _("Forms"), f"{ui}.forms.forms_tab", "FormsTab", True),
        ("consent", _("Consent"), f"{ui}.families.consent_tab", "ConsentTab", False),
        ("packet", _("Packet"), f"{ui}.packet.packet_tab", "PacketTab", True),
    ]


class FamilyView(QWidget):
    close_requested = Signal(str)
    title_changed = Signal(str, str)  # family id, display name

    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = heading("…", 4)
        self.title.setObjectName("familyTitle")
        self.status = QLabel()
        self.status.setObjectName("familyStatus")
        close = QPushButton(_("Close family"))
        close.setToolTip(QKeySequence("Ctrl+W").toString(QKeySequence.SequenceFormat.NativeText))
        close.setObjectName("closeFamily")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("mergeConflictsButton")
        self.conflicts_button.hide()
        self.conflicts_button.clicked.connect(self.ask_conflicts)
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        top.addWidget(self.conflicts_button)
        top.addWidget(close)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("familyTabs")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        self._slots: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        self._specs = {}
        for attr, label, module, cls, with_services in tab_specs():
            if importlib.util.find_spec(module) is None:
                continue  # a capability not built yet: its tab appears when its module does
            slot = QWidget()
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self._slots[attr] = slot
            self._specs[attr] = _factory(module, cls, with_services)
            self.tabs.addTab(slot, label)
        self.tabs.currentChanged.connect(lambda _i: self._build_current())

        close.clicked.connect(lambda: self.close_requested.emit(model.family_id))
        model.changed.connect(self._show_title)
        model.changed.connect(lambda _s: self._check_conflicts())
        self.conflicts: list[dict[str, Any]] = []
        self.conflicts_dialog: MergeConflictsDialog | None = None
        self._asked = False
        model.saved.connect(lambda _w: self.status.setText(_("Saved.")))
        self._build_current()

    def _build_current(self) -> None:
        slot = self.tabs.currentWidget()
        attr = next((a for a, s in self._slots.items() if s is slot), None)
        if attr:
            self.tab(attr)

    def tab(self, attr: str) -> QWidget | None:
        """The tab widget, built on first use (and given the snapshot already loaded)."""
        if attr in self._built:
            return self._built[attr]
        if attr not in self._specs:
            return None
        widget = self._specs[attr](self.model, self.services)
        # Each tab scrolls when the window is smaller than what it needs (1024×600, large text):
        # never a window that grows past the screen, never a button out of reach.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        self._slots[attr].layout().addWidget(scroll)
        self._built[attr] = widget
        if self.model.snapshot is not None:
            widget.show_snapshot(self.model.snapshot)
        return widget

    def __getattr__(self, name: str) -> Any:  # a tab of any class (view.letters, view.forms…)
        # view.letters, view.forms… build the tab on first access (tests and the shell use them).
        specs = self.__dict__.get("_specs")
        if specs is not None and name in specs:
            return self.tab(name)
        raise AttributeError(name)

    def _check_conflicts(self) -> None:
        def found(conflicts: list[dict[str, Any]]) -> None:
            self.conflicts = conflicts
            self.conflicts_button.setVisible(bool(conflicts))
            self.conflicts_button.setText(_("{n} changes to decide").format(n=len(conflicts)))
            if conflicts and not self._asked:
                self._asked = True  # asked once when the family opens; the button stays
                self.ask_conflicts()

        self.model.read(_open_conflicts, found, name="family.conflicts")

    def ask_conflicts(self) -> None:
        if not self.conflicts:
            return
        dialog = MergeConflictsDialog(self.conflicts, self)
        dialog.accepted.connect(lambda: self._resolve(dialog.choices()))
        self.conflicts_dialog = dialog
        dialog.open()

    def _resolve(self, choices: dict[str, int]) -> None:
        def work(ff: FamilyFile) -> None:
            # lazy: keeps the vault (sqlcipher3) off the first frame
            from volunteer_desk.vault.merge import resolve_conflict

            with ff.transaction():
                for cid, choice in choices.items():
                    resolve_conflict(ff, cid, choice)

        self.model.write(work, "conflicts")

    def _show_title(self, snap: FamilySnapshot) -> None:
        name = snap.household.display_name
        self.title.setText(name)
        self.title_changed.emit(self.model.family_id, name)

    # What Ctrl+S and Ctrl+P do on each tab: the button of that tab that saves or prints.
    SAVE_BUTTONS = {"household": ("save_button",), "letters": ("view", "save_text"), "forms": ("keep_button",)}
    PRINT_BUTTONS = {"letters": ("view", "sheet_button"), "tasks": ("sheet_button",),
                     "forms": ("print_button",), "packet": ("print_button",)}

    def current_attr(self) -> str | None:
        slot = self.tabs.currentWidget()
        return next((a for a, s in self._slots.items() if s is slot), None)

    def _press(self, table: dict[str, tuple[str, ...]]) -> bool:
        attr = self.current_attr()
        if attr not in table:
            return False
        target: Any = self._built.get(attr)  # a tab, then its buttons by name
        for name in table[attr]:
            target = getattr(target, name, None)
        if target is None or not target.isEnabled() or not target.isVisibleTo(self):
            return False
        target.click()
        return True

    def save_current(self) -> bool:
        return self._press(self.SAVE_BUTTONS)

    def print_current(self) -> bool:
        return self._press(self.PRINT_BUTTONS)

    def show_tab(self, name: str) -> None:
        if name in self._slots:
            self.tab(name)
            self.tabs.setCurrentWidget(self._slots[name])
