"""The family domain model: plain dataclasses stored as JSON records in the family file.

Field names are the documented JSON shape used by ``family new --from-json`` (see
docs/family-json.md). Unknown keys are kept (forward compatibility) but ignored by the code.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

from volunteer_desk.core.text import replace_surrogates, terminal_safe

T = TypeVar("T")

RESIDENCE_STATUSES = (
    "asylum_seeker",          # demandeur de protection internationale (attestation d'immatriculation)
    "refugee",                # réfugié reconnu (carte A 5 ans, puis B)
    "subsidiary_protection",  # protection subsidiaire (carte A 1 an, renouvelée 2x 2 ans)
    "temporary_protection",   # protection temporaire (Ukraine)
    "family_reunification",
    "unlimited_stay",         # carte B
    "eu_citizen",
    "eu_family_member",       # carte F / F+
    "regularisation",         # 9bis / 9ter
    "unaccompanied_minor",
    "no_status",
    "other",
)
CARD_TYPES = ("A", "B", "K", "L", "F", "F+", "EU", "EU+", "M", "attestation_immatriculation",
              "annexe_15", "annexe_26", "other", "")
# Where a statement in the file comes from (printed beside it in the handover packet).
SOURCES = ("declared", "document", "attached")   # declared by the family / seen on a document / copy attached


_DATE_FIELDS = {"due", "done_on", "given_on", "ends_on", "withdrawn_on", "card_expiry", "lease_start",
                "submitted_on", "acknowledged_on", "decision_due", "received_on", "letter_date",
                "commune_registration_date"}
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_FIELDS = {"display_name", "first_name", "last_name", "name", "iban_holder", "landlord_name"}


def _readable(name: str, kind: str, value: Any) -> tuple[bool, Any]:
    """(ok, value) for one stored field against its declared type. Stored data may predate the checks
    of ``family.schema`` or come from a damaged or hostile copy: a wrong type must not break a list."""
    if value is None:
        return ("None" in kind or kind in ("dict", "list[dict]", "list[str]")), value
    if kind.startswith("str"):
        if not isinstance(value, str):
            return False, None
        value = replace_surrogates(value)
        if name in _DATE_FIELDS and value and not _DATE_LIKE.match(value):
            return False, None
        if name in _NAME_FIELDS:
            value = terminal_safe(value)  # an escape sequence or newline shows as text, never acts
        return True, value
    if kind.startswith("bool"):
        return isinstance(value, bool), value
    if kind.startswith(("float", "int")):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if ok and kind.startswith("int") and not isinstance(value, int):
            return False, None
        return ok, value
    if kind == "list[str]":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return ok, [replace_surrogates(v) for v in value] if ok else None
    if kind == "list[dict]":
        ok = isinstance(value, list) and all(isinstance(v, dict) for v in value)
        return ok, _deep_clean(value) if ok else None
    if kind == "dict":
        return isinstance(value, dict), _deep_clean(value) if isinstance(value, dict) else None
    return True, value


def _deep_clean(value: Any, depth: int = 0) -> Any:
    """Nested stored data with lone surrogates replaced (they cannot be printed or encoded)."""
    if depth == 0:
        try:  # the C encoder answers "no surrogate anywhere" far faster than a walk in Python
            json.dumps(value, ensure_ascii=False, check_circular=False, default=str).encode("utf-8")
            return value
        except (UnicodeEncodeError, ValueError, TypeError, RecursionError):
            pass
    if depth > 50:
        return None
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, list):
        return [_deep_clean(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {replace_surrogates(str(k)): _deep_clean(v, depth + 1) for k, v in value.items()}
    return value


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a record; fields of the wrong type get their default and are listed in ``unreadable``."""
    unreadable = []
    values = {}
    if isinstance(data, dict):
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            ok, value = _readable(f.name, str(f.type), data[f.name])
            if ok:
                values[f.name] = value
            else:
                unreadable.append(f.name)
    else:
        unreadable.append("*")
    obj = cls(**values)  # type: ignore[call-arg]
    if unreadable:
        obj.unreadable = unreadable  # type: ignore[attr-defined]
    return obj


