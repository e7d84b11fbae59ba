"""One open family as the tabs see it: the last loaded snapshot, and edits that run on its worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from volunteer_desk.family.model import TABLE_OF
from volunteer_desk.ui.tasks import FamilyWorker, Job, owned

if TYPE_CHECKING:
    from volunteer_desk.family.model import Household
    from volunteer_desk.family.snapshot import FamilySnapshot, Record
    from volunteer_desk.vault.store import FamilyFile

Callback = Callable[..., Any] | None


def _snapshot():  # noqa: ANN202 - imported in the worker thread: the vault modules are heavy
    # lazy: keeps the vault (sqlcipher3) off the first frame
    from volunteer_desk.family import snapshot

    return snapshot


def _load(ff: FamilyFile) -> FamilySnapshot:
    return _snapshot().load(ff)


class FamilyModel(QObject):
    changed = Signal(object)  # the new FamilySnapshot
    saved = Signal(str)  # what was saved (table name), for status messages

    def __init__(self, worker: FamilyWorker, refresh_index: Callable[[FamilyFile], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.family_id = worker.family_id
        self.snapshot: FamilySnapshot | None = None
        self._refresh_index = refresh_index

    def reload(self, on_done: Callback = None) -> Job:
        def done(snap: FamilySnapshot) -> None:
            self.snapshot = snap
            self.changed.emit(snap)
            if on_done:
                on_done(snap)

        return self.worker.call(_load, name="family.load", on_done=done)

    def _write(self, fn: Callable[[FamilyFile], Any], what: str, on_done: Callback = None,
               on_error: Callback = None, owner: QObject | None = None) -> Job:
        """Run a write, refresh the family list's index, then reload the snapshot — all in one job."""
        def work(ff: FamilyFile) -> tuple[Any, FamilySnapshot]:
            result = fn(ff)
            self._refresh_index(ff)
            return result, _load(ff)

        caller_done, caller_error = owned(on_done, owner), owned(on_error, owner)

        def done(pair: tuple[Any, FamilySnapshot]) -> None:
            result, snap = pair
            self.snapshot = snap  # the model outlives the screen that asked: it always takes the new state
            self.changed.emit(snap)
            self.saved.emit(what)
            if caller_done:
                caller_done(result)

        return self.worker.call(work, name=f"family.write.{what}", on_done=done, on_error=caller_error)

    def save(self, obj: Record, on_done: Callback = None, on_error: Callback = None) -> Job:
        return self._write(lambda ff: _snapshot().save(ff, obj), TABLE_OF[type(obj)], on_done, on_error)

    def save_household(self, household: Household, on_done: Callback = None, on_error: Callback = None) -> Job:
        return self._write(lambda ff: _snapshot().save_household(ff, household), "household", on_done, on_error)

    def delete(self, table: str, record_id: str, on_done: Callback = None) -> Job:
        return self._write(lambda ff: ff.delete(table, record_id), table, on_done)

    def write(self, fn: Callable[[FamilyFile], Any], what: str, on_done: Callback = None,
              on_error: Callback = None, owner: QObject | None = None) -> Job:
        """Any other write (letters with pages, forms): ``fn(ff)`` runs on the family's thread."""
        return self._write(fn, what, on_done, on_error, owner)

    def read(self, fn: Callable[[FamilyFile], Any], on_done: Callback, name: str = "family.read",
             owner: QObject | None = None) -> Job:
        return self.worker.call(fn, name=name, on_done=on_done, owner=owner)
