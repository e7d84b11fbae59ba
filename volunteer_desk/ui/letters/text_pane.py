"""The letter's text, editable: doubtful OCR words in yellow, administrative terms underlined with
their explanation as a tooltip. Highlights are extra selections, so the text itself stays plain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

LOW_CONFIDENCE_BG = QColor("#fff1a8")
SOURCE_BG = QColor("#cfe8ff")


@dataclass(frozen=True)
class Doubtful:
    start: int
    end: int
    text: str
    confidence: float
    page: int
    quad: tuple


def doubtful_spans(text: str, ocr: dict) -> list[Doubtful]:
    """Where the low-confidence words of each page sit in the (possibly corrected) text."""
    out: list[Doubtful] = []
    seen: set[tuple[int, int]] = set()
    for page_no, page in enumerate(ocr.get("pages", []) or []):
        for word in page.get("low_confidence_words", []) or []:
            token = word.get("text", "").strip()
            if not token:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(token) + r"(?!\w)", text):
                if (m.start(), m.end()) not in seen:
                    seen.add((m.start(), m.end()))
                    out.append(Doubtful(m.start(), m.end(), token, float(word.get("confidence", 0)), page_no,
                                        tuple(tuple(p) for p in word.get("quad", []))))
                    break
    return sorted(out, key=lambda d: d.start)


class LetterTextEdit(QTextEdit):
    doubtful_clicked = Signal(object)  # Doubtful
    edited = Signal()  # debounced: highlights need recomputing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.doubtful: list[Doubtful] = []
        self.terms: list[tuple[int, int, str]] = []
        self.source: tuple[int, int] | None = None
        self.viewport().installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.edited.emit)
        self._loading = False
        self.textChanged.connect(self._changed)
        self.cursorPositionChanged.connect(self._cursor_moved)

    def load(self, text: str) -> None:
        self._loading = True
        self.setPlainText(text)
        self._loading = False
        self.doubtful, self.terms, self.source = [], [], None
        self.refresh_highlights()

    def _changed(self) -> None:
        if not self._loading:
            self._debounce.start()

    def set_highlights(self, doubtful: list[Doubtful], terms: list[tuple[int, int, str]]) -> None:
        self.doubtful, self.terms = doubtful, terms
        self.refresh_highlights()

    def show_source(self, start: int, end: int) -> None:
        """Mark where a fact was read, and scroll to it."""
        self.source = (start, end)
        cursor = self.textCursor()
        cursor.setPosition(min(start, len(self.toPlainText())))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.refresh_highlights()

    def refresh_highlights(self) -> None:
        selections = []
        length = len(self.toPlainText())

        def add(start: int, end: int, fmt: QTextCharFormat) -> None:
            if 0 <= start < end <= length:
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                sel.format = fmt
                selections.append(sel)

        term_fmt = QTextCharFormat()
        term_fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        term_fmt.setUnderlineColor(QColor("#1565c0"))
        term_fmt.setForeground(QColor("#0d47a1"))
        for start, end, _text in self.terms:
            add(start, end, term_fmt)
        low_fmt = QTextCharFormat()
        low_fmt.setBackground(LOW_CONFIDENCE_BG)
        for d in self.doubtful:
            add(d.start, d.end, low_fmt)
        if self.source:
            src_fmt = QTextCharFormat()
            src_fmt.setBackground(SOURCE_BG)
            add(*self.source, src_fmt)
        self.setExtraSelections(selections)

    def term_at(self, position: int) -> str | None:
        return next((text for start, end, text in self.terms if start <= position < end), None)

    def doubtful_at(self, position: int) -> Doubtful | None:
        return next((d for d in self.doubtful if d.start <= position <= d.end), None)

    def _cursor_moved(self) -> None:
        found = self.doubtful_at(self.textCursor().position())
        if found is not None:
            self.doubtful_clicked.emit(found)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            explanation = self.term_at(position)
            if explanation:
                QToolTip.showText(event.globalPos(), explanation, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

