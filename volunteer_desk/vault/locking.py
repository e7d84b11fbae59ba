"""Advisory lock per family file so a second instance gets "opened elsewhere" (or a read-only view).

The lock file appears whole or not at all: its content is written to a private temp file first,
then hard-linked to the lock name (atomic, fails if the lock exists). It is stale only when its
owner is a process on this host that is gone (pid *and* start time, so a reused pid does not
count). A lock from another computer (a synced or shared folder) is never taken silently; once it
is older than ``REMOTE_LOCK_BREAKABLE_AFTER`` the user is offered to break it explicitly.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from volunteer_desk.core.errors import OpenedElsewhere

# A laptop that died with the family open: after this long without a release, offer to break it.
REMOTE_LOCK_BREAKABLE_AFTER = timedelta(hours=12)


def _process_start(pid: int) -> str:
    """Start time of a process in clock ticks since boot ('' where /proc does not exist)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    return not started or _process_start(pid) in ("", started)


class LockInfo:
    def __init__(self, data: dict, age: timedelta) -> None:
        self.data = data
        self.age = age

    @property
    def host(self) -> str:
        return str(self.data.get("host") or "?")

    @property
    def local(self) -> bool:
        return self.data.get("host") == socket.gethostname() and self.data.get("boot", "") == _boot_id()


def describe_age(age: timedelta) -> str:
    if age >= timedelta(days=2):
        return f"{age.days} days"
    if age >= timedelta(hours=2):
        return f"{int(age.total_seconds() // 3600)} hours"
    return f"{max(1, int(age.total_seconds() // 60))} minutes"


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = secrets.token_hex(8)
        self.held = False

    def _record(self) -> bytes:
        pid = os.getpid()
        return json.dumps({"pid": pid, "started": _process_start(pid), "boot": _boot_id(),
                           "host": socket.gethostname(), "token": self.token,
                           "since": datetime.now(UTC).isoformat(timespec="seconds")}).encode()

    def _create(self) -> bool:
        """Make the lock file appear with its content; False if one exists."""
        tmp = self.path.with_name(f".{self.path.name}.{self.token}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                os.write(fd, self._record())
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, self.path)
                return True
            except FileExistsError:
                return False
            except OSError:  # filesystems without hard links (some SMB/FAT): exclusive create
                try:
                    fd2 = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    return False
                try:
                    os.write(fd2, tmp.read_bytes())
                finally:
                    os.close(fd2)
                return True
        finally:
            tmp.unlink(missing_ok=True)

    def info(self) -> LockInfo | None:
        try:
            raw = self.path.read_bytes()
            mtime = datetime.fromtimestamp(self.path.stat().st_mtime, UTC)
        except FileNotFoundError:
            return None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            data = {}  # garbage: an unknown holder, respected like a remote one
        try:
            since = datetime.fromisoformat(str(data.get("since")))
        except ValueError:
            since = mtime
        return LockInfo(data, datetime.now(UTC) - min(since, mtime))

    def acquire(self, *, break_remote: bool = False) -> None:
        for _ in range(3):
            if self._create():
                self.held = True
                return
            info = self.info()
            if info is None:
                continue  # released meanwhile
            if info.local and info.data.get("pid") is not None:
                if _alive(int(info.data["pid"]), str(info.data.get("started", ""))):
                    raise OpenedElsewhere("This family is open in another window on this computer.",
                                          hint="It can be opened read-only.")
                self._remove_if_unchanged(info)  # its program is gone (crash, power cut)
                continue
            breakable = info.age >= REMOTE_LOCK_BREAKABLE_AFTER
            if break_remote and breakable:
                self._remove_if_unchanged(info)
                continue
            err = OpenedElsewhere(
                f"This family is open on {info.host} since {describe_age(info.age)}.",
                hint=("If that computer is off or crashed, you may break the lock (--break-lock)."
                      if breakable else "It can be opened read-only."))
            err.host, err.age, err.breakable = info.host, info.age, breakable  # type: ignore[attr-defined]
            raise err
        raise OpenedElsewhere("This family is open elsewhere.")

    def _remove_if_unchanged(self, info: LockInfo) -> None:
        again = self.info()
        if again is not None and again.data == info.data:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

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

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
