"""The vault: a folder of encrypted family files and the volunteers who may open them."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import (
    AccessDenied,
    BadInput,
    CorruptFile,
    NotFound,
    OpenedElsewhere,
    UserError,
    WrongPassphrase,
)
from volunteer_desk.core.paths import private_dir
from volunteer_desk.vault import crypto, recovery, registry, schema
from volunteer_desk.vault import header as header_mod
from volunteer_desk.vault.keystate import KeyStateMixin, aad, key_that_opens
from volunteer_desk.vault.layout import CONFLICT_MARKERS, FAMILY_SUFFIX, HEADER_SUFFIX, ID_RE, Layout
from volunteer_desk.vault.locking import FileLock
from volunteer_desk.vault.sqlcipher import check_sqlcipher, connect
from volunteer_desk.vault.store import FamilyFile, now_iso
from volunteer_desk.vault.sync import resolve_header_conflicts

log = logging.getLogger(__name__)
FORMAT = 1
ROLES = registry.ROLES


def _read_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound(f"The {what} is missing.") from exc
    except (OSError, ValueError) as exc:
        raise CorruptFile(f"The {what} is damaged; it was left untouched.") from exc


# Files a sync tool must never carry to another computer: a rollback journal replayed on another
# copy of the file corrupts it; temp and half-made files are local; the key-file lock is a mutex
# for one computer's processes. Family locks do travel (they say "open on PC-ASSO-2"). Syncthing
# reads .stignore in each device's folder (it is not synced itself).
SYNC_IGNORES = ("*-journal", ".*.tmp", ".*.creating", "*.keys.lock", "quarantine", "index")
_STIGNORE_MARK = "// written by Volunteer Desk"


def quarantine_dest(layout: Layout, name: str) -> Path:
    """Where a leftover goes: ``quarantine/<time>.<name>`` (the folder made owner-only first)."""
    private_dir(layout.quarantine)
    return layout.quarantine / f"{now_iso()[:19].replace(':', '')}.{name.lstrip('.')}"


def ensure_sync_ignores(root: Path) -> None:
    """Write (or bring up to date) the vault's .stignore; one the association wrote itself is left alone."""
    path = root / ".stignore"
    wanted = _STIGNORE_MARK + "\n" + "\n".join(SYNC_IGNORES) + "\n"
    try:
        current = path.read_text(encoding="utf-8") if path.exists() else None
    except OSError:
        return
    if current == wanted or (current is not None and not current.startswith(_STIGNORE_MARK)):
        return
    with contextlib.suppress(OSError, UserError):
        atomic_write(path, wanted.encode())


def _write_json(path: Path, data: dict) -> None:
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


@dataclass
class Volunteer:
    id: str
    name: str
    role: str
    public_key: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass
class FamilySummary:
    id: str
    name: str
    next_deadline: str | None = None
    updated_at: str | None = None
    conflicts: int = 0
    extra: dict = field(default_factory=dict)


