"""The family key header (``<fid>.keys.json``): its shape, checked before any use.

    format, family_id, epoch, created_at
    wraps      {volunteer id: wrap of the data key of this epoch}
    recovery   {public_key, wrap} or null
    revoked    {volunteer id: epoch at which access was removed}
    history    [{epoch, kid, sealed}]: older data keys sealed under the current one, so copies left
               by sync tools at an older epoch can still be opened by everyone who may read now
    pending    a revoke in progress: {epoch, wraps, recovery, revoking: [volunteer ids]}
"""

from __future__ import annotations

import hashlib
from typing import Any

from volunteer_desk.core.errors import CorruptFile
from volunteer_desk.vault.layout import ID_RE

MAX_EPOCH = 1_000_000
_WRAP_KEYS = {"epk", "nonce", "ct"}


def key_id(key: bytes) -> str:
    """A short name for a data key (not a secret: it cannot be turned back into the key)."""
    return hashlib.sha256(b"volunteer-desk key id|" + key).hexdigest()[:16]


def _bad(what: str) -> CorruptFile:
    return CorruptFile(f"The family key file is damaged ({what}); it was left untouched.",
                       hint="Run 'vault check' to see every family it affects.")


def _wrap(value: Any, what: str) -> dict:
    if not isinstance(value, dict) or not set(value) >= _WRAP_KEYS or \
            not all(isinstance(value[k], str) and len(value[k]) < 512 for k in _WRAP_KEYS):
        raise _bad(what)
    return value


def _wraps(value: Any, what: str) -> dict[str, dict]:
    if not isinstance(value, dict) or len(value) > 10_000:
        raise _bad(what)
    for vid, wrap in value.items():
        if not isinstance(vid, str) or not ID_RE.match(vid):
            raise _bad(what)
        _wrap(wrap, what)
    return value


def _epoch(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_EPOCH:
        raise _bad(what)
    return value


def _recovery(value: Any) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("public_key"), str):
        raise _bad("recovery")
    _wrap(value.get("wrap"), "recovery")
    return value


def check(header: Any, fid: str) -> dict:
    """Return the header if it has the expected shape for family ``fid``; CorruptFile otherwise."""
    if not isinstance(header, dict):
        raise _bad("not an object")
    if header.get("family_id", fid) != fid:
        raise _bad("it belongs to another family")
    _epoch(header.get("epoch"), "epoch")
    _wraps(header.get("wraps"), "wraps")
    _recovery(header.get("recovery"))
    revoked = header.setdefault("revoked", {})
    if not isinstance(revoked, dict) or not all(
            isinstance(k, str) and ID_RE.match(k) and isinstance(v, int) for k, v in revoked.items()):
        raise _bad("revoked")
    history = header.setdefault("history", [])
    if not isinstance(history, list) or not all(
            isinstance(h, dict) and isinstance(h.get("kid"), str) and isinstance(h.get("sealed"), dict)
            and isinstance(h.get("epoch"), int) for h in history):
        raise _bad("history")
    pending = header.get("pending")
    if pending is not None:
        if not isinstance(pending, dict):
            raise _bad("pending")
        if _epoch(pending.get("epoch"), "pending epoch") <= header["epoch"]:
            raise _bad("pending epoch")
        _wraps(pending.get("wraps"), "pending wraps")
        _recovery(pending.get("recovery"))
        if not isinstance(pending.get("revoking", []), list):
            raise _bad("pending")
    return header
