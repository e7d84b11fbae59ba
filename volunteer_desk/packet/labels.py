"""Document labels of the packet: English msgids translated through the gettext catalogues (fr, nl)
in context "packet" (msgctxt), kept apart from the UI's identical English msgids.

``installer/compile_translations.py`` extracts them from the packet modules (``L``, ``P_`` and the
builders' ``t``/``section``/``h1`` calls) into the French and Dutch catalogues only; their
translations are in ``translations/changes/packet.json``. ``tests/packet/test_labels.py`` checks that
every one is translated, so a packet never comes out half in English.
"""

from __future__ import annotations

from volunteer_desk.core.i18n import translator

CONTEXT = "packet"  # msgctxt: document wording, kept apart from the UI's identical English msgids

PACKET_LANGUAGES = ("fr", "nl")


def P_(msgid: str) -> str:  # noqa: N802 - gettext-style marker: extracted with context "packet"
    return msgid


def L(msgid: str, lang: str) -> str:  # noqa: N802 - short on purpose, used on every line
    """The label in the packet language, from the catalogue entry with msgctxt "packet"."""
    return translator(lang).pgettext(CONTEXT, msgid)


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return L("yes", lang) if value else L("no", lang)


RESIDENCE_LABELS: dict[str, str] = {
    'asylum_seeker': P_('applicant for international protection'),
    'refugee': P_('recognised refugee'),
    'subsidiary_protection': P_('subsidiary protection'),
    'temporary_protection': P_('temporary protection'),
    'family_reunification': P_('family reunification'),
    'unlimited_stay': P_('unlimited stay'),
    'eu_citizen': P_('EU citizen'),
    'eu_family_member': P_('family member of an EU citizen'),
    'regularisation': P_('regularisation (9bis/9ter)'),
    'unaccompanied_minor': P_('unaccompanied foreign minor'),
    'no_status': P_('no residence permit'),
    'other': P_('other'),
}
RELATION_LABELS: dict[str, str] = {
    'applicant': P_('applicant'),
    'partner': P_('partner'),
    'child': P_('child'),
    'parent': P_('parent'),
    'other': P_('other'),
}
INCOME_LABELS: dict[str, str] = {
    'ris': P_('integration income'),
    'aide_sociale': P_('equivalent social aid'),
    'salary': P_('salary'),
    'unemployment': P_('unemployment benefit'),
    'family_allowance': P_('family allowances'),
    'mutuelle': P_('sickness benefit'),
    'other': P_('other'),
}
HOUSING_LABELS: dict[str, str] = {
    'private_rental': P_('private rental'),
    'social_housing': P_('social housing'),
    'hosted': P_('hosted'),
    'shelter': P_('reception centre / shelter'),
    'homeless': P_('homeless'),
    'owner': P_('owner'),
}
STATUS_LABELS: dict[str, str] = {
    'pending': P_('pending'),
    'granted': P_('granted'),
    'refused': P_('refused'),
    'appealed': P_('under appeal'),
}


def value_label(table: dict[str, str], key: str, lang: str) -> str:
    """A code's words in the packet language (the code itself only when the table does not know it)."""
    msgid = table.get(key)
    return L(msgid, lang) if msgid else key
