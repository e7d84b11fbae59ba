"""A long session does not abort because of the Qt binding (found in issue 21's measurements).

PySide6 6.12.0 on Python 3.11 gives back a reference to None at every ``processEvents()`` and one
to True at every signal ``emit``: after some thousands (an afternoon of progress bars) Python aborts
with "deallocating None" and the app dies. ``volunteer_desk.ui.binding_fix`` keeps those objects
alive; the session runs in a child process so that a crash fails this test, not the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SESSION = textwrap.dedent("""
    import sys
    import volunteer_desk.ui  # noqa: F401 - what the app imports first
    from PySide6.QtCore import QObject, Qt, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    class Job(QObject):
        progress = Signal(int, int, str)
        done = Signal(object, object)

    app = QApplication([])
    job = Job()
    seen = []
    job.progress.connect(lambda d, _t, _m: seen.append(d), Qt.ConnectionType.QueuedConnection)
    job.done.connect(lambda r, _e: seen.append(r), Qt.ConnectionType.QueuedConnection)
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(0)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for i in range(40_000):  # more calls than None, True or False have references in this process
        job.progress.emit(i, 40_000, "page")
        job.done.emit(None, None)
        app.processEvents()
    print("alive", len(seen), before)
""")


def test_a_long_session_of_signals_and_events_does_not_abort(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", SESSION], capture_output=True, text=True, env=env, timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("alive 80000"), run.stdout
