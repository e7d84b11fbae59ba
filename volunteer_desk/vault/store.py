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
from dataclasses import dataclass
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


@dataclass
class Row:
    """A versioned record as stored; ``data`` is the entity as a dict."""

    table: str
    id: str
    updated_at: str
    updated_by: str
    deleted: bool
    data: dict[str, Any]

    def version_key(self) -> tuple:
        # Total order used by the merge: later edit wins; on a tie a tombstone wins, then bytes decide.
        return (self.updated_at, self.deleted, self.updated_by, json.dumps(self.data, sort_keys=True))


class FamilyFile:
    def __init__(self, path: Path, family_id: str, data_key: bytes, volunteer_id: str,
                 *, read_only: bool = False, create: bool = False,
                 on_close: Callable[[], None] | None = None) -> None:
        self.path = path
        self._on_close = on_close  # e.g. release the vault's lock on this file
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
            ff._conn.execute("BEGIN IMMEDIATE")
            if ff.generation() != ff._generation:
                ff._conn.execute("ROLLBACK")
                raise UnmergedChanges(
                    "This family file was changed elsewhere since it was opened; nothing was "
                    "overwritten.", hint="Reopen it or merge the changes.")
            return ff._conn

        def __exit__(self, exc_type, exc, tb):
            ff = self.ff
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
        conn.execute(
            f"INSERT INTO {table}(id, updated_at, updated_by, deleted, data) VALUES(?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, "
            "deleted=excluded.deleted, data=excluded.data",
            (record_id, now_iso(), self.volunteer_id, int(deleted), json.dumps(body, ensure_ascii=False)),
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
        for rid, at, by, deleted, data in self._conn.execute(
            f"SELECT id, updated_at, updated_by, deleted, data FROM {table}"
        ):
            yield Row(table, rid, at, by, bool(deleted), json.loads(data))

    def apply_rows(self, rows: list[Row]) -> int:
        """Merge rows from another copy: keep, per id, the version that wins. Returns rows changed."""
        changed = 0
        with self.transaction() as conn:
            for row in rows:
                self._check_table(row.table)
                mine = conn.execute(
                    f"SELECT id, updated_at, updated_by, deleted, data FROM {row.table} WHERE id=?", (row.id,)
                ).fetchone()
                if mine is not None:
                    current = Row(row.table, mine[0], mine[1], mine[2], bool(mine[3]), json.loads(mine[4]))
                    if current.version_key() >= row.version_key():
                        continue
                conn.execute(
                    f"INSERT INTO {row.table}(id, updated_at, updated_by, deleted, data) VALUES(?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, "
                    "updated_by=excluded.updated_by, deleted=excluded.deleted, data=excluded.data",
                    (row.id, row.updated_at, row.updated_by, int(row.deleted),
                     json.dumps(row.data, ensure_ascii=False)),
                )
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
