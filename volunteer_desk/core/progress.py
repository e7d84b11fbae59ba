"""Progress reporting and cancellation for long jobs, as plain callables (no Qt).

A job takes ``progress: Progress`` and ``cancel: CancelToken``; ``ui/tasks.py`` turns these into Qt
signals. Jobs call ``cancel.raise_if_cancelled()`` between steps so cancellation is prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

from volunteer_desk.core.errors import Cancelled

T = TypeVar("T")
R = TypeVar("R")

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


def run_parallel(fn: Callable[[T, CancelToken], R], items: Sequence[T], *, workers: int, message: str,
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> list[R]:
    """``fn(item, stop)`` for every item over a thread pool; results in the items' order.

    ``stop`` is our own token, linked to the caller's: a failing item stops the others (queued ones
    are skipped, running ones see ``stop``) without marking the caller's job as cancelled.
    """
    stop = CancelToken()
    unlink = cancel.on_cancel(stop.cancel) if cancel is not None else (lambda: None)
    total = len(items)
    progress(0, total, message)
    results: dict[int, R] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, total))) as pool:
        futures = {pool.submit(fn, item, stop): index for index, item in enumerate(items)}
        try:
            # Reported as items finish, in any order: a slow first item must not hold the bar at 0.
            for done, future in enumerate(as_completed(futures), 1):
                results[futures[future]] = future.result()
                progress(done, total, message)
        except BaseException:
            for f in futures:
                f.cancel()
            stop.cancel()
            raise
        finally:
            unlink()
    if cancel is not None:
        cancel.raise_if_cancelled()
    return [results[index] for index in range(total)]
