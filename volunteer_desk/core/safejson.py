"""JSON from outside (family files, manifests, package metadata), read within limits.

Python's ``json`` recurses once per nesting level, so ``[[[[…]]]]`` 100,000 deep raises
RecursionError; it accepts ``NaN`` and ``Infinity``; a repeated key silently keeps the last value.
``loads_limited`` refuses all three before anything uses the data, with one reason a person can read.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

MAX_DEPTH = 32
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class UnsafeJson(ValueError):
    """The text is not JSON we accept; ``str(err)`` says why (never quotes the content)."""


def nesting_depth(text: str, limit: int) -> int:
    """Deepest bracket nesting outside strings, counting stops once past ``limit`` (no recursion)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def _no_constants(name: str) -> Any:
    raise UnsafeJson("numbers must be finite (NaN and Infinity are not allowed)")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UnsafeJson("a key appears twice in the same object")
        result[key] = value
    return result


def loads_limited(raw: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """Parse UTF-8 JSON no larger than ``max_bytes`` and nested at most ``max_depth`` deep."""
    if len(raw) > max_bytes:
        raise UnsafeJson(f"it is larger than {max_bytes // 1024} KB")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnsafeJson("it is not UTF-8 text") from exc
    else:
        text = raw.lstrip("\ufeff")
    if nesting_depth(text, max_depth) > max_depth:
        raise UnsafeJson(f"it is nested more than {max_depth} levels deep")
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except UnsafeJson:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, int too long
        raise UnsafeJson("it is not valid JSON") from exc


def read_limited(path: Any, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a regular file; raises UnsafeJson if it is larger or not a file.
    (``/dev/zero`` or a FIFO never reaches ``read()``.)"""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeJson("it is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise UnsafeJson(f"it is larger than {max_bytes // 1024} KB")
    return data
