"""Dates and amounts as people write them, in every language the app speaks (babel / CLDR).

- ``short_date``: the Belgian administrative DD/MM/YYYY, the same in French, Dutch and German papers
  (CLDR's short forms have two-digit years, or the month first): forms, packets, the UI's date fields.
- ``long_date``: '30 juin 2029', 'السبت، 30 يونيو 2029' (with the weekday) in the reader's language.
- ``month_name``: 'juin', 'يونيو' (the calendar page of the family sheet).
- ``money``: euros as the language writes them: '1 234,56 €' (fr), '€ 1.234,56' (nl).

Language codes are the app's (``fr``, ``prs``, ``kmr``…). French, Dutch, German and English take their
Belgian locale; a code CLDR does not know falls back to its nearest locale (Dari → Persian of
Afghanistan, Kurmanji → Kurdish), else to English.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from volunteer_desk.core.languages import CLDR_CODE

# Belgian locales for the country's languages; Dari, Kurmanji… under their CLDR code (core.languages).
_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_BE", **CLDR_CODE}
FALLBACK = "en"


@lru_cache(maxsize=64)
def babel_locale(lang: str | None) -> str:
    """The CLDR locale for an app language code ('fr' → 'fr_BE', 'prs' → 'fa_AF', 'xx' → 'en')."""
    # short_date needs no babel, and the family model (so most CLI verbs) imports this module:
    # lazy: babel (~45 ms of imports) only once something is formatted
    from babel import Locale, UnknownLocaleError

    code = _LOCALES.get(lang or "", lang or FALLBACK)
    for candidate in (code, code.replace("-", "_").split("_")[0]):
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return candidate
    return FALLBACK


def _iso_parts(value: str | date | None) -> list[str] | None:
    if isinstance(value, date):
        return value.isoformat()[:10].split("-")
    parts = str(value or "")[:10].split("-")
    return parts if len(parts) == 3 and all(p.isdigit() for p in parts) else None


def short_date(value: str | date | None, *, unknown: Literal["zeros", "omit"] = "zeros") -> str:
    """'2029-06-30' (or a date, or an ISO date-time) → '30/06/2029'; '' for nothing.

    A birth date's unknown parts are written 00 ('1988-00-00' → '00/00/1988', a lone '1988' too), or
    with ``unknown="omit"`` left out ('1988', '03/1988'). Anything that is not a date comes back as it is.
    """
    if value is None or value == "":
        return ""
    parts = _iso_parts(value)
    if parts is None:
        text = str(value)
        return f"00/00/{text}" if text.isdigit() and len(text) == 4 and unknown == "zeros" else text
    year, month, day = parts[0], parts[1].zfill(2), parts[2].zfill(2)
    if unknown == "omit" and month == "00":
        return year
    if unknown == "omit" and day == "00":
        return f"{month}/{year}"
    return f"{day}/{month}/{year}"


def long_date(day: date | datetime, lang: str, *, weekday: bool = False) -> str:
    """'30 juin 2029' / 'samedi 30 juin 2029' in ``lang`` (English when CLDR has no such language)."""
    from babel.dates import format_date  # lazy: see babel_locale

    return format_date(day, format="full" if weekday else "long", locale=babel_locale(lang))


def month_name(day: date, lang: str) -> str:
    """The month's name on its own (CLDR's stand-alone form: 'juin', 'червень')."""
    from babel.dates import format_date  # lazy: see babel_locale

    return format_date(day, "LLLL", locale=babel_locale(lang))


def money(value: object, lang: str = "fr") -> str:
    """An amount in euros as ``lang`` writes it; '' when there is no amount.

    CLDR's narrow no-break space (French thousands) becomes an ordinary no-break space: the standard
    fonts of official fillable PDFs (WinAnsi) have no U+202F, and the two print alike.
    """
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        amount = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    from babel.numbers import format_currency  # lazy: see babel_locale

    return format_currency(amount, "EUR", locale=babel_locale(lang)).replace("\u202f", "\u00a0")
