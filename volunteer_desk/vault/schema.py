"""Family file schema: versioned, with migrations and a backup before each migration.

Entity tables share one shape so two copies can be merged generically: a UUID id, updated_at,
updated_by, a tombstone flag, and the record as JSON (``data``). Blobs (page images, audio) are
content-addressed and immutable. The audit journal is append-only.
"""

from __future__ import annotations

ENTITY_TABLES = (
    "household",   # one row: address, housing, income, language, display name
    "members",     # people in the household (identity, NISS/BIS, residence status)
    "contacts",    # CPAS social worker, référent, CRI/BAPA, lawyer, school, interpreter…
    "letters",     # letter metadata, OCR text, translations, facts
    "pages",       # page of a letter: original + cleaned image blob ids, order
    "notes",
    "tasks",       # deadlines, appointments, reminders (from letters, trajectory, by hand)
    "consents",    # consent per scope and recipient
    "forms",       # filled form snapshots
    "trajectory",  # integration steps and their status
    "requests",    # requests in progress (CPAS, housing…) with acknowledgement dates
    "conflicts",   # the same field edited on two copies: both values kept until a volunteer picks one
)

SCHEMA_VERSION = 3


def _entity_table(name: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {name}("
        "id TEXT PRIMARY KEY, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, "
        "deleted INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL)"
    )


def _v1(conn) -> None:
    for table in ENTITY_TABLES[:9]:
        conn.execute(_entity_table(table))
    conn.execute(
        "CREATE TABLE IF NOT EXISTS blobs(id TEXT PRIMARY KEY, mime TEXT NOT NULL, "
        "created_at TEXT NOT NULL, data BLOB NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS audit(id TEXT PRIMARY KEY, at TEXT NOT NULL, "
        "volunteer TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '')"
    )


def _v2(conn) -> None:
    """Adds integration trajectory and requests in progress."""
    conn.execute(_entity_table("trajectory"))
    conn.execute(_entity_table("requests"))


def _v3(conn) -> None:
    """Per-field version histories (field-level merge) and the merge conflicts table."""
    for table in ENTITY_TABLES[:-1]:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN fields TEXT NOT NULL DEFAULT '{{}}'")
    conn.execute(_entity_table("conflicts") [:-1] + ", fields TEXT NOT NULL DEFAULT '{}')")


MIGRATIONS = {1: _v1, 2: _v2, 3: _v3}


def current_version(conn) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def pending(conn) -> list[int]:
    version = current_version(conn)
    return [v for v in sorted(MIGRATIONS) if v > version]


def migrate(conn, upto: int = SCHEMA_VERSION) -> None:
    """Apply migrations in one transaction each (all or nothing)."""
    for version in pending(conn):
        if version > upto:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(version),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
