"""Keep a snapshot of each filled form in the family file (table "forms"): what was printed, when, by whom.

The family file is encrypted, so the printed values (a NISS included when the form printed it) may
live there; they never go to logs or plain files.
"""

from __future__ import annotations

from typing import Any

from volunteer_desk.forms.fill import FilledForm
from volunteer_desk.vault.store import FamilyFile, now_iso


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
