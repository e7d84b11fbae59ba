"""Translation model packages (.argosmodel): check, install, list, remove — all in the app's folder.

argos itself extracts a zip straight into its packages folder, and one malformed package then breaks
the loading of every package. So we check a package completely before it goes anywhere, extract it
beside the others under a hidden name, check that argos can open it, and only then rename it into
place. Hidden folders (``.incoming-*``) are never loaded.
"""

from __future__ import annotations

import errno
import re
import secrets
import shutil
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from volunteer_desk.core import paths
from volunteer_desk.core.errors import BadInput, CorruptFile, DiskFull, NotFound, UserError
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.modelpack.argos_package import (
    MAX_UNPACKED,
    PackageLayout,
    extract_checked,
    free_space_ok,
    inspect_archive,
)
from volunteer_desk.modelpack.manifest import ManifestError
from volunteer_desk.translation.argos_env import argos
from volunteer_desk.translation.installed import InstalledModel, read_installed
from volunteer_desk.translation.probe import probe_model

PACKAGE_SUFFIX = ".argosmodel"
MAX_UNPACKED_BYTES = MAX_UNPACKED  # one limit for both installers (modelpack.argos_package)


@dataclass(frozen=True)
class PackageInfo:
    """What a checked package declares."""

    from_code: str
    to_code: str
    version: str
    top_folder: str
    splitter: str  # "minisbd" or "stanza"


@dataclass
class InstallReport:
    installed: list[InstalledModel] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


def _refuse(reason: str) -> CorruptFile:
    return CorruptFile(_("This translation package was refused: {reason}").format(reason=reason))


def check_package(path: Path) -> PackageInfo:
    """Check an .argosmodel without extracting it (the one checker, ``modelpack.argos_package``, plus
    the tokenizer parsed for real). Raises CorruptFile with the reason."""
    return _checked(Path(path))[0]


def _checked(path: Path) -> tuple[PackageInfo, PackageLayout]:
    if not path.is_file():
        raise NotFound(_("The translation package file does not exist."))
    try:
        layout = inspect_archive(path)
        if f"{layout.top}/sentencepiece.model" in layout.names:
            with zipfile.ZipFile(path) as zf:
                data = zf.read(f"{layout.top}/sentencepiece.model")
            _check_sentencepiece(data)
    except ManifestError as exc:
        raise _refuse(str(exc)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _refuse(_("the zip archive is damaged.")) from exc
    meta = layout.metadata
    info = PackageInfo(layout.from_code, layout.to_code, str(meta.get("package_version", "")), layout.top,
                       layout.splitter)
    return info, layout


def _check_sentencepiece(data: bytes) -> None:
    # lazy: keeps sentencepiece out of start-up until this runs
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_proto=data)
    except Exception as exc:  # sentencepiece raises bare RuntimeError/OSError on bad protos
        raise _refuse(_("the tokenizer (sentencepiece.model) is damaged.")) from exc


