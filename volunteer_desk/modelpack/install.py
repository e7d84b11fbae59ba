"""Install a model pack from a folder (USB stick): check the manifest and every checksum, install what
is new, and say what was refused and why. Never touches the network.

Translation packages go through ``translation.packages.ModelManager`` into ``models_dir()``; tesseract
language data goes into ``app_tessdata_dir()``. Each item lands atomically, so a cancel or a
pulled USB stick leaves every item either fully installed or not at all.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packaging.version import InvalidVersion, Version

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.modelpack.argos_package import inspect_package
from volunteer_desk.modelpack.locations import app_tessdata_dir, default_tessdata, folder_languages
from volunteer_desk.modelpack.manifest import KINDS, ManifestError, PackItem, sha256_file
from volunteer_desk.modelpack.verify import verify_pack


@dataclass
class ItemOutcome:
    kind: str
    name: str
    version: str
    status: str  # installed | updated | already | refused
    reason: str = ""


@dataclass
class InstallReport:
    pack_name: str = ""
    pack_version: str = ""
    signer: str = ""  # the trusted key that signed the pack; "" when installed unsigned on request
    installed: list[ItemOutcome] = field(default_factory=list)  # new or updated
    already: list[ItemOutcome] = field(default_factory=list)  # same (or newer) version was there
    refused: list[ItemOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def to_dict(self) -> dict:
        return {"pack": {"name": self.pack_name, "version": self.pack_version, "signed_by": self.signer or None},
                "ok": self.ok,
                "installed": [asdict(o) for o in self.installed], "already": [asdict(o) for o in self.already],
                "refused": [asdict(o) for o in self.refused]}


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


class ModelStore(Protocol):
    """Where translation packages go (``translation.packages.ModelManager``), injected so the model pack
    stays below the translation layer: ``find`` the installed pair, ``install`` a package with deep checks."""

    def find(self, from_code: str, to_code: str) -> Any: ...

    def install(self, source: Path) -> Any: ...


def install_model_pack(folder: Path | str, progress: Progress = no_progress,
                       cancel: CancelToken | None = None, *, models: ModelStore, allow_unsigned: bool = False,
                       trusted: list | None = None) -> InstallReport:
    """Install the model pack in ``folder``. Raises NotFound (no folder), CorruptFile (manifest unusable
    or its signature does not match: nothing installed), UntrustedPack (not signed by a trusted key and
    ``allow_unsigned`` not given), Cancelled; refusals of single items are in the report."""
    folder = Path(folder)
    cancel = cancel or CancelToken()
    manifest = verify_pack(folder, trusted, allow_unsigned)
    bad_entries = manifest.bad_entries
    report = InstallReport(pack_name=manifest.name, pack_version=manifest.version, signer=manifest.signer)
    for raw, reason in bad_entries:
        name = str(raw.get("name", "?"))[:60] if isinstance(raw, dict) else "?"
        kind = str(raw.get("kind", "?"))[:20] if isinstance(raw, dict) else "?"
        report.refused.append(ItemOutcome(kind, name, "", "refused", _("bad manifest entry: {why}").format(why=reason)))

    todo: list[PackItem] = []
    seen: set[tuple[str, str]] = set()
    for item in manifest.items:
        if item.kind not in KINDS:
            report.refused.append(_refuse(item, _("unknown kind of data")))
        elif item.key in seen:
            report.refused.append(_refuse(item, _("duplicate entry in the manifest")))
        else:
            seen.add(item.key)
            todo.append(item)

    total = sum(item.size for item in todo)
    done = 0
    tessdata_changed = False
    for item in todo:
        cancel.raise_if_cancelled()
        message = _("Checking {name}").format(name=item.name)
        start = done

        def on_chunk(n: int, message: str = message) -> None:
            nonlocal done
            done += n
            progress(done, total, message)

        progress(done, total, message)
        outcome = _install_item(folder, item, cancel, on_chunk, models)
        done = start + item.size
        if outcome.status == "refused":
            report.refused.append(outcome)
        elif outcome.status == "already":
            report.already.append(outcome)
        else:
            report.installed.append(outcome)
            tessdata_changed |= item.kind == "tessdata"
    if tessdata_changed:
        complete_app_tessdata()
    progress(total, total, _("Model pack done"))
    return report


def _refuse(item: PackItem, reason: str) -> ItemOutcome:
    return ItemOutcome(item.kind, item.name, item.version, "refused", reason)


def _install_item(folder: Path, item: PackItem, cancel: CancelToken, on_chunk, models: ModelStore) -> ItemOutcome:
    path = folder / item.file
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if not inside or not path.is_file():
        return _refuse(item, _("the file named in the manifest is missing"))
    if path.stat().st_size != item.size:
        return _refuse(item, _("the file size differs from the manifest (incomplete copy?)"))

    def chunk(n: int) -> None:
        cancel.raise_if_cancelled()
        on_chunk(n)

    if sha256_file(path, chunk) != item.sha256:
        return _refuse(item, _("checksum mismatch: the file is damaged or was changed"))
    if item.kind == "argos":
        return _install_argos(path, item, models)
    return _install_tessdata(path, item)


def _install_argos(path: Path, item: PackItem, manager: ModelStore) -> ItemOutcome:
    """Hand the package to the translation package's installer (deep checks: tokenizer, splitter, argos
    opens it; staged under a hidden name), after checking it is the pair the manifest promises."""
    try:
        _top, metadata = inspect_package(path)
    except ManifestError as exc:
        return _refuse(item, str(exc))
    if (metadata["from_code"], metadata["to_code"]) != (item.from_code, item.to_code):
        return _refuse(item, _("the package translates another language pair than the manifest says"))
    existing = manager.find(item.from_code, item.to_code)
    if existing is not None:
        # compare what argos itself will read: the package's own metadata, not the index's label
        have = _version(existing.version)
        new = _version(str(metadata.get("package_version", item.version)))
        if have is not None and new is not None and have >= new:
            reason = "" if have == new else _("a newer version is installed")
            return ItemOutcome(item.kind, item.name, item.version, "already", reason)
    try:
        manager.install(path)
    except UserError as exc:
        return _refuse(item, str(exc))
    return ItemOutcome(item.kind, item.name, item.version, "updated" if existing else "installed")


def _install_tessdata(path: Path, item: PackItem) -> ItemOutcome:
    target_dir = app_tessdata_dir()
    target = target_dir / f"{item.name}.traineddata"
    status = "installed"
    if target.is_file() and not target.is_symlink():
        if sha256_file(target) == item.sha256:
            return ItemOutcome(item.kind, item.name, item.version, "already")
        status = "updated"
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target_dir / f".{target.name}.{os.getpid()}.tmp"
    try:
        shutil.copyfile(path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return ItemOutcome(item.kind, item.name, item.version, status)


def complete_app_tessdata() -> None:
    """Make the app tessdata folder usable on its own: link the system's languages and configs it lacks.

    Tesseract reads one folder per run, so a page in ``fra+ara`` needs both files side by side.
    Links (copies on Windows) keep the system data authoritative for what the pack did not bring.
    """
    app = app_tessdata_dir()
    system, _langs = default_tessdata()
    if system is None or not system.is_dir() or system.resolve() == app.resolve():
        return
    # configs/ holds the output formats (tsv, hocr): ``--tessdata-dir`` needs them beside the data.
    for name in ("configs", "tessconfigs"):
        source, target = system / name, app / name
        if source.is_dir() and not target.exists():
            try:
                if sys.platform == "win32":
                    shutil.copytree(source, target)
                else:
                    target.symlink_to(source, target_is_directory=True)
            except OSError:
                pass
    have = folder_languages(app)
    for source in system.glob("*.traineddata"):
        lang = source.name.removesuffix(".traineddata")
        target = app / source.name
        if lang in have or target.exists():
            continue
        if target.is_symlink():
            target.unlink()  # dangling link to a removed system language
        try:
            if sys.platform == "win32":
                shutil.copyfile(source, target)
            else:
                target.symlink_to(source)
        except OSError:
            continue
