"""Dates and amounts as each reader writes them (core.formatting, on babel/CLDR)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from volunteer_desk.core.formatting import babel_locale, long_date, money, month_name, short_date
from volunteer_desk.core.languages import FAMILY_LANGUAGES

DAY = date(2029, 6, 30)
NBSP = "\u00a0"


def test_euros_the_belgian_way_in_french_and_dutch():
    assert money(1234.56, "fr") == f"1{NBSP}234,56{NBSP}€"       # CLDR fr_BE (its narrow space printed as NBSP)
    assert money(1234.56, "nl") == f"€{NBSP}1.234,56"             # CLDR nl_BE
    assert money("650", "fr") == f"650,00{NBSP}€"
    assert money(None) == money("") == money("n/a") == money(True) == ""


def test_arabic_dates_name_the_month_in_arabic():
    assert month_name(DAY, "ar") == "يونيو"
    assert long_date(DAY, "ar") == "30 يونيو 2029"
    assert long_date(DAY, "ar", weekday=True) == "السبت، 30 يونيو 2029"
    assert money(1234.56, "ar").endswith("€") and "1,234.56" in money(1234.56, "ar")


def test_long_dates_in_the_sheet_languages():
    assert long_date(DAY, "fr", weekday=True) == "samedi 30 juin 2029"
    assert long_date(DAY, "nl") == "30 juni 2029"
    assert long_date(DAY, "uk", weekday=True) == "субота, 30 червня 2029\u202fр."
    assert month_name(DAY, "ti") == "ሰነ"                            # Tigrinya is in CLDR
    assert long_date(DAY, "prs") == "30 جون 2029"                    # Dari: Persian of Afghanistan
    assert long_date(DAY, "en") == "30 June 2029"                    # Belgian English: day first


def test_every_family_language_has_a_locale_and_unknown_codes_fall_back_to_english():
    for lang in FAMILY_LANGUAGES:
        assert babel_locale(lang) != "en" or lang == "en", lang
        assert str(DAY.year) in long_date(DAY, lang, weekday=True)
    assert babel_locale("prs") == "fa_AF" and babel_locale("kmr") == "ku" and babel_locale("fr") == "fr_BE"
    assert babel_locale("xx") == "en" and babel_locale("") == "en" and babel_locale("pt-BR") == "pt"
    assert long_date(DAY, "xx") == "June 30, 2029"


@pytest.mark.parametrize(("value", "zeros", "omitted"), [
    ("2029-06-30", "30/06/2029", "30/06/2029"),
    (DAY, "30/06/2029", "30/06/2029"),
    (datetime(2029, 6, 30, 14, 30), "30/06/2029", "30/06/2029"),
    ("2029-06-30T14:30:00.000Z", "30/06/2029", "30/06/2029"),
    ("1988-00-00", "00/00/1988", "1988"),           # a birth date with unknown day and month
    ("1990-07-00", "00/07/1990", "07/1990"),
    ("1988", "00/00/1988", "1988"),
    ("12/04/1991", "12/04/1991", "12/04/1991"),     # already written the Belgian way
    ("", "", ""), (None, "", ""), ("soon", "soon", "soon"),
])
def test_short_dates_are_belgian_and_keep_or_drop_unknown_parts(value, zeros, omitted):
    assert short_date(value) == zeros
    assert short_date(value, unknown="omit") == omitted
