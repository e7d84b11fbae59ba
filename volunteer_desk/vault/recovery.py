"""Recovery kit: a 128-bit secret shown once, in groups, with a checksum.

The code is 32 Crockford base32 characters (16 bytes secret + 4 bytes SHA-256 checksum) in 8 groups of
4, so a typo is caught before any decryption is attempted. The secret deterministically gives an
X25519 key pair; the family file holds a wrap of its data key for that public key, so an admin can
re-wrap for recovery after a rekey without knowing the secret.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from volunteer_desk.core.errors import BadInput
from volunteer_desk.vault.crypto import sub_key

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def _checksum(secret: bytes) -> bytes:
    return hashlib.sha256(b"volunteer-desk recovery" + secret).digest()[:4]


def encode(secret: bytes) -> str:
    data = int.from_bytes(secret + _checksum(secret), "big")
    chars = [ALPHABET[(data >> (5 * i)) & 31] for i in range(32)][::-1]
    text = "".join(chars)
    return "-".join(text[i : i + 4] for i in range(0, 32, 4))


def decode(code: str) -> bytes:
    """Parse a typed code; raises BadInput on a typo (checksum) before anything is decrypted."""
    cleaned = "".join(_READ_AS.get(c, c) for c in code.upper() if c not in " -\t\n")
    if len(cleaned) != 32 or any(c not in ALPHABET for c in cleaned):
        raise BadInput("A recovery code has 32 letters and digits in 8 groups of 4.")
    value = 0
    for c in cleaned:
        value = (value << 5) | ALPHABET.index(c)
    raw = value.to_bytes(20, "big")
    secret, check = raw[:16], raw[16:]
    if _checksum(secret) != check:
        raise BadInput("This recovery code has a typo: please check each group.")
    return secret


def new_secret() -> bytes:
    return os.urandom(16)


def private_key(secret: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(sub_key(secret, "volunteer-desk recovery key"))
