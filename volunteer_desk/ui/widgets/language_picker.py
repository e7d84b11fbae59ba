"""Pick a family's language by its name, written in its own script (العربية — arabe), not a code.

Names come from babel (CLDR); Dari and Kurmanji get the names their speakers use. A code stored
before (or by an import) that is not in the list is kept and shown as it is: nothing is lost.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtWidgets import QComboBox, QWidget

from volunteer_desk.core.i18n import _, ui_language

# Languages of the families the associations follow (sheet phrases first), then the neighbours', each
# by its own name (CLDR, through babel: tests/ui/test_small_screens.py checks the table against it;
# Dari and Kurmanji by the names their speakers use). A table, not babel calls: loading 31 locales
# took 0.6 s on the main thread.
OWN_NAMES = {
    "ar": "العربية", "fa": "فارسی", "prs": "دری", "ps": "پښتو", "ckb": "کوردیی ناوەندی", "kmr": "Kurdî (Kurmancî)",
    "ti": "ትግርኛ", "so": "Soomaali", "am": "አማርኛ", "tr": "Türkçe", "uk": "Українська", "ru": "Русский",
    "fr": "Français", "nl": "Nederlands", "en": "English", "de": "Deutsch", "es": "Español", "sq": "Shqip",
    "ro": "Română", "bg": "Български", "pl": "Polski", "ur": "اردو", "hy": "Հայերեն", "ka": "ქართული",
    "ln": "Lingála", "sw": "Kiswahili", "pt": "Português", "it": "Italiano", "bn": "বাংলা", "uz": "O‘zbek",
    "tg": "Тоҷикӣ",
}
FAMILY_LANGUAGES = tuple(OWN_NAMES)
_BABEL_CODE = {"prs": "fa_AF", "kmr": "ku"}


def native_name(code: str) -> str:
    return OWN_NAMES.get(code, code)


@lru_cache(maxsize=8)
def _names_in(language: str) -> dict[str, str]:
    # lazy: keeps babel off the first frame
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(language).languages)  # one locale loaded, once
    except (UnknownLocaleError, ValueError):
        return {}


def name_in(code: str, language: str) -> str:
    """The language's name in the UI language ('arabe' in French), '' if babel does not know it."""
    if code == "prs":
        return _("Dari")
    return _names_in(language).get(_BABEL_CODE.get(code, code), "")


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