class Vault:
    """A vault folder. ``Vault(path).unlock(name, passphrase)`` gives a ``Session``."""

    def __init__(self, root: Path | str, summarizer: Callable[[FamilyFile], dict] | None = None, *,
                 kdf_cost: crypto.KdfCost | None = None) -> None:
        # What a new volunteer key or passphrase costs: tuned to this machine unless a test or the
        # demo passes crypto.FLOOR_COST (the parameters used are kept in each volunteer's record).
        self.kdf_cost: crypto.KdfCost = kdf_cost or crypto.TUNED_COST
        # What the encrypted index keeps per family for the list. The vault knows only the name;
        # the composition root injects the family layer's summary (name + next deadline).
        self.summarizer: Callable[[FamilyFile], dict] = summarizer or household_summary
        self.layout = Layout(Path(root))
        if not self.layout.meta.exists():
            raise NotFound("No vault in this folder.", hint="Create one with 'vault init'.")
        meta = _read_json(self.layout.meta, "vault description")
        if meta.get("format") != FORMAT:
            raise CorruptFile("This vault was made by another version of Volunteer Desk.")
        self.id: str = meta["vault_id"]
        ensure_sync_ignores(self.layout.root)

    @property
    def root(self) -> Path:
        return self.layout.root

    @staticmethod
    def exists(root: Path | str) -> bool:
        return Layout(Path(root)).meta.exists()

    @classmethod
    def init(cls, root: Path | str, admin_name: str, passphrase: str,
             kdf: crypto.KdfParams | None = None,
             summarizer: Callable[[FamilyFile], dict] | None = None,
             kdf_cost: crypto.KdfCost | None = None) -> Session:
        """Create a vault and its first volunteer (the admin). Refuses a folder that has one."""
        check_sqlcipher()
        layout = Layout(Path(root))
        if layout.meta.exists():
            raise BadInput("A vault already exists in this folder.")
        for folder in (layout.root, layout.volunteers, layout.families, layout.index, layout.backups):
            private_dir(folder)
        _write_json(layout.meta, {"format": FORMAT, "vault_id": secrets.token_hex(16), "created_at": now_iso()})
        vault = cls(layout.root, summarizer, kdf_cost=kdf_cost)
        vault._create_volunteer(admin_name, passphrase, "admin", kdf, signer=None)
        return vault.unlock(admin_name, passphrase)

    # -- volunteers -----------------------------------------------------------------------------
    def _scan_records(self) -> tuple[dict[str, dict], list[str]]:
        """Well-formed volunteer records by id, and the file names of the damaged or misnamed ones."""
        good: dict[str, dict] = {}
        bad: list[str] = []
        if self.layout.volunteers.exists():
            for path in sorted(self.layout.volunteers.glob("*.json")):
                try:
                    rec = registry.check_record(_read_json(path, "volunteer record"))
                except (CorruptFile, NotFound):
                    bad.append(path.name)
                    continue
                if path.stem == rec["id"]:
                    good[rec["id"]] = rec
                else:
                    bad.append(path.name)
        if bad:
            log.warning("%d damaged volunteer record(s) skipped", len(bad))
        return good, bad

    def records(self) -> dict[str, dict]:
        """Volunteer records that have the right shape (damaged ones are skipped: see bad_records)."""
        return self._scan_records()[0]

    def bad_records(self) -> list[str]:
        return self._scan_records()[1]

    def volunteers(self) -> list[Volunteer]:
        """Every well-formed record (verified or not: see Session.verified_volunteers)."""
        return [Volunteer(r["id"], r["name"], r["role"], r["public_key"]) for r in self.records().values()]

    def find_volunteer(self, name: str) -> Volunteer | None:
        wanted = name.strip().casefold()
        return next((v for v in self.volunteers() if v.name.casefold() == wanted), None)

    def _create_volunteer(self, name: str, passphrase: str, role: str, kdf: crypto.KdfParams | None,
                          signer: tuple[str, Ed25519PrivateKey, str] | None) -> Volunteer:
        """A new signed record. ``signer`` = (admin id, admin signing key, root key); None for the root."""
        name = name.strip()
        problem = registry.name_refusal(name)
        if problem:
            raise BadInput(problem)
        if role not in ROLES:
            raise BadInput("Role must be admin or volunteer.")
        if len(passphrase) < 4:
            raise BadInput("The passphrase is too short.")
        if self.find_volunteer(name):
            raise BadInput("A volunteer with this name already exists.")
        if kdf is None:
            kdf = self.kdf_cost()
        vid = secrets.token_hex(16)
        private = crypto.new_private_key()
        signing = registry.new_signing_key() if role == "admin" else None
        record: dict = {
            "id": vid, "name": name, "role": role, "created_at": now_iso(),
            "public_key": crypto.public_b64(private), "kdf": kdf.to_dict(),
            "signing_key": registry.signing_public_b64(signing) if signing else None,
        }
        if signer is None:  # the first admin: the root of the registry, signed by itself
            assert signing is not None
            signer_id, signer_key, root = vid, signing, record["signing_key"]
        else:
            signer_id, signer_key, root = signer
        record["signature"] = registry.sign(self.id, record, signer_id, signer_key)
        sealed = registry.Secrets(crypto.private_bytes(private),
                                  registry.signing_private_bytes(signing) if signing else None, root)
        record["private"] = crypto.seal(kdf.derive(passphrase), sealed.to_bytes(), self._volunteer_aad(vid))
        _write_json(self.layout.volunteer(vid), record)
        log.info("volunteer created (role=%s)", role)
        return Volunteer(vid, name, role, record["public_key"])

    def _volunteer_aad(self, vid: str) -> bytes:
        return f"{self.id}|{vid}".encode()

    def unlock(self, name: str, passphrase: str) -> Session:
        """One key derivation; raises WrongPassphrase without touching any file."""
        check_sqlcipher()
        volunteer = self.find_volunteer(name)
        if volunteer is None:
            raise WrongPassphrase("Unknown volunteer or wrong passphrase.")
        rec = self.records()[volunteer.id]
        kdf = crypto.KdfParams.from_dict(rec["kdf"])
        key = kdf.derive(passphrase)
        try:
            raw = crypto.open_sealed(key, rec["private"], self._volunteer_aad(volunteer.id))
        except WrongPassphrase:
            raise WrongPassphrase("Unknown volunteer or wrong passphrase.") from None
        found = registry.Secrets.from_bytes(raw)
        if found.root is None:
            found = self._pin_legacy(rec, found, key)
        signing = (Ed25519PrivateKey.from_private_bytes(found.signing) if found.signing else None)
        return Session(self, volunteer, crypto.private_from_bytes(found.private), signing=signing,
                       root=found.root)

    def _pin_legacy(self, rec: dict, found: registry.Secrets, key: bytes) -> registry.Secrets:
        """A record made before the signed registry: sign the registry once (first admin) and pin its root.

        Trust on first use, once per volunteer: the pin is sealed under their passphrase from then on.
        """
        records = self.records()
        roots = [r for r in records.values() if r.get("signing_key") and r["role"] == "admin"
                 and (r.get("signature") or {}).get("by") == r["id"]]
        if roots:
            root = roots[0]["signing_key"]
        elif rec["role"] == "admin":
            signing = registry.new_signing_key()
            root = registry.signing_public_b64(signing)
            rec["signing_key"] = root
            for other in records.values():
                target = rec if other["id"] == rec["id"] else other
                target["signature"] = registry.sign(self.id, target, rec["id"], signing)
                _write_json(self.layout.volunteer(target["id"]), target)
            found = registry.Secrets(found.private, registry.signing_private_bytes(signing), root)
            log.warning("volunteer registry signed for the first time (upgrade)")
        else:
            return found  # an admin must unlock first
        found = registry.Secrets(found.private, found.signing, root)
        rec = self.records()[rec["id"]]
        rec["private"] = crypto.seal(key, found.to_bytes(), self._volunteer_aad(rec["id"]))
        _write_json(self.layout.volunteer(rec["id"]), rec)
        return found

    # -- family key headers ---------------------------------------------------------------------
    def family_ids(self) -> list[str]:
        if not self.layout.families.exists():
            return []
        ids = []
        for entry in os.scandir(self.layout.families):
            if entry.name.endswith(HEADER_SUFFIX):
                fid = entry.name[: -len(HEADER_SUFFIX)]
                if ID_RE.match(fid):
                    ids.append(fid)
        return sorted(ids)

    def header(self, fid: str) -> dict:
        if not ID_RE.match(fid):
            raise NotFound("No family with this id.")
        return header_mod.check(_read_json(self.layout.header(fid), "family key file"), fid)

    def write_header(self, fid: str, header: dict) -> None:
        _write_json(self.layout.header(fid), header)

    def open_with_recovery(self, fid: str, code: str, volunteer_id: str = "recovery",
                           read_only: bool = True) -> FamilyFile:
        """Open a family with its recovery kit (typos are caught before any decryption).

        Works in the middle of an interrupted revoke too: the pending recovery wrap is tried when
        the current one does not open the file.
        """
        secret = recovery.decode(code)
        header = self.header(fid)
        private = recovery.private_key(secret)
        keys = []
        for entry, epoch in ((header.get("recovery"), header["epoch"]),
                             ((header.get("pending") or {}).get("recovery"), (header.get("pending") or {}).get("epoch"))):
            if entry and epoch is not None:
                with contextlib.suppress(WrongPassphrase, CorruptFile):
                    keys.append(crypto.unwrap_with(private, entry["wrap"], aad(fid, epoch)))
        if not keys:
            raise WrongPassphrase("This recovery code does not open this family.")
        key = key_that_opens(self.layout.family(fid), keys)
        return FamilyFile(self.layout.family(fid), fid, key, volunteer_id, read_only=read_only)




