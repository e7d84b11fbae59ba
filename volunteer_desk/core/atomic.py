"""Atomic file writes: owner-only permissions first, write, fsync, then os.replace.

A crash or an I/O error at any point leaves the previous file byte-identical (Electrum storage.py,
KeePassXC QSaveFile). The temp file sits beside the target so the rename stays on one filesystem.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from volunteer_desk.core.errors import DiskFull, UserError


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path | str, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically. Raises DiskFull/UserError; the old file survives."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull("The disk is full: nothing was changed.") from exc
        raise UserError(f"Could not write the file ({exc.strerror}); nothing was changed.") from exc
    fsync_dir(path.parent)
