"""One open family file: records, blobs, audit journal, change detection.

A ``FamilyFile`` is used from one thread at a time (the UI gives each open family its own
single-thread executor). Every write runs in one transaction that first checks the file's
generation counter: if another program changed the file since we loaded it, the write is refused
with ``UnmergedChanges`` instead of overwriting someone's work.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound, UnmergedChanges
from volunteer_desk.vault import schema
from volunteer_desk.vault.sqlcipher import connect, integrity_problems


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return str(uuid.uuid4())


FIELD_HISTORY = 50  # versions kept per field: enough to tell "edited after seeing" from "edited at the same time"


def field_version(at: str, by: str) -> str:
    """A field version id; sorts by time first, so the newest version sorts last."""
    return f"{at}~{by}"


@dataclass
class Row:
    """A versioned record as stored; ``data`` is the entity as a dict.

    ``fields`` maps each field name to its version history, newest first: the field-level merge
    uses it to tell an edit made after seeing the other copy's value from a concurrent one.
    """

    table: str
    id: str
    updated_at: str
    updated_by: str
    deleted: bool
    data: dict[str, Any]
    fields: dict[str, list[str]] = field(default_factory=dict)

    def version_key(self) -> tuple:
        # Total order for whole rows (tombstones, ties): later edit wins; on a tie a tombstone wins.
        return (self.updated_at, self.deleted, self.updated_by, json.dumps(self.data, sort_keys=True),
                json.dumps(self.fields, sort_keys=True))


def next_fields(old_data: dict[str, Any], old_fields: dict[str, list[str]], new_data: dict[str, Any],
                version: str, *, recreated: bool = False) -> dict[str, list[str]]:
    """Field histories after writing ``new_data`` over ``old_data``: changed fields get ``version``.

    ``recreated``: the old row was a tombstone, so every field it ever had changed (to absent).
    """
    fields = {k: list(v) for k, v in old_fields.items()}
    missing = object()
    for name in set(old_data) | set(new_data) | (set(old_fields) if recreated else set()):
        if recreated or old_data.get(name, missing) != new_data.get(name, missing) or name not in fields:
            # head = this version; the tail sorted, so two copies with the same history compare equal
            fields[name] = [version, *sorted(set(fields.get(name, [])) - {version}, reverse=True)][:FIELD_HISTORY]
    return fields


class FamilyFile:
    def __init__(self, path: Path, family_id: str, data_key: bytes, volunteer_id: str,
                 *, read_only: bool = False, create: bool = False,
                 on_close: Callable[[], None] | None = None) -> None:
        self.path = path
        self._on_close = on_close  # e.g. release the vault's lock on this file
        self._tx_depth = 0
        self._tx_failed = False
        self.family_id = family_id
        self.volunteer_id = volunteer_id
        self.read_only = read_only
        self._conn = connect(path, data_key, read_only=read_only, create=create)
        if create:
            schema.migrate(self._conn)
            self._set_meta("family_id", family_id)
            self._set_meta("generation", "0")
        else:
            stored = self._meta("family_id")
            if stored is None:
                raise CorruptFile("The family file has no identity; it was left untouched.")
            if stored != family_id:
                raise CorruptFile("This file belongs to another family; it was left untouched.")
            if schema.pending(self._conn) and not read_only:
                raise schema_upgrade_needed()
        self._generation = self.generation()

    # -- meta -------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        return int(self._meta("generation") or 0)

    @property
    def schema_version(self) -> int:
        return schema.current_version(self._conn)

    def changed_elsewhere(self) -> bool:
        return self.generation() != self._generation

    def reload(self) -> None:
        """Accept the file as it is now on disk (after the user chose to merge or discard)."""
        self._generation = self.generation()

    # -- transactions -------------------------------------------------------------------------
    class _Tx:
        def __init__(self, ff: FamilyFile) -> None:
            self.ff = ff

        def __enter__(self):
            ff = self.ff
            if ff.read_only:
                raise BadInput("This family is open read-only (it is open elsewhere).")
            ff._tx_depth += 1
            if ff._tx_depth > 1:  # inside a caller's transaction: all or nothing with it
                return ff._conn
            try:
                ff._conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                ff._tx_depth -= 1
                raise
            if ff.generation() != ff._generation:
                ff._conn.execute("ROLLBACK")
                ff._tx_depth -= 1
                raise UnmergedChanges(
                    "This family file was changed elsewhere since it was opened; nothing was "
                    "overwritten.", hint="Reopen it or merge the changes.")
            return ff._conn

        def __exit__(self, exc_type, exc, tb):
            ff = self.ff
            ff._tx_depth -= 1
            if ff._tx_depth > 0:
                if exc_type is not None:
                    ff._tx_failed = True
                return False
            failed, ff._tx_failed = ff._tx_failed, False
            if exc_type is None and failed:
                ff._conn.execute("ROLLBACK")
                raise BadInput("A part of this change failed: nothing was written.")
            if exc_type is None:
                ff._generation += 1
                ff._set_meta("generation", str(ff._generation))
                try:
                    ff._conn.execute("COMMIT")
                except BaseException:
                    ff._generation -= 1
                    ff._conn.execute("ROLLBACK")
                    raise
            else:
                ff._conn.execute("ROLLBACK")
            return False

    def transaction(self) -> FamilyFile._Tx:
        return FamilyFile._Tx(self)

    # -- records ------------------------------------------------------------------------------
    def _check_table(self, table: str) -> None:
        if table not in schema.ENTITY_TABLES:
            raise ValueError(f"unknown table {table}")

    def put(self, table: str, data: dict[str, Any], record_id: str | None = None) -> str:
        """Insert or update one record; returns its id."""
        self._check_table(table)
        record_id = record_id or data.get("id") or new_id()
        body = {k: v for k, v in data.items() if k != "id"}
        with self.transaction() as conn:
            self._write_row(conn, table, record_id, body, deleted=False)
        return record_id

    def put_many(self, table: str, records: list[dict[str, Any]]) -> list[str]:
        self._check_table(table)
        ids = []
        with self.transaction() as conn:
            for data in records:
                record_id = data.get("id") or new_id()
                self._write_row(conn, table, record_id, {k: v for k, v in data.items() if k != "id"}, False)
                ids.append(record_id)
        return ids

    def _write_row(self, conn, table: str, record_id: str, body: dict, deleted: bool) -> None:
        at = now_iso()
        old = conn.execute(f"SELECT data, fields, deleted FROM {table} WHERE id=?", (record_id,)).fetchone()
        old_data = json.loads(old[0]) if old and not old[2] else {}
        old_fields = json.loads(old[1]) if old else {}
        fields = old_fields if deleted else next_fields(old_data, old_fields, body, field_version(at, self.volunteer_id),
                                                        recreated=bool(old and old[2]))
        self._store_row(conn, Row(table, record_id, at, self.volunteer_id, deleted, body, fields))

    @staticmethod
    def _store_row(conn, row: Row) -> None:
        conn.execute(
            f"INSERT INTO {row.table}(id, updated_at, updated_by, deleted, data, fields) VALUES(?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, "
            "deleted=excluded.deleted, data=excluded.data, fields=excluded.fields",
            (row.id, row.updated_at, row.updated_by, int(row.deleted), json.dumps(row.data, ensure_ascii=False),
             json.dumps(row.fields, sort_keys=True)),
        )

    def delete(self, table: str, record_id: str) -> None:
        """Leave a tombstone (so merges know the record was deleted), dropping the content."""
        self._check_table(table)
        if self.get(table, record_id) is None:
            raise NotFound("This item does not exist.")
        with self.transaction() as conn:
            self._write_row(conn, table, record_id, {}, deleted=True)

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        self._check_table(table)
        row = self._conn.execute(f"SELECT data FROM {table} WHERE id=? AND deleted=0", (record_id,)).fetchone()
        if row is None:
            return None
        return {"id": record_id, **json.loads(row[0])}

    def all(self, table: str) -> list[dict[str, Any]]:
        self._check_table(table)
        rows = self._conn.execute(f"SELECT id, data FROM {table} WHERE deleted=0 ORDER BY rowid").fetchall()
        return [{"id": rid, **json.loads(data)} for rid, data in rows]

    def rows(self, table: str) -> Iterator[Row]:
        """Every version row including tombstones (for merge and export)."""
        self._check_table(table)
        for rid, at, by, deleted, data, fields in self._conn.execute(
            f"SELECT id, updated_at, updated_by, deleted, data, fields FROM {table}"
        ):
            yield Row(table, rid, at, by, bool(deleted), json.loads(data), json.loads(fields or "{}"))

    def row(self, table: str, record_id: str) -> Row | None:
        self._check_table(table)
        found = self._conn.execute(
            f"SELECT id, updated_at, updated_by, deleted, data, fields FROM {table} WHERE id=?", (record_id,)
        ).fetchone()
        if found is None:
            return None
        rid, at, by, deleted, data, fields = found
        return Row(table, rid, at, by, bool(deleted), json.loads(data), json.loads(fields or "{}"))

    def apply_rows(self, rows: list[Row]) -> int:
        """Store rows exactly as given (already merged by the caller). Returns rows that changed."""
        changed = 0
        with self.transaction() as conn:
            for row in rows:
                current = self.row(row.table, row.id)
                if current is not None and current.version_key() == row.version_key():
                    continue
                self._store_row(conn, row)
                changed += 1
        return changed

    # -- blobs ----------------------------------------------------------------------------------
    def put_blob(self, data: bytes, mime: str) -> str:
        blob_id = hashlib.sha256(data).hexdigest()
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO blobs(id, mime, created_at, data) VALUES(?,?,?,?)",
                (blob_id, mime, now_iso(), data),
            )
        return blob_id

    def get_blob(self, blob_id: str) -> bytes:
        row = self._conn.execute("SELECT data FROM blobs WHERE id=?", (blob_id,)).fetchone()
        if row is None:
            raise NotFound("A page image is missing from the family file.")
        return bytes(row[0])

    def blob_ids(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT id FROM blobs")]

    def blob_rows(self) -> Iterator[tuple[str, str, str, bytes]]:
        yield from self._conn.execute("SELECT id, mime, created_at, data FROM blobs")

    def import_blobs(self, blobs: list[tuple[str, str, str, bytes]]) -> None:
        with self.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO blobs(id, mime, created_at, data) VALUES(?,?,?,?)", blobs)

    def delete_blobs(self, blob_ids: list[str]) -> None:
        with self.transaction() as conn:
            conn.executemany("DELETE FROM blobs WHERE id=?", [(b,) for b in blob_ids])

    # -- audit journal ---------------------------------------------------------------------------
    def audit(self, action: str, target: str = "") -> None:
        """Record who did what (ids and action names only)."""
        if self.read_only:
            return
        with self.transaction() as conn:
            conn.execute("INSERT INTO audit(id, at, volunteer, action, target) VALUES(?,?,?,?,?)",
                         (new_id(), now_iso(), self.volunteer_id, action, target))

    def audit_rows(self) -> list[tuple[str, str, str, str, str]]:
        return self._conn.execute("SELECT id, at, volunteer, action, target FROM audit").fetchall()

    def import_audit(self, rows: list[tuple[str, str, str, str, str]]) -> int:
        """Union of two audit journals (append-only: an entry is never changed or dropped)."""
        with self.transaction() as conn:
            before = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
            conn.executemany("INSERT OR IGNORE INTO audit(id, at, volunteer, action, target) VALUES(?,?,?,?,?)",
                             rows)
            return conn.execute("SELECT count(*) FROM audit").fetchone()[0] - before

    def audit_log(self) -> list[dict[str, str]]:
        rows = self._conn.execute("SELECT at, volunteer, action, target FROM audit ORDER BY at").fetchall()
        return [{"at": a, "volunteer": v, "action": act, "target": t} for a, v, act, t in rows]

    # -- health ----------------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        return integrity_problems(self._conn)

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the whole file with a new data key (one transaction: all or nothing)."""
        self._conn.execute("PRAGMA rekey = \"x'" + new_key.hex() + "'\"")

    def close(self) -> None:
        try:
            self._conn.close()
        except Exception:
            pass
        on_close, self._on_close = self._on_close, None
        if on_close:
            on_close()

    def __enter__(self) -> FamilyFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def schema_upgrade_needed() -> CorruptFile:
    return CorruptFile("This family file needs a schema upgrade.")
