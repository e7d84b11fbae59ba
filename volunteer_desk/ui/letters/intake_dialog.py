"""A new letter: drop or choose photos/PDFs, check and reorder the pages, read the text (OCR), save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.appearance import resize_within_screen
from volunteer_desk.ui.letters import jobs
from volunteer_desk.ui.widgets.common import ProgressRow, error_text, hint, sensitive_open_files

if TYPE_CHECKING:
    from volunteer_desk.letters.intake import Page
    from volunteer_desk.letters.ocr import OcrResult
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.ui.tasks import Job

FILE_FILTER = "Images & PDF (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.pdf)"
PAGE_ROLE = Qt.ItemDataRole.UserRole + 2


class PageList(QListWidget):
    """Thumbnails in reading order; drag a page to move it, or drop files from the desktop."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(jobs.THUMB_WIDTH, int(jobs.THUMB_WIDTH * 1.41)))
        self.setMovement(QListWidget.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(8)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setAcceptDrops(True)
        self.setMinimumHeight(160)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class IntakeDialog(QDialog):
    """Emits ``saved(letter_id)`` once the letter is in the family file."""

    saved = Signal(str)

    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        self.setWindowTitle(_("New letter"))
        self.setObjectName("intakeDialog")
        resize_within_screen(self, 820, 620)
        self.pages: list[Page] = []
        self.result: OcrResult | None = None
        self.job: Job | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("Drop photos or PDF files of one letter here, or choose them. Drag the pages "
                                "to put them in order. The files stay where they are; the pages are kept "
                                "only inside the encrypted family file.")))
        row = QHBoxLayout()
        self.title = QLineEdit()
        self.title.setObjectName("letterTitle")
        self.title.setPlaceholderText(_("Title (e.g. CPAS – decision)"))
        self.choose = QPushButton(_("Choose files…"))
        self.choose.setObjectName("chooseFiles")
        self.remove = QPushButton(_("Remove page"))
        row.addWidget(self.title, 1)
        row.addWidget(self.choose)
        row.addWidget(self.remove)
        layout.addLayout(row)
        self.list = PageList()
        self.list.setObjectName("pageList")
        layout.addWidget(self.list, 1)
        self.progress = ProgressRow(with_cancel=False)  # the dialog's Cancel stops the reading
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("intakeMessage")
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.ocr_button = QPushButton(_("Read the text and save"))
        self.ocr_button.setObjectName("readAndSave")
        self.ocr_button.setDefault(True)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.ocr_button)
        layout.addLayout(bottom)

        self.choose.clicked.connect(self._choose)
        self.remove.clicked.connect(self._remove_page)
        self.list.files_dropped.connect(self.add_files)
        self.cancel_button.clicked.connect(self.cancel)
        self.ocr_button.clicked.connect(self.read_and_save)
        self._update()

    def _update(self) -> None:
        busy = self.job is not None
        self.ocr_button.setEnabled(bool(self.pages) and not busy)
        self.choose.setEnabled(not busy)
        self.remove.setEnabled(bool(self.pages) and not busy)

    def _choose(self) -> None:
        paths = sensitive_open_files(self, _("Pages of the letter"), FILE_FILTER)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        self.message.clear()
        self.job = self.services.runner.submit(jobs.read_files, list(paths), name="letters.intake",
                                               on_done=self._pages_read, on_error=self._failed,
                                               on_cancelled=self._cancelled)
        self.progress.track(self.job)
        self._update()

    def _pages_read(self, result: jobs.IntakeResult) -> None:
        self.job = None
        for page, thumb in zip(result.pages, result.thumbnails, strict=True):
            self.pages.append(page)
            item = QListWidgetItem(QIcon(QPixmap.fromImage(thumb)), _("Page {n}").format(n=len(self.pages)))
            item.setData(PAGE_ROLE, len(self.pages) - 1)
            self.list.addItem(item)
        self._update()

    def ordered_pages(self) -> list[Page]:
        return [self.pages[self.list.item(i).data(PAGE_ROLE)] for i in range(self.list.count())]

    def move_page(self, from_row: int, to_row: int) -> None:
        """Keyboard/programmatic reorder (drag and drop does the same with the mouse)."""
        item = self.list.takeItem(from_row)
        self.list.insertItem(to_row, item)
        self.list.setCurrentRow(to_row)

    def _remove_page(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.ocr_button.setEnabled(self.list.count() > 0)

    def read_and_save(self) -> None:
        pages = self.ordered_pages()
        if not pages:
            return
        self.message.clear()
        self.job = self.services.runner.submit(jobs.ocr, pages, name="letters.ocr",
                                               on_done=lambda r: self._save(pages, r), on_error=self._failed,
                                               on_cancelled=self._cancelled)
        self.progress.track(self.job)
        self._update()

    def _save(self, pages: list[Page], result: OcrResult) -> None:
        self.result = result
        title = self.title.text().strip() or _("Letter")
        self.job = self.model.write(lambda ff: jobs.save_new_letter(ff, pages, result, title), "letters",
                                    on_done=self._saved, on_error=self._failed)
        self._update()

    def _saved(self, letter_id: str) -> None:
        self.job = None
        self.saved.emit(letter_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.message.setText(error_text(exc))
        self._update()

    def _cancelled(self) -> None:
        self.job = None
        self.message.setText(_("Cancelled. Nothing was saved."))
        self._update()

    def cancel(self) -> None:
        """While reading: stop the reading and stay (the pages are kept). Otherwise: close."""
        if self.job is not None:
            self.progress.cancel()
            return
        self.reject()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
        super().reject()
