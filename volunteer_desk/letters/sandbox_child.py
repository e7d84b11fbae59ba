"""Child process that parses untrusted files: requests on stdin, framed pages on stdout.

Run as ``python -m volunteer_desk.letters.sandbox_child``. It caps its own address space (1 GiB) and
CPU time before touching any bytes, so a decoder bug can at worst kill this process; the parent
(``sandbox.py``) turns that into a clear error. Nothing is written to disk. One child serves many
files, one after the other (the parent restarts it after a failure or a number of files); it dies
with its parent (``PR_SET_PDEATHSIG`` on Linux, a watchdog elsewhere, a job object on Windows set
by the parent) and ends when its stdin closes.

Request on stdin: b"F" + u32 header length + JSON header + u64 file length + file bytes.
Frames on stdout: b"R" once started; then per request b"P" + u32 meta length + JSON meta + u64 pixel
length + raw pixels, "L" or "RGB" (one per page; the parent encodes what it keeps), then b"D" (done) or b"E" + u32 length + JSON {"kind": ...}.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time

from volunteer_desk.core.limits import cap_child_process

MEMORY_LIMIT = 1 << 30  # 1 GiB address space
CPU_LIMIT_S = 600  # backstop only; the parent enforces 10 s per page on the wall clock
PARENT_ENV = "VOLUNTEER_DESK_PARSER_PARENT"  # the parent's pid, to catch a parent that died already

PR_SET_PDEATHSIG = 1


def _limit_resources() -> None:
    cap_child_process(MEMORY_LIMIT, CPU_LIMIT_S)


def die_with_parent() -> None:
    """Never outlive the app: a page of a letter must not stay in a stray process's memory."""
    expected = os.environ.get(PARENT_ENV, "")
    if sys.platform.startswith("linux"):
        try:
            # lazy: Linux only, and the child's start is on every letter's path
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if sys.platform != "win32":  # the parent may have died before prctl: we were re-parented
        if expected.isdigit() and os.getppid() != int(expected):
            os._exit(0)
        if not sys.platform.startswith("linux"):  # macOS/BSD: no PDEATHSIG, poll instead
            original = os.getppid()

            def watch() -> None:
                while os.getppid() == original:
                    time.sleep(0.5)
                os._exit(0)

            threading.Thread(target=watch, daemon=True).start()


def _fault(wanted_spec: str, stage: str) -> None:
    """A request's "fault" field, set only by tests (``ParserPool(fault=...)``) to prove that a crashing,
    hanging or memory-hungry parser gives a clear error. Spec "STAGE:KIND", e.g. "start:segv" or
    "page1:hang"; KIND is segv, hang or oom."""
    wanted, _, kind = wanted_spec.partition(":")
    if wanted != stage:
        return
    if kind == "segv":
        import signal  # lazy: only the tests' injected crash needs it

        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "hang":
        time.sleep(3600)
    elif kind == "oom":
        hog = []
        while True:
            hog.append(bytearray(64 << 20))


def _read_exact(stream, n: int) -> bytes | None:  # noqa: ANN001 - a binary pipe
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _error(out, kind: str) -> None:  # noqa: ANN001 - a binary pipe
    body = json.dumps({"kind": kind}).encode()
    out.write(b"E" + struct.pack(">I", len(body)) + body)
    out.flush()


def serve_one(data: bytes, fault: str, out, grey: bool = False) -> None:  # noqa: ANN001 - a binary pipe
    # lazy: the child imports Pillow once, in main(), before it says ready
    from volunteer_desk.letters.parse import ParseError, parse_bytes

    try:
        _fault(fault, "start")
        for index, page in enumerate(parse_bytes(data, raw=True, grey=grey)):
            _fault(fault, f"page{index}")
            meta = json.dumps(
                {
                    "mime": page.mime,
                    "width": page.width,
                    "height": page.height,
                    "source_format": page.source_format,
                    "text_layer": page.text_layer,
                    "mode": page.mode,
                }
            ).encode()
            out.write(b"P" + struct.pack(">I", len(meta)) + meta + struct.pack(">Q", len(page.image)))
            out.write(page.image)
            out.flush()
    except ParseError as exc:
        _error(out, exc.kind)
        return
    except MemoryError:
        _error(out, "too_large")
        return
    out.write(b"D")
    out.flush()


def main() -> int:
    die_with_parent()
    _limit_resources()
    out, inp = sys.stdout.buffer, sys.stdin.buffer
    # lazy: imported before "ready", after the limits are set: Pillow's start is not a file's time
    import volunteer_desk.letters.parse  # noqa: F401

    out.write(b"R")
    out.flush()
    while True:
        tag = inp.read(1)
        if tag != b"F":  # EOF (the parent closed the pipe or died) or garbage: stop
            return 0
        head = _read_exact(inp, 4)
        header = _read_exact(inp, struct.unpack(">I", head)[0]) if head else None
        size = _read_exact(inp, 8) if header is not None else None
        data = _read_exact(inp, struct.unpack(">Q", size)[0]) if size else None
        if data is None or header is None:
            return 0
        request = json.loads(header)
        serve_one(data, str(request.get("fault", "")), out, request.get("grey") is True)
        del data


if __name__ == "__main__":
    sys.exit(main())
