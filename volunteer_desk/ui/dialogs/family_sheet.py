""""Sheet for the family": the large-print sheet of one letter (or of all open dates) in the family's
language or another one — previewed, printed, and read aloud on this laptop.

Building the PDF, rendering its preview (pypdfium2), synthesising speech and playing it all run as
jobs of the one worker mechanism (``ui/tasks.py``); closing the dialog cancels them (playback stops).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.errors import NotFound
from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import label
from volunteer_desk.sheet.phrases import languages
from volunteer_desk.sheet.speech import VOICES, play, speak
from volunteer_desk.ui.appearance import resize_within_screen
from volunteer_desk.ui.widgets.common import ProgressRow, error_text, hint, neutral_printer, show_error
from volunteer_desk.ui.widgets.pdf_view import PdfPreview, print_pdf, render_pages

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from volunteer_desk.core.progress import CancelToken
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.ui.tasks import Job

PREVIEW_DPI = 70


def build_sheet_pdf(snapshot: FamilySnapshot, letter_id: str | None, lang: str, volunteer_name: str, volunteer_phone: str,
                    today: date | None = None) -> tuple[bytes, str, list]:
    """(PDF, the sheet's text for reading aloud, preview images): the whole job, off the main thread."""
    # lazy: reportlab and PIL load in this worker, not on the main thread when a tab imports the dialog
    from volunteer_desk.sheet.content import build_deadlines_sheet, build_sheet
    from volunteer_desk.sheet.render import render_sheet_pdf

    day = today or date.today()
    if letter_id:
        letter = next((lt for lt in snapshot.letters if lt.id == letter_id), None)
        if letter is None:
            raise NotFound(_("This letter is not in the family file."))
        sheet = build_sheet(letter, snapshot, lang, volunteer_name, volunteer_phone, today=day)
    else:
        sheet = build_deadlines_sheet(snapshot, lang, day, volunteer_name, volunteer_phone)
    pdf = render_sheet_pdf(sheet)
    return pdf, sheet.text(), render_pages(pdf, PREVIEW_DPI, 4)


def read_aloud(text: str, lang: str, cancel: CancelToken | None = None) -> bytes:
    """Synthesise the sheet (espeak-ng, piped) and play it through the sound system."""
    wav = speak(text, lang)
    if cancel is not None:
        cancel.raise_if_cancelled()
    play(wav, cancel=cancel)
    return wav


def voice_note(lang: str) -> str:
    """What the dialog says about reading aloud in ``lang`` ("" when there is a voice)."""
    if lang in VOICES:
        return ""
    return _("No voice for {name}: the sheet is not read aloud, and its pictograms are printed larger.").format(
        name=label(lang, ui_language()))


class FamilySheetDialog(QDialog):
    def __init__(self, model: FamilyModel, services: Services, letter_id: str | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)

        self.model, self.services, self.letter_id, self.today = model, services, letter_id, today
        self.pdf: bytes = b""
        self.text: str = ""
        self._jobs: list[Job] = []
        self.setWindowTitle(_("Sheet for the family"))
        self.setObjectName("familySheetDialog")
        resize_within_screen(self, 760, 900)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("A large-print page for the family: what the letter means, what to do, by when, "
                                "what to bring and whom to call.") if letter_id else
                              _("A large-print page for the family with all their open dates.")))
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("sheetLanguage")
        for code in languages():
            self.language.addItem(label(code, ui_language()), code)
        snap = model.snapshot
        family_lang = (snap.household.main_language if snap else "") or "fr"
        self.language.setCurrentIndex(max(0, self.language.findData(family_lang)))
        self.phone = QLineEdit()
        self.phone.setObjectName("sheetVolunteerPhone")
        self.phone.setPlaceholderText(_("Printed on the sheet so the family can call you"))
        form.addRow(_("Language"), self.language)
        form.addRow(_("Your phone"), self.phone)
        layout.addLayout(form)
        self.voice = hint("")
        self.voice.setObjectName("sheetVoiceNote")
        layout.addWidget(self.voice)
        self.preview = PdfPreview()
        self.preview.setObjectName("sheetPreview")
        layout.addWidget(self.preview, 1)
        self.progress = ProgressRow()
        layout.addWidget(self.progress)
        self.message = hint("")
        self.message.setObjectName("sheetMessage")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(_("Update preview"))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("sheetPrint")
        self.read_button = QPushButton(_("Read aloud"))
        self.read_button.setObjectName("sheetRead")
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.setObjectName("sheetStop")
        close = QPushButton(_("Close"))
        for b in (self.refresh_button, self.print_button, self.read_button, self.stop_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.language.currentIndexChanged.connect(lambda _i: self.generate())
        self.refresh_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(self.print_sheet)
        self.read_button.clicked.connect(self.read)
        self.stop_button.clicked.connect(self.stop)
        close.clicked.connect(self.reject)
        self.finished.connect(lambda _r: self.stop_all())
        self.play_job: Job | None = None
        self._ready(False)
        self.stop_button.setEnabled(False)
        self.generate()

    @property
    def lang(self) -> str:
        return self.language.currentData()

    def _ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.read_button.setEnabled(ready and self.lang in VOICES and self.play_job is None)

    def _track(self, job: Job) -> Job:
        self._jobs.append(job)
        job.finished.connect(lambda: self._jobs.remove(job) if job in self._jobs else None)
        return job

    # -- build and preview ----------------------------------------------------------------------------
    def generate(self) -> None:
        self._ready(False)
        self.voice.setText(voice_note(self.lang))
        self.message.setText(_("Preparing the sheet…"))
        job = self.services.runner.submit(
            build_sheet_pdf, self.model.snapshot, self.letter_id, self.lang, self.services.desk.volunteer_name,
            self.phone.text().strip(), self.today, name="sheet.build", on_done=self._built, on_error=self._failed)
        self.progress.track(self._track(job))

    def _built(self, result: tuple[bytes, str, list]) -> None:
        self.pdf, self.text, images = result
        self.preview.show_pages(images)
        self.message.setText(_("Sheet ready."))
        self._ready(True)

    def _failed(self, exc: BaseException) -> None:
        self.preview.clear()
        self.message.setText(error_text(exc))

    # -- print ------------------------------------------------------------------------------------------
    def print_sheet(self) -> None:
        self.printer = neutral_printer(_("Family sheet"))
        if QPrintDialog(self.printer, self).exec():
            self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> Job:
        job = self.services.runner.submit(print_pdf, printer, self.pdf, name="sheet.print",
                                          on_done=lambda n: self.message.setText(_("Sent to the printer.")),
                                          on_error=lambda e: show_error(self, e))
        return self._track(job)

    # -- read aloud -------------------------------------------------------------------------------------
    def read(self) -> Job | None:
        if not self.text or self.play_job is not None:
            return None
        self.message.setText(_("Reading the sheet aloud…"))
        job = self.services.runner.submit(read_aloud, self.text, self.lang, name="sheet.read",
                                          on_done=lambda _wav: self.message.setText(_("Finished reading.")),
                                          on_error=lambda e: self.message.setText(error_text(e)),
                                          on_cancelled=lambda: self.message.setText(_("Reading stopped.")))
        self.play_job = self._track(job)
        job.finished.connect(self._played)
        self.read_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        return job

    def _played(self) -> None:
        self.play_job = None
        self.stop_button.setEnabled(False)
        self._ready(bool(self.pdf))

    def stop(self) -> None:
        if self.play_job is not None:
            self.play_job.cancel()

    def stop_all(self) -> None:
        """The dialog is closing: its jobs die with it (playback stops, builds are dropped)."""
        for job in list(self._jobs):
            job.cancel()