class ModelManager:
    """Installed translation models in one folder (default: the app's models folder)."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = Path(root) if root is not None else None

    @property
    def root(self) -> Path:
        return paths.private_dir(self._root if self._root is not None else paths.models_dir())

    def list_models(self) -> list[InstalledModel]:
        """Installed, loadable models, sorted by pair. Damaged folders are skipped (see ``problems``)."""
        found = []
        for folder in sorted(self.root.iterdir()):
            model = read_installed(folder)
            if model is not None:
                found.append(model)
        return sorted(found, key=lambda m: (m.from_code, m.to_code))

    def problems(self) -> list[str]:
        """Names of folders in the models folder that are not usable packages."""
        return [f.name for f in sorted(self.root.iterdir())
                if f.is_dir() and not f.name.startswith(".") and read_installed(f) is None]

    def pairs(self) -> set[tuple[str, str]]:
        return {(m.from_code, m.to_code) for m in self.list_models()}

    def find(self, from_code: str, to_code: str) -> InstalledModel | None:
        # Newest version wins if two folders hold the same pair.
        candidates = [m for m in self.list_models() if (m.from_code, m.to_code) == (from_code, to_code)]
        return max(candidates, key=lambda m: _version_key(m.version)) if candidates else None

    def install(self, source: Path | str, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> InstallReport:
        """Install one .argosmodel, or every .argosmodel under a folder (USB stick, model pack).

        A single bad file raises CorruptFile; in a folder, bad files are listed in ``refused``.
        """
        source = Path(source)
        if source.is_dir() and (source / "manifest.json").exists():  # never bypass the pack's signature
            raise BadInput(_("This folder is a model pack: install it with 'modelpack install' (or Models → "
                             "Install a model pack folder), which checks who signed it."))
        if source.is_dir():
            files = sorted(p for p in source.rglob(f"*{PACKAGE_SUFFIX}") if p.is_file())
            if not files:
                raise NotFound(_("No translation package (.argosmodel) was found in this folder."))
        elif source.is_file():
            files = [source]
        else:
            raise NotFound(_("The translation package file does not exist."))
        report = InstallReport()
        for i, file in enumerate(files):
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(i, len(files), _("Installing translation models"))
            try:
                report.installed.append(self._install_one(file))
            except UserError as err:
                if len(files) == 1:
                    raise
                report.refused.append((file.name, str(err)))
        progress(len(files), len(files), _("Installing translation models"))
        return report

    def _install_one(self, file: Path) -> InstalledModel:
        """Check, unpack into a new hidden folder, prove the model translates in a capped child
        process, then swap: the new folder appears under its final name before the old one goes,
        so a working model of the pair is there at every moment, and a bad package changes nothing."""
        info, layout = _checked(file)
        root = self.root
        if not free_space_ok(root, layout.unpacked_size):
            raise DiskFull(_("Not enough free disk space to unpack this translation model."))
        staging = root / f".incoming-{secrets.token_hex(4)}"
        staging.mkdir(mode=0o700)
        retired = None
        try:
            try:
                unpacked = extract_checked(file, staging, layout)
            except ManifestError as exc:
                raise _refuse(str(exc)) from None
            model = read_installed(unpacked)
            if model is None or not _argos_can_open(unpacked):
                raise _refuse(_("argos cannot open it."))
            problem = probe_model(unpacked)
            if problem:
                raise _refuse(_("the model does not work ({reason}).").format(reason=problem))
            old = self.find(info.from_code, info.to_code)
            dest = root / f"translate-{info.from_code}_{info.to_code}-{secrets.token_hex(3)}"
            unpacked.rename(dest)
            if old is not None:
                retired = root / f".retired-{secrets.token_hex(4)}"
                old.path.rename(retired)  # hidden folders are never loaded
            return InstalledModel(model.from_code, model.to_code, model.version, dest, model.splitter)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull(_("Not enough free disk space to unpack this translation model.")) from exc
            raise UserError(_("The translation package could not be unpacked (disk full or read-only?).")) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if retired is not None:
                shutil.rmtree(retired, ignore_errors=True)

    def remove(self, pair: str) -> InstalledModel:
        """Remove an installed pair given as 'fr-en', 'fr_en' or 'fr→en'."""
        parts = [p for p in re.split(r"[-_→>\s]+", pair.strip().lower()) if p]
        if len(parts) != 2:
            raise BadInput(_("Give a language pair like fr-en."))
        removed = None
        for model in self.list_models():
            if (model.from_code, model.to_code) == (parts[0], parts[1]):
                shutil.rmtree(model.path)
                removed = model
        if removed is None:
            raise NotFound(_("No translation model {pair} is installed.").format(pair=f"{parts[0]}-{parts[1]}"))
        return removed


def _argos_can_open(folder: Path) -> bool:
    try:
        pkg = argos().package.Package(folder)
    except Exception:  # argos raises whatever json/os raise; any failure means "refuse"
        return False
    return getattr(pkg, "tokenizer", None) is not None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version)[:4])
