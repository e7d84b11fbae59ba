"""Defaults an installer sets for the whole PC (not per user): today, "shared PC mode".

The Windows installer writes ``shared_pc_mode.ini`` next to ``volunteer-desk.exe`` when the person
installing ticks "shared PC"; in a per-machine install that folder is read-only for volunteers, so
they cannot switch it off. On Linux an administrator creates ``/etc/volunteer-desk/shared_pc_mode.ini``
(the .deb does not). The file holds no personal data:

    [shared_pc]
    enabled = 1
"""

from __future__ import annotations

import configparser
import os
import sys
from pathlib import Path

FILE_NAME = "shared_pc_mode.ini"
ENV_OVERRIDE = "VOLUNTEER_DESK_MACHINE_INI"  # tests, portable installs


def machine_settings_files() -> list[Path]:
    """Where the installer may have put the machine-wide file, first match wins."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return [Path(override)]
    candidates = []
    if getattr(sys, "frozen", False):
        candidates.append(Path(sys.executable).resolve().parent / FILE_NAME)
    if sys.platform == "win32":
        candidates.append(Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "VolunteerDesk" / FILE_NAME)
    else:
        candidates.append(Path("/etc/volunteer-desk") / FILE_NAME)
    return candidates


def shared_pc_mode() -> bool:
    """True when the installer (or an administrator) marked this PC as shared: shorter idle lock."""
    for path in machine_settings_files():
        if not path.is_file():
            continue
        parser = configparser.ConfigParser()
        try:
            parser.read(path, encoding="utf-8")
            return parser.getboolean("shared_pc", "enabled", fallback=False)
        except (OSError, configparser.Error, ValueError):
            return False  # a damaged file must not lock anybody out: fall back to the personal default
    return False
