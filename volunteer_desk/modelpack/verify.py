"""Who made this pack? ``verify_pack`` checks a pack folder's manifest and its Ed25519 signature.

A matching sha256 only proves a file is the one the manifest names; the signature over the manifest
proves who wrote the manifest. The app trusts:

- the keys it ships (``resources/modelpack/trusted_keys/*.pem``: the project's packs);
- keys an association adds on its own PCs (``modelpack trust add KEY.pem --name NAME``), kept as PEM
  files in ``<config>/trusted_pack_keys/`` — the settings an association manages for its packs.

An unsigned pack, or one signed by a key nobody trusts here, is installed only when the person asks
for it explicitly (``--allow-unsigned``, or the warning dialog in the app). A signature that does not
match the manifest is never accepted: the pack was changed after it was signed.

Other packs (the rules pack) reuse ``verify_pack``: it knows manifests and signatures, not kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import AccessDenied, BadInput, CorruptFile, NotFound
from volunteer_desk.core.i18n import _
from volunteer_desk.core.paths import config_dir, private_dir, resource
from volunteer_desk.core.safejson import UnsafeJson, read_limited
from volunteer_desk.modelpack import signing
from volunteer_desk.modelpack.manifest import Manifest, ManifestError, parse_manifest, read_manifest_bytes

KEYS_FOLDER = "trusted_pack_keys"
_KEY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class UntrustedPack(AccessDenied):
    """The pack is not signed by a trusted key. Installing it anyway needs an explicit yes."""


@dataclass(frozen=True)
class TrustedKey:
    name: str
    raw: bytes           # 32-byte Ed25519 public key
    origin: str          # "shipped" (with the app) or "added" (by the association, in settings)

    @property
    def key_id(self) -> str:
        return signing.key_id(self.raw)

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.raw)


def shipped_keys_dir() -> Path:
    return resource("modelpack", "trusted_keys")


def added_keys_dir() -> Path:
    return config_dir() / KEYS_FOLDER


def trusted_keys() -> list[TrustedKey]:
    """Every key this installation trusts; an unreadable key file is skipped (and trusts nothing)."""
    keys = []
    for folder, origin in ((shipped_keys_dir(), "shipped"), (added_keys_dir(), "added")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.pem")):
            try:
                keys.append(TrustedKey(path.stem, signing.public_key_raw(path.read_bytes()), origin))
            except (OSError, signing.SigningError):
                continue
    return keys


def add_trusted_key(pem: bytes, name: str) -> TrustedKey:
    """Trust packs signed by this public key on this PC (the association's own key)."""
    if not _KEY_NAME.match(name or ""):
        raise BadInput(_("A key name uses letters, digits, '-', '_' and '.', like my-association."))
    try:
        raw = signing.public_key_raw(pem)
    except signing.SigningError as exc:
        raise BadInput(_("This is not an Ed25519 public key (PEM file).")) from exc

    folder = private_dir(added_keys_dir())
    atomic_write(folder / f"{name}.pem", signing.public_pem(raw), mode=0o600)
    return TrustedKey(name, raw, "added")


def remove_trusted_key(name: str) -> None:
    path = added_keys_dir() / f"{name}.pem"
    if not _KEY_NAME.match(name or "") or not path.is_file():
        raise NotFound(_("No key with this name was added on this computer."))
    path.unlink()


def verify_pack(folder: Path | str, trusted: list[TrustedKey] | None = None,
                allow_unsigned: bool = False) -> Manifest:
    """The checked manifest of the pack in ``folder``, with ``signer`` set to the trusted key's name.

    Raises NotFound (no folder), CorruptFile (manifest unusable, or signature not matching it),
    UntrustedPack (unsigned or unknown key, unless ``allow_unsigned``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFound(_("The model pack folder does not exist."))
    trusted = trusted_keys() if trusted is None else trusted
    try:
        raw = read_manifest_bytes(folder)
    except ManifestError as exc:
        raise _unusable(str(exc)) from None
    signer = _check_signature(folder, raw, trusted, allow_unsigned)
    try:
        manifest, _bad = parse_manifest(raw)
    except ManifestError as exc:
        raise _unusable(str(exc)) from None
    manifest.signer = signer
    return manifest


def _unusable(reason: str) -> CorruptFile:
    return CorruptFile(_("This is not a usable model pack ({reason}); nothing was installed.").format(reason=reason))


def _check_signature(folder: Path, manifest_bytes: bytes, trusted: list[TrustedKey], allow_unsigned: bool) -> str:
    sig_path = folder / signing.SIGNATURE_NAME
    if not sig_path.exists():
        if allow_unsigned:
            return ""
        raise UntrustedPack(_("This model pack is not signed: nobody vouches for what it holds. Install it "
                              "only if you trust where it comes from (--allow-unsigned)."))
    try:
        kid, signature = signing.parse_signature(read_limited(sig_path, 4096))
    except (signing.SigningError, UnsafeJson, OSError) as exc:
        raise _unusable(str(exc) if isinstance(exc, signing.SigningError) else "manifest.sig is not readable") from None
    key = next((k for k in trusted if k.key_id == kid), None)
    if key is None:
        if allow_unsigned:
            return ""
        raise UntrustedPack(_("This model pack is signed by a key this computer does not trust ({key}). Add the "
                              "publisher's key in the settings, or install it anyway (--allow-unsigned).").format(
                                  key=" ".join(kid[i:i + 4] for i in range(0, 16, 4))))
    if not signing.signature_valid(key.raw, signature, manifest_bytes):
        raise CorruptFile(_("The model pack's signature does not match its manifest: it was changed after it "
                            "was signed; nothing was installed."))
    return key.name
