"""One table of language names (core.languages): each language by its own name, and by its name in
the reader's language from CLDR — or from the catalogues where CLDR lacks it or is wrong for the
families (Dari's own name, Kurmanji told apart from Sorani)."""

from __future__ import annotations

import pytest
from babel import Locale

from volunteer_desk.core.languages import ENDONYMS, FAMILY_LANGUAGES, NOT_AS_CLDR, endonym, label, name_in
from volunteer_desk.packet.wording import language_name


def test_own_names_are_cldrs_except_where_it_is_wrong_for_the_families():
    for code in FAMILY_LANGUAGES:
        if code in NOT_AS_CLDR:
            continue
        assert ENDONYMS[code].casefold() == Locale.parse(code).get_display_name(code).casefold(), code
    assert endonym("prs") == "دری"  # CLDR: فارسی (افغانستان)
    assert endonym("xx") == "xx"


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "ar"])
def test_every_family_language_has_a_name_in_the_ui_and_document_languages(lang):
    for code in FAMILY_LANGUAGES:
        name = name_in(code, lang)
        assert name and name != code, (code, lang)


def test_kurmanji_is_not_just_kurdish_and_dari_is_named():
    assert name_in("kmr", "fr") == "kurde kurmandji" and name_in("ckb", "fr") == "kurde sorani"
    assert name_in("ckb", "en") == "Sorani Kurdish"  # CLDR: "Central Kurdish"
    assert name_in("kmr", "nl") == "Kurmanci (Koerdisch)"
    assert name_in("prs", "fr") == "dari" and name_in("prs", "nl") == "Dari"
    assert label("ar", "fr") == "العربية — arabe" and label("fr", "fr") == "Français"


def test_the_packet_names_languages_from_the_same_table():
    for code in ("ar", "prs", "kmr", "ti"):
        for lang in ("fr", "nl"):
            assert language_name(code, lang) == name_in(code, lang)
    assert language_name("xx", "fr") == "xx"


def test_translation_coverage_names_the_language_in_the_ui_language():
    from volunteer_desk.translation.coverage import coverage, display_name

    assert display_name("ar", "fr") == "arabe" and display_name("prs", "nl") == "Dari"
    assert display_name("xx", "fr") == "xx"
    assert "Ukrainian" in coverage("uk", "fr", installed=set(), ui="en").message
