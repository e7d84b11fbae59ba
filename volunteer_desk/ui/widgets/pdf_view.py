"""PDF preview and printing without QtPdf: pages rendered by pypdfium2 in a job, painted as images.

Rendering and painting on a ``QPrinter`` both happen in worker jobs (QPainter may paint on
QImage/QPrinter outside the main thread); the PDF stays in memory, never in a temporary file.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress


def render_pages(pdf: bytes, dpi: int = 80, max_pages: int = 50, progress: Progress = no_progress,
                 cancel: CancelToken | None = None) -> list[QImage]:
    # lazy: keeps pypdfium2 off the first frame
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        count = min(len(doc), max_pages)
        images = []
        for i in range(count):
            if cancel is not None:
                cancel.raise_if_cancelled()
            bitmap = doc[i].render(scale=dpi / 72)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            images.append(image)
            progress(i + 1, count, _("Preparing pages"))
        return images
    finally:
        doc.close()


def print_pdf(printer, pdf: bytes, progress: Progress = no_progress,  # noqa: ANN001 - QPrinter
              cancel: CancelToken | None = None) -> int:
    """Paint every page on the printer (job name set neutrally by the caller). Returns pages printed."""
    images = render_pages(pdf, dpi=min(300, max(150, printer.resolution())), max_pages=500, progress=progress,
                          cancel=cancel)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer could not be started."))
    try:
        for i, image in enumerate(images):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if i:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images)


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.box = QWidget()
        self.pages = QVBoxLayout(self.box)
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.box)
        self.count = 0

    def show_pages(self, images: list[QImage]) -> None:
        self.clear()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #c8c8c8; background: white;")
            self.pages.addWidget(label)
        self.count = len(images)

    def clear(self) -> None:
        while self.pages.count():
            item = self.pages.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.count = 0
