"""Load a whole family into plain objects, and save changes back record by record.

Forms, packets and sheets read a ``FamilySnapshot``; they never talk to SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from volunteer_desk.core.errors import BadInput, UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.safejson import UnsafeJson, loads_limited, read_limited
from volunteer_desk.family.model import (
    TABLE_OF,
    Address,
    Consent,
    Contact,
    Household,
    Housing,
    Letter,
    Member,
    Note,
    Record,
    Request,
    Task,
)
from volunteer_desk.family.schema import MAX_DEPTH, MAX_DOCUMENT_BYTES, validate_family_document
from volunteer_desk.family.trajectory import trajectory_deadlines
from volunteer_desk.vault.store import FamilyFile, now_iso


@dataclass
class FamilySnapshot:
    id: str
    household: Household
    members: list[Member] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    trajectory: list[dict] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "members[1].birth_date": stored value unusable

    @property
    def applicant(self) -> Member | None:
        for m in self.members:
            if m.relation == "applicant":
                return m
        return self.members[0] if self.members else None

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def contact(self, role: str) -> Contact | None:
        return next((c for c in self.contacts if c.role == role), None)

    def open_tasks(self, today: date | None = None) -> list[Task]:
        """Stored tasks not done yet (from letters and by hand), soonest first."""
        return sorted((t for t in self.tasks if not t.done), key=lambda t: (t.due or "9999", t.time))

    def open_deadlines(self, today: date | None = None, lang: str = "en") -> list[Task]:
        """Everything with a date still to meet: the open tasks and the integration trajectory's computed
        deadlines (kind 'trajectory', ids 'trajectory:<step>', never stored; titles in ``lang`` where the
        data has it, else English), soonest first."""
        try:
            steps = [Task.from_data(d) for d in trajectory_deadlines(self, today, lang=lang)]
        except UserError:  # trajectory data unreadable: the stored tasks still count
            steps = []
        dated = [t for t in self.open_tasks(today) if t.due] + steps
        return sorted(dated, key=lambda t: (t.due, t.time))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "household": self.household.to_data(),
            "members": [m.to_data() for m in self.members], "contacts": [c.to_data() for c in self.contacts],
            "notes": [n.to_data() for n in self.notes], "tasks": [t.to_data() for t in self.tasks],
            "consents": [c.to_data() for c in self.consents], "requests": [r.to_data() for r in self.requests],
            "letters": [{k: v for k, v in lt.to_data().items() if k != "ocr"} for lt in self.letters],
            "trajectory": self.trajectory,
            **({"unreadable": self.unreadable} if self.unreadable else {}),
        }


def load(ff: FamilyFile) -> FamilySnapshot:
    """The whole family. Tolerant by construction: a record or field of the wrong type (old data, a
    damaged or hostile copy) gets its default and is listed in ``unreadable``, never a traceback."""
    unreadable: list[str] = []

    def records(table: str, cls: type[Record]) -> list:
        out = []
        for i, data in enumerate(ff.all(table)):
            obj = cls.from_data(data)
            out.append(obj)
            unreadable.extend(f"{table}[{i}].{name}" for name in getattr(obj, "unreadable", ()))
        return out

    raw_household = ff.get("household", "household") or {}
    household = Household.from_data(raw_household)
    unreadable.extend(f"household.{name}" for name in getattr(household, "unreadable", ()))
    for part, cls in (("address", Address), ("housing", Housing)):
        sub = cls.from_data(getattr(household, part) or {})
        unreadable.extend(f"household.{part}.{name}" for name in getattr(sub, "unreadable", ()))
    return FamilySnapshot(
        id=ff.family_id,
        household=household,
        members=records("members", Member),
        contacts=records("contacts", Contact),
        notes=records("notes", Note),
        tasks=records("tasks", Task),
        consents=records("consents", Consent),
        letters=records("letters", Letter),
        requests=records("requests", Request),
        trajectory=[d for d in ff.all("trajectory") if isinstance(d, dict)],
        forms=[d for d in ff.all("forms") if isinstance(d, dict)],
        unreadable=unreadable,
    )


def save_household(ff: FamilyFile, household: Household) -> None:
    ff.put("household", {k: v for k, v in household.to_data().items() if k != "id"}, "household")


def save(ff: FamilyFile, obj: Record) -> str:
    """Insert or update a member, contact, note, task, consent, letter or request; returns its id."""
    table = TABLE_OF.get(type(obj))
    if table is None:
        raise TypeError(f"cannot save {type(obj).__name__}")
    data = obj.to_data()
    if isinstance(obj, (Note, Task, Letter)) and not data.get("created_at"):
        data["created_at"] = now_iso()
    record_id = ff.put(table, data, obj.id)
    obj.id = record_id
    return record_id


# -- import from a spreadsheet-like JSON (associations moving in) ---------------------------------
IMPORT_KEYS = {"household", "members", "contacts", "notes", "tasks", "consents", "requests"}


IMPORT_CLASSES: dict[str, type[Member | Contact | Note | Task | Consent | Request]] = {"members": Member, "contacts": Contact, "notes": Note, "tasks": Task,
                                   "consents": Consent, "requests": Request}


def parse_import(raw: str | bytes, partial: bool = False) -> dict[str, Any]:
    """Parse and check a whole family JSON document (size, depth, then the schema)."""
    try:
        data = loads_limited(raw, max_bytes=MAX_DOCUMENT_BYTES, max_depth=MAX_DEPTH)
    except UnsafeJson as exc:
        raise BadInput(_("The family JSON file cannot be used: {reason}.").format(reason=exc)) from None
    return validate_family_document(data, partial=partial)


def import_into(ff: FamilyFile, data: dict[str, Any]) -> None:
    """Write a family document into the file. The whole document is checked first: on a bad field
    nothing is written."""
    data = validate_family_document(data)
    household = Household.from_data(ff.get("household", "household") or {})
    for key, value in (data.get("household") or {}).items():
        if hasattr(household, key) and key != "id":
            setattr(household, key, value)
    save_household(ff, household)
    for key, cls in IMPORT_CLASSES.items():
        for item in data.get(key, []):
            save(ff, cls.from_data(item))


def update_from(ff: FamilyFile, data: dict[str, Any]) -> int:
    """Apply a partial family JSON: only the fields it names change; list items are added, or
    updated field by field when their ``id`` is already in the file. Returns records written.

    Run it inside ``ff.transaction()`` for all or nothing.
    """
    written = 0
    if data.get("household"):
        current = ff.get("household", "household") or {}
        body = {k: v for k, v in current.items() if k != "id"}
        known = set(Household.from_data(current).to_data())
        for key, value in data["household"].items():
            if key in known and key != "id":
                body[key] = value
        ff.put("household", body, "household")
        written += 1
    for key, cls in IMPORT_CLASSES.items():
        table = TABLE_OF[cls]
        for item in data.get(key, []):
            if not isinstance(item, dict):
                raise BadInput(f"Each entry of '{key}' must be an object.")
            existing = ff.get(table, item["id"]) if isinstance(item.get("id"), str) else None
            if existing is not None:
                merged = cls.from_data({**existing, **item}).to_data()
                ff.put(table, {k: v for k, v in merged.items() if k in item or k in existing}, item["id"])
            else:
                save(ff, cls.from_data(item))
            written += 1
    return written


def load_import_file(path: Path, partial: bool = False) -> dict[str, Any]:
    """Read (regular files only, 5 MB at most) and check a family JSON file (``partial``: an update)."""
    try:
        raw = read_limited(path, MAX_DOCUMENT_BYTES)
    except UnsafeJson as exc:
        raise BadInput(_("The family JSON file cannot be used: {reason}.").format(reason=exc)) from None
    except OSError as exc:
        raise BadInput(_("Cannot read the family JSON file.")) from exc
    return parse_import(raw, partial=partial)


def index_summary(ff: FamilyFile) -> dict[str, Any]:
    """What the vault's encrypted index keeps for the family list: name and next deadline
    (trajectory included). Injected into the vault by the composition root."""
    snap = load(ff)
    today = date.today().isoformat()
    dues = [t.due for t in snap.open_deadlines() if t.due and t.due >= today]
    return {"name": snap.household.display_name or "?", "next_deadline": dues[0] if dues else None,
            "updated_at": now_iso()}
