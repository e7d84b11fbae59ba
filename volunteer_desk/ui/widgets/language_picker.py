"""Pick a family's language by its name, written in its own script (العربية — arabe), not a code.

Names come from babel (CLDR); Dari and Kurmanji get the names their speakers use. A code stored
before (or by an import) that is not in the list is kept and shown as it is: nothing is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from volunteer_desk.core.i18n import _, ui_language

# Languages of the families the associations follow (sheet phrases first), then the neighbours'.
FAMILY_LANGUAGES = ("ar", "fa", "prs", "ps", "ckb", "kmr", "ti", "so", "am", "tr", "uk", "ru", "fr", "nl", "en",
                    "de", "es", "sq", "ro", "bg", "pl", "ur", "hy", "ka", "ln", "sw", "pt", "it", "bn", "uz", "tg")
_OWN_NAMES = {"prs": "دری", "kmr": "Kurdî (Kurmancî)"}
_BABEL_CODE = {"prs": "fa_AF", "kmr": "ku"}


def native_name(code: str) -> str:
    if code in _OWN_NAMES:
        return _OWN_NAMES[code]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(_BABEL_CODE.get(code, code)).get_display_name(_BABEL_CODE.get(code, code)) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def name_in(code: str, language: str) -> str:
    """The language's name in the UI language ('arabe' in French), '' if babel does not know it."""
    from babel import Locale, UnknownLocaleError

    if code == "prs":
        return _("Dari")
    try:
        return Locale.parse(_BABEL_CODE.get(code, code)).get_display_name(language) or ""
    except (UnknownLocaleError, ValueError):
        return ""


def language_label(code: str) -> str:
    own, here = native_name(code), name_in(code, ui_language())
    return own if not here or here.casefold() == own.casefold() else f"{own} — {here}"


class LanguagePicker(QComboBox):
    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(_("— not known —"), "")
        for code in FAMILY_LANGUAGES:
            self.addItem(language_label(code), code)
        self.set_code(current)

    def set_code(self, code: str) -> None:
        index = self.findData(code or "")
        if index < 0:
            self.addItem(code, code)  # an unlisted code stays as it was
            index = self.count() - 1
        self.setCurrentIndex(index)

    def code(self) -> str:
        return self.currentData() or ""
