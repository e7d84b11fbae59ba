"""Pick a family's language by its name, written in its own script (العربية — arabe), not a code.

Names come from ``core.languages``. A code stored before (or by an import) that is not in the list is
kept and shown as it is: nothing is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import FAMILY_LANGUAGES, label


class LanguagePicker(QComboBox):
    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(_("— not known —"), "")
        for code in FAMILY_LANGUAGES:
            self.addItem(label(code, ui_language()), code)  # 'العربية — arabe' in a French UI
        self.set_code(current)

    def set_code(self, code: str) -> None:
        index = self.findData(code or "")
        if index < 0:
            self.addItem(code, code)  # an unlisted code stays as it was
            index = self.count() - 1
        self.setCurrentIndex(index)

    def code(self) -> str:
        return self.currentData() or ""
