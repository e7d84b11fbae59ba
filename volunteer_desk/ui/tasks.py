"""The one worker mechanism: every core call leaves the main thread through here.

A job is a plain function. When it accepts ``progress``/``cancel`` keywords it gets the core's
plain callback and ``CancelToken`` (``volunteer_desk.core.progress``); this module turns them into
Qt signals. Results, errors and progress are delivered on the main thread (queued signals of a
``Job`` object created there), so callbacks may touch widgets; jobs themselves never do.

Two kinds of executors run jobs:
- the shared pool (OCR, translation, rendering, unlock…), a few threads;
- one single-thread executor per open family (``FamilyWorker``): a SQLCipher connection is used
  from the thread that opened it, and writes to one file are serialised (Anki does the same).
"""

from __future__ import annotations

import inspect
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from volunteer_desk.core.errors import Cancelled, UserError
from volunteer_desk.core.progress import CancelToken

if TYPE_CHECKING:
    from volunteer_desk.core.progress import Progress
    from volunteer_desk.vault.store import FamilyFile

log = logging.getLogger(__name__)

Callback = Callable[..., Any] | None  # Any: a job returns whatever its function returns


def _accepts(fn: Callable, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def owned(callback: Callback, owner: QObject | None) -> Callback:
    """``callback``, skipped once ``owner`` (the widget that asked) is deleted.

    A job may finish after its screen is gone (the session locked during a translation): calling
    into the deleted widget would raise "Internal C++ object already deleted".
    """
    if callback is None or owner is None:
        return callback

    def call(*args: Any) -> Any:
        if shiboken6.isValid(owner):
            return callback(*args)
        log.debug("a job's result was dropped: the screen that asked for it is gone")
        return None

    return call


class Job(QObject):
    """Handle of one running job; lives in the main thread. ``cancel()`` is safe at any time."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception (UserError for things a user can act on)
    cancelled = Signal()
    finished = Signal()  # after succeeded/failed/cancelled, always

    # Internal: emitted from the worker thread, delivered queued to this object's (main) thread.
    _progress_from_worker = Signal(int, int, str)
    _done_from_worker = Signal(object, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._progress_from_worker.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._done_from_worker.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self.token.cancel()

    # worker side ----------------------------------------------------------------------------
    def report(self, done: int, total: int, message: str = "") -> None:
        self._progress_from_worker.emit(int(done), int(total), str(message))

    # main-thread side -----------------------------------------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if not self.done:
            self.progressed.emit(done, total, message)

    @Slot(object, object)
    def _on_done(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        self.result, self.error = result, error
        if error is None:
            self.succeeded.emit(result)
        elif isinstance(error, Cancelled) or (self.token.cancelled and isinstance(error, UserError)):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
        self.finished.emit()


class TaskRunner(QObject):
    """Runs jobs on the shared pool or on a given executor; keeps track of what is running."""

    busy_changed = Signal(bool)
    error = Signal(object)  # unhandled job errors go here (the shell shows them)

    def __init__(self, max_threads: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        threads = max_threads or max(2, min(4, os.cpu_count() or 2))
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="vd-job")
        self._running: set[Job] = set()

    @property
    def active(self) -> int:
        return len(self._running)

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "job",
               on_done: Callback = None, on_error: Callback = None, on_progress: Callback = None,
               on_cancelled: Callback = None, executor: Executor | None = None,
               owner: QObject | None = None, **kwargs: Any) -> Job:
        """Run ``fn(*args, **kwargs)`` off the main thread; callbacks run on the main thread.

        Without ``on_error``, a failure goes to ``self.error`` (the shell shows one clear sentence).
        With ``owner`` (the widget that asked), the job is cancelled when that widget is destroyed
        and its callbacks are skipped once it is gone.
        """
        job = Job(name, self)
        if owner is not None:
            on_done, on_error, on_progress, on_cancelled = (
                owned(cb, owner) for cb in (on_done, on_error, on_progress, on_cancelled))
            if on_error is None:
                on_error = owned(self.error.emit, owner)
            owner.destroyed.connect(job.cancel)
        if _accepts(fn, "progress"):
            kwargs.setdefault("progress", job.report)
        if _accepts(fn, "cancel"):
            kwargs.setdefault("cancel", job.token)
        if on_done:
            job.succeeded.connect(on_done)
        if on_progress:
            job.progressed.connect(on_progress)
        if on_cancelled:
            job.cancelled.connect(on_cancelled)
        job.failed.connect(on_error if on_error else self.error.emit)
        job.finished.connect(lambda: self._forget(job))
        self._running.add(job)
        if len(self._running) == 1:
            self.busy_changed.emit(True)

        def work() -> None:
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to the main thread, never lost
                if not isinstance(exc, UserError):
                    log.exception("job %s failed", name)
                job._done_from_worker.emit(None, exc)
            else:
                job._done_from_worker.emit(result, None)

        try:
            (executor or self._pool).submit(work)
        except RuntimeError:  # the app (or this family's worker) is shutting down: drop late work
            log.debug("job %s dropped: worker shut down", name)
            self._forget(job)
        return job

    def _forget(self, job: Job) -> None:
        self._running.discard(job)
        job.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()

    def shutdown(self) -> None:
        self.cancel_all()
        self._pool.shutdown(wait=True, cancel_futures=True)


class FamilyWorker(QObject):
    """The single database thread of one open family file.

    ``call(fn, on_done=…)`` runs ``fn(ff)`` in that thread; the ``FamilyFile`` never leaves it.
    """

    opened = Signal()
    closed = Signal()

    def __init__(self, runner: TaskRunner, opener: Callable[[], FamilyFile], family_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.family_id = family_id
        self._opener = opener
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vd-family")
        self._ff: FamilyFile | None = None
        self._thread_id: int | None = None

    def open(self, on_done: Callback = None, on_error: Callback = None) -> Job:
        def do_open() -> None:
            self._thread_id = threading.get_ident()
            self._ff = self._opener()

        def done(_: object) -> None:
            self.opened.emit()
            if on_done:
                on_done()

        return self.runner.submit(do_open, name="family.open", on_done=done, on_error=on_error,
                                  executor=self._executor)

    def call(self, fn: Callable[..., Any], *, name: str = "family.call", on_done: Callback = None,
             on_error: Callback = None, owner: QObject | None = None) -> Job:
        extra = [k for k in ("progress", "cancel") if _accepts(fn, k)]

        def run(progress: Progress | None = None, cancel: CancelToken | None = None) -> Any:
            if self._ff is None:
                raise UserError("This family is closed.")
            assert threading.get_ident() == self._thread_id  # the one thread of this file
            given = {"progress": progress, "cancel": cancel}
            return fn(self._ff, **{k: given[k] for k in extra})

        return self.runner.submit(run, name=name, on_done=on_done, on_error=on_error, executor=self._executor,
                                  owner=owner)

    def close(self, on_done: Callback = None) -> None:
        """Close the file in its own thread, then stop the thread (pending calls run first)."""
        def do_close() -> None:
            if self._ff is not None:
                self._ff.close()
                self._ff = None

        def done(_: object = None) -> None:
            self._executor.shutdown(wait=False)
            self.closed.emit()
            if on_done:
                on_done()

        self.runner.submit(do_close, name="family.close", on_done=done, on_error=lambda e: done(),
                           executor=self._executor)

    def close_now(self) -> None:
        """Blocking close for application exit only."""
        def do_close() -> None:
            if self._ff is not None:
                self._ff.close()
                self._ff = None

        try:
            self._executor.submit(do_close).result(timeout=10)
        except Exception:  # at exit: never raise
            log.warning("family file did not close cleanly")
        self._executor.shutdown(wait=False)
