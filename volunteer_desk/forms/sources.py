"""Where a form value comes from: a small, closed vocabulary of source paths over a FamilySnapshot.

``applicant.last_name``, ``partner.niss``, ``household.iban``, ``address.postcode``,
``housing.rent_eur``, ``contact.cpas_social_worker.name``, ``volunteer.name``, plus a few computed
values (``members``, ``income.total_monthly``…). A closed list (not ``eval``) lets the catalogue test
reject a typo in a data file.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields
from typing import Any

from volunteer_desk.family.contact_roles import CONTACT_ROLES
from volunteer_desk.family.model import Address, Housing, Member, is_adult
from volunteer_desk.family.snapshot import FamilySnapshot
from volunteer_desk.family.trajectory import requests_without_decision
from volunteer_desk.family.validation import region_for_postcode


@dataclass
class VolunteerInfo:
    """The volunteer who prepares the form (named on a procuration as the person mandated)."""

    name: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    @classmethod
    def of(cls, value: VolunteerInfo | str | dict | None) -> VolunteerInfo:
        if isinstance(value, VolunteerInfo):
            return value
        if isinstance(value, str):
            return cls(name=value)
        if isinstance(value, dict):
            return cls(**{k: str(v) for k, v in value.items() if k in {f.name for f in fields(cls)}})
        return cls()


@dataclass
class Context:
    snapshot: FamilySnapshot
    volunteer: VolunteerInfo = field(default_factory=VolunteerInfo)
    today: datetime.date = field(default_factory=datetime.date.today)
    # members the volunteer chose for a role the form asks about (e.g. {"allocataire": member id});
    # never guessed from the family file: the law leaves the choice to the family
    chosen: dict[str, str] = field(default_factory=dict)

    def chosen_member(self, role: str) -> Member | None:
        member_id = self.chosen.get(role)
        return self.snapshot.member(member_id) if member_id else None

    @property
    def partner(self) -> Member | None:
        return next((m for m in self.snapshot.members if m.relation == "partner"), None)

    @property
    def children(self) -> list[Member]:
        return [m for m in self.snapshot.members if m.relation == "child"]

    @property
    def address(self) -> Address:
        return self.snapshot.household.address_obj

    @property
    def housing(self) -> Housing:
        return self.snapshot.household.housing_obj

    @property
    def region(self) -> str | None:
        return region_for_postcode(self.address.postcode)


MEMBER_ATTRS = {f.name for f in fields(Member)} | {"full_name"}
CHOSEN_ROLES = ("allocataire",)  # roles a volunteer picks a member for (forms: source "chosen.<role>.<attr>")
HOUSEHOLD_ATTRS = {"phone", "email", "iban", "iban_holder", "main_language", "commune_registration_date",
                   "cpas_name", "cpas_file_number", "mutuelle", "display_name"}
ADDRESS_ATTRS = {f.name for f in fields(Address)} - {"id"} | {"line", "street_line"}
HOUSING_ATTRS = {f.name for f in fields(Housing)} - {"id"}
CONTACT_ATTRS = {"name", "organisation", "phone", "email", "address"}
VOLUNTEER_ATTRS = {f.name for f in fields(VolunteerInfo)}


def _total_income(ctx: Context) -> float | None:
    amounts: list[Any] = [i.get("monthly_eur") for i in ctx.snapshot.household.incomes if i.get("monthly_eur") is not None]
    return round(sum(float(a) for a in amounts), 2) if amounts else None


def _cpas_silence(ctx: Context):
    """The CPAS request left without a decision past the legal delay (else the oldest pending one)."""
    flagged = requests_without_decision(ctx.snapshot, ctx.today)
    if flagged:
        return flagged[0]["request"]
    pending = [r for r in ctx.snapshot.requests if r.status == "pending" and "cpas" in f"{r.to} {r.what}".lower()]
    return min(pending, key=lambda r: r.submitted_on or "9999") if pending else None


def _cpas_decision(ctx: Context):
    """The latest CPAS decision letter in the family file."""
    found = [lt for lt in ctx.snapshot.letters
             if (lt.sender_kind == "cpas" or "cpas" in (lt.sender or "").lower())
             and ((lt.facts or {}).get("kind") == "decision" or lt.kind == "decision")]
    return max(found, key=lambda lt: lt.letter_date or lt.received_on or "") if found else None


def _attr(getter: Callable[[Context], Any], name: str) -> Callable[[Context], Any]:
    return lambda c: getattr(getter(c), name, None) if getter(c) is not None else None


COMPUTED: dict[str, Callable[[Context], Any]] = {
    "cpas_silence.what": _attr(_cpas_silence, "what"),
    "cpas_silence.submitted_on": _attr(_cpas_silence, "submitted_on"),
    "cpas_silence.acknowledged_on": _attr(_cpas_silence, "acknowledged_on"),
    "cpas_silence.reference": _attr(_cpas_silence, "reference"),
    "cpas_decision.date": _attr(_cpas_decision, "letter_date"),
    "cpas_decision.received_on": _attr(_cpas_decision, "received_on"),
    "cpas_decision.subject": _attr(_cpas_decision, "title"),
    "members": lambda c: list(c.snapshot.members),
    "incomes": lambda c: list(c.snapshot.household.incomes),
    "income.total_monthly": _total_income,
    "children.count": lambda c: len(c.children),
    "dependents.count": lambda c: sum(1 for m in c.snapshot.members if m.dependent or m.relation == "child"),
    "adults.count": lambda c: sum(1 for m in c.snapshot.members if is_adult(m, c.today)),
    "disability.any": lambda c: any(m.disability for m in c.snapshot.members),
    "region": lambda c: c.region or "",
    "today": lambda c: c.today.isoformat(),
    "housing.is_private_rental": lambda c: c.housing.kind == "private_rental",
    "housing.is_social": lambda c: c.housing.kind == "social_housing",
    "housing.was_homeless": lambda c: c.housing.kind in ("homeless", "shelter", "hosted"),
}

# Conditions for `when`: a field, section or attachment only applies when true.
CONDITIONS: dict[str, Callable[[Context], bool]] = {
    "has_partner": lambda c: c.partner is not None,
    "has_children": lambda c: bool(c.children),
    "has_income": lambda c: bool(c.snapshot.household.incomes),
    "has_disability": lambda c: any(m.disability for m in c.snapshot.members),
    "private_rental": lambda c: c.housing.kind == "private_rental",
    "not_belgian": lambda c: (c.snapshot.applicant is not None and c.snapshot.applicant.nationality not in ("BE", "")),
    "was_homeless": lambda c: c.housing.kind in ("homeless", "shelter", "hosted"),
}


def _of(obj: Any, attr: str) -> Any:
    return getattr(obj, attr, None) if obj is not None else None


def _chosen(ctx: Context, rest: str) -> Any:
    role, _, attr = rest.partition(".")
    return _of(ctx.chosen_member(role), attr)


def _address(ctx: Context, rest: str) -> Any:
    addr = ctx.address
    if rest == "line":
        return addr.one_line()
    if rest == "street_line":
        line = " ".join(p for p in (addr.street, addr.number) if p)
        return f"{line} bte {addr.box}" if addr.box else line
    return getattr(addr, rest, None)


def _contact(ctx: Context, rest: str) -> Any:
    role, _, attr = rest.partition(".")
    return _of(ctx.snapshot.contact(role), attr)


def _role_and_attr(roles: Collection[str], attrs: Collection[str]) -> Callable[[str], bool]:
    def known(rest: str) -> bool:
        role, _, attr = rest.partition(".")
        return role in roles and attr in attrs

    return known


@dataclass(frozen=True)
class SourceKind:
    """One head of a source path (``applicant`` in ``applicant.last_name``): what may follow it, and
    how the value is read from the family file."""

    known: Callable[[str], bool]               # is the rest of the path in the closed vocabulary
    value: Callable[[Context, str], Any]       # (context, rest of the path) -> raw value or None


# Source head -> its kind. A new kind of source is one row here (computed values: one row in COMPUTED).
SOURCE_KINDS: dict[str, SourceKind] = {
    "applicant": SourceKind(MEMBER_ATTRS.__contains__, lambda c, rest: _of(c.snapshot.applicant, rest)),
    "partner": SourceKind(MEMBER_ATTRS.__contains__, lambda c, rest: _of(c.partner, rest)),
    "chosen": SourceKind(_role_and_attr(CHOSEN_ROLES, MEMBER_ATTRS), _chosen),
    "household": SourceKind(HOUSEHOLD_ATTRS.__contains__, lambda c, rest: getattr(c.snapshot.household, rest, None)),
    "address": SourceKind(ADDRESS_ATTRS.__contains__, _address),
    "housing": SourceKind(HOUSING_ATTRS.__contains__, lambda c, rest: getattr(c.housing, rest, None)),
    "volunteer": SourceKind(VOLUNTEER_ATTRS.__contains__, lambda c, rest: getattr(c.volunteer, rest, None)),
    "contact": SourceKind(_role_and_attr(CONTACT_ROLES, CONTACT_ATTRS), _contact),
}


def is_known_source(source: str) -> bool:
    if source in COMPUTED:
        return True
    head, _, rest = source.partition(".")
    kind = SOURCE_KINDS.get(head)
    return kind is not None and kind.known(rest)


def resolve(source: str, ctx: Context) -> Any:
    """The raw value for ``source`` (None when the family file has nothing there)."""
    if not source:
        return None
    if source in COMPUTED:
        return COMPUTED[source](ctx)
    head, _, rest = source.partition(".")
    if head not in SOURCE_KINDS:
        raise KeyError(source)
    return SOURCE_KINDS[head].value(ctx, rest)
