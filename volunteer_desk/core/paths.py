"""Where things live: per-user data/config folders (platformdirs), packaged resources, frozen builds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "VolunteerDesk"
APP_AUTHOR = "VolunteerDesk"


def data_dir() -> Path:
    override = os.environ.get("VOLUNTEER_DESK_DATA")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    override = os.environ.get("VOLUNTEER_DESK_CONFIG")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_vault_dir() -> Path:
    return data_dir() / "vault"


def models_dir() -> Path:
    """App-owned folder for translation packages (never the user's global argos folder)."""
    return data_dir() / "models"


def resources_dir() -> Path:
    """Packaged resources (forms, glossary, fonts, demo data); works in a PyInstaller bundle too."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "volunteer_desk" / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def private_dir(path: Path) -> Path:
    """Create a folder readable only by its owner (shared PCs: other accounts must not look in)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
