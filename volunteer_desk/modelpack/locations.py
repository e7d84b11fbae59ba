"""Where OCR and translation data live, for the model-pack installer, the self-test and the OCR code.

Tesseract language data from a model pack goes to an app-owned folder (``data_dir()/tessdata``), never
into the system's tessdata (no admin rights on association PCs). Tesseract reads one tessdata folder
per run, so ``tessdata_dir_for(langs)`` picks the folder that holds *all* the languages a page needs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from volunteer_desk.core.paths import data_dir

TESSERACT_ENV = "VOLUNTEER_DESK_TESSERACT"  # explicit path to the tesseract program (tests, odd installs)


def app_tessdata_dir() -> Path:
    """Folder where model packs put ``<lang>.traineddata`` (may not exist yet)."""
    return data_dir() / "tessdata"


def find_tesseract() -> Path | None:
    """The tesseract program: env override, the copy bundled beside a frozen build, PATH, Windows default."""
    override = os.environ.get(TESSERACT_ENV)
    if override:
        return Path(override) if Path(override).is_file() else None
    exe = "tesseract.exe" if sys.platform == "win32" else "tesseract"
    if getattr(sys, "frozen", False):
        bundled = Path(sys.executable).resolve().parent / "tesseract" / exe
        if bundled.is_file():
            return bundled
    found = shutil.which("tesseract")
    if found:
        return Path(found)
    if sys.platform == "win32":  # the UB Mannheim installer, per machine or per user
        for base in (os.environ.get("PROGRAMFILES", r"C:\Program Files"), os.environ.get("LOCALAPPDATA", "")):
            default = Path(base) / "Tesseract-OCR" / exe
            if base and default.is_file():
                return default
    return None


def folder_languages(folder: Path) -> set[str]:
    """Languages with a ``.traineddata`` file in ``folder``."""
    if not folder.is_dir():
        return set()
    return {p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata") if p.is_file()}


def default_tessdata(tesseract: Path | None = None, timeout: float = 10.0) -> tuple[Path | None, set[str]]:
    """Tesseract's own default folder and its languages (``tesseract --list-langs``)."""
    tesseract = tesseract or find_tesseract()
    if tesseract is None:
        return None, set()
    try:
        out = subprocess.run(
            [str(tesseract), "--list-langs"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None, set()
    # First line is 'List of available languages in "<dir>" (N):'; then one code a line.
    lines = (out.stdout or "").splitlines()
    folder = None
    if lines:
        match = re.search(r'"(.+)"', lines[0])
        folder = Path(match.group(1)) if match else None
    return folder, {line.strip() for line in lines[1:] if line.strip() and " " not in line.strip()}


def tessdata_dir_for(langs: list[str], tesseract: Path | None = None) -> Path | None:
    """The ``--tessdata-dir`` to pass for these languages, or None for tesseract's own default.

    The app folder wins when it holds every language asked for (a model pack may carry newer data);
    otherwise None when the default folder has them all. Raises nothing: when no folder has them all,
    returns None and tesseract itself will name the missing language.
    """
    wanted = set(langs)
    app = app_tessdata_dir()
    # Without configs/ (tsv, hocr…) tesseract would print nothing: such a folder is not usable alone.
    if wanted and wanted <= folder_languages(app) and (app / "configs").is_dir():
        return app
    return None
