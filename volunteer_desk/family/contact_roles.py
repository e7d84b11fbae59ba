"""Who a family contact is: the one table of contact roles (code → words), the one map from a
directory kind to the roles that answer for it, and the kind of letter sender each role works for.
The schema, the contacts tab, the forms' sources, the trajectory, the directory, the family sheet and
the handover packet all read these tables.

The words are English msgids in gettext context "contact-role", translated in every catalogue: the
UI asks in its language, the packet in the packet's (``role_label(role, lang)``).
"""

from __future__ import annotations

from volunteer_desk.core.i18n import C_, pgettext_in

CONTEXT = "contact-role"

CONTACT_ROLE_LABELS: dict[str, str] = {
    "cpas_social_worker": C_("contact-role", "CPAS social worker"),
    "cpas_referent": C_("contact-role", "CPAS referent"),
    "cri": C_("contact-role", "Regional integration centre (CRI)"),
    "bapa": C_("contact-role", "BAPA (Brussels reception office)"),
    "lawyer": C_("contact-role", "Lawyer"),
    "school": C_("contact-role", "School"),
    "interpreter": C_("contact-role", "Interpreter"),
    "doctor": C_("contact-role", "Doctor"),
    "mutuelle": C_("contact-role", "Mutuelle"),
    "landlord": C_("contact-role", "Landlord"),
    "other": C_("contact-role", "Other"),
}
CONTACT_ROLES = tuple(CONTACT_ROLE_LABELS)

# Directory kind → the family contact roles that answer for it. The first is the role given to a
# contact made from a directory entry; any of them lets the trajectory reuse the family's own contact.
ROLES_FOR_KIND: dict[str, tuple[str, ...]] = {
    "cpas": ("cpas_social_worker", "cpas_referent"), "cri": ("cri",), "bapa": ("bapa",), "baj": ("lawyer",),
    "school": ("school",), "mutuelle": ("mutuelle",), "setis": ("interpreter",),
}

# Contact role → the sender kind (letters.facts) of the office it works for: whom to call about a letter.
SENDER_KIND_OF_ROLE = {"cpas_social_worker": "cpas", "cpas_referent": "cpas", "school": "school",
                       "mutuelle": "health_insurance", "landlord": "social_housing"}


def role_for_kind(kind: str) -> str:
    """The role of a contact made from a directory entry of this kind ('other' for an unknown kind)."""
    return ROLES_FOR_KIND.get(kind, ("other",))[0]


def role_label(role: str, language: str) -> str:
    """The role in words in ``language`` (UI or document); the code itself only for an unknown role."""
    msgid = CONTACT_ROLE_LABELS.get(role)
    return pgettext_in(CONTEXT, msgid, language) if msgid else role
