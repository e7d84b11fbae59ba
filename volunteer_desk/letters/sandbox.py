"""Parse untrusted bytes in a child process with a time limit per page and a memory cap.

A child (``sandbox_child``) gets each file on stdin and streams its pages back on stdout, so nothing
touches the disk. A child that crashes (segfault in a decoder), hangs (10 s without a new page) or
runs out of its 1 GiB gives a ``CorruptFile``/``BadInput`` with one clear sentence, never a
traceback, and the app process is unaffected.

Children are kept for the app session (``ParserPool``): starting Python and Pillow costs more than
parsing a photo. A child is replaced after any failure and after ``FILES_PER_CHILD`` files, and it
dies with the app (``PR_SET_PDEATHSIG`` on Linux, a kill-on-close job object on Windows).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import os
import queue
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import cast

from volunteer_desk.core.errors import BadInput, Cancelled, CorruptFile, UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.letters.limits import MAX_PAGES, MAX_PIXELS, ParsedPage
from volunteer_desk.letters.sandbox_child import MEMORY_LIMIT, PARENT_ENV

PAGE_TIMEOUT_S = 10.0
# Starting Python and importing Pillow/pdfium is not the file's fault: allow for a slow, busy PC.
STARTUP_ALLOWANCE_S = 10.0
# A fresh child after this many files: memory fragmentation and the CPU-time backstop stay bounded.
FILES_PER_CHILD = 40

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def child_command() -> list[str]:
    """How to start the parser child. A frozen build must dispatch this argument to the child's main.

    ``-S``: no ``site`` (its .pth files and the editable-install finder cost ~25 ms of each start); the
    child finds our package and its decoders through the PYTHONPATH ``_child_env`` gives it.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, "--letters-parse-child"]
    return [sys.executable, "-S", "-m", "volunteer_desk.letters.sandbox_child"]


