"""Progress reporting and cancellation for long jobs, as plain callables (no Qt).

A job takes ``progress: Progress`` and ``cancel: CancelToken``; ``ui/tasks.py`` turns these into Qt
signals. Jobs call ``cancel.raise_if_cancelled()`` between steps so cancellation is prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from volunteer_desk.core.errors import Cancelled

# progress(done, total, message): total may be 0 when unknown.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str = "") -> None:
    """Default progress sink."""


class CancelToken:
    """Thread-safe flag a job polls; also lets child processes be killed on cancel."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks)
        for cb in callbacks:
            cb()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Register a callback (e.g. kill a subprocess); returns a function that unregisters it."""
        with self._lock:
            self._callbacks.append(callback)
            already = self._event.is_set()
        if already:
            callback()

        def remove() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return remove
