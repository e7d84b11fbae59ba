"""Document labels of the packet: English msgids translated through the gettext catalogues (fr, nl)
in context "packet" (msgctxt), kept apart from the UI's identical English msgids.

``installer/compile_translations.py`` extracts them from the packet modules (``L``, ``P_`` and the
builders' ``t``/``section``/``h1`` calls) into the French and Dutch catalogues only; their
translations are in ``translations/changes/packet.json``. ``tests/packet/test_labels.py`` checks that
every one is translated, so a packet never comes out half in English.
"""

from __future__ import annotations

from volunteer_desk.core.i18n import pgettext_in

CONTEXT = "packet"  # msgctxt: document wording, kept apart from the UI's identical English msgids

PACKET_LANGUAGES = ("fr", "nl")


def P_(msgid: str) -> str:  # noqa: N802 - gettext-style marker: extracted with context "packet"
    return msgid


def L(msgid: str, lang: str) -> str:  # noqa: N802 - short on purpose, used on every line
    """The label in the packet language, from the catalogue entry with msgctxt "packet"."""
    return pgettext_in(CONTEXT, msgid, lang)


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return L("yes", lang) if value else L("no", lang)
