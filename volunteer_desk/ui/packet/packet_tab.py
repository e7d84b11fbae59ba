"""Handover packet: choose the recipient, language and letters; preview; print; export as PDF."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.widgets.common import (
    ProgressRow,
    heading,
    hint,
    neutral_printer,
    sensitive_save_file,
    show_error,
)
from volunteer_desk.ui.widgets.pdf_view import PdfPreview, print_pdf, render_pages

LETTER_ROLE = Qt.ItemDataRole.UserRole + 6


def recipient_labels() -> dict[str, str]:
    return {"cpas": _("CPAS"), "cri": _("CRI / BAPA"), "lawyer": _("Lawyer")}


class PacketTab(QWidget):
    def __init__(self, model: Any, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        self.pdf: bytes = b""
        layout = QHBoxLayout(self)
        split = QSplitter()
        layout.addWidget(split)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading(_("Handover packet"), 2))
        ll.addWidget(hint(_("One PDF for the social worker or the lawyer: summary, consent, timeline, "
                            "letters and forms. Only what the family agreed to share goes in.")))
        form = QFormLayout()
        self.recipient = QComboBox()
        self.recipient.setObjectName("packetRecipient")
        for key, label in recipient_labels().items():
            self.recipient.addItem(label, key)
        self.language = QComboBox()
        self.language.setObjectName("packetLanguage")
        self.language.addItem("Français", "fr")
        self.language.addItem("Nederlands", "nl")
        self.language.setCurrentIndex(max(0, self.language.findData(services.settings.document_language)))
        self.show_niss = QCheckBox(_("Print national register numbers in full"))
        form.addRow(_("For"), self.recipient)
        form.addRow(_("Language"), self.language)
        form.addRow("", self.show_niss)
        ll.addLayout(form)
        ll.addWidget(hint(_("Letters to include:")))
        self.letters = QListWidget()
        self.letters.setObjectName("packetLetters")
        ll.addWidget(self.letters, 1)
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

    def show_snapshot(self, snap: Any) -> None:
        chosen = self.chosen_letters() if self.letters.count() else None
        self.letters.clear()
        for letter in sorted(snap.letters, key=lambda lt: lt.received_on or lt.created_at):
            item = QListWidgetItem(f"{letter.received_on}  {letter.title}")
            item.setData(LETTER_ROLE, letter.id)
            checked = chosen is None or letter.id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.letters.addItem(item)

    def chosen_letters(self) -> list[str]:
        return [self.letters.item(i).data(LETTER_ROLE) for i in range(self.letters.count())
                if self.letters.item(i).checkState() == Qt.CheckState.Checked]

    def build(self) -> None:
        snap = self.model.snapshot
        recipient, lang = self.recipient.currentData(), self.language.currentData()
        letter_ids, show_niss = self.chosen_letters(), self.show_niss.isChecked()
        volunteer = {"name": self.services.desk.volunteer_name}

        def work(ff: Any, progress: Any, cancel: Any) -> bytes:
            from volunteer_desk.packet.handover import build_packet

            pdf = build_packet(snap, ff, recipient, lang, volunteer, letter_ids=letter_ids, show_niss=show_niss,
                               progress=progress, cancel=cancel)
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
        from volunteer_desk.ui.widgets.common import error_text

        self.preview.clear()
        self.message.setText(error_text(exc))

    def print_packet(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        self.printer = neutral_printer()
        if QPrintDialog(self.printer, self).exec():
            job = self.services.runner.submit(print_pdf, self.printer, self.pdf, name="packet.print",
                                              on_error=lambda e: show_error(self, e))
            self.progress.track(job)

    def export(self, path: str = "") -> None:
        from volunteer_desk.packet.handover import neutral_filename

        path = path or sensitive_save_file(self, _("Export the packet"), neutral_filename(), "PDF (*.pdf)")
        if not path:
            return
        pdf = self.pdf

        def write() -> str:
            from volunteer_desk.core.atomic import atomic_write

            atomic_write(path, pdf)
            return path

        self.services.runner.submit(write, name="packet.export",
                                    on_done=lambda _p: self.message.setText(_("Exported.")),
                                    on_error=lambda e: show_error(self, e))

    def prepare_screenshot(self) -> None:
        if not self.pdf:
            self.build()
