"""Ed25519 signatures over a pack's ``manifest.json`` (which holds the sha256 and size of every file).

``manifest.sig`` beside the manifest: ``{"format": 1, "algorithm": "ed25519", "key_id": "…",
"signature": "<base64>"}``, the signature over the manifest's exact bytes. Keys are PEM files, as
``openssl genpkey -algorithm ed25519`` writes them (private: PKCS#8, public: SubjectPublicKeyInfo), so an
association can make its own with either openssl or ``make_model_pack.py --new-key``.

No platformdirs, no Qt: ``installer/make_model_pack.py`` signs with it on a connected machine. The
``cryptography`` import is inside the functions (the pack maker runs without it unless it signs).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

from volunteer_desk.core.safejson import UnsafeJson, loads_limited

SIGNATURE_NAME = "manifest.sig"
ALGORITHM = "ed25519"
FORMAT = 1


class SigningError(ValueError):
    """A key or signature file cannot be used; the message says why."""


def key_id(raw_public: bytes) -> str:
    """Short id of a public key: 16 hex digits of its SHA-256 (shown as a fingerprint)."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def fingerprint(raw_public: bytes) -> str:
    """The id in groups of four, easy to compare by phone: ``3f2a 91c0 7d4e 0b18``."""
    kid = key_id(raw_public)
    return " ".join(kid[i:i + 4] for i in range(0, len(kid), 4))


def public_key_raw(pem: bytes) -> bytes:
    """The 32 raw bytes of an Ed25519 public key given as PEM (or a PEM private key: its public half)."""
    # lazy: the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    if len(pem) > 16 << 10:
        raise SigningError("the key file is too large to be an Ed25519 key")
    try:
        if b"PRIVATE KEY" in pem:
            key = serialization.load_pem_private_key(pem, password=None).public_key()
        else:
            key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise SigningError("the key file is not a PEM Ed25519 key") from exc
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise SigningError("the key is not an Ed25519 key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(raw_public: bytes) -> bytes:
    # lazy: the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PublicKey.from_public_bytes(raw_public)
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def new_key_pair() -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of a fresh Ed25519 key."""
    # lazy: the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    private = ed25519.Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return private_pem, public_pem(private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def sign(manifest_bytes: bytes, private_pem: bytes) -> dict:
    """The ``manifest.sig`` document for these exact manifest bytes."""
    # lazy: the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        private = serialization.load_pem_private_key(private_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningError("the signing key is not an unencrypted PEM Ed25519 private key") from exc
    if not isinstance(private, ed25519.Ed25519PrivateKey):
        raise SigningError("the signing key is not an Ed25519 key")
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"format": FORMAT, "algorithm": ALGORITHM, "key_id": key_id(raw),
            "signature": base64.b64encode(private.sign(manifest_bytes)).decode("ascii")}


def sign_pack(folder: Path, private_pem: bytes) -> str:
    """Sign ``folder/manifest.json``: writes ``manifest.sig`` (atomically); returns the key id."""
    doc = sign((folder / "manifest.json").read_bytes(), private_pem)
    tmp = folder / (SIGNATURE_NAME + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / SIGNATURE_NAME)
    return doc["key_id"]


def parse_signature(raw: bytes) -> tuple[str, bytes]:
    """(key id, signature bytes) from a ``manifest.sig``; raises SigningError."""
    try:
        doc = loads_limited(raw, max_bytes=4096, max_depth=2)
    except UnsafeJson as exc:
        raise SigningError("manifest.sig is not readable") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("algorithm") != ALGORITHM:
        raise SigningError("manifest.sig is not an Ed25519 signature of a known format")
    kid, sig = doc.get("key_id"), doc.get("signature")
    if (not isinstance(kid, str) or not isinstance(sig, str) or len(sig) > 200
            or not re.fullmatch(r"[0-9a-f]{16}", kid)):
        raise SigningError("manifest.sig is not an Ed25519 signature of a known format")
    try:
        signature = base64.b64decode(sig, validate=True)
    except ValueError as exc:
        raise SigningError("manifest.sig is not an Ed25519 signature of a known format") from exc
    if len(signature) != 64:
        raise SigningError("manifest.sig is not an Ed25519 signature of a known format")
    return kid, signature


def signature_valid(raw_public: bytes, signature: bytes, manifest_bytes: bytes) -> bool:
    # lazy: the pack maker (installer/make_model_pack.py) runs on a bare Python unless it signs
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw_public).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError):
        return False
    return True
