"""The Qt binding keeps Python's reference counts (found in issue 21's measurements).

PySide6 6.12.0 on Python 3.11 took a reference to None at every ``processEvents()`` and one to
True/False at every signal ``emit``: after some thousands of either (an afternoon of progress bars)
Python aborts with "deallocating None" / "deallocating True or False" and the app dies. Python 3.12+
makes those objects immortal, which hides the bug there. pyproject pins a release without it; this
test fails (without crashing the run) if a later pin brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class _Emitter(QObject):
    queued = Signal(object, object)
    progress = Signal(int, int, str)


def _lost(ref: object, action) -> int:  # noqa: ANN001 - a callable run 300 times
    before = sys.getrefcount(ref)
    for _ in range(300):
        action()
    return before - sys.getrefcount(ref)


def test_signals_and_event_processing_keep_none_true_and_false(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.queued.connect(lambda a, _b: received.append(a), Qt.ConnectionType.QueuedConnection)
    emitter.progress.connect(lambda done, _t, _m: received.append(done))
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(0)
    try:
        lost = {
            "None, by processEvents": _lost(None, qapp.processEvents),
            "True, by emit": _lost(True, lambda: emitter.progress.emit(1, 2, "page")),
            "False, by emit": _lost(False, lambda: emitter.queued.emit(None, None)),
        }
        qapp.processEvents()
    finally:
        timer.stop()
    assert ticks and len(received) >= 600
    # Objects created meanwhile may hold a few more references; a leak takes one per call (300).
    assert all(n < 100 for n in lost.values()), f"references lost per 300 calls: {lost}"
