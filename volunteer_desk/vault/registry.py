"""The signed volunteer registry: who may be wrapped for, and who is an admin, cannot be forged.

Anyone who can write to the vault folder (a shared drive, a synced folder, a USB stick) can edit
``volunteers/*.json``. So each record's identity (vault, id, name, role, public keys) is signed
with an admin's Ed25519 key, and the chain must lead to the vault's *root* signing key — the first
admin's. That root key is pinned inside every volunteer's passphrase-sealed secrets when the
record is made, so the folder alone cannot replace it; its short fingerprint can be compared by
phone like a safety number. Only records with a valid chain count: new families are wrapped for
verified admins only, grants go to verified volunteers only, and a role read from an unverified
record is ignored.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from volunteer_desk.core.errors import CorruptFile
from volunteer_desk.core.text import name_problem
from volunteer_desk.vault import crypto
from volunteer_desk.vault.layout import ID_RE

log = logging.getLogger(__name__)
ROLES = ("admin", "volunteer")
MAX_NAME = 80


# Invisible direction marks a member's name may carry (core.text) but a name chosen at login may not:
# "Sam" and "Sam" + LRM would look the same in the list of volunteers.
_LOGIN_INVISIBLE = frozenset({"\u200e", "\u200f", "\u061c"})  # LRM, RLM, ALM


def name_refusal(name: str) -> str | None:
    """Why the vault refuses a volunteer or family name, or None: it needs 1 to MAX_NAME characters, and
    only the characters ``core.text.name_problem`` allows (the one rule for names), less the invisible
    direction marks (the joiners ZWNJ/ZWJ stay: Persian and Dari spelling needs them)."""
    if not name or len(name) > MAX_NAME:
        return f"A name needs 1 to {MAX_NAME} characters."
    if name_problem(name) or _LOGIN_INVISIBLE & set(name):
        return "A name cannot hold control or text-direction characters."
    return None


def _b64_32(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except ValueError:
        return False


def check_record(rec: Any) -> dict:
    """The shape of a volunteer record, checked before any use; CorruptFile otherwise."""
    bad = CorruptFile("A volunteer record is damaged; it was left untouched.",
                      hint="Run 'vault check' to see which one.")
    if not isinstance(rec, dict):
        raise bad
    if not (isinstance(rec.get("id"), str) and ID_RE.match(rec["id"])):
        raise bad
    if not isinstance(rec.get("name"), str) or name_refusal(rec["name"]):
        raise bad
    if rec.get("role") not in ROLES or not _b64_32(rec.get("public_key")):
        raise bad
    if rec.get("signing_key") is not None and not _b64_32(rec["signing_key"]):
        raise bad
    if not isinstance(rec.get("kdf"), dict) or not isinstance(rec.get("private"), dict):
        raise bad
    sig = rec.get("signature")
    if sig is not None and not (isinstance(sig, dict) and isinstance(sig.get("by"), str)
                                and isinstance(sig.get("sig"), str) and len(sig["sig"]) < 200):
        raise bad
    return rec


def signed_payload(vault_id: str, rec: dict) -> bytes:
    """What an admin's signature covers: the record's identity, bound to this vault."""
    return json.dumps({"vault": vault_id, "id": rec["id"], "name": rec["name"], "role": rec["role"],
                       "public_key": rec["public_key"], "signing_key": rec.get("signing_key")},
                      sort_keys=True, ensure_ascii=False).encode("utf-8")


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def signing_public_b64(key: Ed25519PrivateKey) -> str:
    return crypto.b64e(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def signing_private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def sign(vault_id: str, rec: dict, signer_id: str, key: Ed25519PrivateKey) -> dict:
    return {"by": signer_id, "sig": crypto.b64e(key.sign(signed_payload(vault_id, rec)))}


def _verify(vault_id: str, rec: dict, signer_key_b64: str) -> bool:
    sig = rec.get("signature")
    if not sig:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(crypto.b64d(signer_key_b64)).verify(
            crypto.b64d(sig["sig"]), signed_payload(vault_id, rec))
        return True
    except (InvalidSignature, ValueError, CorruptFile):
        return False


def verified_ids(vault_id: str, records: dict[str, dict], root_key: str) -> set[str]:
    """Ids of the records whose signature chain leads to the pinned root key.

    The root record is the admin whose signing key is the root, signed by itself. Every other
    record must be signed by an admin already verified.
    """
    good: set[str] = set()
    for rid, rec in records.items():
        if rec.get("signing_key") == root_key and rec["role"] == "admin" and \
                rec.get("signature", {}).get("by") == rid and _verify(vault_id, rec, root_key):
            good.add(rid)
    changed = True
    while changed:
        changed = False
        for rid, rec in records.items():
            if rid in good:
                continue
            signer = records.get((rec.get("signature") or {}).get("by", ""))
            if signer is not None and signer["id"] in good and signer["role"] == "admin" \
                    and signer.get("signing_key") and _verify(vault_id, rec, signer["signing_key"]):
                good.add(rid)
                changed = True
    return good


def fingerprint(root_key_b64: str) -> str:
    """A safety number for the root key: 6 groups of 5 digits, easy to read aloud."""
    digest = hashlib.sha256(b"volunteer-desk registry root|" + crypto.b64d(root_key_b64)).digest()
    number = int.from_bytes(digest[:13], "big")
    digits = f"{number % 10**30:030d}"
    return " ".join(digits[i:i + 5] for i in range(0, 30, 5))


@dataclass
class Secrets:
    """What a volunteer's passphrase unseals: their keys and the pinned root signing key."""

    private: bytes  # X25519
    signing: bytes | None  # Ed25519 (admins)
    root: str | None  # the vault's root signing key (base64), pinned at creation

    def to_bytes(self) -> bytes:
        return json.dumps({"x25519": crypto.b64e(self.private),
                           "ed25519": crypto.b64e(self.signing) if self.signing else None,
                           "root": self.root}).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Secrets:
        if len(raw) == 32:  # records made before the signed registry: the private key alone
            return cls(raw, None, None)
        try:
            data = json.loads(raw)
            return cls(crypto.b64d(data["x25519"]),
                       crypto.b64d(data["ed25519"]) if data.get("ed25519") else None, data.get("root"))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptFile("A volunteer record is damaged; it was left untouched.") from exc