class Record:
    """Mixin: to/from the stored dict."""

    id: str | None

    def to_data(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_data(cls, data: dict[str, Any]):
        return _from_dict(cls, data)


@dataclass
class Address(Record):
    street: str = ""
    number: str = ""
    box: str = ""
    postcode: str = ""
    city: str = ""
    id: str | None = None

    def one_line(self) -> str:
        street = " ".join(p for p in (self.street, self.number) if p)
        if self.box:
            street += f" bte {self.box}"
        return ", ".join(p for p in (street, f"{self.postcode} {self.city}".strip()) if p)


@dataclass
class Income(Record):
    member_id: str = ""
    kind: str = ""            # ris, aide_sociale, salary, unemployment, family_allowance, mutuelle, other
    monthly_eur: float | None = None
    source: str = ""
    id: str | None = None


@dataclass
class Housing(Record):
    kind: str = ""            # private_rental, social_housing, hosted, shelter, homeless, owner
    rent_eur: float | None = None
    charges_eur: float | None = None
    landlord_name: str = ""
    landlord_address: str = ""
    lease_start: str = ""     # YYYY-MM-DD
    lease_registered: bool | None = None
    bedrooms: int | None = None
    previous_address: str = ""
    previous_rent_eur: float | None = None
    id: str | None = None


@dataclass
class Household(Record):
    display_name: str = ""            # how volunteers call the family, e.g. "Famille H."
    address: dict = field(default_factory=dict)
    phone: str = ""
    email: str = ""
    iban: str = ""
    iban_holder: str = ""
    main_language: str = ""           # ISO 639-1/3 code, e.g. "ar", "ps", "ti"
    other_languages: list[str] = field(default_factory=list)
    reads_main_language: bool | None = None
    housing: dict = field(default_factory=dict)
    incomes: list[dict] = field(default_factory=list)
    commune_registration_date: str = ""   # inscription au registre (starts CRI/BAPA deadlines)
    cpas_name: str = ""
    cpas_file_number: str = ""
    mutuelle: str = ""
    notes: str = ""
    debts: list[dict] = field(default_factory=list)   # {creditor, amount_eur, monthly_eur, source}
    # asylum_applied_on, cgra_decision_on, reception_left_on, reception_centre (YYYY-MM-DD / text)
    migration: dict = field(default_factory=dict)
    # section -> one of SOURCES: identity, residence, household, incomes, debts, housing, languages,
    # migration (a section not named is "declared")
    sources: dict = field(default_factory=dict)
    id: str | None = "household"

    def source_of(self, section: str) -> str:
        value = (self.sources or {}).get(section, "declared")
        return value if value in SOURCES else "declared"

    @property
    def address_obj(self) -> Address:
        return Address.from_data(self.address or {})

    @property
    def housing_obj(self) -> Housing:
        return Housing.from_data(self.housing or {})


@dataclass
class Member(Record):
    first_name: str = ""
    last_name: str = ""
    birth_date: str = ""          # YYYY-MM-DD; month or day may be 00 when unknown; may be just YYYY
    birth_place: str = ""
    niss: str = ""                # national register number or BIS number (optional, sensitive)
    sex: str = ""                 # F, M, X
    nationality: str = ""
    relation: str = ""            # applicant, partner, child, parent, other
    languages_spoken: list[str] = field(default_factory=list)
    languages_read: list[str] = field(default_factory=list)
    residence_status: str = ""    # one of RESIDENCE_STATUSES
    card_type: str = ""           # one of CARD_TYPES
    card_number: str = ""
    card_expiry: str = ""         # YYYY-MM-DD
    phone: str = ""
    email: str = ""
    school: str = ""
    disability: bool | None = None
    dependent: bool | None = None
    french_level: str = ""        # e.g. A1, A2, "none", "native"; as the family says or a test shows
    education: str = ""           # schooling and diplomas
    work: str = ""                # work experience, current job
    source: str = "declared"      # one of SOURCES: where the identity data comes from
    id: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def is_adult(m: Member, today: datetime.date) -> bool:
    """18 or older by birth year; with no usable birth date, the relations that are adults."""
    year = (m.birth_date or "")[:4]
    if year.isdigit():
        return today.year - int(year) >= 18
    return m.relation in ("applicant", "partner", "parent")


@dataclass
class Contact(Record):
    role: str = ""                # one of contact_roles.CONTACT_ROLES
    name: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    language: str = ""
    directory_id: str = ""        # points to a directory entry when it comes from there
    id: str | None = None


@dataclass
class Note(Record):
    text: str = ""
    created_at: str = ""
    health: bool = False          # health information: needs the 'health' consent scope
    id: str | None = None


@dataclass
class Task(Record):
    title: str = ""
    due: str = ""                 # YYYY-MM-DD
    time: str = ""                # HH:MM for appointments
    kind: str = "task"            # deadline, appointment, task, trajectory
    where: str = ""
    reminders: list[str] = field(default_factory=list)  # YYYY-MM-DD
    done: bool = False
    done_on: str = ""
    letter_id: str = ""
    source: str = ""              # the text span a fact came from
    created_at: str = ""
    fact_key: str = ""            # "<letter id>:<kind>:<date>[T<time>]": one task per fact of a letter
    id: str | None = None


@dataclass
class Consent(Record):
    scope: str = ""               # share_cpas, share_cri_bapa, share_lawyer, store_health, share_school…
    recipient: str = ""
    given_on: str = ""            # YYYY-MM-DD
    ends_on: str = ""             # at most one year after given_on
    language: str = ""            # language the notice was explained in
    notice_version: str = ""
    withdrawn_on: str = ""
    member_id: str = ""           # empty: the whole household
    id: str | None = None


@dataclass
class Request(Record):
    """A request in progress (CPAS aid, housing application…) and its acknowledgement of receipt."""

    what: str = ""
    to: str = ""
    submitted_on: str = ""
    acknowledged_on: str = ""
    reference: str = ""
    status: str = "pending"       # pending, granted, refused, appealed
    decision_due: str = ""
    source: str = "declared"      # one of SOURCES (e.g. "attached": the acknowledgement is attached)
    id: str | None = None


@dataclass
class Letter(Record):
    title: str = ""
    received_on: str = ""
    letter_date: str = ""
    sender: str = ""
    sender_kind: str = ""
    kind: str = ""
    language: str = ""
    page_ids: list[str] = field(default_factory=list)
    text: str = ""                # OCR text (corrected by the volunteer)
    ocr: dict = field(default_factory=dict)        # per-page confidence, low-confidence words
    translations: dict = field(default_factory=dict)  # lang -> {"paragraphs": [...], "reviewed_on": ...}
    facts: dict = field(default_factory=dict)
    created_at: str = ""
    id: str | None = None


TABLE_OF = {Member: "members", Contact: "contacts", Note: "notes", Task: "tasks", Consent: "consents",
            Letter: "letters", Request: "requests"}
