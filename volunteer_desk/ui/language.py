"""Apply the UI language: our gettext catalogue, Qt's own qtbase strings, and the layout direction."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from volunteer_desk.core.i18n import set_ui_language
from volunteer_desk.ui.settings import RTL_LANGUAGES

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


class MnemonicFallback(QTranslator):
    """Qt's file dialog asks for "&Look in:" and "Files of &type:", while qtbase_*.qm only holds
    "Look in:" and "Files of type:": those labels stayed English in every language. This asks
    qtbase again without the '&' when it has no answer (the mnemonic is lost, the words are not)."""

    def __init__(self, qtbase: QTranslator, parent=None) -> None:  # noqa: ANN001 - a QObject
        super().__init__(parent)
        self.qtbase = qtbase

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if not source or "&" not in source:
            return ""
        if self.qtbase.translate(context, source, disambiguation, n):
            return ""  # qtbase has it: let Qt use that
        return self.qtbase.translate(context, source.replace("&", ""), disambiguation, n)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def apply_language(app: QApplication, language: str) -> None:
    """Switch gettext and Qt's dialogs to ``language``; Arabic (and other RTL) mirror the layout."""
    set_ui_language(language)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", path):
        app.installTranslator(qt)
        fallback = MnemonicFallback(qt, app)
        app.installTranslator(fallback)  # installed last: asked first, answers only where qtbase has nothing
        _installed.extend([qt, fallback])
    else:
        log.info("no Qt translation for this language")
    QLocale.setDefault(QLocale(language))
    direction = Qt.LayoutDirection.RightToLeft if language in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight
    app.setLayoutDirection(direction)
