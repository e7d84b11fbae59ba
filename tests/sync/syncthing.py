"""Two real Syncthing instances on 127.0.0.1 sharing one vault folder, for the sync tests (issue 14).

Usage::

    from tests.sync.syncthing import SyncPair, syncthing_binary

    with SyncPair(tmp_path) as pair:          # starts both, waits until connected
        (pair.side_a / "f.txt").write_text("x")
        pair.wait_in_sync()                   # rescans both sides, waits for identical trees
        pair.disconnect()                     # both keep running, neither can reach the other
        ...edit pair.side_a and pair.side_b...
        pair.reconnect()
        pair.wait_in_sync()
        pair.conflict_copies("a")             # [Path(".../f.sync-conflict-20261201-153012-ABCDEFG.txt")]

In tests under tests/sync/, the ``sync_pair`` fixture (conftest.py) gives a started pair, or skips
when the syncthing binary is missing.

Each instance has its own ``--home`` (keys made by ``syncthing generate``), GUI/REST and sync
listener on free 127.0.0.1 ports, and every outward-facing feature off: global discovery, local
announce, relays, NAT traversal, usage reporting, crash reporting, auto-upgrade. Only A dials B, at
``tcp://127.0.0.1:<port>``; B knows A as ``dynamic`` (nothing, with discovery off) and accepts it:
when both dialed at once, 1.19.2 deadlocked the two Hello exchanges for 20 s (seen here, 1 run in
~10). Logs: ``<tmp>/a/syncthing.log`` and ``<tmp>/b/syncthing.log``, quoted in the error of a failed
wait. Processes are killed at teardown, and by the kernel if the test process itself dies.

How Syncthing 1.19.2 (Debian 12) names and picks conflict copies. "Seen" = observed with this harness;
"source" = read in lib/model/folder_sendrecv.go, lib/protocol/bep_extensions.go, vector.go at v1.19.2.

* Name (seen): ``<name without its LAST extension>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<short id><.ext>``:
  ``abc.keys.json`` -> ``abc.keys.sync-conflict-20261201-152925-KRG56XE.json``. The date/time is the
  local clock of the device that made the copy when it made it; the short id is the first 7
  characters of a device id.
* Which id (seen, and source: ``moveForConflict(name, file.ModifiedBy)``): the id of the device whose
  version WON and kept the name -- not of the device whose text is in the copy.
* Winner (seen): of two concurrent edits, the NEWER modification time keeps the name; the older
  version is renamed to the copy by the device that had it (its mtime kept), then the copy syncs like
  any file. Both sides end with the same two files: the winner under the name, the loser in exactly
  one ``.sync-conflict-`` copy. (Source: a modification always beats a deletion.)
* Exact mtime tie (seen 6 of 6, and source: version vectors, ``Compare == ConcurrentGreater``): the
  device with the SMALLER short id wins -- smaller as a number, i.e. in base32 order A < ... < Z < 2
  < ... < 7, so ``QKNKJ4L`` beats ``WAP76IF`` and ``L7CHHIE`` beats ``36L33ZE``. Device ids are random
  per run: a test that needs a known winner sets the mtimes apart with ``os.utime``.
* (Source) A conflict on a file that is itself a conflict copy makes no new copy; at most
  ``maxConflicts`` (10) copies per file are kept.

Timings here (2 cores shared with other jobs), see ``SyncPair.timings``: start of both instances and
first connection 1.7-2.2 s (up to ~4.5 s when A's first dial comes before B listens); a write reaches
the other side ~0.25 s after ``rescan()``, ~1.0 s by the file watcher alone; ``disconnect()`` ~0.03 s;
``reconnect()`` 0.02-0.25 s; a conflict settled (``wait_in_sync`` after reconnect) 0.3-0.8 s;
teardown 0.4-1.5 s. Each self-test takes ~5 s with its own pair.
"""

from __future__ import annotations

import contextlib
import ctypes
import fnmatch
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FOLDER_ID = "vault"
SIDES = ("a", "b")
# Files Syncthing keeps for itself inside the folder: never part of the compared listing.
_INTERNAL_NAMES = (".stfolder", ".stversions", ".stignore")
_TEMP_PREFIXES = ("~syncthing~", ".syncthing.")
_PR_SET_PDEATHSIG = 1


