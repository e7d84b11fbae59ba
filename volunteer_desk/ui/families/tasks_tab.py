"""Tasks and timeline: what has to be done by when, and what already happened."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.family.model import Task
from volunteer_desk.family.trajectory import update_step
from volunteer_desk.ui.dialogs.family_sheet import FamilySheetDialog
from volunteer_desk.ui.families.list_page import deadline_colour
from volunteer_desk.ui.widgets.common import heading, record_table, show_error
from volunteer_desk.ui.widgets.record_form import FieldSpec, RecordDialog

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.vault.store import FamilyFile


def kind_labels() -> dict[str, str]:
    return {"deadline": _("Deadline"), "appointment": _("Appointment"), "task": _("Task"),
            "trajectory": _("Integration step")}


def timeline_entries(snap: FamilySnapshot) -> list[tuple[str, str]]:
    """(date, sentence) of what happened, newest first: letters received, tasks done, requests."""
    entries = []
    for letter in snap.letters:
        day = letter.received_on or letter.letter_date or letter.created_at[:10]
        entries.append((day, _("Letter received: {title}").format(title=letter.title or _("(untitled)"))))
    for task in snap.tasks:
        if task.done:
            entries.append((task.done_on or task.due, _("Done: {title}").format(title=task.title)))
    for req in snap.requests:
        if req.submitted_on:
            entries.append((req.submitted_on, _("Request sent: {what}").format(what=req.what)))
    for step in snap.trajectory:
        if step.get("done_on"):
            entries.append((step["done_on"], _("Step done: {title}").format(title=step.get("title", ""))))
    return sorted(entries, key=lambda e: e[0] or "", reverse=True)


class TasksTab(QWidget):
    def __init__(self, model: FamilyModel, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        layout = QVBoxLayout(self)
        split = QSplitter()
        layout.addWidget(split, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading(_("To do"), 2))
        self.table = record_table("tasksTable", [_("Due"), _("What"), _("Kind"), _("Where")], stretch=1)
        ll.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add task…"))
        self.add_button.setObjectName("addTask")
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.setObjectName("editTask")
        self.delete_button = QPushButton(_("&Delete"))
        self.delete_button.setObjectName("deleteTask")
        self.done_button = QPushButton(_("&Mark as done"))
        self.done_button.setObjectName("markDone")
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.setObjectName("undoTask")
        self.undo_button.setEnabled(False)
        self.undo_note = QLabel()
        self.undo_note.setObjectName("undoNote")
        self.undo_note.setWordWrap(True)
        self.sheet_button = QPushButton(_("Sheet for the family…"))
        self.sheet_button.setObjectName("datesSheet")
        self.sheet_button.setToolTip(_("All open dates on one large-print page in the family's language."))
        self.sheet_button.setEnabled(services is not None)
        for button in (self.add_button, self.edit_button, self.delete_button, self.done_button, self.undo_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.sheet_button)
        ll.addLayout(row)
        ll.addWidget(self.undo_note)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(heading(_("Timeline"), 2))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        rl.addWidget(self.timeline, 1)
        split.addWidget(right)
        split.setSizes([600, 400])

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.done_button.clicked.connect(self.mark_done)
        self.undo_button.clicked.connect(self.undo)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete)
        self._undo: tuple[str, Task] | None = None  # ("reopen" | "restore", the task as it was)
        self.sheet_button.clicked.connect(self.open_sheet)
        model.changed.connect(self.show_snapshot)
        self._open: list[Task] = []

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        # Dated tasks and the integration trajectory's deadlines together, then tasks with no date.
        self._open = snap.open_deadlines(lang=ui_language()) + [t for t in snap.open_tasks() if not t.due]
        labels = kind_labels()
        self.table.setRowCount(len(self._open))
        for r, t in enumerate(self._open):
            due = " ".join(p for p in (short_date(t.due), t.time) if p) or "—"
            colour = deadline_colour(t.due)
            for c, text in enumerate((due, t.title, labels.get(t.kind, t.kind), t.where)):
                item = QTableWidgetItem(text)
                if colour is not None and c == 0:
                    item.setBackground(colour)
                if t.source and c == 1:
                    item.setToolTip(_("From the letter: “{text}”").format(text=t.source))
                self.table.setItem(r, c, item)
        self.timeline.clear()
        for day, text in timeline_entries(snap):
            self.timeline.addItem(f"{short_date(day)}  {text}")

    def _specs(self) -> list[FieldSpec]:
        return [FieldSpec("title", _("What"), "required"), FieldSpec("kind", _("Kind"), "combo", kind_labels()),
                FieldSpec("due", _("Due"), "date"), FieldSpec("time", _("Time (HH:MM)")),
                FieldSpec("where", _("Where"))]

    def add(self) -> RecordDialog:
        dialog = RecordDialog(_("New task"), self._specs(), {"kind": "task"}, self)
        dialog.setObjectName("taskDialog")
        dialog.draft_opener = (self, "add", None)
        dialog.accepted.connect(lambda: self.model.save(Task(**dialog.values()),
                                                        on_error=lambda e: show_error(self, e)))
        dialog.open()
        self.dialog = dialog
        return dialog

    def selected(self) -> Task | None:
        row = self.table.currentRow()
        return self._open[row] if 0 <= row < len(self._open) else None

    def _computed(self, task: Task) -> bool:
        return task.kind == "trajectory" and (task.id or "").startswith("trajectory:")

    def edit(self) -> None:
        task = self.selected()
        if task is None or self._computed(task):
            return
        dialog = RecordDialog(_("Correct the task"), self._specs(), task.to_data(), self)
        dialog.setObjectName("taskDialog")

        def save() -> None:
            # lazy: keeps the vault (sqlcipher3) off the first frame
            from volunteer_desk.family import tasks

            corrected = replace(task, **dialog.values())
            self._remember("restore", task, _("Task corrected."))
            self.model.write(lambda ff: tasks.edit(ff, corrected), "tasks", on_error=lambda e: show_error(self, e))

        dialog.accepted.connect(save)
        dialog.open()
        self.dialog = dialog

    def delete(self) -> None:
        task = self.selected()
        if task is None or self._computed(task):
            return
        # lazy: keeps the vault (sqlcipher3) off the first frame
        from volunteer_desk.family import tasks

        self._remember("restore", task, _("Task deleted: {title}.").format(title=task.title))
        self.model.write(lambda ff: tasks.delete(ff, task.id), "tasks", on_error=lambda e: show_error(self, e))

    def mark_done(self) -> None:
        task = self.selected()
        if task is None:
            return
        if self._computed(task):
            step_id = task.id.removeprefix("trajectory:")  # a computed deadline: record the step instead

            def record(ff: FamilyFile) -> object:
                return update_step(ff, step_id, status="done")

            self.model.write(record, "trajectory", on_error=lambda e: show_error(self, e))
            return
        # lazy: keeps the vault (sqlcipher3) off the first frame
        from volunteer_desk.family import tasks

        self._remember("reopen", task, _("Marked as done: {title}.").format(title=task.title))
        self.model.write(lambda ff: tasks.set_done(ff, task.id, True), "tasks",
                         on_error=lambda e: show_error(self, e))

    def _remember(self, kind: str, task: Task, note: str) -> None:
        self._undo = (kind, task)
        self.undo_button.setEnabled(True)
        self.undo_note.setText(note + " " + _("Undo puts it back (Ctrl+Z)."))

    def undo(self) -> None:
        if self._undo is None:
            return
        # lazy: keeps the vault (sqlcipher3) off the first frame
        from volunteer_desk.family import tasks

        kind, task = self._undo
        self._undo = None
        self.undo_button.setEnabled(False)
        self.undo_note.setText(_("Undone."))
        if kind == "reopen":
            self.model.write(lambda ff: tasks.set_done(ff, task.id, False), "tasks",
                             on_error=lambda e: show_error(self, e))
        else:
            self.model.write(lambda ff: tasks.restore(ff, task), "tasks", on_error=lambda e: show_error(self, e))

    def open_sheet(self) -> None:
        self.sheet_dialog = FamilySheetDialog(self.model, self.services, None, self)
        self.sheet_dialog.open()
