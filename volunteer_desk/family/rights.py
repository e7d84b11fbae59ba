"""The family's data rights: access/portability for one person, closing + anonymising, erasure,
and retention prompts (GDPR Art. 15(4), 17, 20; security notes tests 20–21).

- ``export_person``: one member's data, without the other members' data (their names, numbers,
  incomes, notes about them are left out or redacted).
- ``anonymise_family``: names removed, birth dates reduced to their quarter, notes, letters, page
  images and forms removed; counts kept for the association's statistics.
- ``erase_family``: crypto-erasure: the key-wrap header (every volunteer's wrap and the recovery
  wrap) is deleted first, then the file, its backups, conflict copies and lock. A leftover copy of
  the file cannot be opened afterwards: nothing holds its key any more.
- ``retention_candidates``: files untouched for N days, proposed for closing.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from volunteer_desk.core.errors import AccessDenied, BadInput, CorruptFile, NotFound, WrongPassphrase
from volunteer_desk.family import snapshot as snapshot_mod
from volunteer_desk.vault.schema import ENTITY_TABLES
from volunteer_desk.vault.store import FamilyFile, Row, field_version, next_fields, now_iso

log = logging.getLogger(__name__)
REDACTED = "[…]"
EXPORT_FORMAT = "volunteer-desk-person-export/1"


# -- export of one person -------------------------------------------------------------------------
def _other_identifiers(snapshot, member_id: str) -> list[str]:
    me = snapshot.member(member_id)
    mine = {(me.first_name or "").casefold(), (me.last_name or "").casefold()} if me else set()
    found: set[str] = set()
    for m in snapshot.members:
        if m.id == member_id:
            continue
        for value in (m.full_name, m.first_name, m.last_name, m.niss, m.card_number, m.phone, m.email):
            # A shared surname is also the person's own: keep it, only the other's first name goes.
            if value and len(value) > 1 and value.casefold() not in mine:
                found.add(value)
    return sorted(found, key=len, reverse=True)


def _redactor(secrets_: list[str]):
    if not secrets_:
        return lambda value: value
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in secrets_), re.IGNORECASE)

    def redact(value):
        if isinstance(value, str):
            return pattern.sub(REDACTED, value)
        if isinstance(value, list):
            return [redact(v) for v in value]
        if isinstance(value, dict):
            return {k: redact(v) for k, v in value.items()}
        return value

    return redact


def _mentions(text: str, name: str) -> bool:
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def export_person(snapshot, member_id: str, today: date | None = None) -> dict:
    """One member's data as a JSON-ready dict, with nothing about the other household members."""
    me = snapshot.member(member_id)
    if me is None:
        raise NotFound("No household member with this id.")
    h = snapshot.household
    others = [m for m in snapshot.members if m.id != member_id]
    iban_mine = not h.iban_holder or _mentions(h.iban_holder, me.first_name) or h.iban_holder == me.full_name
    phone_mine = not h.phone or h.phone == me.phone or not any(m.phone == h.phone for m in others)
    household = {
        "address": h.address, "main_language": h.main_language, "cpas_name": h.cpas_name,
        "cpas_file_number": h.cpas_file_number, "mutuelle": h.mutuelle, "housing": h.housing,
        "commune_registration_date": h.commune_registration_date,
        "phone": h.phone if phone_mine else "", "email": h.email if phone_mine else "",
        "iban": h.iban if iban_mine else "", "iban_holder": h.iban_holder if iban_mine else "",
    }
    notes = []
    for n in snapshot.notes:  # volunteer notes about this person only (not about the others)
        if _mentions(n.text, me.first_name) and not any(_mentions(n.text, o.first_name) for o in others):
            notes.append(n.to_data())
    data = {
        "format": EXPORT_FORMAT,
        "exported_on": (today or date.today()).isoformat(),
        "person": me.to_data(),
        "household": household,
        "incomes": [i for i in h.incomes if i.get("member_id") == member_id],
        "consents": [c.to_data() for c in snapshot.consents if not c.member_id or c.member_id == member_id],
        "requests": [r.to_data() for r in snapshot.requests],
        "tasks": [t.to_data() for t in snapshot.tasks],
        "contacts": [c.to_data() for c in snapshot.contacts],
        "letters": [{k: lt.to_data()[k] for k in ("id", "title", "sender", "received_on", "letter_date", "kind")}
                    for lt in snapshot.letters],
        "notes": notes,
    }
    return _redactor(_other_identifiers(snapshot, member_id))(data)


def export_person_json(snapshot, member_id: str, today: date | None = None) -> bytes:
    return json.dumps(export_person(snapshot, member_id, today), ensure_ascii=False, indent=2).encode("utf-8")


# -- close and anonymise ---------------------------------------------------------------------------
def birth_quarter(birth_date: str) -> str:
    """'1991-04-12' → '1991-Q2'; unknown month → year only; nothing usable → ''."""
    parts = (birth_date or "").split("-")
    if not parts or not parts[0].isdigit():
        return ""
    if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) == 0:
        return parts[0]
    return f"{parts[0]}-Q{(int(parts[1]) - 1) // 3 + 1}"


