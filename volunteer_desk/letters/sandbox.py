"""Parse untrusted bytes in a child process with a time limit per page and a memory cap.

The child (``sandbox_child``) gets the file on stdin and streams pages back on stdout, so nothing
touches the disk. A child that crashes (segfault in a decoder), hangs (10 s without a new page) or
runs out of its 1 GiB gives a ``CorruptFile``/``BadInput`` with one clear sentence, never a
traceback, and the app process is unaffected.
"""

from __future__ import annotations

import json
import os
import queue
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from volunteer_desk.core.errors import BadInput, Cancelled, CorruptFile, UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.letters.parse import MAX_PAGES, ParsedPage

PAGE_TIMEOUT_S = 10.0
# Starting Python and importing Pillow/pdfium is not the file's fault: allow for a slow, busy PC.
STARTUP_ALLOWANCE_S = 10.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def child_command() -> list[str]:
    """How to start the parser child. A frozen build must dispatch this argument to the child's main."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--letters-parse-child"]
    return [sys.executable, "-m", "volunteer_desk.letters.sandbox_child"]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = _PACKAGE_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["OMP_THREAD_LIMIT"] = "1"
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
    """Reads frames from the child's stdout into a queue, so the parent can wait with a deadline."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - a binary pipe
        super().__init__(daemon=True)
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
                if not tag:
                    self.frames.put(("eof", None))
                    return
                if tag == b"P":
                    (meta_len,) = struct.unpack(">I", self._read(4))
                    meta = json.loads(self._read(meta_len))
                    (img_len,) = struct.unpack(">Q", self._read(8))
                    self.frames.put(("page", (meta, self._read(img_len))))
                elif tag == b"E":
                    (body_len,) = struct.unpack(">I", self._read(4))
                    self.frames.put(("error", json.loads(self._read(body_len))["kind"]))
                    return
                elif tag == b"D":
                    self.frames.put(("done", None))
                    return
                else:
                    self.frames.put(("eof", None))
                    return
        except (EOFError, ValueError, KeyError, OSError):
            self.frames.put(("eof", None))


def parse_in_sandbox(
    data: bytes, cancel: CancelToken | None = None, *, page_timeout: float = PAGE_TIMEOUT_S
) -> Iterator[ParsedPage]:
    """Yield the pages of ``data`` parsed in a child process; raises a ``UserError`` on any failure."""
    if cancel is not None:
        cancel.raise_if_cancelled()
    proc = subprocess.Popen(
        child_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        cwd=_PACKAGE_ROOT,
    )
    unregister = cancel.on_cancel(proc.kill) if cancel is not None else (lambda: None)

    def feed() -> None:
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except OSError:  # the child died early; the reader reports it
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    reader = _Reader(proc.stdout)
    reader.start()
    deadline = time.monotonic() + STARTUP_ALLOWANCE_S + page_timeout
    pages = 0
    try:
        while True:
            try:
                what, payload = reader.frames.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise error_for("timeout") from None
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            if what == "page":
                meta, image = payload  # type: ignore[misc]
                pages += 1
                deadline = time.monotonic() + page_timeout
                yield ParsedPage(
                    image=image,
                    mime=meta["mime"],
                    width=int(meta["width"]),
                    height=int(meta["height"]),
                    source_format=meta["source_format"],
                    text_layer=meta.get("text_layer"),
                )
            elif what == "done":
                return
            elif what == "error":
                raise error_for(str(payload))
            else:  # the child ended without a closing frame: killed, crashed, or out of memory
                proc.wait(timeout=5)
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                raise error_for("crashed")
    finally:
        unregister()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
