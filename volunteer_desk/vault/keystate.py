"""Crash-safe key changes of one family: grant, revoke, recovery kit, as a small state machine.

States of a key header: *settled* (``epoch``, ``wraps``) or *revoking* (plus ``pending``: the next
epoch's wraps, written before the file is rekeyed). Whatever the moment a process dies:
- before the pending header is written: nothing changed;
- pending written, file not rekeyed: the current wraps still open it; the next writer finishes
  the revoke (rekeys to the pending key, then settles);
- file rekeyed, header not settled: the pending wraps open it; the next writer settles.
A retry never generates a new key while a pending one exists, so the only wrap that opens the
file is never replaced. Older keys stay reachable (``history``, sealed under the current key) for
copies that sync tools bring back from an older epoch.

Steps call ``on_step(name)`` after each durable write: the crash tests kill the process there.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from volunteer_desk.core.errors import AccessDenied, CorruptFile, NotFound, WrongPassphrase
from volunteer_desk.vault import crypto, recovery
from volunteer_desk.vault.header import key_id
from volunteer_desk.vault.locking import FileLock
from volunteer_desk.vault.sqlcipher import connect
from volunteer_desk.vault.store import FamilyFile

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from volunteer_desk.vault.layout import Layout
    from volunteer_desk.vault.vault import Vault, Volunteer

log = logging.getLogger(__name__)
MAX_HISTORY = 32  # older keys kept for sync copies; a family rekeyed more often drops the oldest


def aad(fid: str, epoch: int) -> bytes:
    return f"{fid}|{epoch}".encode()


def history_aad(fid: str, kid: str) -> bytes:
    return f"{fid}|history|{kid}".encode()


def no_step(_name: str) -> None:
    pass


def key_that_opens(path: Path, keys: list[bytes]) -> bytes:
    """The first key that opens the file (one SQLCipher open per key tried)."""
    if len(keys) == 1:
        return keys[0]
    error: Exception | None = None
    for key in keys:
        try:
            connect(path, key, read_only=True).close()
            return key
        except WrongPassphrase as exc:
            error = exc
    raise error or WrongPassphrase("No key opens this family file.")


class KeyStateMixin:
    """Key handling of a ``Session`` (needs ``vault``, ``volunteer``, ``_private``, ``layout``)."""

    on_step: Callable[[str], None] = staticmethod(no_step)

    if TYPE_CHECKING:  # what Session provides
        vault: Vault
        volunteer: Volunteer
        _private: X25519PrivateKey

        @property
        def layout(self) -> Layout: ...
        def verified_volunteers(self) -> list[Volunteer]: ...
        def find_verified(self, name: str) -> Volunteer | None: ...

    # -- what this volunteer can unwrap ---------------------------------------------------------
    def _unwrap(self, fid: str, wraps: dict, epoch: int) -> bytes | None:
        wrap = wraps.get(self.volunteer.id)
        if wrap is None:
            return None
        try:
            return crypto.unwrap_with(self._private, wrap, aad(fid, epoch))
        except (WrongPassphrase, CorruptFile):
            return None

    def reachable_keys(self, fid: str, header: dict) -> list[bytes]:
        """Every data key of the family this volunteer can reach: current, pending, older epochs."""
        found: list[bytes] = []
        current = self._unwrap(fid, header["wraps"], header["epoch"])
        pending = header.get("pending")
        pend_key = self._unwrap(fid, pending["wraps"], pending["epoch"]) if pending else None
        for key in (current, pend_key):
            if key is not None and key not in found:
                found.append(key)
        for holder in (current, pend_key):
            if holder is None:
                continue
            for entry in header.get("history", []):
                with contextlib.suppress(CorruptFile):
                    old = crypto.open_sealed(holder, entry["sealed"], history_aad(fid, entry["kid"]),
                                             wrong=CorruptFile)
                    if old not in found:
                        found.append(old)
        return found

    def data_key(self, fid: str) -> bytes:
        """The key of the current epoch (or of the pending one, for a volunteer only in it)."""
        header = self.vault.header(fid)
        key = self._unwrap(fid, header["wraps"], header["epoch"])
        if key is None and header.get("pending"):
            key = self._unwrap(fid, header["pending"]["wraps"], header["pending"]["epoch"])
        if key is None:
            if self.volunteer.id in header["wraps"]:
                raise CorruptFile("Your key wrap for this family is damaged; ask an admin to grant access again.")
            raise NotFound("No family with this id for this volunteer.")
        return key

    def has_access(self, fid: str, header: dict | None = None) -> bool:
        """Wrapped for this volunteer, now or in a revoke in progress (``header``: already read)."""
        if header is None:
            try:
                header = self.vault.header(fid)
            except (NotFound, CorruptFile):
                return False
        pending = header.get("pending") or {}
        return self.volunteer.id in header["wraps"] or self.volunteer.id in pending.get("wraps", {})

    def opening_key(self, fid: str, header: dict | None = None) -> bytes:
        header = header or self.vault.header(fid)
        keys = self.reachable_keys(fid, header)
        if not keys:
            raise NotFound("No family with this id for this volunteer.")
        return key_that_opens(self.layout.family(fid), keys)

    # -- locks ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _header_lock(self, fid: str) -> Iterator[None]:
        lock = FileLock(self.layout.families / f"{fid}.keys.lock")
        lock.acquire()
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def _family_lock(self, fid: str, break_lock: bool = False) -> Iterator[None]:
        lock = FileLock(self.layout.lock(fid))
        lock.acquire(break_remote=break_lock)
        try:
            yield
        finally:
            lock.release()

    # -- the state machine ----------------------------------------------------------------------
    def _rekey_file(self, fid: str, old: bytes, new: bytes, audit: tuple[str, str] | None = None) -> None:
        ff = FamilyFile(self.layout.family(fid), fid, old, self.volunteer.id)
        try:
            ff.rekey(new)
            if audit:
                ff.audit(*audit)
        finally:
            ff.close()

    def _settle(self, fid: str, old_key: bytes, new_key: bytes) -> None:
        """Make the pending epoch current (header lock held inside; re-reads the header)."""
        with self._header_lock(fid):
            header = self.vault.header(fid)
            pending = header.get("pending")
            if not pending:
                return
            old_keys = [old_key] + [k for k in self.reachable_keys(fid, header) if k not in (old_key, new_key)]
            epochs = {e["kid"]: e["epoch"] for e in header.get("history", [])}
            history = []
            for key in old_keys[:MAX_HISTORY]:
                kid = key_id(key)
                history.append({"epoch": epochs.get(kid, header["epoch"]), "kid": kid,
                                "sealed": crypto.seal(new_key, key, history_aad(fid, kid))})
            settled = {k: v for k, v in header.items() if k != "pending"}
            settled.update(epoch=pending["epoch"], wraps=pending["wraps"], recovery=pending.get("recovery"),
                           history=history)
            for vid in pending.get("revoking", []):
                settled["revoked"][vid] = pending["epoch"]
            self.vault.write_header(fid, settled)
        self.on_step("revoke.settled")

    def repair_keys(self, fid: str) -> bytes:
        """With the family lock held: finish an interrupted revoke, bring an old-epoch file forward.

        Returns the key that opens the file afterwards.
        """
        header = self.vault.header(fid)
        key = self.opening_key(fid, header)
        current = self._unwrap(fid, header["wraps"], header["epoch"])
        pending = header.get("pending")
        if pending:
            pend_key = self._unwrap(fid, pending["wraps"], pending["epoch"])
            if pend_key is None:
                return key  # being revoked ourselves, or not in it: someone else will finish
            if key != pend_key:
                self._rekey_file(fid, key, pend_key, audit=("family.revoke", ",".join(pending.get("revoking", []))))
                self.on_step("repair.rekeyed")
                log.info("interrupted revoke finished")
            self._settle(fid, current or key, pend_key)
            return pend_key
        if current is not None and key != current:
            # a sync tool brought back the file from an older epoch: re-encrypt it for who may read now
            self._rekey_file(fid, key, current)
            log.info("family file brought to the current key epoch")
            return current
        return key

    def revoke(self, fid: str, volunteer_name: str) -> None:
        """Remove a volunteer's access: new data key, rekey the file, re-wrap for everyone else."""
        self._require_admin()
        target = self.vault.find_volunteer(volunteer_name)
        if target is None:
            raise NotFound("No volunteer with this name.")
        self.revoke_id(fid, target.id)

    def revoke_id(self, fid: str, target_id: str) -> None:
        self._require_admin()
        self._revoke(fid, target_id)

    def _revoke(self, fid: str, target_id: str) -> None:
        with self._family_lock(fid):
            self.repair_keys(fid)
            with self._header_lock(fid):
                header = self.vault.header(fid)
                if target_id not in header["wraps"]:
                    raise NotFound("This volunteer has no access to this family.")
                old_key = self._unwrap(fid, header["wraps"], header["epoch"])
                if old_key is None:
                    raise AccessDenied("Your own access to this family is missing.")
                new_key = secrets.token_bytes(32)
                epoch = header["epoch"] + 1
                keep = {v.id: v.public_key for v in self.verified_volunteers()
                        if v.id in header["wraps"] and v.id != target_id}
                recovery = header.get("recovery")
                header["pending"] = {
                    "epoch": epoch, "revoking": [target_id],
                    "wraps": {vid: crypto.wrap_for(pub, new_key, aad(fid, epoch)) for vid, pub in keep.items()},
                    "recovery": ({"public_key": recovery["public_key"],
                                  "wrap": crypto.wrap_for(recovery["public_key"], new_key, aad(fid, epoch))}
                                 if recovery else None),
                }
                self.vault.write_header(fid, header)
            self.on_step("revoke.pending_written")
            self._rekey_file(fid, old_key, new_key, audit=("family.revoke", target_id))
            self.on_step("revoke.rekeyed")
            self._settle(fid, old_key, new_key)

    def grant(self, fid: str, volunteer_name: str) -> None:
        """Wrap the family's key for one more volunteer (and the pending key, mid-revoke)."""
        self._require_admin()
        target = self.find_verified(volunteer_name)
        if target is None:
            raise NotFound("No volunteer with this name whose record is signed by an admin.")
        with self._header_lock(fid):
            header = self.vault.header(fid)
            key = self._unwrap(fid, header["wraps"], header["epoch"])
            if key is None:
                raise AccessDenied("Your own access to this family is missing.")
            header["wraps"][target.id] = crypto.wrap_for(target.public_key, key, aad(fid, header["epoch"]))
            pending = header.get("pending")
            if pending:
                pend_key = self._unwrap(fid, pending["wraps"], pending["epoch"])
                if pend_key is not None:
                    pending["wraps"][target.id] = crypto.wrap_for(target.public_key, pend_key,
                                                                  aad(fid, pending["epoch"]))
                    pending["revoking"] = [v for v in pending.get("revoking", []) if v != target.id]
            header["revoked"].pop(target.id, None)  # an admin's explicit grant after a revoke
            self.vault.write_header(fid, header)
        self.on_step("grant.written")
        self._audit(fid, "family.grant", target.id)

    def new_recovery_kit(self, fid: str) -> str:
        """Issue a new recovery kit (the old code stops working); the code is shown once."""
        self._require_admin()
        secret = recovery.new_secret()
        private = recovery.private_key(secret)
        pub = crypto.public_b64(private)
        with self._header_lock(fid):
            header = self.vault.header(fid)
            key = self._unwrap(fid, header["wraps"], header["epoch"])
            if key is None:
                raise AccessDenied("Your own access to this family is missing.")
            header["recovery"] = {"public_key": pub, "wrap": crypto.wrap_for(pub, key, aad(fid, header["epoch"]))}
            pending = header.get("pending")
            if pending:
                pend_key = self._unwrap(fid, pending["wraps"], pending["epoch"])
                if pend_key is not None:
                    pending["recovery"] = {"public_key": pub,
                                           "wrap": crypto.wrap_for(pub, pend_key, aad(fid, pending["epoch"]))}
            self.vault.write_header(fid, header)
        self.on_step("recovery.written")
        self._audit(fid, "family.recovery_kit")
        return recovery.encode(secret)

    def _audit(self, fid: str, action: str, target: str = "") -> None:  # overridden by Session
        raise NotImplementedError

    def _require_admin(self) -> None:  # overridden by Session
        raise NotImplementedError

