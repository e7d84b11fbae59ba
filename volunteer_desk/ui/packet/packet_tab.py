"""Handover packet: choose the recipient, language, letters and forms (with their page counts); the
reason and questions for the référent; preview; print; export as PDF. By default: the note alone plus
the forms addressed to the recipient; alternative forms (the three rent guarantees) never both."""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.i18n import _
from volunteer_desk.core.languages import endonym
from volunteer_desk.packet.labels import PACKET_LANGUAGES
from volunteer_desk.packet.wording import letter_heading
from volunteer_desk.ui.widgets.common import (
    ProgressRow,
    error_text,
    heading,
    hint,
    neutral_printer,
    sensitive_save_file,
    show_error,
)
from volunteer_desk.ui.widgets.pdf_view import PdfPreview, print_pdf, render_pages

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from volunteer_desk.core.progress import CancelToken, Progress
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.vault.store import FamilyFile

LETTER_ROLE = Qt.ItemDataRole.UserRole + 6
FORM_ID_ROLE = Qt.ItemDataRole.UserRole + 7
GROUP_ROLE = Qt.ItemDataRole.UserRole + 8
PAGES_ROLE = Qt.ItemDataRole.UserRole + 9


def form_page_counts(snapshot: FamilySnapshot, recipient: str) -> dict[str, Any]:
    """The packet plan with each form's page count, counted in the background."""
    # lazy: keeps PIL, cv2, numpy, pypdfium2, reportlab off the first frame
    from volunteer_desk.packet.selection import packet_plan

    try:  # leave the CPU to the screen and to the packet being built (Linux: per thread)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass
    # between two forms, let the main thread take the interpreter
    return packet_plan(snapshot, recipient, count_pages=True, between=lambda: time.sleep(0.005))


def recipient_labels() -> dict[str, str]:
    return {"cpas": _("CPAS"), "cri": _("CRI / BAPA"), "lawyer": _("Lawyer")}


