"""One table of contact roles (family layer): the contacts tab offers every role of it, and the packet
names every role in its own language, from the catalogue of that language, never as a code."""

from __future__ import annotations

import pytest

from tests.packet.helpers import pdf_text
from tests.packet.test_handover import _build, _set_consents
from volunteer_desk.core import i18n
from volunteer_desk.family import snapshot
from volunteer_desk.family.consent import new_consent
from volunteer_desk.family.contact_roles import (
    CONTACT_ROLES,
    ROLES_FOR_KIND,
    SENDER_KIND_OF_ROLE,
    role_for_kind,
    role_label,
)
from volunteer_desk.family.directory import DirectoryEntry, contact_from_entry
from volunteer_desk.family.model import Contact


def test_the_contacts_tab_offers_every_role_of_the_table_in_the_ui_language():
    from volunteer_desk.ui.families.contacts_tab import contact_specs

    previous = i18n.ui_language()
    try:
        i18n.set_ui_language("nl")
        role = next(spec for spec in contact_specs() if spec.key == "role")
    finally:
        i18n.set_ui_language(previous)
    assert tuple(role.options) == CONTACT_ROLES
    assert role.options["interpreter"] == "Tolk" and role.options["cpas_referent"] == "Referent OCMW"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_packet_names_every_role_in_its_language(family_with_letters, lang):
    session, fid, _ = family_with_letters
    with_health = [new_consent("share_cpas", "2026-10-05", "ar", recipient="CPAS de Liège"),
                   new_consent("store_health", "2026-10-05", "ar")]
    with_health += [new_consent("share_health_cpas", "2026-10-05", "ar", member_id=m) for m in ("m-rami", "m-lina")]
    _set_consents(session, fid, with_health)  # doctors are shown only when health may be shared
    with session.open_family(fid) as ff:
        for c in snapshot.load(ff).contacts:
            ff.delete("contacts", c.id)
        for n, role in enumerate(CONTACT_ROLES):
            snapshot.save(ff, Contact(role=role, name=f"Personne{n}", organisation=f"Org{n}"))
    flat = " ".join(pdf_text(_build(session, fid, lang=lang, forms=[])).split())
    english = i18n.translator("en")
    for role in CONTACT_ROLES:
        label = role_label(role, lang)
        assert label and label != role, role
        words = set(flat.split())  # a long label wraps inside its narrow column: word by word
        assert all(w in words for w in label.split()), (role, label)
    assert role_label("interpreter", lang) == {"fr": "Interprète", "nl": "Tolk"}[lang]  # not the English msgid
    assert english.pgettext("contact-role", "Interpreter") == "Interpreter"


def test_a_contact_made_from_the_directory_gets_the_kinds_first_role():
    assert role_for_kind("cpas") == "cpas_social_worker" and role_for_kind("unknown") == "other"
    assert all(role in CONTACT_ROLES for roles in ROLES_FOR_KIND.values() for role in roles)
    assert set(SENDER_KIND_OF_ROLE) <= set(CONTACT_ROLES)
    entry = DirectoryEntry(id="x", kind="baj", name="BAJ de Liège")
    assert contact_from_entry(entry).role == "lawyer"
