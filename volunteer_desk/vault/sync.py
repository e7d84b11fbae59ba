"""Key files edited on two laptops at once: the copies a sync tool leaves, resolved.

Rules: the newest epoch wins (a tie is broken by content, so every laptop picks the same one);
wraps are united (a grant on either side stays); revoked stays revoked (anyone revoked on either
side and still wrapped in the winner is revoked again, with a new key); every key of the losing
copy that this volunteer can reach goes into the winner's history, so data copies encrypted
with it still open and merge.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from volunteer_desk.core.errors import AccessDenied, CorruptFile
from volunteer_desk.vault import crypto
from volunteer_desk.vault import header as header_mod
from volunteer_desk.vault.keystate import aad, history_aad

if TYPE_CHECKING:
    from volunteer_desk.vault.vault import Session

log = logging.getLogger(__name__)


def _rank(header: dict) -> tuple:
    return (header["epoch"], json.dumps(header["wraps"], sort_keys=True))


def resolve_header_conflicts(session: Session, fid: str) -> int:
    """Fold every key-file conflict copy of ``fid`` into the key file; returns how many."""
    copies = session.layout.header_conflict_copies(fid)
    if not copies:
        return 0
    to_revoke: set[str] = set()
    with session._header_lock(fid):
        main = session.vault.header(fid)
        for copy in copies:
            try:
                other = header_mod.check(json.loads(copy.read_text(encoding="utf-8")), fid)
            except (OSError, ValueError, CorruptFile):
                log.warning("a damaged key-file copy was set aside unread")
                copy.rename(copy.with_name(copy.name + ".damaged"))
                continue
            winner, loser = sorted((main, other), key=_rank, reverse=True)
            key = session._unwrap(fid, winner["wraps"], winner["epoch"])
            if key is None:
                raise AccessDenied("This family's key file was changed on two computers; an admin "
                                   "who can still open it must merge it.")
            merged = json.loads(json.dumps(winner))
            revoked = {**loser["revoked"]}
            for vid, epoch in winner["revoked"].items():
                revoked[vid] = max(epoch, revoked.get(vid, 0))
            merged["revoked"] = revoked
            registry = {v.id: v.public_key for v in session.verified_volunteers()}
            for vid in loser["wraps"]:
                if vid not in merged["wraps"] and vid not in revoked and vid in registry:
                    merged["wraps"][vid] = crypto.wrap_for(registry[vid], key, aad(fid, merged["epoch"]))
            known = {h["kid"] for h in merged["history"]}
            for old in session.reachable_keys(fid, loser):
                kid = header_mod.key_id(old)
                if old != key and kid not in known:
                    merged["history"].append({"epoch": loser["epoch"], "kid": kid,
                                              "sealed": crypto.seal(key, old, history_aad(fid, kid))})
                    known.add(kid)
            to_revoke |= {vid for vid in merged["wraps"] if vid in revoked}
            session.vault.write_header(fid, merged)
            copy.rename(copy.with_name(copy.name + ".merged"))  # kept, never deleted
            main = merged
    for vid in sorted(to_revoke):
        session._revoke(fid, vid)  # revoked stays revoked (an admin decided it): a key they never saw
    return len(copies)
