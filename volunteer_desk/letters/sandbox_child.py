"""Child process that parses ONE untrusted file: bytes on stdin, framed pages on stdout.

Run as ``python -m volunteer_desk.letters.sandbox_child``. It caps its own address space (1 GiB) and
CPU time before touching the bytes, so a decoder bug can at worst kill this process; the parent
(``sandbox.py``) turns that into a clear error. Nothing is written to disk.

Frames on stdout: b"P" + u32 meta length + JSON meta + u64 image length + image bytes (one per page),
then b"D" (done) or b"E" + u32 length + JSON {"kind": ...} (a parse error).
"""

from __future__ import annotations

import json
import os
import struct
import sys

MEMORY_LIMIT = 1 << 30  # 1 GiB address space
CPU_LIMIT_S = 600  # backstop only; the parent enforces 10 s per page on the wall clock

# Test hook (tests/letters/test_sandbox.py): prove that a crashing or hanging parser gives a clear
# error. Harmless in production: anyone who can set our environment can already run code.
FAULT_ENV = "VOLUNTEER_DESK_TEST_PARSER_FAULT"


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the parent's time limit still applies
        return
    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT), (resource.RLIMIT_CPU, CPU_LIMIT_S)):
        try:
            soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            pass
    try:  # no core dumps of letter pages
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


def _fault(stage: str) -> None:
    """Value "STAGE:KIND", e.g. "start:segv" or "page1:hang"; KIND is segv, hang or oom."""
    wanted, _, kind = os.environ.get(FAULT_ENV, "").partition(":")
    if wanted != stage:
        return
    if kind == "segv":
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "hang":
        import time

        time.sleep(3600)
    elif kind == "oom":
        hog = []
        while True:
            hog.append(bytearray(64 << 20))


def main() -> int:
    _limit_resources()
    out = sys.stdout.buffer
    data = sys.stdin.buffer.read()
    from volunteer_desk.letters.parse import ParseError, parse_bytes

    try:
        _fault("start")
        for index, page in enumerate(parse_bytes(data)):
            _fault(f"page{index}")
            meta = json.dumps(
                {
                    "mime": page.mime,
                    "width": page.width,
                    "height": page.height,
                    "source_format": page.source_format,
                    "text_layer": page.text_layer,
                }
            ).encode()
            out.write(b"P" + struct.pack(">I", len(meta)) + meta + struct.pack(">Q", len(page.image)))
            out.write(page.image)
            out.flush()
    except ParseError as exc:
        body = json.dumps({"kind": exc.kind}).encode()
        out.write(b"E" + struct.pack(">I", len(body)) + body)
        out.flush()
        return 0
    except MemoryError:
        body = json.dumps({"kind": "too_large"}).encode()
        out.write(b"E" + struct.pack(">I", len(body)) + body)
        out.flush()
        return 0
    out.write(b"D")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
