"""Composition root of the Qt app: build the services, then the windows. The only wiring point.

``run_gui(argv)`` starts the desktop app (``ui.screenshots`` builds the same windows on a demo vault).
Heavy modules (OCR, translation, PDF) are imported when a screen first needs them, and warmed up in
the background after the first frame.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from volunteer_desk.vault.crypto import KdfCost

from PySide6.QtWidgets import QApplication

from volunteer_desk.core.paths import default_vault_dir
from volunteer_desk.ui.appearance import apply_text_size, show_fitted
from volunteer_desk.ui.desk import Desk
from volunteer_desk.ui.language import apply_language
from volunteer_desk.ui.main_window import MainWindow
from volunteer_desk.ui.safety import ClipboardGuard, IdleLock, Watchdog
from volunteer_desk.ui.services import Services
from volunteer_desk.ui.session_watch import SessionWatch
from volunteer_desk.ui.settings import SettingsStore
from volunteer_desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def ensure_platform() -> None:
    """With no display (CI, ssh), Qt would abort: use the offscreen platform instead."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def vault_root_from(argv: list[str]) -> Path:
    if "--vault" in argv:
        i = argv.index("--vault")
        if i + 1 < len(argv):
            return Path(argv[i + 1])
    env = os.environ.get("VOLUNTEER_DESK_VAULT")
    return Path(env) if env else default_vault_dir()


def make_app(argv: list[str] | None = None):  # noqa: ANN201 - QApplication
    ensure_platform()

    app = QApplication.instance() or QApplication(["volunteer-desk", *(argv or [])])
    app.setApplicationName("Volunteer Desk")
    app.setOrganizationName("VolunteerDesk")
    app.setApplicationDisplayName("Volunteer Desk")
    return app


def build_services(vault_root: Path, *, settings_path: Path | None = None, idle_ms: int | None = None,
                   clipboard_ms: int = 30_000, threads: int | None = None,
                   kdf_cost: KdfCost | None = None):  # noqa: ANN201 - Services
    """Everything the windows need, built once. A QApplication must exist. ``kdf_cost``: what a new
    key derivation costs (None: tuned to this machine; the UI tests pass the floor)."""
    store = SettingsStore(settings_path)
    settings = store.load()
    runner = TaskRunner(threads)
    services = Services(
        vault_root=Path(vault_root), runner=runner, desk=Desk(Path(vault_root), runner, kdf_cost=kdf_cost),
        settings_store=store,
        settings=settings, clipboard=ClipboardGuard(clipboard_ms), idle=IdleLock(idle_ms or settings.idle_lock_ms()),
        watchdog=Watchdog(), idle_ms_override=idle_ms, session_watch=SessionWatch(),
    )
    return services


def build_window(services):  # noqa: ANN001, ANN201
    return MainWindow(services)


# Imported in the background after the first frame, so no screen pays for them on the main thread.
WARM_MODULES = (
    "volunteer_desk.vault", "volunteer_desk.family.snapshot", "volunteer_desk.family.validation",
    "volunteer_desk.family.consent", "volunteer_desk.ui.families.family_view", "volunteer_desk.ui.letters.letters_tab",
    "volunteer_desk.ui.letters.intake_dialog", "volunteer_desk.ui.forms.forms_tab", "volunteer_desk.ui.packet.packet_tab",
    "volunteer_desk.ui.dialogs.recovery_kit", "volunteer_desk.ui.dialogs.settings_dialog",
    "volunteer_desk.ui.dialogs.models_dialog", "stdnum.be.nn", "stdnum.be.bis", "stdnum.be.iban", "stdnum.iban",
    "phonenumbers", "volunteer_desk.letters.intake", "volunteer_desk.letters.ocr", "volunteer_desk.letters.facts",
    "volunteer_desk.translation.glossary", "volunteer_desk.ui.widgets.date_field",
    "volunteer_desk.ui.widgets.language_picker", "volunteer_desk.ui.drafts", "volunteer_desk.family.tasks",
    "babel.core",
)


def warm_up_imports() -> int:
    loaded = 0
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
            loaded += 1
        except ImportError:
            pass  # a capability not built or not installed: its screen says so when opened
    try:  # the language names of the UI language, read once (babel's locale data is slow to load)
        # lazy: warm-up: runs in the background after the first frame (babel's locale data is slow)
        from volunteer_desk.core.i18n import ui_language
        from volunteer_desk.core.languages import name_in

        name_in("ar", ui_language())
    except ImportError:
        pass
    return loaded


def freeze_heap() -> None:
    """Move everything alive now (Qt, numpy, reportlab…) out of the cyclic GC's sight.

    A full collection over the whole heap took 150–200 ms on the main thread — a visible freeze;
    after ``gc.freeze()`` collections only scan objects made since (Instagram's recipe).
    """
    gc.collect()
    gc.freeze()


def start_warm_up(services):  # noqa: ANN001, ANN201 - returns the Job
    return services.runner.submit(warm_up_imports, name="warm-up", on_done=lambda _n: freeze_heap(),
                                  on_error=lambda exc: None)


def run_gui(argv: list[str] | None = None) -> int:
    argv = [a for a in (argv or []) if a != "--gui"]
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app(argv)

    services = build_services(vault_root_from(argv))
    apply_language(app, services.settings.ui_language)
    apply_text_size(app, services.settings.text_size)
    window = build_window(services)
    services.watchdog.start()
    show_fitted(window)
    start_warm_up(services)
    try:
        return app.exec()
    finally:
        services.watchdog.stop()
        if services.session_watch is not None:
            services.session_watch.close()
        services.runner.shutdown()
