"""A workaround for the Qt binding: None, True and False are kept alive for good on Python 3.11.

PySide6 6.12.0 gives back one reference too many to None at every ``processEvents()`` and to True
at every signal ``emit``. Python 3.12+ makes these objects immortal, so nothing happens there; on
3.11 (Debian 12's Python) their count runs down and after some thousands of calls Python aborts
("deallocating None") and the app dies with whatever was on screen. Older PySide6 releases do not
have this bug but crash in ``QObject::~QObject`` when jobs are deleted (6.10.3 and 6.11.3, the UI
tests under load). So we do what Python 3.12 does: give the three objects a count that cannot run
out (2**40 references; the binding loses one per call).
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40


def keep_singletons_alive() -> None:
    """Once per process, before the first Qt call (``volunteer_desk.ui`` does it when imported)."""
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython 3.11
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _RESERVE:
            count.value += _RESERVE
