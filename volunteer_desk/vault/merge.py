"""Merging two copies of one family file (offline laptops, sync conflict copies), field by field.

Each stored row carries, per field, its version history (newest first). For one field:
- same value on both sides: nothing to decide (histories are joined);
- one side's current version is in the other side's history: the other side edited it after
  seeing it, so its value wins;
- otherwise both edited it without seeing each other: a true conflict. A deterministic value is
  kept in the record and *both* values go to a ``conflicts`` row that a volunteer resolves.
Whole rows: a deletion (tombstone) wins over edits that are not newer than it; an edit made
after the deletion keeps the record. Every rule is symmetric, so the merge is commutative and
idempotent, and no confirmed field edit is lost: it is the kept value, in the joined history of
a later edit, or listed in a conflict. Blobs are content-addressed (union); the audit journal is
append-only (union).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.vault.schema import ENTITY_TABLES
from volunteer_desk.vault.store import FIELD_HISTORY, FamilyFile, Row

CONFLICTS = "conflicts"
_ABSENT = "\x00absent"  # a field that one side removed


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _joined(kept: list[str], other: list[str]) -> list[str]:
    """Both histories; the kept value's own version stays first (clocks on two laptops may disagree)."""
    if not kept:
        return other[:FIELD_HISTORY]
    rest = sorted((set(kept) | set(other)) - {kept[0]}, reverse=True)
    return [kept[0], *rest][:FIELD_HISTORY]


def conflict_id(table: str, record_id: str, field: str, versions: list[str]) -> str:
    digest = hashlib.sha256("|".join([table, record_id, field, *sorted(versions)]).encode()).hexdigest()
    return "conflict-" + digest[:32]


def _merge_live(a: Row, b: Row) -> tuple[Row, list[Row]]:
    data: dict[str, Any] = {}
    fields: dict[str, list[str]] = {}
    conflicts: list[Row] = []
    latest = max((a, b), key=lambda r: (r.updated_at, r.updated_by))
    for name in sorted(set(a.data) | set(b.data) | set(a.fields) | set(b.fields)):
        va, vb = a.data.get(name, _ABSENT), b.data.get(name, _ABSENT)
        # a field written before field histories existed gets its row's version
        ha = a.fields.get(name) or ([f"{a.updated_at}~{a.updated_by}"] if name in a.data else [])
        hb = b.fields.get(name) or ([f"{b.updated_at}~{b.updated_by}"] if name in b.data else [])
        b_saw_a = bool(ha) and ha[0] in hb
        a_saw_b = bool(hb) and hb[0] in ha
        if _canon(va) == _canon(vb):
            value, history = va, (_joined(ha, hb) if (ha[:1] >= hb[:1]) else _joined(hb, ha))
        elif b_saw_a and not a_saw_b:
            value, history = vb, _joined(hb, ha)
        elif a_saw_b and not b_saw_a:
            value, history = va, _joined(ha, hb)
        elif not hb and ha:  # the other side never recorded a version (written before field histories)
            value, history = va, ha
        elif not ha and hb:
            value, history = vb, hb
        else:
            sides = sorted([(ha[0] if ha else "", _canon(va), va), (hb[0] if hb else "", _canon(vb), vb)])
            value = sides[-1][2]
            history = _joined(ha, hb) if sides[-1][0] == (ha[0] if ha else "") else _joined(hb, ha)
            cid = conflict_id(a.table, a.id, name, [s[0] for s in sides])
            conflicts.append(Row(CONFLICTS, cid, latest.updated_at, latest.updated_by, False, {
                "table": a.table, "record_id": a.id, "field": name, "resolved": False,
                "values": [{"version": s[0], "value": None if s[2] == _ABSENT else s[2],
                            "absent": s[2] == _ABSENT} for s in sides],
            }, {"resolved": [f"{latest.updated_at}~merge"]}))
        if value != _ABSENT:
            data[name] = value
        fields[name] = history
    return Row(a.table, a.id, latest.updated_at, latest.updated_by, False, data, fields), conflicts


def merge_pair(a: Row, b: Row) -> tuple[Row, list[Row]]:
    """One record from two copies, plus the conflict rows the merge found."""
    if a.version_key() == b.version_key():
        return a, []
    if a.deleted or b.deleted:
        if a.deleted and b.deleted:
            return max((a, b), key=Row.version_key), []
        tomb, live = (a, b) if a.deleted else (b, a)
        # a deletion wins over every edit that is not newer than it
        latest_edit = max([live.updated_at, *(h[0].split("~")[0] for h in live.fields.values() if h)])
        return (tomb if tomb.updated_at >= latest_edit else live), []
    return _merge_live(a, b)


def merge_rows(a: list[Row], b: list[Row]) -> list[Row]:
    """Merge two copies' rows (each copy holds at most one row per table and id)."""
    mine = {(r.table, r.id): r for r in a}
    theirs = {(r.table, r.id): r for r in b}
    merged: dict[tuple[str, str], Row] = {}
    found: list[Row] = []
    for key in set(mine) | set(theirs):
        if key in mine and key in theirs:
            merged[key], conflicts = merge_pair(mine[key], theirs[key])
            found += conflicts
        else:
            merged[key] = mine.get(key) or theirs[key]
    for conflict in found:
        key = (conflict.table, conflict.id)
        merged[key] = merge_pair(merged[key], conflict)[0] if key in merged else conflict
    return [merged[k] for k in sorted(merged)]


def merge_into(target: FamilyFile, source: FamilyFile) -> int:
    """Merge another copy of the same family into ``target`` in one transaction; rows changed."""
    ours = [row for table in ENTITY_TABLES for row in target.rows(table)]
    theirs = [row for table in ENTITY_TABLES for row in source.rows(table)]
    with target.transaction():
        target.import_blobs(list(source.blob_rows()))
        target.import_audit(source.audit_rows())
        return target.apply_rows(merge_rows(ours, theirs))


def open_conflicts(ff: FamilyFile) -> list[dict[str, Any]]:
    return [c for c in ff.all(CONFLICTS) if not c.get("resolved")]


def resolve_conflict(ff: FamilyFile, conflict_id_: str, choice: int) -> None:
    """Keep value number ``choice`` (1 or 2, as listed) of a conflict; the conflict row keeps both.

    After a merge the field's history already holds both versions, so the value written here
    descends from both sides and never conflicts again.
    """
    conflict = ff.get(CONFLICTS, conflict_id_)
    if conflict is None:
        raise NotFound("No such conflict in this family.")
    values = conflict["values"]
    if choice not in range(1, len(values) + 1):
        raise BadInput(f"Choose a value between 1 and {len(values)}.")
    picked = values[choice - 1]
    with ff.transaction():
        record = ff.get(conflict["table"], conflict["record_id"])
        if record is not None:  # a record deleted since needs no value
            body = {k: v for k, v in record.items() if k != "id"}
            if picked.get("absent"):
                body.pop(conflict["field"], None)
            else:
                body[conflict["field"]] = picked["value"]
            ff.put(conflict["table"], body, conflict["record_id"])
        ff.put(CONFLICTS, {**{k: v for k, v in conflict.items() if k != "id"}, "resolved": True,
                           "chosen": choice}, conflict_id_)
