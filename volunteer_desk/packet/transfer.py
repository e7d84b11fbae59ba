"""Transfer a family to another volunteer or association: one encrypted file + a separate passphrase.

File layout (``.vdt``)::

    b"VDTRANSFER\\x00\\x01"  magic + format
    u32 big-endian          length of the header
    header (JSON, plain)    {"kdf": Argon2id params + salt, "nonce": …} — no personal data
    ciphertext              AES-256-GCM(payload), associated data = magic + header

The payload holds every row version of the family (tombstones included, so deletions travel), the
blobs and the audit journal. Any changed byte — header or body — fails the GCM tag: ``CorruptFile``.
Importing merges with an existing copy of the same family (same family id, or rows in common);
otherwise a new family file is created for the importing volunteer.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound, WrongPassphrase
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.vault import crypto
from volunteer_desk.vault.merge import merge_rows
from volunteer_desk.vault.schema import ENTITY_TABLES
from volunteer_desk.vault.store import FamilyFile, Row

MAGIC = b"VDTRANSFER\x00\x01"
MIN_PASSPHRASE = 12
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def suggest_passphrase(groups: int = 5) -> str:
    """A random passphrase to give separately (by phone, on paper): 5 groups of 5, ~120 bits."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(groups))


def _pack(ff: FamilyFile) -> bytes:
    rows = [[r.table, r.id, r.updated_at, r.updated_by, r.deleted, r.data, r.fields]
            for table in ENTITY_TABLES for r in ff.rows(table)]
    blobs = list(ff.blob_rows())
    manifest = {"format": 1, "family_id": ff.family_id, "rows": rows, "audit": ff.audit_log(),
                "blobs": [[bid, mime, created, len(data)] for bid, mime, created, data in blobs]}
    head = zlib.compress(json.dumps(manifest, ensure_ascii=False).encode("utf-8"), 6)
    return struct.pack(">Q", len(head)) + head + b"".join(bytes(b[3]) for b in blobs)


@dataclass
class TransferContent:
    family_id: str
    rows: list[Row]
    blobs: list[tuple[str, str, str, bytes]]
    audit: list[dict]


MAX_MANIFEST = 256 * 1024 * 1024  # records of the largest family we have seen are a few MB


def _unpack(payload: bytes) -> TransferContent:
    try:
        (n,) = struct.unpack(">Q", payload[:8])
        # bounded: a hostile transfer file cannot inflate to more than MAX_MANIFEST bytes in memory
        inflater = zlib.decompressobj()
        head = inflater.decompress(payload[8:8 + n], MAX_MANIFEST)
        if inflater.unconsumed_tail:
            raise CorruptFile("The transfer file is damaged (its list of records is too large).")
        manifest = json.loads(head)
        # field histories (7th item) came with schema 3; older transfers have none
        rows = [Row(t, i, at, by, bool(d), data, *rest[:1]) for t, i, at, by, d, data, *rest in manifest["rows"]]
        blobs, at = [], 8 + n
        for bid, mime, created, size in manifest["blobs"]:
            blobs.append((bid, mime, created, payload[at:at + size]))
            at += size
    except (ValueError, KeyError, TypeError, struct.error, zlib.error) as exc:
        raise CorruptFile("The transfer file is damaged.") from exc
    if any(r.table not in ENTITY_TABLES for r in rows):
        raise CorruptFile("The transfer file holds unknown record types.")
    return TransferContent(manifest["family_id"], rows, blobs, manifest.get("audit", []))


def export_bytes(ff: FamilyFile, passphrase: str, kdf_cost: crypto.KdfCost | None = None) -> bytes:
    """The encrypted transfer file for one open family (``kdf_cost``: tuned unless a test passes one)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadInput(f"The transfer passphrase needs at least {MIN_PASSPHRASE} characters.",
                       hint="Use the suggested one and give it separately (phone, paper).")
    kdf = (kdf_cost or crypto.TUNED_COST)()
    nonce = os.urandom(12)
    header = json.dumps({"kdf": kdf.to_dict(), "nonce": crypto.b64e(nonce)}, sort_keys=True).encode()
    aad = MAGIC + header
    body = AESGCM(kdf.derive(passphrase)).encrypt(nonce, _pack(ff), aad)
    return MAGIC + struct.pack(">I", len(header)) + header + body


def read_bytes(data: bytes, passphrase: str) -> TransferContent:
    """Decrypt and check a transfer file. WrongPassphrase or CorruptFile (tampering) on failure."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise CorruptFile("This is not a Volunteer Desk transfer file.")
    (n,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header_raw = data[start:start + n]
    try:
        header = json.loads(header_raw)
        kdf = crypto.KdfParams.from_dict(header["kdf"])
        nonce = crypto.b64d(header["nonce"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CorruptFile("The transfer file is damaged or was altered.") from exc
    try:
        payload = AESGCM(kdf.derive(passphrase)).decrypt(nonce, data[start + n:], MAGIC + header_raw)
    except InvalidTag:
        raise WrongPassphrase("The transfer file does not open: wrong passphrase, or the file was altered "
                              "or damaged on the way.") from None
    return _unpack(payload)


def _row_ids(rows: list[Row]) -> set[tuple[str, str]]:
    return {(r.table, r.id) for r in rows if r.table != "household"}


def find_existing_copy(session, content: TransferContent) -> str | None:
    """The local family that is the same family: same id, or sharing record ids (UUIDs)."""
    mine = [s.id for s in session.list_families()]
    if content.family_id in mine:
        return content.family_id
    wanted = _row_ids(content.rows)
    for fid in mine:
        with session.open_family(fid, read_only=True) as ff:
            if any((t, r.id) in wanted for t in ENTITY_TABLES if t != "household" for r in ff.rows(t)):
                return fid
    return None


@dataclass
class ImportResult:
    family_id: str
    created: bool
    rows_changed: int
    recovery_code: str = ""  # shown once when a new family file was created


def import_transfer(session, data: bytes, passphrase: str, *, into: str | None = None,
                    progress: Progress = no_progress, cancel: CancelToken | None = None) -> ImportResult:
    """Merge the transfer into the existing copy of the family, or create it for this volunteer."""
    cancel = cancel or CancelToken()
    progress(0, 3, "decrypt")
    content = read_bytes(data, passphrase)
    cancel.raise_if_cancelled()
    progress(1, 3, "match")
    fid = into or find_existing_copy(session, content)
    created, code = False, ""
    household = next((r for r in content.rows if r.table == "household" and not r.deleted), None)
    if fid is None:
        name = (household.data.get("display_name") if household else "") or "Famille"
        fid, code = session.create_family(name)
        created = True
    elif not session.has_access(fid):
        raise NotFound("No family with this id for this volunteer.")
    progress(2, 3, "merge")
    with session.open_family(fid) as ff:
        if created and household is not None:
            # The new file's own household row is newer than the transferred one: replace it as it
            # came (same versions), so a later transfer of the same family finds nothing new.
            ff.apply_rows([household])
        local = [r for t in ENTITY_TABLES for r in ff.rows(t)]
        winners = merge_rows(local, [r for r in content.rows if not (created and r.table == "household")])
        ff.import_blobs(content.blobs)
        changed = ff.apply_rows(winners)
        ff.audit("transfer.import")
        session.refresh_index(ff)
    progress(3, 3, "done")
    return ImportResult(fid, created, changed, code)
