"""``vault check``: every family file looked at, every problem named, nothing deleted.

A family this volunteer cannot check is reported with the reason (missing or damaged key file,
truncated file, wrong key, interrupted revoke) and the check carries on. ``repair`` finishes
interrupted revokes and moves leftovers (junk journals, half-made ``.creating`` files) to
``quarantine/``.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from volunteer_desk.core.errors import UserError
from volunteer_desk.vault.layout import FAMILY_SUFFIX, HEADER_SUFFIX, ID_RE
from volunteer_desk.vault.locking import FileLock
from volunteer_desk.vault.vault import quarantine_dest

if TYPE_CHECKING:
    from volunteer_desk.vault.vault import Session

log = logging.getLogger(__name__)
LEFTOVER_AGE_S = 600


@dataclass
class FamilyCheck:
    id: str
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    conflict_copies: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _family_files(session: Session) -> tuple[set[str], set[str], list[str]]:
    headers: set[str] = set()
    files: set[str] = set()
    leftovers: list[str] = []
    folder = session.layout.families
    if not folder.exists():
        return headers, files, leftovers
    for entry in os.scandir(folder):
        name = entry.name
        if name.endswith(HEADER_SUFFIX) and ID_RE.match(name[: -len(HEADER_SUFFIX)]):
            headers.add(name[: -len(HEADER_SUFFIX)])
        elif name.endswith(FAMILY_SUFFIX) and ID_RE.match(name[: -len(FAMILY_SUFFIX)]):
            files.add(name[: -len(FAMILY_SUFFIX)])
        elif (name.endswith(".creating") or name.endswith(".tmp")) and \
                time.time() - entry.stat().st_mtime > LEFTOVER_AGE_S:
            leftovers.append(name)  # (a younger one may be a create still running)
    return headers, files, leftovers


def _quarantine(session: Session, name: str) -> str:
    dest = quarantine_dest(session.layout, name)
    shutil.move(str(session.layout.families / name), dest)
    os.chmod(dest, 0o600)
    return dest.name


def _lock_free(session: Session, fid: str) -> bool:
    lock = FileLock(session.layout.lock(fid))
    try:
        lock.acquire()
    except UserError:
        return False
    lock.release()
    return True


def check_vault(session: Session, repair: bool = False) -> list[FamilyCheck]:
    headers, files, leftovers = _family_files(session)
    admin = session.volunteer.is_admin
    report: list[FamilyCheck] = []
    for fid in sorted(headers | files):
        result = FamilyCheck(fid)
        if fid not in headers:
            if admin:
                result.problems.append("key file missing: nobody can open this family file")
                report.append(result)
            continue
        try:
            header = session.vault.header(fid)
        except UserError as exc:
            if admin:
                result.problems.append(f"key file damaged: {exc}")
                report.append(result)
            continue
        pending = header.get("pending")
        if not session.has_access(fid):
            continue
        result.conflict_copies = len(session.layout.conflict_copies(fid)) + len(session.layout.header_conflict_copies(fid))
        if fid not in files:
            result.problems.append("family file missing (its key file is still there)")
            report.append(result)
            continue
        journal = session.layout.family(fid).with_name(f"{fid}{FAMILY_SUFFIX}-journal")
        if journal.exists() and _lock_free(session, fid):
            if repair:
                result.repaired.append(f"leftover journal copied to quarantine/{session.keep_journal(fid)}")
            else:
                result.problems.append("a leftover journal (an interrupted write) is beside the file")
        if pending:
            if repair:
                try:
                    with session.open_family(fid) as ff:  # opening for writing finishes the revoke
                        ff.audit("vault.repair")
                    result.repaired.append("interrupted revoke finished")
                    pending = None
                except UserError as exc:
                    result.problems.append(f"interrupted revoke not finished: {exc}")
            else:
                result.problems.append("interrupted revoke (run 'vault check --repair')")
        try:
            with session.open_family(fid, read_only=True) as ff:
                result.problems += ff.integrity_problems()
        except UserError as exc:
            result.problems.append(str(exc))
        except Exception as exc:  # a damaged file must not stop the check of the others
            result.problems.append(f"unreadable ({type(exc).__name__})")
        report.append(result)
    records = session.vault.records()
    good = session.verified_ids()
    registry_check = FamilyCheck("(volunteers)")
    for name in session.vault.bad_records():
        registry_check.problems.append(f"damaged volunteer record: {name}")
    for rid, rec in sorted(records.items()):
        if rid not in good:
            registry_check.problems.append(
                f"volunteer record {rid[:8]}… ({rec['role']}) is not signed by an admin of this vault: "
                "it is ignored (forged, or made before signing)")
    if registry_check.problems or session.root is None:
        if session.root is None:
            registry_check.problems.append("this volunteer has no pinned registry key yet (an admin must unlock once)")
        report.insert(0, registry_check)
    if admin and leftovers:
        result = FamilyCheck("(vault)")
        for name in sorted(leftovers):
            if repair:
                result.repaired.append(f"{name} moved to quarantine/{_quarantine(session, name)}")
            else:
                result.problems.append(f"leftover from an interrupted write: {name}")
        report.append(result)
    return report
