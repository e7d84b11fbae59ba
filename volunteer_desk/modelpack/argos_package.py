"""Argos Translate packages (``.argosmodel`` zips) read with the standard library only.

Used by ``installer/make_model_pack.py`` on a connected machine (bare Python) to check what it fetched,
and by the installer to check a package names the pair its manifest promises. The deep checks and the
installation itself are ``volunteer_desk.translation.packages``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from volunteer_desk.modelpack.manifest import ManifestError

MAX_UNPACKED = 4 << 30  # a real model is ~100 MB unpacked; refuse zip bombs


def inspect_package(path: Path) -> tuple[str, dict]:
    """Return (top-level folder, metadata) of a package zip, or raise ManifestError saying what is wrong."""
    if not zipfile.is_zipfile(path):
        raise ManifestError("the translation package is not a zip archive")
    with zipfile.ZipFile(path) as zf:
        tops: set[str] = set()
        total = 0
        for info in zf.infolist():
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                raise ManifestError("the translation package holds an unsafe file name")
            tops.add(name.parts[0])
            total += info.file_size
        if len(tops) != 1:
            raise ManifestError("the translation package must hold exactly one top-level folder")
        if total > MAX_UNPACKED:
            raise ManifestError("the translation package unpacks to an implausible size")
        top = tops.pop()
        try:
            metadata = json.loads(zf.read(f"{top}/metadata.json"))
        except KeyError as exc:
            raise ManifestError("the translation package has no metadata.json") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ManifestError("the translation package's metadata.json is not JSON") from exc
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise ManifestError("the translation package's metadata.json lacks from_code/to_code")
    return top, metadata


def installed_packages(models: Path) -> list[dict]:
    """Metadata of every package folder in ``models`` (plus ``folder``), sorted by pair."""
    found = []
    if models.is_dir():
        for meta in sorted(models.glob("*/metadata.json")):
            if meta.parent.name.startswith("."):
                continue
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and data.get("from_code") and data.get("to_code"):
                found.append({**data, "folder": meta.parent.name})
    return sorted(found, key=lambda d: (d["from_code"], d["to_code"]))
