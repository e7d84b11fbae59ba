"""The gettext catalogues (translations/<lang>.po): every UI string is translated into fr, nl and ar,
keeps its {placeholders}, and the compiled .mo the app loads (built, found by core.paths.locale_dir)
says the same as the .po.

An untranslated entry shows English in the French/Dutch/Arabic UI; a lost or renamed placeholder makes
``_("…{n}…").format(n=…)`` raise KeyError or drop a value. Fix with
``.venv/bin/python installer/compile_translations.py --update``, translate, compile again.
"""

from __future__ import annotations

import gettext
import importlib.util
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from volunteer_desk.core.paths import locale_dir

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
DOMAIN = "volunteer_desk"
TRANSLATED = ("fr", "nl", "ar")


def _catalogue(lang: str) -> Catalog:
    with (TRANSLATIONS / f"{lang}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _entries(lang: str) -> list[Message]:
    return [m for m in _catalogue(lang) if m.id]


def _names(text: str) -> set[str]:
    """Field names of a str.format template ('{n}', '{n:>3}' → 'n'); raises ValueError on stray braces."""
    return {field.split(".")[0].split("[")[0]
            for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def _label(m: Message) -> str:
    ident = m.id if isinstance(m.id, str) else m.id[0]
    return f"[{m.context}] {ident!r}" if m.context else repr(ident)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_entry_is_translated(lang):
    entries = _entries(lang)
    assert len(entries) > 100, "the catalogue looks empty"
    untranslated = []
    for m in entries:
        forms = list(m.string) if isinstance(m.string, (list, tuple)) else [m.string]
        if m.fuzzy or not all(s and s.strip() for s in forms):
            untranslated.append(_label(m))
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated or fuzzy entries:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_the_english(lang):
    mismatched = []
    for m in _entries(lang):
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        expected = set().union(*(_names(i) for i in ids))
        try:
            found = [_names(s) for s in forms if s]
        except ValueError as exc:  # a lone '{' or '}' breaks .format() at run time
            mismatched.append(f"{_label(m)}: {exc}")
            continue
        # A plural form may leave out {n} (Arabic singular/dual), but never invents or loses a name overall.
        ok = all(f == expected for f in found) if len(ids) == 1 else (
            all(f <= expected for f in found) and set().union(*found, set()) == expected)
        if found and not ok:
            mismatched.append(f"{_label(m)}: expects {sorted(expected)}, has {[sorted(f) for f in found]}")
    assert not mismatched, f"{lang}: placeholder mismatches:\n" + "\n".join(mismatched)


def _extract_source_strings() -> set[tuple[str, str | None]]:
    spec = importlib.util.spec_from_file_location("compile_translations", ROOT / "installer" / "compile_translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in module.extract() if m.id}


def test_catalogues_hold_every_source_string():
    in_source = _extract_source_strings()
    assert len(in_source) > 100
    for lang in TRANSLATED:
        in_catalogue = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in _entries(lang)}
        missing = sorted(repr(i) for i, _ctx in in_source - in_catalogue)
        assert not missing, (f"{lang}: {len(missing)} _() strings are not in the catalogue; run "
                             "installer/compile_translations.py --update and translate them:\n" + "\n".join(missing))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_mo_says_what_the_po_says(lang):
    """The app reads the .mo: a .po translated but not compiled still shows English."""
    mo_path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo_path.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for m in _entries(lang):
        if not isinstance(m.id, str) or m.fuzzy:
            continue
        got = mo.pgettext(m.context, m.id) if m.context else mo.gettext(m.id)
        if got != m.string:
            stale.append(_label(m))
    assert not stale, f"{lang}: .mo out of date for {len(stale)} entries (run installer/compile_translations.py):\n" + \
        "\n".join(stale[:20])


def test_core_messages_come_out_in_the_ui_language():
    """What a volunteer sees: messages from the core packages come out in the UI language."""
    from volunteer_desk.core import i18n

    previous = i18n.ui_language()
    try:
        i18n.set_ui_language("fr")
        assert i18n._("No postcode.") == "Pas de code postal."
        assert i18n._("Documents to attach:") == "Pièces à joindre :"
        i18n.set_ui_language("nl")
        assert "rijksregisternummer" in i18n._("No national register number.").lower()
        i18n.set_ui_language("ar")
        translated = i18n._("File {n} does not exist.")
        assert translated != "File {n} does not exist." and translated.format(n=2).count("2") == 1
    finally:
        i18n.set_ui_language(previous)
