"""Key derivation and key wrapping for the vault.

Design (see docs/security.md):
- Each volunteer has an X25519 key pair. The private key is wrapped with AES-256-GCM under a key
  derived from their passphrase by Argon2id; the Argon2 parameters are stored with the wrap and
  anything below the floor (t=3, 64 MiB, RFC 9106 low-memory) is refused.
- Each family file has a random 256-bit data key. It is wrapped for each volunteer's public key
  (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM) with "family_id|epoch" as associated data, so a
  wrap cannot be moved to another family or replayed after a rekey. Public-key wraps let an admin
  grant access without knowing the other volunteer's passphrase, and make unlock cost one KDF, not
  one per family.
"""

from __future__ import annotations

import base64
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from volunteer_desk.core.errors import CorruptFile, WrongPassphrase

KEY_BYTES = 32
FLOOR_TIME_COST = 3
FLOOR_MEMORY_KIB = 64 * 1024
TARGET_SECONDS = 0.5
# Upper bounds: a record from the folder could ask for 4 TiB of memory or 2^31 passes (a hang).
MAX_TIME_COST = 64
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_PARALLELISM = 16
SALT_BYTES = (16, 64)


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise CorruptFile("A key file is damaged (bad encoding).") from exc


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int
    salt: str  # base64
    algorithm: str = "argon2id"

    @classmethod
    def new(cls, time_cost: int, memory_kib: int, parallelism: int) -> KdfParams:
        return cls(time_cost, memory_kib, parallelism, b64e(os.urandom(16)))

    @classmethod
    def floor(cls) -> KdfParams:
        """The weakest parameters we accept (used by tests and the demo, never below)."""
        return cls.new(FLOOR_TIME_COST, FLOOR_MEMORY_KIB, 4)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> KdfParams:
        try:
            params = cls(
                int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]),
                str(data["salt"]), str(data.get("algorithm", "argon2id")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CorruptFile("A key file is damaged (key derivation settings).") from exc
        params.check()
        return params

    def check(self) -> None:
        if self.algorithm != "argon2id":
            raise CorruptFile("Unknown key derivation algorithm; refusing to use it.")
        if self.time_cost < FLOOR_TIME_COST or self.memory_kib < FLOOR_MEMORY_KIB or self.parallelism < 1:
            raise CorruptFile("The key derivation settings are weaker than allowed; refusing to use them.")
        if self.time_cost > MAX_TIME_COST or self.memory_kib > MAX_MEMORY_KIB or \
                self.parallelism > MAX_PARALLELISM or self.memory_kib < 8 * self.parallelism:
            raise CorruptFile("The key derivation settings are out of range; refusing to use them.")
        if not SALT_BYTES[0] <= len(b64d(self.salt)) <= SALT_BYTES[1]:
            raise CorruptFile("The key derivation settings are damaged (salt); refusing to use them.")

    def derive(self, passphrase: str) -> bytes:
        self.check()
        return hash_secret_raw(
            passphrase.encode("utf-8"), b64d(self.salt), time_cost=self.time_cost,
            memory_cost=self.memory_kib, parallelism=self.parallelism, hash_len=KEY_BYTES, type=Type.ID,
        )


def tune_kdf(target_seconds: float = TARGET_SECONDS, memory_kib: int = 128 * 1024) -> KdfParams:
    """Pick Argon2id parameters that take about ``target_seconds`` on this machine (KeePassXC style).

    Memory is fixed; the pass count is scaled from a measurement at the current count (the first
    derivation pays page faults, so we measure twice).
    """
    time_cost = FLOOR_TIME_COST
    for _ in range(3):
        probe = KdfParams.new(time_cost, memory_kib, 2)
        start = time.perf_counter()
        probe.derive("calibration")
        elapsed = time.perf_counter() - start
        if elapsed >= target_seconds * 0.9:
            break
        time_cost = max(FLOOR_TIME_COST, math.ceil(time_cost * target_seconds / max(elapsed, 1e-3)))
    return KdfParams.new(time_cost, memory_kib, 2)


# What a new key derivation costs: a maker of fresh parameters (new salt each call). Production uses
# tune_kdf (the default wherever a cost is a parameter: Vault, export_bytes, the CLI's main);
# tests and the demo pass FLOOR_COST explicitly. The parameters used are stored with what they
# protect, so a file made at either cost opens the same way.
KdfCost = Callable[[], KdfParams]
TUNED_COST: KdfCost = tune_kdf
FLOOR_COST: KdfCost = KdfParams.floor


def seal(key: bytes, plaintext: bytes, aad: bytes) -> dict:
    nonce = os.urandom(12)
    return {"nonce": b64e(nonce), "ct": b64e(AESGCM(key).encrypt(nonce, plaintext, aad))}


def open_sealed(key: bytes, sealed: dict, aad: bytes, *, wrong: type[Exception] = WrongPassphrase) -> bytes:
    try:
        return AESGCM(key).decrypt(b64d(sealed["nonce"]), b64d(sealed["ct"]), aad)
    except (InvalidTag, KeyError, TypeError) as exc:
        raise wrong("The passphrase or key does not open this file.") from exc


def new_private_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def private_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def public_b64(key: X25519PrivateKey) -> str:
    return b64e(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def private_from_bytes(raw: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(raw)


def _wrap_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(SHA256(), KEY_BYTES, salt=eph_pub + recipient_pub, info=b"volunteer-desk wrap v1").derive(shared)


def wrap_for(recipient_pub_b64: str, secret: bytes, aad: bytes) -> dict:
    recipient_pub = b64d(recipient_pub_b64)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    sealed = seal(_wrap_key(shared, eph_pub, recipient_pub), secret, aad)
    return {"epk": b64e(eph_pub), **sealed}


def unwrap_with(private: X25519PrivateKey, wrap: dict, aad: bytes) -> bytes:
    try:
        eph_pub = b64d(wrap["epk"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    except (KeyError, ValueError) as exc:
        raise CorruptFile("A key wrap is damaged.") from exc
    my_pub = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return open_sealed(_wrap_key(shared, eph_pub, my_pub), wrap, aad)


def sub_key(master: bytes, purpose: str) -> bytes:
    return HKDF(SHA256(), KEY_BYTES, salt=None, info=purpose.encode()).derive(master)
