"""Opening SQLCipher files, fail closed.

We refuse to run without a real SQLCipher (cipher_version present, HMAC_SHA512 page authentication);
a plain sqlite3 fallback would silently write families unencrypted (ODK Collect #3264).
"""

from __future__ import annotations

import os
from pathlib import Path

from volunteer_desk.core.errors import CorruptFile, EncryptionUnavailable, WrongPassphrase

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"

try:
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - exercised by the self-test on broken installs
    sqlcipher = None  # type: ignore[assignment]


def _require_module():
    if sqlcipher is None:
        raise EncryptionUnavailable(
            "SQLCipher is not available: Volunteer Desk refuses to store family data unencrypted.",
            hint="Reinstall the application (Python package sqlcipher3).",
        )
    return sqlcipher


def check_sqlcipher() -> dict:
    """Return SQLCipher facts, or raise EncryptionUnavailable if it is not real SQLCipher 4."""
    module = _require_module()
    conn = module.connect(":memory:")
    try:
        conn.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        version = (conn.execute("PRAGMA cipher_version").fetchone() or [""])[0]
        hmac = (conn.execute("PRAGMA cipher_default_hmac_algorithm").fetchone() or [""])[0]
        provider = (conn.execute("PRAGMA cipher_provider").fetchone() or [""])[0]
    finally:
        conn.close()
    if not version or not str(version).startswith("4."):
        raise EncryptionUnavailable("SQLCipher 4 is not available: refusing to store family data.")
    if hmac != "HMAC_SHA512":
        raise EncryptionUnavailable("SQLCipher page authentication (HMAC-SHA512) is missing: refusing to start.")
    return {"cipher_version": version, "hmac": hmac, "provider": provider}


def connect(path: Path, key: bytes, *, read_only: bool = False, create: bool = False):
    """Open (or create) an encrypted file with a raw 256-bit key. Wrong keys raise WrongPassphrase.

    A wrong key only shows at the first read, so we read at once. The file is never modified when
    the key is wrong or the file is damaged.
    """
    module = _require_module()
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    if not create and not path.exists():
        raise CorruptFile("The family file is missing.")
    if create:
        # Owner-only from the first byte: SQLite would create it (and its journals) with the umask.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if read_only and Path(str(path) + "-journal").exists():
        # A write was interrupted (crash, power cut): a read-only handle cannot roll the hot journal
        # back, so open once for writing, which restores the last committed state, then read.
        connect(path, key).close()
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else ("?mode=rwc" if create else "?mode=rw"))
    conn = module.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key = \"x'" + key.hex() + "'\"")  # PRAGMA key cannot be a bound parameter
        conn.execute("PRAGMA cipher_memory_security = ON")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            raise _classify_open_error(path) from exc
        if not read_only:
            conn.execute("PRAGMA journal_mode = DELETE")  # files on SMB/USB/synced folders: no WAL
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")  # no temp files with decrypted rows
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    if create:
        conn.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        assert_encrypted(path)
    return conn


def _classify_open_error(path: Path) -> Exception:
    size = path.stat().st_size if path.exists() else 0
    if size == 0 or size % 1024:
        return CorruptFile("The family file is truncated or damaged; it was left untouched.")
    with open(path, "rb") as fh:
        if fh.read(16) == SQLITE_PLAIN_HEADER:
            return CorruptFile("This file is not encrypted; refusing to open it as a family file.")
    return WrongPassphrase("The key does not open this family file (wrong key or damaged file); "
                           "it was left untouched.")


def assert_encrypted(path: Path) -> None:
    """Fail closed: a file we just wrote must not start with the plaintext SQLite header."""
    with open(path, "rb") as fh:
        if fh.read(16) == SQLITE_PLAIN_HEADER:
            raise EncryptionUnavailable("Encryption failed: the family file would be plaintext.")


def integrity_problems(conn) -> list[str]:
    """cipher_integrity_check (page HMACs) + integrity_check (b-tree); empty list means clean."""
    problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except Exception as exc:  # a page that fails HMAC makes the b-tree check raise
        rows = [str(exc)]
    problems += [r for r in rows if r != "ok"]
    return problems
