"""Small shared widgets and helpers: headings, error messages, safe file dialogs, neutral printing."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QWidget,
)

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.i18n import _

log = logging.getLogger(__name__)
NEUTRAL_PRINT_NAME = "Volunteer Desk document"


def heading(text: str, size_delta: int = 4) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + size_delta)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5f6368;")
    return label


def error_text(exc: BaseException) -> str:
    """One sentence for the user; never a traceback, never personal data."""
    if isinstance(exc, UserError):
        # lazy: keeps ui.error_messages off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.error_messages import translate_message

        # The core speaks English (CLI, logs); the volunteer reads it in the UI language.
        return " ".join(p for p in (translate_message(exc.message), translate_message(exc.hint)) if p)
    log.error("unexpected error: %s", type(exc).__name__)
    return _("Something went wrong ({kind}). Nothing was lost; please try again.").format(kind=type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Volunteer Desk"), error_text(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()  # not exec(): never spin a nested event loop under a running job


def private_file_dialog(parent: QWidget | None, title: str) -> QFileDialog:
    """Qt's own file dialog (the desktop's would add the file to its recent-files list), with the two
    labels qtbase leaves in English: the dialog asks for "&Look in:" and "Files of &type:", the
    qtbase_*.qm catalogues only hold "Look in:" and "Files of type:"."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("QFileDialog", "Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType,
                        QCoreApplication.translate("QFileDialog", "Files of type:"))
    return dialog


def sensitive_open_files(parent: QWidget, title: str, filters: str) -> list[str]:
    """File picker that does not feed the desktop's recent-files list (Qt's own dialog)."""
    dialog = private_file_dialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilter(filters)
    dialog.setHistory([])
    return dialog.selectedFiles() if dialog.exec() else []


def sensitive_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    dialog = private_file_dialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(filters)
    dialog.selectFile(suggested)
    dialog.setHistory([])
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def neutral_printer(what: str = ""):  # noqa: ANN201 - QtPrintSupport is imported when first printing
    """A printer whose job name says nothing about the family (print spools keep job names), but says
    what kind of document and when, so "print to file" never offers the same name twice."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    printer.setDocName(f"{what or NEUTRAL_PRINT_NAME} {stamp}")
    printer.setCreator("Volunteer Desk")
    return printer


class ProgressRow(QWidget):
    """A progress bar with its message and a Cancel button, bound to one ``Job`` at a time.

    ``with_cancel=False`` for a dialog whose own Cancel button stops the job: one Cancel on screen."""

    def __init__(self, parent: QWidget | None = None, *, with_cancel: bool = True) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(160)
        self.cancel_button = QPushButton(_("Cancel"))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.cancel_button.setVisible(with_cancel)
        self._job = None
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def track(self, job) -> None:  # noqa: ANN001 - a tasks.Job
        self._job = job
        self.bar.setRange(0, 0)
        self.label.setText(_("Working…"))
        self.cancel_button.setEnabled(True)
        self.show()
        job.progressed.connect(self._progress)
        job.finished.connect(self._finished)

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if message:
            self.label.setText(message)

    def cancel(self) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Cancelling…"))

    def _finished(self) -> None:
        self._job = None
        self.hide()


def pill(text: str, colour: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"background:{colour}; color:#1a1a1a; border-radius:6px; padding:1px 6px;")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def buttons_row(*buttons: QPushButton, stretch_first: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    if stretch_first:
        row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    return row


def join_nonempty(parts: Sequence[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def record_table(object_name: str, headers: Sequence[str], *, stretch: int | None = None,
                 select_rows: bool = True, fit_others: bool = False) -> QTableWidget:
    """A read-only table with one record per row; ``stretch`` is the column that takes the spare width
    (None: all columns share it), ``fit_others`` sizes the other columns to their contents."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if fit_others:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