class PacketTab(QWidget):
    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        self.pdf: bytes = b""
        self._planned: FamilySnapshot | None = None  # the snapshot whose forms were last counted
        layout = QHBoxLayout(self)
        split = QSplitter()
        layout.addWidget(split)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading(_("Handover packet"), 2))
        ll.addWidget(hint(_("One PDF for the social worker or the lawyer: a short note with its points of "
                            "attention, then the letters and forms you tick. Only what the family agreed to share "
                            "goes in.")))
        form = QFormLayout()
        self.recipient = QComboBox()
        self.recipient.setObjectName("packetRecipient")
        for key, label in recipient_labels().items():
            self.recipient.addItem(label, key)
        self.language = QComboBox()
        self.language.setObjectName("packetLanguage")
        for code in PACKET_LANGUAGES:
            self.language.addItem(endonym(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(services.settings.document_language)))
        self.show_niss = QCheckBox(_("Print national register numbers in full"))
        form.addRow(_("For"), self.recipient)
        form.addRow(_("Language"), self.language)
        form.addRow("", self.show_niss)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("packetReason")
        self.reason.setPlaceholderText(_("Why you hand the family over"))
        self.reason.setFixedHeight(48)
        self.questions = QPlainTextEdit()
        self.questions.setObjectName("packetQuestions")
        self.questions.setPlaceholderText(_("Your questions for the référent"))
        self.questions.setFixedHeight(48)
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Questions"), self.questions)
        ll.addLayout(form)
        ll.addWidget(hint(_("Letters to include:")))
        self.letters = QListWidget()
        self.letters.setObjectName("packetLetters")
        ll.addWidget(self.letters, 1)
        ll.addWidget(hint(_("Forms to include (filled from the family file):")))
        self.forms = QListWidget()
        self.forms.setObjectName("packetForms")
        ll.addWidget(self.forms, 1)
        self.pages_label = hint("")
        self.pages_label.setObjectName("packetPages")
        ll.addWidget(self.pages_label)
        self.letters.itemChanged.connect(self._count_pages)
        self.forms.itemChanged.connect(self._form_ticked)
        self.recipient.currentIndexChanged.connect(lambda _i: self._plan_forms())
        self.progress = ProgressRow()
        ll.addWidget(self.progress)
        self.message = hint("")
        self.message.setObjectName("packetMessage")
        ll.addWidget(self.message)
        row = QHBoxLayout()
        self.build_button = QPushButton(_("Preview"))
        self.build_button.setObjectName("buildPacket")
        self.print_button = QPushButton(_("Print…"))
        self.export_button = QPushButton(_("Export PDF…"))
        for b in (self.build_button, self.print_button, self.export_button):
            row.addWidget(b)
        ll.addLayout(row)
        split.addWidget(left)
        self.preview = PdfPreview()
        split.addWidget(self.preview)
        split.setSizes([420, 780])
        self.build_button.clicked.connect(self.build)
        self.print_button.clicked.connect(self.print_packet)
        self.export_button.clicked.connect(self.export)
        model.changed.connect(self.show_snapshot)
        self._ready(False)

    def _ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.export_button.setEnabled(ready)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        chosen = set(self.chosen_letters())  # the note alone by default: letters are ticked by hand
        self.letters.blockSignals(True)
        self.letters.clear()
        for letter in sorted(snap.letters, key=lambda lt: lt.received_on or lt.created_at):
            pages = len(letter.page_ids) + 1  # the scans and the text beside its translation (as packet_plan)
            item = QListWidgetItem(_("{date}  {title} ({n} p.)").format(
                date=letter.received_on, title=letter_heading(letter, "fr"), n=pages))
            item.setData(LETTER_ROLE, letter.id)
            item.setData(PAGES_ROLE, pages)
            item.setCheckState(Qt.CheckState.Checked if letter.id in chosen else Qt.CheckState.Unchecked)
            self.letters.addItem(item)
        self.letters.blockSignals(False)
        self._planned = None
        if self.isVisible():
            self._plan_forms()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._planned is not self.model.snapshot:
            self._plan_forms()

    def _plan_forms(self) -> None:
        snap = self.model.snapshot
        if snap is None:
            return
        self._planned = snap
        self.services.runner.submit(form_page_counts, snap, self.recipient.currentData(), name="packet.plan",
                                    on_done=self._show_forms, on_error=lambda _e: None)

    def _show_forms(self, plan: dict[str, Any]) -> None:
        self.forms.blockSignals(True)
        self.forms.clear()
        for form in plan["forms"]:
            item = QListWidgetItem(_("{title} ({n} p.)").format(title=form["title"], n=form["pages"]))
            item.setData(FORM_ID_ROLE, form["id"])
            item.setData(GROUP_ROLE, form["exclusive"])
            item.setData(PAGES_ROLE, form["pages"])
            item.setCheckState(Qt.CheckState.Checked if form["default"] else Qt.CheckState.Unchecked)
            self.forms.addItem(item)
        self.forms.blockSignals(False)
        self._count_pages()

    def _form_ticked(self, item: QListWidgetItem) -> None:
        """Alternatives (e.g. the three rent-guarantee forms): ticking one unticks the others."""
        group = item.data(GROUP_ROLE)
        if group and item.checkState() == Qt.CheckState.Checked:
            self.forms.blockSignals(True)
            for i in range(self.forms.count()):
                other = self.forms.item(i)
                if other is not item and other.data(GROUP_ROLE) == group:
                    other.setCheckState(Qt.CheckState.Unchecked)
            self.forms.blockSignals(False)
        self._count_pages()

    def _count_pages(self, *_args: Any) -> None:
        added = sum(int(w.item(i).data(PAGES_ROLE) or 0) for w in (self.letters, self.forms)
                    for i in range(w.count()) if w.item(i).checkState() == Qt.CheckState.Checked)
        self.pages_label.setText(_("The note (4 to 6 pages) + {n} pages of letters and forms.").format(n=added))

    def chosen_letters(self) -> list[str]:
        return [self.letters.item(i).data(LETTER_ROLE) for i in range(self.letters.count())
                if self.letters.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_forms(self) -> list[str]:
        return [self.forms.item(i).data(FORM_ID_ROLE) for i in range(self.forms.count())
                if self.forms.item(i).checkState() == Qt.CheckState.Checked]

    def build(self) -> None:
        snap = self.model.snapshot
        recipient, lang = self.recipient.currentData(), self.language.currentData()
        letter_ids, show_niss = self.chosen_letters(), self.show_niss.isChecked()
        form_ids = self.chosen_forms() if self.forms.count() else None  # plan not counted yet: the default
        reason, questions = self.reason.toPlainText(), self.questions.toPlainText()
        volunteer = {"name": self.services.desk.volunteer_name}

        def work(ff: FamilyFile, progress: Progress, cancel: CancelToken) -> bytes:
            # lazy: keeps PIL, cv2, numpy, pypdfium2, reportlab off the first frame
            from volunteer_desk.packet.build import build_packet
            from volunteer_desk.packet.request import PacketRequest

            request = PacketRequest(recipient, lang, volunteer=volunteer, letter_ids=tuple(letter_ids),
                                    form_ids=form_ids, show_niss=show_niss, reason=reason, questions=questions)
            pdf = build_packet(snap, ff, request, progress=progress, cancel=cancel)
            ff.audit("packet.build", recipient)
            return pdf

        self._ready(False)
        self.message.clear()
        job = self.model.worker.call(work, name="packet.build", on_done=self._built, on_error=self._failed)
        self.progress.track(job)

    def _built(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.message.setText(_("Packet ready."))
        self.services.runner.submit(render_pages, pdf, 60, 6, name="packet.preview", on_done=self.preview.show_pages)
        self._ready(True)

    def _failed(self, exc: BaseException) -> None:
        self.preview.clear()
        self.message.setText(error_text(exc))

    def print_packet(self) -> None:
        self.printer = neutral_printer()
        if QPrintDialog(self.printer, self).exec():
            job = self.services.runner.submit(print_pdf, self.printer, self.pdf, name="packet.print",
                                              on_error=lambda e: show_error(self, e))
            self.progress.track(job)

    def suggested_name(self) -> str:
        """The file name offered on export: language and recipient of this packet, never the family's name."""
        # lazy: keeps PIL, cv2, numpy, pypdfium2, reportlab off the first frame
        from volunteer_desk.packet.build import neutral_filename

        return neutral_filename(lang=self.language.currentData() or "fr",
                                recipient=self.recipient.currentData() or "cpas")

    def export(self, path: str = "") -> None:
        path = path or sensitive_save_file(self, _("Export the packet"), self.suggested_name(), "PDF (*.pdf)")
        if not path:
            return
        pdf = self.pdf

        def write() -> str:
            atomic_write(path, pdf)
            return path

        self.services.runner.submit(write, name="packet.export",
                                    on_done=lambda _p: self.message.setText(_("Exported.")),
                                    on_error=lambda e: show_error(self, e))

    def prepare_screenshot(self) -> None:
        if not self.pdf:
            self.build()
