"""The packet's labels go through the catalogues (msgctxt "packet", fr and nl): every one extracted
from the packet modules is translated, keeps its placeholders, and none hides in an f-string (where
extraction cannot see it and the packet would print English)."""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _installer():
    spec = importlib.util.spec_from_file_location("compile_translations", ROOT / "installer" / "compile_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(text: str) -> set[str]:
    return {f for _l, f, _s, _c in string.Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_packet_label_is_translated(lang):
    installer = _installer()
    wanted = {m.id for m in installer.extract_packet() if m.id}
    assert len(wanted) > 150
    path = ROOT / "translations" / f"{lang}.po"
    with path.open("rb") as fh:
        entries = {m.id: m for m in read_po(fh, locale=lang) if m.id and m.context == "packet"}
    missing = sorted(i for i in wanted if i not in entries or not entries[i].string or entries[i].fuzzy)
    assert not missing, missing
    wrong = [i for i in wanted if _names(i) != _names(entries[i].string)]
    assert not wrong, wrong


def test_the_packet_reads_its_labels_from_the_catalogue():
    from volunteer_desk.family.code_words import RESIDENCE_LABELS, value_label
    from volunteer_desk.packet.labels import L

    assert L("Points of attention", "fr") == "Points d'attention"
    assert L("Points of attention", "nl") == "Aandachtspunten"
    assert value_label(RESIDENCE_LABELS, "refugee", "nl") == "erkend vluchteling"


def test_no_label_call_hides_in_an_fstring():
    pattern = re.compile(r"""f"[^"\n]*\{(?:self\.t|L|t)\('""")  # a literal label inside f"…{t('…')}…"
    for name in _installer().PACKET_FILES:
        source = (ROOT / "volunteer_desk" / "packet" / name).read_text(encoding="utf-8")
        assert not pattern.search(source), name


def test_file_names_come_from_the_catalogue_as_before():
    from datetime import date

    from volunteer_desk.packet.build import neutral_filename

    day = date(2026, 12, 1)
    old = {("fr", "cpas"): "note-de-transmission-CPAS", ("fr", "cri"): "note-de-transmission-CRI",
           ("fr", "lawyer"): "note-de-transmission-avocat", ("nl", "cpas"): "overdrachtsnota-OCMW",
           ("nl", "cri"): "overdrachtsnota-integratiekantoor", ("nl", "lawyer"): "overdrachtsnota-advocaat"}
    for (lang, recipient), stem in old.items():
        assert neutral_filename(day, lang, recipient) == f"{stem}-2026-12-01.pdf"
