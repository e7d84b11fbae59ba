"""Argos Translate packages (``.argosmodel`` zips): THE one checker, and a bounded extraction.

Both ``models install`` (``translation.packages``) and ``modelpack install`` go through
``inspect_archive``; ``installer/make_model_pack.py`` uses it on a connected machine with a bare Python
(standard library only here, plus the gettext of ``core.i18n``).

Limits are sized to real packages: the largest argos package unpacks to about 200 MB, model weights
barely compress (ratio ~1.1) and the text files a few times. A zip bomb declares either a huge size or
a huge ratio; a lying central directory is caught again while extracting, byte by byte, and a bad
CRC or a truncated member is one clear reason, never ``BadZipFile``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from volunteer_desk.core.i18n import _
from volunteer_desk.core.safejson import UnsafeJson, loads_limited
from volunteer_desk.modelpack.manifest import ManifestError

MAX_UNPACKED = 512 << 20      # the whole package; the largest real one is ~200 MB
MAX_MEMBER = 400 << 20        # one file (model.bin)
MAX_MEMBERS = 2000
MAX_RATIO = 20                # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 16 << 20        # small files (a zero-weight test model: 6 MB at 600:1) may compress well
MAX_METADATA = 64 << 10
CHUNK = 1 << 20
_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError,
            struct.error, OverflowError)  # and OSError(EINVAL): a damaged offset before the file start


@dataclass(frozen=True)
class PackageLayout:
    """What a checked package holds."""

    top: str
    metadata: dict
    names: frozenset[str]
    splitter: str        # "minisbd" or "stanza"
    unpacked_size: int

    @property
    def from_code(self) -> str:
        return self.metadata["from_code"]

    @property
    def to_code(self) -> str:
        return self.metadata["to_code"]


def _open_zip(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise ManifestError(_("The translation package file does not exist."))
    try:
        if not zipfile.is_zipfile(path):
            raise ManifestError(_("it is not a zip archive."))
        return zipfile.ZipFile(path)
    except ManifestError:
        raise
    except _DAMAGED as exc:
        raise ManifestError(_("the zip archive is damaged.")) from exc


@contextlib.contextmanager
def _damaged_as_manifest_error(message: str, offset_message: str | None = None) -> Iterator[None]:
    """Everything a damaged zip can raise (zipfile, zlib, struct) as one ManifestError saying
    ``message`` (a bad offset's EINVAL: ``offset_message``); our ManifestErrors and other OSErrors
    pass through."""
    try:
        yield
    except ManifestError:
        raise
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise ManifestError(offset_message or message) from exc
        raise
    except _DAMAGED as exc:
        raise ManifestError(message) from exc


def inspect_archive(path: Path | str) -> PackageLayout:
    """Check a package without extracting it: safe names, no links, sizes and ratios, one top folder,
    metadata with two language codes, a model, a tokenizer and a packaged sentence splitter."""
    path = Path(path)
    with _damaged_as_manifest_error(_("the zip archive is damaged.")), _open_zip(path) as zf:
        return _inspect(zf)


def _inspect(zf: zipfile.ZipFile) -> PackageLayout:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ManifestError(_("it holds too many files to be a translation package."))
    tops: set[str] = set()
    total = 0
    for info in infos:
        pure = PurePosixPath(info.filename)
        if (not info.filename or pure.is_absolute() or ".." in pure.parts or "\\" in info.filename
                or ":" in info.filename or "\x00" in info.filename):
            raise ManifestError(_("it contains an unsafe file path."))
        mode = (info.external_attr >> 16) & 0o170000
        if mode not in (0, 0o100000, 0o040000):  # only plain files and folders: no links, no devices
            raise ManifestError(_("it contains a symbolic link."))
        if info.flag_bits & 0x1:
            raise ManifestError(_("it is encrypted."))
        if info.file_size > MAX_MEMBER or (info.file_size > RATIO_FLOOR
                                           and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise ManifestError(_("it would unpack to an implausible size (a zip bomb?)."))
        tops.add(pure.parts[0])
        total += info.file_size
    if total > MAX_UNPACKED:
        raise ManifestError(_("it would unpack to an implausible size (a zip bomb?)."))
    names = frozenset(i.filename.rstrip("/") for i in infos)
    if len(tops) != 1:
        raise ManifestError(_("it must contain exactly one top-level folder."))
    top = tops.pop()
    if top.startswith(".") or not any(n.startswith(top + "/") for n in names):
        raise ManifestError(_("it must contain exactly one top-level folder."))
    if f"{top}/metadata.json" not in names:
        raise ManifestError(_("metadata.json is missing."))
    metadata = _read_metadata(zf, f"{top}/metadata.json")
    if f"{top}/model/model.bin" not in names:
        raise ManifestError(_("the model (model/model.bin) is missing."))
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise ManifestError(_("the tokenizer (sentencepiece.model) is missing."))
    if any(n.startswith(f"{top}/minisbd/") and n.endswith(".onnx") for n in names):
        splitter = "minisbd"
    elif any(n.startswith(f"{top}/stanza/") and n != f"{top}/stanza" for n in names):
        splitter = "stanza"
    else:
        raise ManifestError(_("it has no sentence splitter inside (it would try to download one)."))
    return PackageLayout(top, metadata, names, splitter, total)


def _read_metadata(zf: zipfile.ZipFile, name: str) -> dict:
    info = zf.getinfo(name)
    if info.file_size > MAX_METADATA:
        raise ManifestError(_("metadata.json is not valid."))
    try:
        with zf.open(info) as fh:
            meta = loads_limited(fh.read(MAX_METADATA + 1), max_bytes=MAX_METADATA, max_depth=8)
    except UnsafeJson as exc:
        raise ManifestError(_("metadata.json is not valid JSON.")) from exc
    if not isinstance(meta, dict):
        raise ManifestError(_("metadata.json is not valid."))
    if meta.get("type", "translate") != "translate":
        raise ManifestError(_("it is not a translation package."))
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not (isinstance(from_code, str) and isinstance(to_code, str)
            and _CODE.match(from_code) and _CODE.match(to_code)) or from_code == to_code:
        raise ManifestError(_("metadata.json has no valid language codes."))
    version = meta.get("package_version", "")
    if not isinstance(version, (str, int, float)) or isinstance(version, bool) or len(str(version)) > 40:
        raise ManifestError(_("metadata.json is not valid."))
    return meta


def inspect_package(path: Path) -> tuple[str, dict]:
    """(top-level folder, metadata) of a checked package; raises ManifestError saying what is wrong."""
    layout = inspect_archive(path)
    return layout.top, layout.metadata


def extract_checked(path: Path | str, dest: Path, layout: PackageLayout) -> Path:
    """Extract a package checked by ``inspect_archive`` into the empty folder ``dest``, counting bytes
    as they come (a member may not give more than it declared, nor the whole more than the limit) and
    checking every CRC. Returns ``dest / top``. On any problem ``dest`` may hold a partial copy: the
    caller removes it."""
    total = 0
    root = dest.resolve()
    damaged = _("the zip archive is damaged (a checksum is wrong or a file is cut short).")
    try:
        with _damaged_as_manifest_error(damaged, _("the zip archive is damaged.")), _open_zip(Path(path)) as zf:
            for info in zf.infolist():
                target = (dest / info.filename).resolve()
                if target != root and root not in target.parents:
                    raise ManifestError(_("it contains an unsafe file path."))
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True, mode=0o700)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                written = 0
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        total += len(chunk)
                        if written > info.file_size or total > MAX_UNPACKED:
                            raise ManifestError(_("it would unpack to an implausible size (a zip bomb?)."))
                        out.write(chunk)
                if written != info.file_size:
                    raise ManifestError(_("the zip archive is damaged."))
    except FileExistsError as exc:  # two members with one name
        raise ManifestError(_("it contains an unsafe file path.")) from exc
    return dest / layout.top


def free_space_ok(folder: Path, needed: int) -> bool:
    try:
        return shutil.disk_usage(folder).free > needed + (64 << 20)
    except OSError:
        return True  # cannot tell: the write itself will say


def installed_packages(models: Path) -> list[dict]:
    """Metadata of every package folder in ``models`` (plus ``folder``), sorted by pair."""
    found = []
    if models.is_dir():
        for meta in sorted(models.glob("*/metadata.json")):
            if meta.parent.name.startswith("."):
                continue
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            if isinstance(data, dict) and data.get("from_code") and data.get("to_code"):
                found.append({**data, "folder": meta.parent.name})
    return sorted(found, key=lambda d: (d["from_code"], d["to_code"]))