MEMBER_KEEP = ("sex", "nationality", "relation", "languages_spoken", "languages_read", "residence_status",
               "card_type", "dependent")


def anonymise_family(ff: FamilyFile, today: date | None = None) -> dict:
    """Close the file and anonymise it in place (one transaction); returns the statistics kept."""
    today = today or date.today()
    snap = snapshot_mod.load(ff)
    h = snap.household
    stats = {
        "members": len(snap.members), "children": sum(1 for m in snap.members if m.relation == "child"),
        "letters": len(snap.letters), "pages": len(ff.all("pages")), "notes": len(snap.notes),
        "tasks": len(snap.tasks), "tasks_done": sum(1 for t in snap.tasks if t.done),
        "requests": len(snap.requests), "forms": len(snap.forms), "consents": len(snap.consents),
    }
    at, me = now_iso(), ff.volunteer_id
    rows: list[Row] = []

    def put(table: str, rid: str | None, data: dict) -> None:
        if rid is None:  # never saved: nothing in the file to overwrite
            return
        # new field versions over the old ones, so an older synced copy cannot bring names back
        old = ff.row(table, rid)
        fields = next_fields(old.data if old else {}, old.fields if old else {}, data, field_version(at, me))
        rows.append(Row(table, rid, at, me, False, data, fields))

    def drop(table: str, rid: str) -> None:
        rows.append(Row(table, rid, at, me, True, {}))

    for n, m in enumerate(snap.members, start=1):
        data = {k: getattr(m, k) for k in MEMBER_KEEP}
        put("members", m.id, {**data, "first_name": "", "last_name": "", "label": f"#{n}",
                              "birth_date": birth_quarter(m.birth_date)})
    address = h.address_obj
    housing = h.housing_obj
    put("household", "household", {
        "display_name": f"Dossier clôturé {today.isoformat()}",
        "address": {"postcode": address.postcode, "city": address.city},
        "main_language": h.main_language, "other_languages": h.other_languages,
        "housing": {"kind": housing.kind, "rent_eur": housing.rent_eur, "bedrooms": housing.bedrooms},
        "incomes": [{"kind": i.get("kind", ""), "monthly_eur": i.get("monthly_eur")} for i in h.incomes],
        "cpas_name": h.cpas_name, "closed_on": today.isoformat(), "anonymised_on": today.isoformat(), "stats": stats,
    })
    for table in ("contacts", "notes", "letters", "pages", "forms"):
        for rec in ff.all(table):
            drop(table, rec["id"])
    for t in snap.tasks:
        put("tasks", t.id, {"kind": t.kind, "due": t.due, "done": t.done, "done_on": t.done_on, "title": ""})
    for r in snap.requests:
        put("requests", r.id, {"what": r.what, "to": r.to, "submitted_on": r.submitted_on,
                               "acknowledged_on": r.acknowledged_on, "status": r.status})
    ff.apply_rows(rows)
    ff.delete_blobs(ff.blob_ids())  # page images, audio, form PDFs (secure_delete zeroes the pages)
    ff.audit("family.anonymise")
    log.info("family anonymised")
    return stats


# -- erasure ---------------------------------------------------------------------------------------
def erase_family(session, fid: str) -> list[str]:
    """Erase a family for good (admin only). Returns the names of the files removed.

    The header with every key wrap goes first: from then on no passphrase or recovery kit can give
    the data key, so copies of the file left elsewhere (sync folder, USB stick) are unreadable.
    """
    if not session.volunteer.is_admin:
        raise AccessDenied("Only an association admin can erase a family.")
    removed = session.erase_family(fid)
    log.info("family erased (%d files)", len(removed))
    return removed


# -- retention -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RetentionCandidate:
    family_id: str
    name: str
    last_activity: str
    idle_days: int


def last_activity(ff: FamilyFile) -> str:
    """Latest change to any record or journal entry (merely opening the file does not count)."""
    latest = ""
    for table in ENTITY_TABLES:
        for row in ff.rows(table):
            latest = max(latest, row.updated_at)
    for entry in ff.audit_log():
        if entry["action"] != "family.open":
            latest = max(latest, entry["at"])
    return latest


def retention_candidates(session, days: int, today: date | None = None) -> list[RetentionCandidate]:
    """Open (not yet closed) families whose last activity is more than ``days`` days old."""
    if days < 1:
        raise BadInput("The retention period must be at least one day.")
    today = today or date.today()
    found = []
    for summary in session.list_families():
        try:
            with session.open_family(summary.id, read_only=True) as ff:
                household = ff.get("household", "household") or {}
                if household.get("closed_on"):
                    continue
                latest = last_activity(ff)
        except (CorruptFile, NotFound, WrongPassphrase):
            continue
        if not latest:
            continue
        idle = (today - datetime.fromisoformat(latest[:10]).date()).days
        if idle > days:
            found.append(RetentionCandidate(summary.id, summary.name, latest[:10], idle))
    return sorted(found, key=lambda c: -c.idle_days)
