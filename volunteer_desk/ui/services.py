"""What the windows receive: the desk, the worker mechanism, settings and safety nets (injected)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from volunteer_desk.ui.desk import Desk
from volunteer_desk.ui.safety import ClipboardGuard, IdleLock, Watchdog
from volunteer_desk.ui.session_watch import SessionWatch
from volunteer_desk.ui.settings import SettingsStore, UiSettings
from volunteer_desk.ui.tasks import TaskRunner


@dataclass
class Services:
    vault_root: Path
    runner: TaskRunner
    desk: Desk
    settings_store: SettingsStore
    settings: UiSettings
    clipboard: ClipboardGuard
    idle: IdleLock
    watchdog: Watchdog
    idle_ms_override: int | None = None  # tests lock after 200 ms
    session_watch: SessionWatch | None = None  # the system's session lock / sleep

    def idle_ms(self) -> int:
        return self.idle_ms_override or self.settings.idle_lock_ms()

    def save_settings(self) -> None:
        self.settings_store.save(self.settings)
