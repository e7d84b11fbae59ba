"""The family domain model: plain dataclasses stored as JSON records in the family file.

Field names are the documented JSON shape used by ``family new --from-json`` (see
docs/family-json.md). Unknown keys are kept (forward compatibility) but ignored by the code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

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
CONTACT_ROLES = ("cpas_social_worker", "cpas_referent", "cri", "bapa", "lawyer", "school", "interpreter",
                 "doctor", "mutuelle", "landlord", "other")


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    obj = cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[call-arg]
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
    id: str | None = "household"

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
    id: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class Contact(Record):
    role: str = ""                # one of CONTACT_ROLES
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