@lru_cache(maxsize=1)
def _decoder_paths() -> tuple[str, ...]:
    """The folders holding Pillow and pypdfium2 (found, not imported: the app process never loads them)."""
    found: list[str] = []
    for name in ("PIL", "pypdfium2", "pypdfium2_raw"):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            locations = list(spec.submodule_search_locations or []) if spec else []
            folder = str(Path(locations[0]).parent) if locations else None
            if folder and folder not in found:
                found.append(folder)
    return tuple(found)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [_PACKAGE_ROOT, *_decoder_paths(), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["OMP_THREAD_LIMIT"] = "1"
    env[PARENT_ENV] = str(os.getpid())  # protocol: the child exits at once if re-parented before prctl
    return env


def error_for(kind: str) -> UserError:
    """The user-facing error for a parse failure kind (no file name: it may be a family's name)."""
    err = _error_for(kind)
    err.parse_kind = kind  # type: ignore[attr-defined]  # for the fuzz benchmark's tally
    return err


def _error_for(kind: str) -> UserError:
    if kind == "unsupported":
        return BadInput(_("This file type is not supported: use a photo (JPEG, PNG, TIFF, WebP) or a PDF."))
    if kind == "too_large":
        return BadInput(
            _("This file is too large to open safely (more than {mpx} million pixels a page or {pages} pages).").format(
                mpx=40, pages=MAX_PAGES
            )
        )
    if kind == "protected":
        return BadInput(_("This PDF is protected by a password; save an unprotected copy and try again."))
    if kind == "empty":
        return CorruptFile(_("This file contains no page."))
    if kind == "crashed":
        return CorruptFile(_("This file is damaged: the reader stopped on it. Try another scan or photo."))
    if kind == "timeout":
        return CorruptFile(_("This file took too long to read and was abandoned; it may be damaged."))
    return CorruptFile(_("This file is damaged or incomplete and could not be read."))


class _Reader(threading.Thread):
    """Reads frames from a child's stdout into a queue, for the child's whole life."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - a binary pipe
        super().__init__(daemon=True, name="vd-parser-reader")
        self.stream = stream
        self.frames: queue.Queue[tuple[str, object]] = queue.Queue()

    def _read(self, n: int) -> bytes:
        chunks = []
        while n:
            chunk = self.stream.read(n)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def run(self) -> None:
        try:
            while True:
                tag = self.stream.read(1)
                if tag == b"R":
                    self.frames.put(("ready", None))
                elif tag == b"P":
                    (meta_len,) = struct.unpack(">I", self._read(4))
                    meta = json.loads(self._read(meta_len))
                    (img_len,) = struct.unpack(">Q", self._read(8))
                    self.frames.put(("page", (meta, self._read(img_len))))
                elif tag == b"E":
                    (body_len,) = struct.unpack(">I", self._read(4))
                    self.frames.put(("error", json.loads(self._read(body_len))["kind"]))
                elif tag == b"D":
                    self.frames.put(("done", None))
                else:  # EOF or a frame we never send: the child is gone or not ours to trust
                    break
        except (EOFError, ValueError, KeyError, OSError):
            pass
        self.frames.put(("eof", None))


# PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so children are started
# from this one long-lived thread, never from a worker thread that goes away after a letter.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vd-parser-spawn")

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x100
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9


def _spawn() -> subprocess.Popen:
    return subprocess.Popen(
        child_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        cwd=_PACKAGE_ROOT,
    )


_windows_job_handle: list[int] = []


def _windows_job() -> int:  # pragma: no cover - Windows only (reviewed, not run in CI)
    """One job object for all parser children: closed by Windows when the app dies, killing them.

    Also caps each child's memory at 1 GiB, as RLIMIT_AS does on Linux and macOS.
    """
    if sys.platform != "win32":  # (so mypy checks the calls below only for Windows)
        raise OSError("job objects are Windows only")
    if _windows_job_handle:
        return _windows_job_handle[0]
    # lazy: Windows only (ctypes.wintypes fails to import elsewhere)
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_ulonglong) for name in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise ctypes.WinError(ctypes.get_last_error())
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = MEMORY_LIMIT
    if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, ctypes.byref(info),
                                            ctypes.sizeof(info)):
        raise ctypes.WinError(ctypes.get_last_error())
    _windows_job_handle.append(job)  # never closed: the handle's end at our death is the point
    return job


def _contain(proc: subprocess.Popen) -> None:
    """On Windows, put the child in the kill-on-close job (POSIX children see to it themselves)."""
    if sys.platform != "win32":
        return
    try:  # pragma: no cover - Windows only
        # lazy: Windows only
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        kernel32.AssignProcessToJobObject(_windows_job(), int(proc._handle))  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        pass  # no job: the child still ends when its stdin closes


class SandboxedParser:
    """One parser child and its reader; used by one caller at a time (``ParserPool`` sees to it)."""

    def __init__(self) -> None:
        self.proc = _SPAWNER.submit(_spawn).result()
        _contain(self.proc)
        self.reader = _Reader(self.proc.stdout)
        self.reader.start()
        self.files = 0
        self.ready = False
        self.broken = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def usable(self) -> bool:
        return not self.broken and self.files < FILES_PER_CHILD and self.proc.poll() is None

    def kill(self) -> None:
        self.broken = True
        if self.proc.poll() is None:
            self.proc.kill()

    def close(self) -> None:
        """Let the child end (stdin closed), killing it if it does not within a second."""
        self.broken = True
        assert self.proc.stdin is not None and self.proc.stdout is not None  # _spawn opens both pipes
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            self.proc.stdout.close()

    def _send(self, data: bytes, grey: bool, fault: str) -> None:
        header = json.dumps({"fault": fault, "grey": grey}).encode()
        request = b"F" + struct.pack(">I", len(header)) + header + struct.pack(">Q", len(data))

        def feed() -> None:
            assert self.proc.stdin is not None  # _spawn opens it
            try:
                self.proc.stdin.write(request)
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (OSError, ValueError):  # the child died early; the reader reports it
                pass

        threading.Thread(target=feed, daemon=True, name="vd-parser-writer").start()

    def parse(self, data: bytes, cancel: CancelToken | None, page_timeout: float,
              grey: bool = False, fault: str = "") -> Iterator[ParsedPage]:
        """The pages of one file; any failure (or an abandoned iteration) retires this child.

        ``fault``: tests only, a crash, hang or memory hog for the child to stage (see sandbox_child).
        """
        self.files += 1
        self._send(data, grey, fault)
        unregister = cancel.on_cancel(self.kill) if cancel is not None else (lambda: None)
        deadline = time.monotonic() + page_timeout + (0.0 if self.ready else STARTUP_ALLOWANCE_S)
        finished = False
        try:
            while True:
                try:
                    what, payload = self.reader.frames.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise error_for("timeout") from None
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                if what == "ready":
                    self.ready = True
                    deadline = time.monotonic() + page_timeout
                elif what == "page":
                    meta, image = cast("tuple[dict, bytes]", payload)  # what _Reader puts with "page"
                    deadline = time.monotonic() + page_timeout
                    yield _checked_page(meta, image)
                elif what == "done":
                    finished = True
                    return
                elif what == "error":
                    raise error_for(str(payload))
                else:  # the child ended without a closing frame: killed, crashed, or out of memory
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.proc.wait(timeout=5)
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled()
                    raise error_for("crashed")
        finally:
            unregister()
            if not finished:
                self.kill()
                self.proc.wait()


def _checked_page(meta: dict, pixels: bytes) -> ParsedPage:
    """The child's page, its size checked against the pixels it sent (a confused child is a crash)."""
    try:
        width, height, mode = int(meta["width"]), int(meta["height"]), str(meta.get("mode", ""))
        channels = {"L": 1, "RGB": 3}[mode]
        if not (0 < width * height <= MAX_PIXELS) or len(pixels) != width * height * channels:
            raise ValueError("pixel count")
        return ParsedPage(image=pixels, mime=str(meta["mime"]), width=width, height=height,
                          source_format=str(meta["source_format"]), text_layer=meta.get("text_layer"), mode=mode)
    except (KeyError, ValueError, TypeError):
        raise error_for("crashed") from None


class ParserPool:
    """Up to ``size`` parser children kept for the session, handed out one caller at a time.

    ``fault`` is for tests: each file read through this pool makes its child stage that failure
    (e.g. "start:segv"); the session's pool has none.
    """

    def __init__(self, size: int, fault: str = "") -> None:
        self.size = max(1, size)
        self.fault = fault
        self._slots = threading.BoundedSemaphore(self.size)
        self._idle: list[SandboxedParser] = []
        self._lock = threading.Lock()

    def _take_idle(self) -> SandboxedParser | None:
        with self._lock:
            while self._idle:
                parser = self._idle.pop()
                if parser.usable():
                    return parser
                parser.close()
        return None

    @contextlib.contextmanager
    def parser(self) -> Iterator[SandboxedParser]:
        with self._slots:
            parser = self._take_idle() or SandboxedParser()
            try:
                yield parser
            finally:
                if parser.usable():
                    with self._lock:
                        self._idle.append(parser)
                else:
                    parser.close()

    def prewarm(self) -> None:
        """Start a child now (Python and Pillow load while the caller does other work)."""
        with self._lock:
            if self._idle:
                return
        parser = SandboxedParser()
        with self._lock:
            self._idle.append(parser)

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for p in self._idle if p.proc.poll() is None]

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for parser in idle:
            parser.close()

    def kill_idle(self) -> None:
        """At exit: idle children hold nothing worth waiting for (~0.1 s of the ocr verb's exit)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for parser in idle:
            parser.kill()


_pool: list[ParserPool] = []
_pool_lock = threading.Lock()


def parser_pool() -> ParserPool:
    """The session's pool: one child per core at most (files of a letter are read in parallel)."""
    with _pool_lock:
        if not _pool:
            _pool.append(ParserPool(min(os.cpu_count() or 1, 4)))
            atexit.register(_pool[0].kill_idle)
        return _pool[0]


def parse_in_sandbox(
    data: bytes, cancel: CancelToken | None = None, *, page_timeout: float = PAGE_TIMEOUT_S,
    pool: ParserPool | None = None, grey: bool = False,
) -> Iterator[ParsedPage]:
    """Yield the pages of ``data`` parsed in a child process; raises a ``UserError`` on any failure.

    ``grey``: greyscale pixels only (the ocr verb, which keeps no page): a third of the bytes to move.
    """
    if cancel is not None:
        cancel.raise_if_cancelled()
    pool = pool or parser_pool()
    with pool.parser() as parser:
        yield from parser.parse(data, cancel, page_timeout, grey, pool.fault)
