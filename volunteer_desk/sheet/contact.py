"""Who the family should call about a letter: the family's contact at the office that wrote it (same
kind of office, same town), else the phone printed on the letter, else their volunteer.

A family followed by the CPAS of Liège may get a letter from the CPAS of Namur: the Liège social
worker is then the wrong person to call, so a contact is chosen by the letter's sender and town,
never just by role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from volunteer_desk.family.contact_roles import SENDER_KIND_OF_ROLE

_PLACE_IN_NAME = re.compile(r"\b(?:de|du|d'|van|von|te)\s*([A-ZÀ-Ý][\w'\-À-ÿ]+(?:[ \-][A-ZÀ-Ý][\w'\-À-ÿ]+)*)")
_POSTCODE_CITY = re.compile(r"\b([1-9]\d{3})\s+([A-ZÀ-Ý][\w'\-À-ÿ]+)")


@dataclass(frozen=True)
class Callee:
    phone: str
    show: str            # name / office as written (French/Dutch): printed in the "show this" box only
    volunteer: bool = False


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def places(sender: str, letter_text: str) -> set[str]:
    """Town names (folded) and postcodes of the sender: 'CPAS de Namur', '5100 Jambes' in the letter head."""
    out = {fold(m.group(1)) for m in _PLACE_IN_NAME.finditer(sender)}
    for postcode, city in _POSTCODE_CITY.findall(letter_text[:600]):
        out.update({postcode, fold(city)})
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'\-]+", fold(text)))


def matches(contact: Any, sender: str, sender_kind: str, where: set[str]) -> bool:
    """Same office: the organisation is the sender, or it is the same kind of office in the same town."""
    org = fold(contact.organisation or "")
    if org and org == fold(sender):
        return True
    same_kind = SENDER_KIND_OF_ROLE.get(contact.role) == sender_kind or (
        bool(sender.split()) and fold(sender.split()[0]) in _words(contact.organisation or ""))
    if not same_kind:
        return False
    mine = _words(f"{contact.organisation} {contact.address}")
    return any((" " in p and p in fold(f"{contact.organisation} {contact.address}")) or p in mine for p in where)


def first_phone(text: str) -> str | None:
    """The first valid phone number printed in ``text`` (phonenumbers knows Belgian numbering, so a
    file reference such as "RIS/2024/08731" is not taken for a number)."""
    # lazy: keeps phonenumbers out of start-up until this runs
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.VALID):
        return " ".join(match.raw_string.split())
    return None


def who_to_call(letter_text: str, sender: str, sender_kind: str, contacts: list[Any], volunteer_name: str,
                volunteer_phone: str) -> Callee:
    where = places(sender, letter_text)
    for c in contacts:
        if c.phone and matches(c, sender, sender_kind, where):
            return Callee(c.phone, " — ".join(x for x in (c.name, c.organisation, c.phone) if x))
    phone = first_phone(letter_text[:1500])
    if phone:
        return Callee(phone, " — ".join(x for x in (sender, phone) if x))
    # Else the volunteer (even with no phone given: "call your volunteer" still tells whom to ask).
    return Callee(volunteer_phone, " — ".join(x for x in (volunteer_name, volunteer_phone) if x), volunteer=True)
