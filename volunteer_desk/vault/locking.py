"""Advisory lock per family file so a second instance gets "opened elsewhere" (or a read-only view)."""

from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path

from volunteer_desk.core.errors import OpenedElsewhere


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = secrets.token_hex(8)
        self.held = False

    def acquire(self) -> None:
        record = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "token": self.token}).encode()
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if self._stale():
                    self.path.unlink(missing_ok=True)
                    continue
                raise OpenedElsewhere(
                    "This family is open in another window or on another computer.",
                    hint="It can be opened read-only.") from None
            with os.fdopen(fd, "wb") as fh:
                fh.write(record)
            self.held = True
            return
        raise OpenedElsewhere("This family is open elsewhere.")

    def _stale(self) -> bool:
        try:
            other = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return True  # half-written lock from a crash
        if other.get("host") != socket.gethostname():
            return False  # another computer (synced folder): we cannot tell, so respect it
        return not _alive(int(other.get("pid", -1)))

    def release(self) -> None:
        if not self.held:
            return
        try:
            other = json.loads(self.path.read_text())
            if other.get("token") == self.token:
                self.path.unlink()
        except (OSError, ValueError):
            pass
        self.held = False
