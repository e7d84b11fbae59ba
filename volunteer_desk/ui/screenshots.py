"""``volunteer-desk --screenshots DIR``: each main screen on a demo vault, one PNG per screen.

Two sets: DIR/*.png at 1366×768 (the common laptop) and DIR/1024x600/*.png (a netbook, the
smallest screen volunteers use), so a screen that does not fit shows in review.

The demo vault lives in a temporary folder and is deleted at the end; settings go to a temporary
config folder too, so taking screenshots never touches the volunteer's real data or preferences.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from volunteer_desk.core.paths import resource
from volunteer_desk.family import snapshot
from volunteer_desk.family.letters_store import add_letter
from volunteer_desk.letters.samples import render_page, sample_letter_text
from volunteer_desk.ui.appearance import apply_text_size
from volunteer_desk.ui.dialogs.recovery_kit import RecoveryKitDialog
from volunteer_desk.ui.language import apply_language
from volunteer_desk.ui.main import build_services, build_window, ensure_platform, make_app
from volunteer_desk.vault import Vault
from volunteer_desk.vault.crypto import KdfParams

DEMO_VOLUNTEER, DEMO_PASSPHRASE = "demo", "demo-passphrase"
SIZE = (1366, 768)
SMALL_SIZE = (1024, 600)
SMALL_DIR = "1024x600"


def _wait(app, condition: Callable[[], bool], timeout: float = 30.0) -> bool:  # noqa: ANN001
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


def _settle(app, services, timeout: float = 60.0) -> None:  # noqa: ANN001
    _wait(app, lambda: services.runner.active == 0, timeout)
    for _ in range(5):
        app.processEvents()


def _demo_vault(root: Path) -> str:
    session = Vault.init(root, DEMO_VOLUNTEER, DEMO_PASSPHRASE, kdf=KdfParams.floor(),
                         summarizer=snapshot.index_summary)
    data = json.loads(resource("demo", "family.json").read_text(encoding="utf-8"))
    fid, _code = session.create_family(data["household"]["display_name"])
    with session.open_family(fid) as ff:
        snapshot.import_into(ff, data)
        _add_demo_letter(ff)
        session.refresh_index(ff)
    for name in ("Famille K. (démo)", "Famille Petrenko (démo)"):
        session.create_family(name)
    session.close()
    return fid


def _add_demo_letter(ff) -> None:  # noqa: ANN001
    """A sample CPAS letter with its page image."""
    text = sample_letter_text("cpas_decision")
    image = render_page(text, "clean", dpi=100)
    add_letter(ff, [image], "image/png", "CPAS — décision", text=text, language="fr",
               received_on="2026-11-02", sender="CPAS de Liège")


def take_screenshots(out_dir: Path, language: str = "fr") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="vd-shots-"))
    os.environ["VOLUNTEER_DESK_CONFIG"] = str(tmp / "config")
    try:
        return _take(out_dir, tmp, language)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _take(out_dir: Path, tmp: Path, language: str) -> list[Path]:
    app = make_app([])
    saved: list[Path] = []
    (out_dir / SMALL_DIR).mkdir(exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def dispose(window, services) -> None:  # noqa: ANN001
        """Close for good: a window or an idle filter left behind slows every later event."""
        window.close()
        settle()
        services.runner.shutdown()
        services.idle.close()
        if services.session_watch is not None:
            services.session_watch.close()
        window.deleteLater()
        settle()

    def shot(widget, name: str) -> None:  # noqa: ANN001
        settle()
        path = out_dir / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)
        small = out_dir / SMALL_DIR / f"{name}.png"
        if widget.isWindow() and widget.size().toTuple() == SIZE:  # the main window: again on a netbook
            widget.resize(*SMALL_SIZE)
            settle()
            widget.grab().save(str(small))
            widget.resize(*SIZE)
            settle()
        else:  # dialogs keep their own size
            widget.grab().save(str(small))
        saved.append(small)

    # First run on an empty folder.
    apply_language(app, language)
    apply_text_size(app, 100)
    services = build_services(tmp / "empty-vault", settings_path=tmp / "settings.ini")
    window = build_window(services)
    window.resize(*SIZE)
    window.show()
    shot(window, "01-first-run")
    dispose(window, services)

    fid = _demo_vault(tmp / "vault")
    services = build_services(tmp / "vault", settings_path=tmp / "settings.ini")
    window = build_window(services)
    window.resize(*SIZE)
    window.show()
    window.unlock_page.name.setText(DEMO_VOLUNTEER)
    shot(window, "02-unlock")
    window.unlock_page.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_page.submit()
    _wait(app, lambda: window.families.loaded)
    _settle(app, services)
    shot(window, "03-families")

    window.open_family(fid, "")
    _wait(app, lambda: window.views.get(fid) is not None and window.views[fid].model.snapshot is not None)
    _settle(app, services)
    view = window.views[fid]
    for number, (tab, name) in enumerate(
            [("household", "household"), ("residence", "residence"), ("contacts", "contacts"),
             ("letters", "letters"), ("tasks", "tasks"), ("forms", "forms"), ("consent", "consent"),
             ("packet", "packet")], start=4):
        if getattr(view, tab, None) is None:
            continue
        view.show_tab(tab)
        prepare = getattr(getattr(view, tab), "prepare_screenshot", None)
        if prepare:
            prepare()
        _settle(app, services)
        shot(window, f"{number:02d}-{name}")
        if name == "letters":  # confirm the letter's deadline so the tasks screen has something to show
            view.letters.view.confirm_tasks()
            _settle(app, services)

    window.show_settings()
    shot(window.settings_dialog, "12-settings")
    window.settings_dialog.reject()
    window.show_models()
    _settle(app, services)
    shot(window.models_dialog, "13-models")
    window.models_dialog.reject()

    kit = RecoveryKitDialog("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345", "2026-11-23", window)
    kit.show()
    shot(kit, "14-recovery-kit")
    kit.done(0)  # close() is refused: the code is shown once
    kit.deleteLater()

    _settle(app, services)
    dispose(window, services)

    # Arabic: a fresh window built in Arabic, right-to-left, with Qt's own strings in Arabic.
    apply_language(app, "ar")
    services = build_services(tmp / "vault", settings_path=tmp / "settings.ini")
    window = build_window(services)
    window.resize(*SIZE)
    window.show()
    window.unlock_page.name.setText(DEMO_VOLUNTEER)
    window.unlock_page.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_page.submit()
    _wait(app, lambda: window.families.loaded)
    _settle(app, services)
    shot(window, "15-families-ar")
    window.open_family(fid, "")
    _wait(app, lambda: window.views.get(fid) is not None and window.views[fid].model.snapshot is not None)
    _settle(app, services)
    window.views[fid].show_tab("household")
    _settle(app, services)
    shot(window, "16-household-ar")
    window.views[fid].show_tab("letters")
    _settle(app, services)
    shot(window, "17-letters-ar")
    _settle(app, services)
    dispose(window, services)
    apply_language(app, language)
    return saved


def run_screenshots(out_dir: str | Path) -> int:
    """``volunteer-desk --screenshots DIR``: prints the path of each PNG written."""
    ensure_platform()
    paths = take_screenshots(Path(out_dir))
    for path in paths:
        print(path)
    return 0 if paths else 1
