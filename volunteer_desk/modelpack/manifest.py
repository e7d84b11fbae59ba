"""The model-pack manifest: one ``manifest.json`` beside the files it lists.

Shared by ``installer/make_model_pack.py`` (writes it on a connected machine) and the app's installer
(checks it on an offline one). Standard library only, so the pack maker runs with a bare Python.

    {"format": 1, "name": "...", "version": "2026.11", "created": "2026-11-24T10:00:00Z",
     "items": [{"kind": "argos", "name": "translate-fr_en", "version": "1.9",
                "file": "argos/translate-fr_en-1_9.argosmodel", "sha256": "...", "size": 123,
                "licence": "...", "source": "https://...", "from_code": "fr", "to_code": "en"},
               {"kind": "tessdata", "name": "ara", "version": "4.1.0-fast", "file": "tessdata/ara.traineddata",
                "sha256": "...", "size": 456, "licence": "Apache-2.0", "source": "https://..."}]}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from volunteer_desk.core.safejson import UnsafeJson, loads_limited, read_limited

MANIFEST_NAME = "manifest.json"
FORMAT = 1
KINDS = ("argos", "tessdata")
REQUIRED = ("kind", "name", "version", "file", "sha256", "size", "licence")
CHUNK = 1 << 20


class ManifestError(ValueError):
    """The manifest (or one of its entries) cannot be used; the message says why, without personal data."""


@dataclass
class PackItem:
    kind: str
    name: str
    version: str
    file: str  # relative POSIX path inside the pack folder
    sha256: str
    size: int
    licence: str
    source: str = ""
    from_code: str = ""
    to_code: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.kind != "argos":
            data.pop("from_code")
            data.pop("to_code")
        return data

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)


@dataclass
class Manifest:
    name: str
    version: str
    created: str = ""
    items: list[PackItem] = field(default_factory=list)
    # set by modelpack.verify.verify_pack, never written into manifest.json:
    signer: str = ""                       # name of the trusted key that signed it; "" when unsigned
    bad_entries: list[tuple[object, str]] = field(default_factory=list)  # (raw entry, reason)

    def to_json(self) -> str:
        body = {"format": FORMAT, "name": self.name, "version": self.version, "created": self.created,
                "items": [item.to_dict() for item in self.items]}
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def parse_item(raw: object) -> PackItem:
    """One manifest entry, checked field by field. Unknown kinds parse (the installer refuses them)."""
    if not isinstance(raw, dict):
        raise ManifestError("entry is not an object")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ManifestError("entry lacks " + ", ".join(missing))
    for key in ("kind", "name", "version", "file", "sha256", "licence"):
        if not isinstance(raw[key], str) or not raw[key]:
            raise ManifestError(f"entry field {key} must be a non-empty string")
        if len(raw[key]) > 500 or not raw[key].isprintable():
            raise ManifestError(f"entry field {key} is too long or holds control characters")
    for key in ("source", "from_code", "to_code"):
        if key in raw and (not isinstance(raw[key], str) or len(raw[key]) > 500 or not raw[key].isprintable()):
            raise ManifestError(f"entry field {key} must be a short string")
    size = raw["size"]
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= 1 << 40:
        raise ManifestError("entry field size must be a whole number of bytes")
    sha = raw["sha256"].lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ManifestError("entry field sha256 is not a SHA-256 hex digest")
    rel = PurePosixPath(raw["file"])
    if rel.is_absolute() or ".." in rel.parts or "\\" in raw["file"] or ":" in raw["file"]:
        raise ManifestError("entry file must be a plain path inside the pack folder")
    item = PackItem(kind=raw["kind"], name=raw["name"], version=raw["version"], file=str(rel), sha256=sha,
                    size=size, licence=raw["licence"], source=str(raw.get("source", "")),
                    from_code=str(raw.get("from_code", "")), to_code=str(raw.get("to_code", "")))
    if item.kind == "argos" and not (item.from_code and item.to_code):
        raise ManifestError("translation entry lacks from_code/to_code")
    if item.kind == "tessdata" and (not item.name.replace("_", "").isalnum() or item.file.count("/") > 1):
        raise ManifestError("tesseract entry name must be a language code")
    return item


MAX_MANIFEST_BYTES = 1 << 20
MAX_ITEMS = 500


def load_manifest(folder: Path) -> tuple[Manifest, list[tuple[object, str]]]:
    """Read ``folder/manifest.json``. Returns the manifest and the entries that could not be parsed
    (raw entry, reason). Raises ManifestError when the file as a whole is unusable."""
    return parse_manifest(read_manifest_bytes(folder))


def read_manifest_bytes(folder: Path) -> bytes:
    try:
        return read_limited(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES)
    except FileNotFoundError as exc:
        raise ManifestError("there is no manifest.json in this folder") from exc
    except UnsafeJson as exc:
        raise ManifestError(f"manifest.json cannot be used: {exc}") from exc
    except OSError as exc:
        raise ManifestError("manifest.json is not readable JSON") from exc


def parse_manifest(raw: bytes) -> tuple[Manifest, list[tuple[object, str]]]:
    """The manifest in ``raw`` (at most 1 MB, nested at most 4 deep) and its unusable entries."""
    try:
        data = loads_limited(raw, max_bytes=MAX_MANIFEST_BYTES, max_depth=4)
    except UnsafeJson as exc:
        reason = "manifest.json is not readable JSON" if "valid JSON" in str(exc) else f"manifest.json: {exc}"
        raise ManifestError(reason) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError("manifest.json is not a model-pack manifest of a known format")
    if not isinstance(data.get("items"), list):
        raise ManifestError("manifest.json has no list of items")
    if len(data["items"]) > MAX_ITEMS:
        raise ManifestError("manifest.json lists too many items")
    manifest = Manifest(name=_short(data.get("name", "")), version=_short(data.get("version", "")),
                        created=_short(data.get("created", "")))
    bad: list[tuple[object, str]] = []
    for raw_item in data["items"]:
        try:
            manifest.items.append(parse_item(raw_item))
        except ManifestError as exc:
            bad.append((raw_item, str(exc)))
    manifest.bad_entries = bad
    return manifest, bad


def _short(value: object) -> str:
    """A label from the manifest, kept to one harmless line."""
    text = value if isinstance(value, str) else ""
    return "".join(c for c in text if c.isprintable())[:100]


def sha256_file(path: Path, on_chunk: Callable[[int], None] | None = None) -> str:
    """Streamed SHA-256; ``on_chunk(n)`` after each chunk lets callers report progress or cancel."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if on_chunk:
                on_chunk(len(chunk))
    return digest.hexdigest()
