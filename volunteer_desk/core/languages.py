"""Languages by name: one table for the whole app and its documents.

Each language of the families is shown by its own name (its endonym: العربية, ትግርኛ, دری), and beside
it by its name in the reader's language — the UI's, or the document's for a packet — from CLDR
(babel). Explicit entries only where CLDR lacks a name or gives the wrong one for these families:
Dari is written دری by its speakers (CLDR: "Persian (Afghanistan)"), Kurmanji is "Kurdî (Kurmancî)"
and both Kurdish languages are named with their dialect (CLDR: plain "Kurdish" for Kurmanji, "Central
Kurdish" for Sorani, names the families do not use); those names are in the catalogues, context
"language-name". Countries (nationalities) are named from CLDR the same way (``country_name``).
"""

from __future__ import annotations

from functools import lru_cache

from volunteer_desk.core.i18n import C_, pgettext_in

NAME_CONTEXT = "language-name"

# Languages of the families the associations follow (sheet phrases first), then the neighbours', each by
# its own name. A table, not babel calls: loading 31 locales took 0.6 s on the main thread;
# tests/test_language_names.py checks it against CLDR where CLDR is right.
ENDONYMS = {
    "ar": "العربية", "fa": "فارسی", "prs": "دری", "ps": "پښتو", "ckb": "کوردیی ناوەندی", "kmr": "Kurdî (Kurmancî)",
    "ti": "ትግርኛ", "so": "Soomaali", "am": "አማርኛ", "tr": "Türkçe", "uk": "Українська", "ru": "Русский",
    "fr": "Français", "nl": "Nederlands", "en": "English", "de": "Deutsch", "es": "Español", "sq": "Shqip",
    "ro": "Română", "bg": "Български", "pl": "Polski", "ur": "اردو", "hy": "Հայերեն", "ka": "ქართული",
    "ln": "Lingála", "sw": "Kiswahili", "pt": "Português", "it": "Italiano", "bn": "বাংলা", "uz": "O‘zbek",
    "tg": "Тоҷикӣ",
}
FAMILY_LANGUAGES = tuple(ENDONYMS)
# Endonyms CLDR gives otherwise (the table above is right for the families).
NOT_AS_CLDR = ("prs", "kmr")
# Codes the family file uses that CLDR knows under another code: for their names here, for their dates
# and amounts in core.formatting.
CLDR_CODE = {"prs": "fa_AF", "kmr": "ku", "fa-AF": "fa_AF"}
# Languages written right to left (Arabic, Persian and Dari, Urdu, Pashto, Sorani, Hebrew, Yiddish): the
# one list the UI, the sheet and the PDFs turn their text and layout by.
RTL_LANGUAGES = frozenset({"ar", "fa", "fa-AF", "prs", "ur", "ps", "ckb", "he", "yi"})

# Names in other languages that CLDR lacks or gets wrong for the families (translated in the catalogues).
OWN_NAMES = {"kmr": C_("language-name", "Kurmanji Kurdish"), "ckb": C_("language-name", "Sorani Kurdish")}


def endonym(code: str) -> str:
    """'ar' → 'العربية'; the code itself for a language not in the table."""
    return ENDONYMS.get(code, code)


@lru_cache(maxsize=16)
def _cldr_names(language: str, table: str = "languages") -> dict[str, str]:
    """CLDR's names in ``language``: of languages, or of countries (``table="territories"``)."""
    # lazy: babel's locale data is slow to load: only when asked
    from babel import Locale, UnknownLocaleError

    try:
        return dict(getattr(Locale.parse(language), table))  # one locale loaded, once
    except (UnknownLocaleError, ValueError):
        return {}


def name_in(code: str, language: str) -> str:
    """The language's name in ``language`` ('arabe' in French), '' when nobody knows it."""
    if not code:
        return ""
    if code in OWN_NAMES:
        return pgettext_in(NAME_CONTEXT, OWN_NAMES[code], language)
    return _cldr_names(language).get(CLDR_CODE.get(code, code), "")


def label(code: str, language: str) -> str:
    """'العربية — arabe': its own name, then its name in ``language`` when that says something more."""
    own, here = endonym(code), name_in(code, language)
    return own if not here or here.casefold() == own.casefold() else f"{own} — {here}"


def country_name(code: str, language: str) -> str:
    """'SY' → 'Syrie' (fr) / 'Syrië' (nl): a nationality on forms and packets; the code itself when CLDR
    does not name it, '' for none."""
    if not code:
        return ""
    return _cldr_names(language, "territories").get(code.upper()) or code
