"""Safety nets of the shell: idle lock, clipboard clearing, main-thread watchdog.

- ``IdleLock``: an event filter on each window restarts a single-shot timer on every key, click,
  wheel or touch (KeePassXC's InactivityTimer); when it fires, or when Qt says the application is
  suspended, ``lock_requested`` is emitted. Not an application-wide filter as in KeePassXC: in
  Python that is a call into the interpreter for every Qt event (timers, paints, signals from
  workers), each waiting for the GIL while workers run Python — it stalled the window.
- ``ClipboardGuard``: identifiers copied by the app are cleared after a delay if still ours.
- ``Watchdog``: a heartbeat timer on the main thread, watched from a background thread; any gap
  longer than the limit is logged (without personal data) and kept for tests to fail on.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputEvent

log = logging.getLogger(__name__)

_ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.MouseMove, QEvent.Type.ShortcutOverride,
})
SHARED_PC_IDLE_MINUTES = 5
LAPTOP_IDLE_MINUTES = 10


WARN_BEFORE_MS = 30_000


class IdleLock(QObject):
    """Locks after ``timeout_ms`` without input; ``warning`` comes 30 s before (a quarter of the delay
    when it is shorter), and any key, click or wheel postpones both (``warning_cleared``)."""

    lock_requested = Signal(str)  # reason: "idle" or "suspended"
    warning = Signal(int)         # seconds left before the lock
    warning_cleared = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._warn = QTimer(self)
        self._warn.setSingleShot(True)
        self._warn.timeout.connect(self._warn_now)
        self.warned = False
        self._last_restart = 0.0
        self._connected = False
        self.set_timeout(timeout_ms)

    def _lead_ms(self) -> int:
        return min(WARN_BEFORE_MS, self._timer.interval() // 4)

    def _warn_now(self) -> None:
        self.warned = True
        self.warning.emit(max(1, round(self._lead_ms() / 1000)))

    def _fire(self) -> None:
        self._clear_warning()
        self.lock_requested.emit("idle")

    def _clear_warning(self) -> None:
        if self.warned:
            self.warned = False
            self.warning_cleared.emit()

    def _restart(self) -> None:
        self._timer.start()
        self._warn.start(self._timer.interval() - self._lead_ms())
        self._clear_warning()
        self._watch_windows()

    def _watch_windows(self, *_focus: object) -> None:
        """Filter the input of every window (a new dialog shows up here when it gets the focus)."""
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return
        if not self._connected:
            self._connected = True
            app.applicationStateChanged.connect(self._state_changed)
            app.focusWindowChanged.connect(self._watch_windows)
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)  # once: installing it again only moves it first

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(50, int(timeout_ms)))

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._restart()

    def stop(self) -> None:
        self._timer.stop()
        self._warn.stop()
        self._clear_warning()

    def close(self) -> None:
        """Stop and leave the windows' event filters."""
        self.stop()
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return
        if self._connected:
            self._connected = False
            app.applicationStateChanged.disconnect(self._state_changed)
            app.focusWindowChanged.disconnect(self._watch_windows)
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Called for every event of a window (its input, exposes, moves): the isinstance test is cheap.
        if isinstance(event, QInputEvent) and event.type() in _ACTIVITY_EVENTS and self._timer.isActive():
            now = time.monotonic()
            # Mouse moves arrive in bursts: restarting the timer 100 times a second buys nothing.
            if now - self._last_restart > 0.02:
                self._last_restart = now
                self._restart()
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self._timer.isActive():
            self.lock_requested.emit("suspended")


class ClipboardGuard(QObject):
    """Copies text and clears it after ``clear_after_ms`` if the clipboard still holds it."""

    def __init__(self, clear_after_ms: int = 30_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = clear_after_ms
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._ours = text
        self._timer.start(self.clear_after_ms)

    def clear_if_ours(self) -> None:
        if self._ours is None:
            return
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == self._ours:
            clipboard.clear()
        self._ours = None
        self._timer.stop()


class Watchdog(QObject):
    """Logs main-thread blocks longer than ``limit_ms``; ``blocks`` keeps their durations (ms)."""

    def __init__(self, limit_ms: int = 200, beat_ms: int = 50, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit_ms = limit_ms
        self.beat_ms = beat_ms
        self.blocks: list[float] = []
        self._last = time.monotonic()
        self._lock = threading.Lock()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reported = False
        self._main_thread = threading.get_ident()
        self.stacks: list[str] = []  # where the main thread was when a block was noticed (code only)

    def start(self) -> None:
        self._main_thread = threading.get_ident()
        self._last = time.monotonic()
        self._timer.start(self.beat_ms)
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="vd-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=1)
            self._thread = None

    def reset(self) -> None:
        with self._lock:
            self.blocks.clear()
            self._last = time.monotonic()

    def _beat(self) -> None:
        now = time.monotonic()
        with self._lock:
            gap_ms = (now - self._last) * 1000 - self.beat_ms
            self._last = now
            reported, self._reported = self._reported, False
        if gap_ms > self.limit_ms:
            self.blocks.append(gap_ms)
            log.warning("main thread was blocked for %.0f ms", gap_ms)
        elif reported:
            log.info("main thread responsive again")

    def _main_stack(self) -> str:
        """File:line of the innermost frames (no variables, so no personal data)."""
        frame = sys._current_frames().get(self._main_thread)
        if frame is None:
            return "?"
        summary = traceback.extract_stack(frame)[-6:]
        return " <- ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}:{f.name}" for f in reversed(summary))

    def _watch(self) -> None:
        # From the side: say so while the block is still going on (a frozen window logs something).
        while not self._stop.wait(self.beat_ms / 1000):
            with self._lock:
                gap_ms = (time.monotonic() - self._last) * 1000 - self.beat_ms
                if gap_ms > self.limit_ms and not self._reported:
                    self._reported = True
                    where = self._main_stack()
                    self.stacks.append(where)
                    log.warning("main thread blocked for more than %d ms at %s", self.limit_ms, where)
