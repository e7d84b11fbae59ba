"""The desk: the vault, the unlocked session and the open families, as seen by the windows.

Every call that touches the disk or derives a key goes through the ``TaskRunner``; each open family
gets its own ``FamilyWorker`` thread. Windows receive a ``Desk`` (injection), they never build one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from volunteer_desk.core.errors import UserError
from volunteer_desk.ui.tasks import FamilyWorker, Job, TaskRunner

if TYPE_CHECKING:
    from volunteer_desk.vault.crypto import KdfCost
    from volunteer_desk.vault.store import FamilyFile
    from volunteer_desk.vault.vault import Session

log = logging.getLogger(__name__)

Callback = Callable[..., Any] | None


class Desk(QObject):
    unlocked = Signal()
    locked = Signal(str)  # reason
    families_changed = Signal()
    family_opened = Signal(str)  # family id
    family_closed = Signal(str)

    def __init__(self, vault_root: Path, runner: TaskRunner, parent: QObject | None = None, *,
                 kdf_cost: KdfCost | None = None) -> None:
        super().__init__(parent)
        self.vault_root = Path(vault_root)
        self.kdf_cost = kdf_cost  # None: tuned to this machine (a vault made here is a real one)
        self.runner = runner
        self.session: Session | None = None
        self.workers: dict[str, FamilyWorker] = {}

    # -- vault and session ----------------------------------------------------------------------
    def vault_exists(self) -> bool:
        # lazy: keeps the vault (sqlcipher3) off the first frame
        from volunteer_desk.vault import Vault

        return Vault.exists(self.vault_root)

    @property
    def is_unlocked(self) -> bool:
        return self.session is not None

    @property
    def volunteer_name(self) -> str:
        return self.session.volunteer.name if self.session else ""

    def create_vault(self, admin: str, passphrase: str, *, on_done: Callback = None,
                     on_error: Callback = None) -> Job:
        def work() -> Session:
            # lazy: keeps the vault (sqlcipher3) off the first frame
            from volunteer_desk.family.snapshot import index_summary
            from volunteer_desk.vault import Vault

            return Vault.init(self.vault_root, admin, passphrase, summarizer=index_summary, kdf_cost=self.kdf_cost)

        return self.runner.submit(work, name="vault.init", on_done=lambda s: self._set_session(s, on_done),
                                  on_error=on_error)

    def unlock(self, name: str, passphrase: str, *, on_done: Callback = None, on_error: Callback = None) -> Job:
        def work() -> Session:
            # lazy: keeps the vault (sqlcipher3) off the first frame
            from volunteer_desk.family.snapshot import index_summary
            from volunteer_desk.vault import Vault

            return Vault(self.vault_root, summarizer=index_summary, kdf_cost=self.kdf_cost).unlock(name, passphrase)

        return self.runner.submit(work, name="vault.unlock", on_done=lambda s: self._set_session(s, on_done),
                                  on_error=on_error)

    def _set_session(self, session: Session, on_done: Callback) -> None:
        self.session = session
        self.unlocked.emit()
        if on_done:
            on_done()

    def lock(self, reason: str = "user") -> None:
        """Close every family (each in its own thread), forget the keys, show the unlock screen."""
        if self.session is None:
            return
        for fid in list(self.workers):
            self.close_family(fid)
        session, self.session = self.session, None
        session.close()
        self.locked.emit(reason)

    def shutdown(self) -> None:
        for worker in self.workers.values():
            worker.close_now()
        self.workers.clear()
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- families --------------------------------------------------------------------------------
    def list_families(self, on_done: Callback, on_error: Callback = None) -> Job | None:
        session = self.session
        if session is None:
            return None
        return self.runner.submit(session.list_families, name="families.list", on_done=on_done,
                                  on_error=on_error)

    def create_family(self, name: str, *, on_done: Callback = None, on_error: Callback = None) -> Job:
        session = self.session

        def done(result: tuple[str, str]) -> None:
            self.families_changed.emit()
            if on_done:
                on_done(*result)

        return self.runner.submit(session.create_family, name, name="families.create", on_done=done,
                                  on_error=on_error)

    def open_family(self, fid: str, *, on_done: Callback = None, on_error: Callback = None,
                    break_lock: bool = False) -> FamilyWorker:
        if fid in self.workers:
            if on_done:
                on_done()
            return self.workers[fid]
        session = self.session

        def opener() -> FamilyFile:
            # copies left by Syncthing/Nextcloud are folded in before the file is opened for writing
            try:
                if session.layout.conflict_copies(fid) or session.layout.header_conflict_copies(fid):
                    session.merge_sync_copies(fid)
            except UserError as exc:
                log.warning("sync copies not merged: %s", type(exc).__name__)
            return session.open_family(fid, break_lock=break_lock)

        worker = FamilyWorker(self.runner, opener, fid, self)
        self.workers[fid] = worker

        def failed(exc: BaseException) -> None:
            self.workers.pop(fid, None)
            worker.close()
            if on_error:
                on_error(exc)
            else:
                self.runner.error.emit(exc)

        def opened() -> None:
            self.family_opened.emit(fid)
            if on_done:
                on_done()

        worker.open(on_done=opened, on_error=failed)
        return worker

    def close_family(self, fid: str) -> None:
        worker = self.workers.pop(fid, None)
        if worker is not None:
            worker.close()
            self.family_closed.emit(fid)

    def refresh_index(self, ff: FamilyFile) -> None:
        """Run inside a family worker after a change, so the list shows the next deadline."""
        if self.session is not None:
            self.session.refresh_index(ff)
