"""Merging two copies of one family file (offline laptops, sync conflict copies).

Per record id the version with the greatest (updated_at, tombstone, updated_by, content) wins: the
order is total, so the merge is commutative, associative and idempotent, and a deletion wins over
any older edit. Blobs are immutable and content-addressed: their union is kept.
"""

from __future__ import annotations

from volunteer_desk.vault.schema import ENTITY_TABLES
from volunteer_desk.vault.store import FamilyFile, Row


def winning(rows: list[Row]) -> dict[tuple[str, str], Row]:
    best: dict[tuple[str, str], Row] = {}
    for row in rows:
        key = (row.table, row.id)
        if key not in best or row.version_key() > best[key].version_key():
            best[key] = row
    return best


def merge_rows(a: list[Row], b: list[Row]) -> list[Row]:
    merged = winning(a + b)
    return [merged[k] for k in sorted(merged)]


def merge_into(target: FamilyFile, source: FamilyFile) -> int:
    rows = [row for table in ENTITY_TABLES for row in source.rows(table)]
    target.import_blobs(list(source.blob_rows()))
    return target.apply_rows(rows)
