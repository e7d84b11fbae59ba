"""App settings, declared once, typed, with defaults (Picard's options.py), stored with QSettings.

Only preferences live here: languages, idle lock, shared-PC mode, window geometry. Never family
names, ids, paths or recent files (KeePassXC leaked LastDir/recent files for years). The vault
location comes from the command line or the default data folder, not from settings.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from volunteer_desk.core.paths import config_dir, private_dir
from volunteer_desk.ui.safety import LAPTOP_IDLE_MINUTES, SHARED_PC_IDLE_MINUTES

UI_LANGUAGES = ("fr", "nl", "en", "ar")
DOCUMENT_LANGUAGES = ("fr", "nl", "en", "de")


@dataclass
class UiSettings:
    ui_language: str = "fr"
    document_language: str = "fr"
    shared_pc: bool = False
    idle_lock_minutes: int = 0  # 0: the default for the mode (5 shared PC, 10 laptop)
    window_geometry: bytes = b""
    text_size: int = 100        # percent of the system font, 100–175

    def idle_lock_ms(self) -> int:
        minutes = self.idle_lock_minutes or (SHARED_PC_IDLE_MINUTES if self.shared_pc else LAPTOP_IDLE_MINUTES)
        return int(minutes * 60_000)

    def validated(self) -> UiSettings:
        if self.ui_language not in UI_LANGUAGES:
            self.ui_language = "fr"
        if self.document_language not in DOCUMENT_LANGUAGES:
            self.document_language = "fr"
        self.idle_lock_minutes = max(0, min(240, int(self.idle_lock_minutes)))
        self.text_size = max(100, min(175, int(self.text_size)))
        return self


def _coerce(value: object, kind: type, default: object) -> object:
    if value is None:
        return default
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        if kind is int:
            return int(value)  # type: ignore[arg-type]
        if kind is bytes:
            return bytes(value.data()) if isinstance(value, QByteArray) else bytes(value)  # type: ignore[arg-type]
        return str(value)
    except (TypeError, ValueError):
        return default


class SettingsStore:
    """Load and save ``UiSettings`` in an INI file under the app's config folder."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            path = private_dir(config_dir()) / "settings.ini"
        self.path = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def load(self) -> UiSettings:
        defaults = UiSettings()
        values = {}
        types = {"ui_language": str, "document_language": str, "shared_pc": bool,
                 "idle_lock_minutes": int, "window_geometry": bytes, "text_size": int}
        for f in fields(UiSettings):
            values[f.name] = _coerce(self._qs.value(f.name), types[f.name], getattr(defaults, f.name))
        return UiSettings(**values).validated()  # type: ignore[arg-type]

    def save(self, settings: UiSettings) -> None:
        for f in fields(UiSettings):
            value = getattr(settings.validated(), f.name)
            self._qs.setValue(f.name, QByteArray(value) if isinstance(value, bytes) else value)
        self._qs.sync()
