"""Where things live: per-user data/config folders (platformdirs), packaged resources, frozen builds."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
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


# The data folder (forms, glossary, rules, demo, compiled catalogues in locale/). A source checkout and an
# editable install read the repository's top-level resources/; a wheel and the PyInstaller bundle carry
# a copy inside the package (setup.py's build_py and installer/volunteer_desk.spec put it there).
_PACKAGE = Path(__file__).resolve().parent.parent
PACKAGED_RESOURCES = "_resources"


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The one place resources are looked up: works in a checkout, editable install, wheel and bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "volunteer_desk" / PACKAGED_RESOURCES
    packaged = _PACKAGE / PACKAGED_RESOURCES
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "resources"


def resource(*parts: str) -> Path:
    """A path inside the resources folder: ``resource("forms")``, ``resource("demo", "family.json")``."""
    return resources_dir().joinpath(*parts)


def locale_dir() -> Path:
    """Compiled gettext catalogues (<lang>/LC_MESSAGES/volunteer_desk.mo), built from translations/*.po."""
    return resource("locale")


def private_dir(path: Path) -> Path:
    """Create a folder readable only by its owner (shared PCs: other accounts must not look in)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
