"""The family file's codes in words, for documents (handover packet, printed forms): residence
status, relation, income, housing and request status. English msgids in gettext context "document",
translated in the French and Dutch catalogues (the documents' languages); a document asks in its own
language, never in the UI's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from volunteer_desk.core.i18n import pgettext_in

CONTEXT = "document"


def D_(msgid: str) -> str:  # noqa: N802 - gettext-style marker: extracted with context "document"
    return msgid


RESIDENCE_LABELS: dict[str, str] = {
    'asylum_seeker': D_('applicant for international protection'),
    'refugee': D_('recognised refugee'),
    'subsidiary_protection': D_('subsidiary protection'),
    'temporary_protection': D_('temporary protection'),
    'family_reunification': D_('family reunification'),
    'unlimited_stay': D_('unlimited stay'),
    'eu_citizen': D_('EU citizen'),
    'eu_family_member': D_('family member of an EU citizen'),
    'regularisation': D_('regularisation (9bis/9ter)'),
    'unaccompanied_minor': D_('unaccompanied foreign minor'),
    'no_status': D_('no residence permit'),
    'other': D_('other'),
}
RELATION_LABELS: dict[str, str] = {
    'applicant': D_('applicant'),
    'partner': D_('partner'),
    'child': D_('child'),
    'parent': D_('parent'),
    'other': D_('other'),
}
INCOME_LABELS: dict[str, str] = {
    'ris': D_('integration income'),
    'aide_sociale': D_('equivalent social aid'),
    'salary': D_('salary'),
    'unemployment': D_('unemployment benefit'),
    'family_allowance': D_('family allowances'),
    'mutuelle': D_('sickness benefit'),
    'other': D_('other'),
}
HOUSING_LABELS: dict[str, str] = {
    'private_rental': D_('private rental'),
    'social_housing': D_('social housing'),
    'hosted': D_('hosted'),
    'shelter': D_('reception centre / shelter'),
    'homeless': D_('homeless'),
    'owner': D_('owner'),
}
STATUS_LABELS: dict[str, str] = {
    'pending': D_('pending'),
    'granted': D_('granted'),
    'refused': D_('refused'),
    'appealed': D_('under appeal'),
}


def value_label(table: Mapping[str, str], code: str, lang: str) -> str:
    """A code's words in the document language (the code itself only when the table does not know it)."""
    msgid = table.get(code)
    return pgettext_in(CONTEXT, msgid, lang) if msgid else code


class CodeWords(Mapping[str, str]):
    """One table read in one document language: ``CodeWords(RESIDENCE_LABELS, "fr", capitalised=True)
    .get("refugee")`` → "Réfugié reconnu"; unknown codes are absent (``get`` gives its default)."""

    def __init__(self, table: Mapping[str, str], lang: str, *, capitalised: bool = False) -> None:
        self.table, self.lang, self.capitalised = table, lang, capitalised

    def __getitem__(self, code: str) -> str:
        if code not in self.table:
            raise KeyError(code)
        words = value_label(self.table, code, self.lang)
        return words[:1].upper() + words[1:] if self.capitalised else words

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)
