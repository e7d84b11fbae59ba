"""Keep a snapshot of each filled form in the family file (table "forms"): what was printed, when, by whom.

The family file is encrypted, so the printed values (a NISS included when the form printed it) may
live there; they never go to logs or plain files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from volunteer_desk.forms.spec import get_form
from volunteer_desk.vault.store import FamilyFile, now_iso

if TYPE_CHECKING:  # annotations only: fill reads the stored edits, so store must not import fill
    from volunteer_desk.forms.fill import FilledForm


def filled_record(filled: FilledForm, family_language: str | None = None) -> dict[str, Any]:
    return {
        "form_id": filled.spec.id,
        "title": filled.spec.title.fr,
        "source_date": filled.spec.source_date,
        "region": filled.region or "",
        "filled_on": filled.filled_on.isoformat(),
        "saved_at": now_iso(),
        "volunteer": filled.volunteer.name,
        "family_language": family_language or "",
        "values": {fid: f.print_value for fid, f in filled.values.items()},
        "missing": [m.to_data() for m in filled.missing],
        "warnings": [w.to_data() for w in filled.warnings],
    }


def save_filled(ff: FamilyFile, filled: FilledForm, family_language: str | None = None,
                pdf: bytes | None = None) -> str:
    """Store the filled form in the family file; returns the record id. Audited by form id only.

    With ``pdf`` the printed PDF is kept too (as an encrypted blob, ``pdf_blob``): the handover packet
    then attaches exactly what was printed.
    """
    record = filled_record(filled, family_language)
    if pdf is not None:
        record["pdf_blob"] = ff.put_blob(pdf, "application/pdf")
    record_id = ff.put("forms", record)
    ff.audit("form_filled", filled.spec.id)
    return record_id


EDITS_PREFIX = "edits:"  # record id of a form's typed values in the "forms" table: edits:<form_id>


def stored_edits(snapshot, form_id: str) -> dict[str, Any]:
    """Values the volunteer typed or ticked on the forms screen for ``form_id`` (kept in the family file)."""
    for row in getattr(snapshot, "forms", []) or []:
        if row.get("id") == EDITS_PREFIX + form_id or (row.get("kind") == "edits" and row.get("form_id") == form_id):
            return dict(row.get("edits") or {})
    return {}


def save_edits(ff: FamilyFile, form_id: str, edits: dict[str, Any]) -> None:
    """Keep typed values (a missing date, a ticked "aide demandée") for the next fill and the packet."""
    spec = get_form(form_id)
    known = {f.id for f in spec.fields()}
    clean = {k: v for k, v in edits.items() if k in known and v not in (None, "")}
    ff.put("forms", {"kind": "edits", "form_id": form_id, "edits": clean, "saved_at": now_iso()},
           EDITS_PREFIX + form_id)
    ff.audit("form.edit", form_id)