class SyncthingError(RuntimeError):
    """A Syncthing instance did not start, answer or settle in time."""


def syncthing_binary() -> str | None:
    """Path of the syncthing executable, or None when it is not installed."""
    return shutil.which("syncthing")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(what: str, check: Callable[[], bool], timeout: float, on_timeout: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        if time.monotonic() > deadline:
            raise SyncthingError(f"timed out after {timeout:.0f}s waiting for {what}\n{on_timeout()}")
        time.sleep(0.1)


def ignore_patterns(folder: Path) -> list[str]:
    """The folder's own ``.stignore`` patterns (simple ones: a name glob matched at any depth)."""
    try:
        lines = (folder / ".stignore").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("//")]


def _ignored(rel: Path, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(part, pattern) for part in rel.parts for pattern in patterns)


def tree_listing(folder: Path, patterns: list[str] | None = None) -> dict[str, str]:
    """Relative path -> sha256 of every user file in a synced folder (Syncthing's own files and what
    the folder's .stignore excludes left out)."""
    out: dict[str, str] = {}
    patterns = ignore_patterns(folder) if patterns is None else patterns
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if rel.parts[0] in _INTERNAL_NAMES or p.name.startswith(_TEMP_PREFIXES) or _ignored(rel, patterns):
            continue
        try:
            if p.is_file():
                out[rel.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
        except FileNotFoundError:
            continue  # renamed away by Syncthing while we listed: the next poll sees the new state
    return out


@dataclass
class _Instance:
    name: str
    root: Path  # <tmp>/<name>: home/, vault/, syncthing.log
    gui_port: int = 0
    listen_port: int = 0
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    proc: subprocess.Popen[bytes] | None = None

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def folder(self) -> Path:
        return self.root / "vault"

    @property
    def log(self) -> Path:
        return self.root / "syncthing.log"

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            text = ["(no log)"]
        return f"--- syncthing {self.name} log ({self.log}) ---\n" + "\n".join(text)

    def request(self, method: str, path: str, body: object | None = None, timeout: float = 10.0) -> object:
        """One REST call to this instance (127.0.0.1 only); the decoded JSON answer or None."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def try_get(self, path: str) -> object | None:
        try:
            return self.request("GET", path, timeout=3.0)
        except (OSError, urllib.error.URLError, ValueError):
            return None


class SyncPair:
    """Two Syncthing instances, A and B, sharing the folder ``side_a`` <-> ``side_b``.

    A context manager: ``__enter__`` starts both and waits until they are connected; ``__exit__``
    always kills them (also when the test failed). ``start_timeout`` bounds start-up.
    """

    def __init__(self, tmp_path: Path, *, start_timeout: float = 30.0) -> None:
        self.root = Path(tmp_path)
        self.start_timeout = start_timeout
        self.a = _Instance("a", self.root / "a")
        self.b = _Instance("b", self.root / "b")
        # (step, seconds) of every start/wait/rescan, in order: the round-trip figures of this machine.
        self.timings: list[tuple[str, float]] = []
        self._generation = 0

    # -- public paths ---------------------------------------------------------------------------
    @property
    def side_a(self) -> Path:
        return self.a.folder

    @property
    def side_b(self) -> Path:
        return self.b.folder

    def side(self, side: str) -> Path:
        return self._inst(side).folder

    # -- life cycle -----------------------------------------------------------------------------
    def __enter__(self) -> SyncPair:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        binary = syncthing_binary()
        if binary is None:
            raise SyncthingError("the syncthing binary is not installed (installer/bootstrap.sh installs it)")
        t0 = time.monotonic()
        for inst in (self.a, self.b):
            inst.root.mkdir(parents=True, exist_ok=True)
            inst.folder.mkdir(exist_ok=True)
            (inst.folder / ".stfolder").mkdir(exist_ok=True)  # the folder marker Syncthing requires
            subprocess.run(
                [binary, "generate", f"--home={inst.home}", "--no-default-folder"],
                capture_output=True, timeout=30, check=True, env=self._env(),
            )
            inst.device_id = subprocess.run(
                [binary, "serve", "--device-id", f"--home={inst.home}"],
                capture_output=True, text=True, timeout=30, check=True, env=self._env(),
            ).stdout.strip()
        for attempt in range(3):  # a free port can be taken between probing and binding: retry
            for inst in (self.a, self.b):
                inst.gui_port, inst.listen_port = _free_port(), _free_port()
            for inst, other in ((self.a, self.b), (self.b, self.a)):
                self._write_config(inst, other)
            for inst in (self.a, self.b):
                self._launch(binary, inst)
            try:
                self.wait_ready()
                break
            except SyncthingError:
                self._kill_all()
                if attempt == 2:
                    raise
        self._timed("start", t0)
        self.wait_connected()
        self._timed("start_and_connect", t0)

    def stop(self) -> None:
        self._kill_all()

    # -- waits ----------------------------------------------------------------------------------
    def wait_ready(self, timeout: float | None = None) -> None:
        """Both REST APIs answer and the shared folder is running (not in error) on both sides."""
        timeout = self.start_timeout if timeout is None else timeout

        def ready() -> bool:
            for inst in (self.a, self.b):
                if inst.proc is None or inst.proc.poll() is not None:
                    raise SyncthingError(f"syncthing {inst.name} exited\n{inst.log_tail()}")
                status = inst.try_get(f"/rest/db/status?folder={FOLDER_ID}")
                if not isinstance(status, dict) or status.get("state") in (None, "", "error"):
                    return False
            return True

        _wait_for("both Syncthing instances to answer", ready, timeout, self._logs)

    def connected(self) -> tuple[bool, bool]:
        """(A sees B connected, B sees A connected)."""

        def sees(inst: _Instance, other: _Instance) -> bool:
            conns = inst.try_get("/rest/system/connections")
            if not isinstance(conns, dict):
                return False
            return bool(conns.get("connections", {}).get(other.device_id, {}).get("connected"))

        return sees(self.a, self.b), sees(self.b, self.a)

    def wait_connected(self, timeout: float = 30.0) -> None:
        """Wait until A and B see each other; if they do not within 0.3 s (then every 1 s), A dials again."""
        last_nudge = time.monotonic() - 0.7

        def up() -> bool:
            nonlocal last_nudge
            if all(self.connected()):
                return True
            if time.monotonic() - last_nudge > 1.0:
                # A failed dial (B not listening yet at start-up) is retried only on Syncthing's
                # connection loop: 1, 2, 4, 8... s apart. A fresh address is dialed at once.
                self._generation += 1
                body = {"addresses": [self._dial_address(self.b)]}
                with contextlib.suppress(OSError, ValueError):  # a busy API: the next poll retries
                    self.a.request("PATCH", f"/rest/config/devices/{self.b.device_id}", body)
                last_nudge = time.monotonic()
            return False

        _wait_for("A and B to connect", up, timeout, self._logs)

    def rescan(self, side: str) -> None:
        """Scan the side's folder now (returns when the scan is done), instead of waiting for the watcher."""
        t0 = time.monotonic()
        self._inst(side).request("POST", f"/rest/db/scan?folder={FOLDER_ID}", timeout=30.0)
        self._timed(f"rescan_{side}", t0)

    def wait_in_sync(self, timeout: float = 30.0, *, rescan: bool = True) -> float:
        """Wait until both sides are connected, idle, need nothing, and hold identical files; the seconds waited.

        With ``rescan`` (default) both folders are scanned first, so fresh local edits are seen at once.
        Three good polls in a row are required, so a pull that has not started yet is not missed.
        """
        t0 = time.monotonic()
        if rescan:
            for side in SIDES:
                self.rescan(side)
        stable = 0

        def settled() -> bool:
            nonlocal stable
            if self._synced_once():
                stable += 1
            else:
                stable = 0
            return stable >= 3

        _wait_for("A and B to be in sync", settled, timeout, self._sync_report)
        return self._timed("wait_in_sync", t0)

    def _synced_once(self) -> bool:
        if not all(self.connected()):
            return False
        for inst, other in ((self.a, self.b), (self.b, self.a)):
            status = inst.try_get(f"/rest/db/status?folder={FOLDER_ID}")
            if not isinstance(status, dict) or status.get("state") != "idle":
                return False
            if status.get("needTotalItems", 1) != 0 or status.get("needBytes", 1) != 0:
                return False
            # What the other device still needs of ours, as this device knows it.
            comp = inst.try_get(f"/rest/db/completion?folder={FOLDER_ID}&device={other.device_id}")
            if not isinstance(comp, dict) or comp.get("needItems", 1) != 0 or comp.get("needBytes", 1) != 0:
                return False
            if comp.get("needDeletes", 0) != 0:
                return False
        return tree_listing(self.side_a) == tree_listing(self.side_b)

    # -- partitions -----------------------------------------------------------------------------
    def disconnect(self, timeout: float = 20.0) -> None:
        """Pause each device on the other side: both keep running and scanning, but cannot sync."""
        t0 = time.monotonic()
        self._set_paused(True)
        _wait_for("A and B to disconnect", lambda: not any(self.connected()), timeout, self._logs)
        self._timed("disconnect", t0)

    def reconnect(self, timeout: float = 30.0) -> float:
        """Undo ``disconnect()`` and wait until connected again; the seconds it took."""
        t0 = time.monotonic()
        self._set_paused(False)
        self.wait_connected(timeout)
        return self._timed("reconnect", t0)

    def _set_paused(self, paused: bool) -> None:
        # B first: when A resumes and dials, B already accepts.
        for inst, other in ((self.b, self.a), (self.a, self.b)):
            body: dict[str, object] = {"paused": paused}
            if not paused and inst is self.a:
                # Syncthing force-redials a resumed device at most 3 times in 2 minutes; after that it
                # waits for its connection loop (up to 32 s in the first minute). An address it has
                # never dialed (the TCP dialer ignores the path) is dialed at once.
                self._generation += 1
                body["addresses"] = [self._dial_address(other)]
            inst.request("PATCH", f"/rest/config/devices/{other.device_id}", body)

    def _dial_address(self, target: _Instance) -> str:
        return f"tcp://127.0.0.1:{target.listen_port}/dial-{self._generation}"

    # -- results --------------------------------------------------------------------------------
    def conflict_copies(self, side: str) -> list[Path]:
        """Files in the side's folder whose name carries ``.sync-conflict-``, sorted."""
        folder = self._inst(side).folder
        return sorted(
            p for p in folder.rglob("*.sync-conflict-*")
            if p.is_file() and ".stversions" not in p.parts and not p.name.startswith(_TEMP_PREFIXES)
        )

    def listing(self, side: str) -> dict[str, str]:
        return tree_listing(self._inst(side).folder)

    def device_id(self, side: str) -> str:
        return self._inst(side).device_id

    # -- internals ------------------------------------------------------------------------------
    def _inst(self, side: str) -> _Instance:
        if side not in SIDES:
            raise ValueError(f"side must be 'a' or 'b', not {side!r}")
        return self.a if side == "a" else self.b

    def _timed(self, step: str, t0: float) -> float:
        seconds = time.monotonic() - t0
        self.timings.append((step, round(seconds, 3)))
        return seconds

    def _logs(self) -> str:
        return "\n".join(inst.log_tail() for inst in (self.a, self.b))

    def _sync_report(self) -> str:
        lines = [f"connected (A sees B, B sees A): {self.connected()}"]
        for inst, other in ((self.a, self.b), (self.b, self.a)):
            status = inst.try_get(f"/rest/db/status?folder={FOLDER_ID}")
            comp = inst.try_get(f"/rest/db/completion?folder={FOLDER_ID}&device={other.device_id}")
            if isinstance(status, dict):
                status = {k: status.get(k) for k in ("state", "error", "needTotalItems", "needBytes", "pullErrors")}
            lines.append(f"{inst.name}: status {status}; peer completion {comp}")
            lines.append(f"{inst.name}: files {sorted(tree_listing(inst.folder))}")
        return "\n".join(lines) + "\n" + self._logs()

    @staticmethod
    def _env() -> dict[str, str]:
        env = dict(os.environ)
        for inherited in ("STGUIADDRESS", "STGUIAPIKEY", "STHOMEDIR", "STCONFDIR", "STDATADIR"):
            env.pop(inherited, None)  # would override the per-instance settings
        # STMONITORED: run Syncthing itself, without its monitor process (which would restart it and
        # outlive a killed test); it then logs to stdout, which goes to syncthing.log.
        env.update(STNOUPGRADE="1", STNODEFAULTFOLDER="1", STNORESTART="1", STMONITORED="yes")
        return env

    def _launch(self, binary: str, inst: _Instance) -> None:
        log = open(inst.log, "ab")  # noqa: SIM115 - the child keeps its own descriptor
        try:
            inst.proc = subprocess.Popen(
                [binary, "serve", "--no-browser", "--no-restart", "--no-upgrade", f"--home={inst.home}"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=self._env(), start_new_session=True,  # its own process group: teardown kills all of it
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()

    def _kill_all(self) -> None:
        procs = [p for p in (self.a.proc, self.b.proc) if p is not None and p.poll() is None]
        self.a.proc = self.b.proc = None
        for proc in procs:  # both stop at once: teardown takes one shutdown, not two
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)

    def _write_config(self, inst: _Instance, other: _Instance) -> None:
        path = inst.home / "config.xml"
        tree = ET.parse(path)
        cfg = tree.getroot()
        defaults = cfg.find("defaults")
        assert defaults is not None, "syncthing generate wrote no <defaults> section"

        # Devices: ourselves, and the other side at its explicit 127.0.0.1 address (no discovery).
        for dev in cfg.findall("device"):
            if dev.get("id") != inst.device_id:
                cfg.remove(dev)
        me = cfg.find("device")
        assert me is not None
        me.set("name", inst.name.upper())
        peer = _copy(defaults.find("device"))
        peer.set("id", other.device_id)
        peer.set("name", other.name.upper())
        # Only A dials (B knows A as "dynamic", which resolves to nothing with discovery off). When
        # both dial at once, 1.19 can deadlock the two Hello exchanges for 20 s (seen here).
        _set(peer, "address", self._dial_address(other) if inst is self.a else "dynamic")
        me_index = list(cfg).index(me)
        cfg.insert(me_index + 1, peer)

        # The shared folder.
        for old in cfg.findall("folder"):
            cfg.remove(old)
        folder = _copy(defaults.find("folder"))
        folder.attrib.update(
            id=FOLDER_ID, label=FOLDER_ID, path=str(inst.folder), type="sendreceive",
            rescanIntervalS="10", fsWatcherEnabled="true", fsWatcherDelayS="1", ignorePerms="false",
        )
        for dev in folder.findall("device"):
            folder.remove(dev)
        for dev_id in (inst.device_id, other.device_id):
            d = ET.Element("device", id=dev_id, introducedBy="")
            ET.SubElement(d, "encryptionPassword").text = ""
            folder.insert(1, d)
        min_free = folder.find("minDiskFree")
        if min_free is not None:
            min_free.text = "0"  # a nearly full /tmp must not stop the tests' syncing
        cfg.insert(list(cfg).index(peer) + 1, folder)

        gui = cfg.find("gui")
        assert gui is not None
        _set(gui, "address", f"127.0.0.1:{inst.gui_port}")
        _set(gui, "apikey", inst.api_key)
        gui.set("tls", "false")

        opts = cfg.find("options")
        assert opts is not None
        for key, value in {
            "listenAddress": f"tcp://127.0.0.1:{inst.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",  # usage reporting refused
            "urSeen": "3",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "startBrowser": "false",
            "announceLANAddresses": "false",
            "reconnectionIntervalS": "5",  # Syncthing's floor
            "setLowPriority": "false",
            "restartOnWakeup": "false",
        }.items():
            _set(opts, key, value)
        for el in opts.findall("globalAnnounceServer") + opts.findall("stunServer"):
            opts.remove(el)
        tree.write(path, encoding="utf-8")


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL it if the test process dies without its teardown (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _copy(el: ET.Element | None) -> ET.Element:
    assert el is not None, "syncthing generate wrote no default to copy"
    return ET.fromstring(ET.tostring(el))


def _set(parent: ET.Element, tag: str, text: str) -> None:
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = text