class Session(KeyStateMixin):
    """An unlocked volunteer: opens exactly the families wrapped for them."""

    def __init__(self, vault: Vault, volunteer: Volunteer, private, *,
                 signing: Ed25519PrivateKey | None = None, root: str | None = None) -> None:
        self.vault = vault
        self.root = root
        self._signing = signing
        self._private = private
        if volunteer.id not in self.verified_ids():  # a role from an unsigned record is not believed
            volunteer = Volunteer(volunteer.id, volunteer.name, "volunteer", volunteer.public_key)
        self.volunteer = volunteer
        self._index_key = crypto.sub_key(crypto.private_bytes(private), "volunteer-desk index")
        self._locks: dict[str, FileLock] = {}

    @property
    def layout(self) -> Layout:
        return self.vault.layout

    def _require_admin(self) -> None:
        if not self.volunteer.is_admin:
            raise AccessDenied("Only an association admin can do this.")

    # -- volunteers ---------------------------------------------------------------------------
    def verified_ids(self) -> set[str]:
        if self.root is None:
            return set()
        return registry.verified_ids(self.vault.id, self.vault.records(), self.root)

    def verified_volunteers(self) -> list[Volunteer]:
        good = self.verified_ids()
        return [v for v in self.vault.volunteers() if v.id in good]

    def find_verified(self, name: str) -> Volunteer | None:
        wanted = name.strip().casefold()
        return next((v for v in self.verified_volunteers() if v.name.casefold() == wanted), None)

    def registry_fingerprint(self) -> str:
        return registry.fingerprint(self.root) if self.root else ""

    def add_volunteer(self, name: str, passphrase: str, role: str = "volunteer",
                      kdf: crypto.KdfParams | None = None) -> Volunteer:
        self._require_admin()
        if self._signing is None or self.root is None:
            raise AccessDenied("Your admin record cannot sign new volunteers (it predates signing); "
                               "ask the first admin.")
        return self.vault._create_volunteer(name, passphrase, role, kdf,
                                            signer=(self.volunteer.id, self._signing, self.root))

    def change_passphrase(self, new_passphrase: str, kdf: crypto.KdfParams | None = None) -> None:
        if len(new_passphrase) < 4:
            raise BadInput("The passphrase is too short.")
        path = self.layout.volunteer(self.volunteer.id)
        rec = _read_json(path, "volunteer record")
        kdf = kdf or self.vault.kdf_cost()
        rec["kdf"] = kdf.to_dict()
        sealed = registry.Secrets(crypto.private_bytes(self._private),
                                  registry.signing_private_bytes(self._signing) if self._signing else None, self.root)
        rec["private"] = crypto.seal(kdf.derive(new_passphrase), sealed.to_bytes(),
                                     self.vault._volunteer_aad(self.volunteer.id))
        _write_json(path, rec)

    # -- families -------------------------------------------------------------------------------
    def create_family(self, display_name: str,
                      fill: Callable[[FamilyFile], None] | None = None) -> tuple[str, str]:
        """Create an encrypted family file; returns (family id, recovery code shown once).

        All or nothing: the file is built under a temporary name (owner-only from its first byte),
        ``fill`` writes the initial content in the same transaction, and only a complete file is
        given its name. A failure leaves no family and no leftover file.
        """
        display_name = display_name.strip()
        if not display_name:
            raise BadInput("A family needs a name.")
        problem = registry.name_refusal(display_name)
        if problem:
            raise BadInput(problem)
        check_sqlcipher()
        fid = secrets.token_hex(16)
        key = secrets.token_bytes(32)
        secret = recovery.new_secret()
        recipients = {v.id: v.public_key for v in self.verified_volunteers() if v.is_admin}
        recipients[self.volunteer.id] = self.volunteer.public_key
        header = {
            "format": FORMAT, "family_id": fid, "epoch": 1, "created_at": now_iso(), "revoked": {}, "history": [],
            "wraps": {vid: crypto.wrap_for(pub, key, aad(fid, 1)) for vid, pub in recipients.items()},
            "recovery": self._recovery_entry(recovery.private_key(secret), key, fid, 1),
        }
        path = self.layout.family(fid)
        tmp = path.with_name(f".{fid}.creating")
        summary: dict = {"name": display_name, "next_deadline": None, "updated_at": now_iso()}
        try:
            ff = FamilyFile(tmp, fid, key, self.volunteer.id, create=True)
            try:
                with ff.transaction():
                    ff.put("household", {"display_name": display_name}, "household")
                    ff.audit("family.create")
                    if fill is not None:
                        fill(ff)
                if fill is not None:
                    summary = self.vault.summarizer(ff)
            finally:
                ff.close()
            self.vault.write_header(fid, header)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # only our own half-made file: nothing else is ever deleted
            Path(str(tmp) + "-journal").unlink(missing_ok=True)
            if not path.exists():
                self.layout.header(fid).unlink(missing_ok=True)
            raise
        index = self._index_load()
        index[fid] = summary
        self._index_save(index)
        log.info("family created")
        return fid, recovery.encode(secret)

    @staticmethod
    def _recovery_entry(private, key: bytes, fid: str, epoch: int) -> dict:
        pub = crypto.public_b64(private)
        return {"public_key": pub, "wrap": crypto.wrap_for(pub, key, aad(fid, epoch))}

    def open_family(self, fid: str, *, read_only: bool = False, break_lock: bool = False) -> FamilyFile:
        """Open a family file. A second writer gets OpenedElsewhere; read_only=True always works.

        A writer first finishes what a crash interrupted (a revoke, an old-epoch copy brought back
        by a sync tool); a reader opens with whichever of its keys opens the file.
        """
        header = self.vault.header(fid)
        if not self.has_access(fid, header):
            raise NotFound("No family with this id for this volunteer.")
        path = self.layout.family(fid)
        if not path.exists():
            raise CorruptFile("The family file is missing; its key file was left untouched.")
        if read_only:
            self.keep_journal(fid)
            return FamilyFile(path, fid, self.opening_key(fid, header), self.volunteer.id, read_only=True)
        lock = FileLock(self.layout.lock(fid))
        lock.acquire(break_remote=break_lock)
        try:
            self.keep_journal(fid)
            key = self.repair_keys(fid)
            self._migrate_if_needed(fid, key)
            ff = FamilyFile(path, fid, key, self.volunteer.id, on_close=lambda: self._unlock(fid))
        except BaseException:
            lock.release()
            raise
        self._locks[fid] = lock
        ff.audit("family.open")
        return ff

    def keep_journal(self, fid: str) -> str | None:
        """Copy a leftover rollback journal aside before SQLite consumes (or silently drops) it.

        It is encrypted like the file; a real one is then rolled back by SQLite, a junk one is
        discarded by it, and either way a copy stays in quarantine/ for whoever investigates.
        Returns the copy's name (None when there was no journal or it could not be copied).
        """
        journal = Path(str(self.layout.family(fid)) + "-journal")
        if not journal.exists():
            return None
        dest = quarantine_dest(self.layout, f"{fid}.journal")
        try:
            atomic_write(dest, journal.read_bytes())  # owner-only from the first byte
        except (OSError, UserError):
            return None
        log.warning("a leftover journal was copied to quarantine")
        return dest.name

    def _unlock(self, fid: str) -> None:
        lock = self._locks.pop(fid, None)
        if lock:
            lock.release()

    def _migrate_if_needed(self, fid: str, key: bytes) -> None:
        path = self.layout.family(fid)
        conn = connect(path, key)
        try:
            if not schema.pending(conn):
                return
            version = schema.current_version(conn)
            private_dir(self.layout.backups)
            backup = self.layout.backups / f"{fid}.v{version}.{now_iso()[:10]}.vdf"
            shutil.copy2(path, backup)  # still encrypted: the backup is as safe as the file
            os.chmod(backup, 0o600)
            schema.migrate(conn)
            log.info("family file migrated from schema %s", version)
        finally:
            conn.close()

    def list_families(self) -> list[FamilySummary]:
        """Families this volunteer may open, from the encrypted index (no KDF per family).

        One directory scan: key headers tell access, the index gives names, and conflict copies
        left by sync tools are counted per family.
        """
        index = self._index_load()
        headers: list[str] = []
        conflicts: dict[str, int] = {}
        if self.layout.families.exists():
            for entry in os.scandir(self.layout.families):
                name = entry.name
                if name.endswith(HEADER_SUFFIX) and ID_RE.match(name[: -len(HEADER_SUFFIX)]):
                    headers.append(name[: -len(HEADER_SUFFIX)])
                elif name.endswith(FAMILY_SUFFIX) and any(m in name.lower() for m in CONFLICT_MARKERS):
                    conflicts[name[:32]] = conflicts.get(name[:32], 0) + 1
        result: list[FamilySummary] = []
        dirty = False
        for fid in headers:
            if not self.has_access(fid):
                if self.volunteer.is_admin and self._header_damaged(fid):
                    # never let a family vanish silently: the admin sees it and 'vault check' says why
                    result.append(FamilySummary(fid, "(key file damaged: see 'vault check')",
                                                extra={"error": "key file damaged"}))
                continue
            summary = index.get(fid)
            if summary is None:  # granted by someone else since our last look: read its name once
                summary = self._summary_from_file(fid)
                index[fid] = summary
                dirty = True
            result.append(FamilySummary(fid, summary.get("name", "?"), summary.get("next_deadline"),
                                        summary.get("updated_at"), conflicts.get(fid, 0)))
        if dirty:
            self._index_save(index)
        result.sort(key=lambda s: s.name.casefold())
        return result

    def _header_damaged(self, fid: str) -> bool:
        try:
            self.vault.header(fid)
        except CorruptFile:
            return True
        except NotFound:
            return False
        return False

    def _summary_from_file(self, fid: str) -> dict:
        try:
            with self.open_family(fid, read_only=True) as ff:
                return self.vault.summarizer(ff)
        except UserError as exc:
            return {"name": "(unreadable)", "error": str(exc)}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # stored data of a wrong shape
            return {"name": "(unreadable)", "error": type(exc).__name__}

    def refresh_index(self, ff: FamilyFile) -> None:
        """Call after changing a family so the list shows its current name and next deadline."""
        index = self._index_load()
        index[ff.family_id] = self.vault.summarizer(ff)
        self._index_save(index)

    def _index_update(self, fid: str, name: str, next_deadline: str | None) -> None:
        index = self._index_load()
        index[fid] = {"name": name, "next_deadline": next_deadline, "updated_at": now_iso()}
        self._index_save(index)

    def _index_load(self) -> dict:
        path = self.layout.index_file(self.volunteer.id)
        if not path.exists():
            return {}
        try:
            sealed = json.loads(path.read_text())
            plain = crypto.open_sealed(self._index_key, sealed, self.volunteer.id.encode(), wrong=CorruptFile)
            return json.loads(plain)
        except (ValueError, CorruptFile):
            log.warning("index unreadable; rebuilding it")
            return {}  # the index is a cache: rebuild it from the family files

    def _index_save(self, index: dict) -> None:
        sealed = crypto.seal(self._index_key, json.dumps(index).encode(), self.volunteer.id.encode())
        private_dir(self.layout.index)
        _write_json(self.layout.index_file(self.volunteer.id), sealed)

    def _audit(self, fid: str, action: str, target: str = "") -> None:
        try:
            with self.open_family(fid) as ff:
                ff.audit(action, target)
        except OpenedElsewhere:
            log.warning("audit entry not written: family open elsewhere")

    # -- conflict copies --------------------------------------------------------------------------
    def merge_conflict_copy(self, fid: str, copy: Path) -> int:
        """Merge a sync tool's conflict copy into the family file, then set the copy aside.

        The copy may be at an older (or another laptop's) key epoch: every key this volunteer can
        still reach is tried. Key header conflicts are resolved first.
        """
        # lazy: keeps vault.merge off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.vault.merge import merge_into  # merge needs store only; kept out of unlock's path

        resolve_header_conflicts(self, fid)
        with self.open_family(fid) as ff:
            key = key_that_opens(copy, self.reachable_keys(fid, self.vault.header(fid)))
            other = FamilyFile(copy, fid, key, self.volunteer.id, read_only=True)
            try:
                changed = merge_into(ff, other)
            finally:
                other.close()
            ff.audit("family.merge")
            self.refresh_index(ff)
        copy.rename(copy.with_name(copy.name + ".merged"))  # never deleted: the user may want it
        return changed

    def merge_sync_copies(self, fid: str) -> int:
        """Fold every copy a sync tool left for this family (key files, then data); copies merged."""
        merged = resolve_header_conflicts(self, fid)
        for copy in self.layout.conflict_copies(fid):
            self.merge_conflict_copy(fid, copy)
            merged += 1
        return merged

    def erase_family(self, fid: str) -> list[str]:
        """Remove every file of a family: the key-wrap header first, then the file, its backups and
        conflict copies, then the lock and every volunteer's index (caches holding family names; they
        are rebuilt from the remaining files). Returns the names removed. Who may erase is the caller's
        policy (``family.rights``); the data key must open (NotFound otherwise): never erase blind."""
        self.data_key(fid)
        layout = self.layout
        lock = FileLock(layout.lock(fid))
        lock.acquire()  # OpenedElsewhere when someone has it open: erase later
        removed: list[str] = []
        try:
            targets = [layout.header(fid), layout.family(fid), *layout.conflict_copies(fid)]
            for folder in (layout.families, layout.backups):
                if folder.exists():
                    targets += [p for p in folder.iterdir() if p.name.startswith(fid) and p != layout.lock(fid)
                                and not p.name.endswith(HEADER_SUFFIX)]
            seen = set()
            for path in targets:
                if path in seen or not path.exists():
                    continue
                seen.add(path)
                os.remove(path)
                removed.append(path.name)
        finally:
            lock.release()
        layout.lock(fid).unlink(missing_ok=True)
        if layout.index.exists():
            for path in layout.index.iterdir():
                path.unlink(missing_ok=True)
        return removed

    def close(self) -> None:
        for lock in list(self._locks.values()):
            lock.release()
        self._locks.clear()


def household_summary(ff: FamilyFile) -> dict:
    """The index entry the vault can make alone: the family's name (no deadline)."""
    household = ff.get("household", "household") or {}
    name = household.get("display_name")
    return {"name": name if isinstance(name, str) and name else "?", "next_deadline": None,
            "updated_at": now_iso()}
