"""Apply the UI language: our gettext catalogue, Qt's own qtbase strings, and the layout direction."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from volunteer_desk.core.i18n import set_ui_language
from volunteer_desk.core.languages import RTL_LANGUAGES

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


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
        _installed.append(qt)
    else:
        log.info("no Qt translation for this language")
    QLocale.setDefault(QLocale(language))
    direction = Qt.LayoutDirection.RightToLeft if language in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight
    app.setLayoutDirection(direction)
