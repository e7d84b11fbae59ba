"""Shell flows: first run, unlock, families, idle lock, clipboard, settings, watchdog, languages."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from ui_helpers import ADMIN, assert_no_freeze, open_demo_family, unlock, wait_idle  # noqa: F401


def test_first_run_creates_vault_and_admin(make_services, tmp_path, qtbot):
    from volunteer_desk.ui.main_window import MainWindow
    from volunteer_desk.vault import Vault

    services = make_services(tmp_path / "new-vault")
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    page = win.first_run
    assert win.stack.currentWidget() is page
    page.name.setText("Zoé")
    page.passphrase.setText("long enough phrase")
    page.confirm.setText("different phrase!!")
    page.button.click()
    assert "different" in page.error.text()
    page.confirm.setText("long enough phrase")
    page.button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.workspace, timeout=15_000)
    qtbot.waitUntil(lambda: win.families.loaded, timeout=5_000)
    assert win.families.model.rowCount() == 0
    assert Vault(tmp_path / "new-vault").find_volunteer("Zoé").is_admin


def test_unlock_wrong_then_right(window, qtbot, services):
    page = window.unlock_page
    page.name.setText(ADMIN)
    page.passphrase.setText("wrong passphrase")
    page.button.click()
    qtbot.waitUntil(lambda: page.error.text() != "", timeout=10_000)
    assert window.stack.currentWidget() is page
    assert page.passphrase.text() == ""  # never left in the field
    unlock(qtbot, window)
    names = [window.families.model.item(r, 0).text() for r in range(window.families.model.rowCount())]
    assert names == ["Famille Haddad (démo)"]
    assert window.who.text().endswith(ADMIN)
    assert "2026-12-01" in window.rules_age.text()     # legal rules reviewed on DATE, always in view
    assert_no_freeze(services)


def test_search_filters_families(window, qtbot, services):
    unlock(qtbot, window)
    window.families.create_family("Famille Öztürk")
    qtbot.waitUntil(lambda: window.families.model.rowCount() == 2, timeout=10_000)
    window.families.search.setText("ozt")
    assert window.families.proxy.rowCount() == 0  # plain substring search: no accent folding claimed
    window.families.search.setText("Öz")
    assert window.families.proxy.rowCount() == 1


def test_create_family_shows_recovery_kit_once_then_opens(window, qtbot, services):
    unlock(qtbot, window)
    window.families.create_family("Famille Nouvelle")
    qtbot.waitUntil(lambda: getattr(window, "recovery_dialog", None) is not None, timeout=10_000)
    kit = window.recovery_dialog
    code = kit.code
    assert len(code) > 20
    assert code in kit.document().toPlainText()
    kit.accept()
    qtbot.waitUntil(lambda: window.current_family_view() is not None, timeout=10_000)
    view = window.current_family_view()
    qtbot.waitUntil(lambda: view.title.text() == "Famille Nouvelle", timeout=10_000)
    names = [window.families.model.item(r, 0).text() for r in range(window.families.model.rowCount())]
    assert "Famille Nouvelle" in names
    assert_no_freeze(services)


def test_idle_lock_closes_families_and_asks_again(make_services, vault_dir, demo_family_id, qtbot):
    from volunteer_desk.ui.main_window import MainWindow

    services = make_services(vault_dir, idle_ms=200)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    win.open_family(demo_family_id, "")  # the lock may come while the file is still opening
    assert win.views
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=5_000)
    assert win.views == {}
    assert services.desk.session is None
    assert "inactivity" in win.unlock_page.reason.text() or win.unlock_page.reason.isVisible()
    wait_idle(qtbot, services)
    assert services.desk.workers == {}
    # The family file lock was released: another session can open it for writing.
    from volunteer_desk.vault import Vault

    other = Vault(vault_dir).unlock("admin", "correct horse battery")
    with other.open_family(demo_family_id) as ff:
        assert ff.get("household", "household")
    other.close()


def test_activity_postpones_idle_lock(make_services, vault_dir, qtbot):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    from volunteer_desk.ui.main_window import MainWindow

    services = make_services(vault_dir, idle_ms=400)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    win.families.search.setFocus()

    def type_for(window, seconds: float) -> None:
        # Keys through the window system, as a keyboard sends them (not straight to a widget).
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QTest.keyClick(window, Qt.Key.Key_A)
            qtbot.wait(100)

    type_for(win.windowHandle(), 0.9)
    assert win.stack.currentWidget() is win.workspace
    assert win.families.search.text().startswith("aaa")  # the keys reached the search field
    # A dialog opened afterwards is a window of its own: typing there postpones the lock too.
    dialog = QDialog(win)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=2_000)
    type_for(dialog.windowHandle(), 0.9)
    assert win.stack.currentWidget() is win.workspace
    assert field.text().startswith("aaa")
    dialog.close()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=3_000)


def test_idle_lock_watches_windows_not_every_event(qapp, qtbot):
    """The idle filter sits on the windows: timers and signals from workers never go through Python
    (an application-wide filter in Python took the GIL for each, and froze the window under load)."""
    from PySide6.QtWidgets import QWidget

    from volunteer_desk.ui.safety import IdleLock

    lock = IdleLock(60_000)
    calls: list[object] = []
    original = lock.eventFilter
    lock.eventFilter = lambda watched, event: calls.append(watched) or original(watched, event)
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    lock.start()
    try:
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(1)
        qtbot.waitUntil(lambda: len(ticks) >= 50, timeout=5_000)
        timer.stop()
        assert all(watched is widget.windowHandle() for watched in calls)
        assert len(calls) < 10
        # Qt saying the application is suspended asks for one lock, however often the timer restarted.
        asked: list[str] = []
        lock.lock_requested.connect(asked.append)
        for _ in range(3):
            lock._restart()
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
        assert asked == ["suspended"]
    finally:
        lock.close()


def test_copied_identifier_is_cleared_if_still_ours(qapp, qtbot):
    from volunteer_desk.ui.safety import ClipboardGuard

    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clear_after_ms=150)
    guard.copy("85073003328")
    assert clipboard.text() == "85073003328"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2_000)
    guard.copy("85073003328")
    clipboard.setText("something the volunteer copied")
    qtbot.wait(300)
    assert clipboard.text() == "something the volunteer copied"


def test_settings_hold_no_family_data(window, qtbot, services, demo_family_id, vault_dir):
    unlock(qtbot, window)
    view = open_demo_family(qtbot, window, demo_family_id)
    view.show_tab("contacts")
    window.close_family(demo_family_id)
    services.settings.shared_pc = True
    window.close()
    wait_idle(qtbot, services)
    text = services.settings_store.path.read_text(encoding="utf-8", errors="replace")
    assert "shared_pc=true" in text
    for secret in ("Haddad", "Rami", demo_family_id, str(vault_dir), "admin", "Liège"):
        assert secret not in text


def test_settings_are_typed_with_defaults(tmp_path, qapp):
    from volunteer_desk.ui.settings import SettingsStore

    store = SettingsStore(tmp_path / "s.ini")
    s = store.load()
    assert (s.ui_language, s.shared_pc, s.idle_lock_ms()) == ("fr", False, 10 * 60_000)
    s.shared_pc = True
    s.idle_lock_minutes = 0
    store.save(s)
    s2 = SettingsStore(tmp_path / "s.ini").load()
    assert s2.shared_pc is True and s2.idle_lock_ms() == 5 * 60_000
    (tmp_path / "bad.ini").write_text("[General]\nidle_lock_minutes=lots\nui_language=xx\n")
    bad = SettingsStore(tmp_path / "bad.ini").load()
    assert bad.idle_lock_minutes == 0 and bad.ui_language == "fr"


def test_watchdog_catches_a_blocked_main_thread(qapp, qtbot):
    from volunteer_desk.ui.safety import Watchdog

    dog = Watchdog(limit_ms=200)
    dog.start()
    qtbot.wait(100)
    assert dog.blocks == []
    QTimer.singleShot(0, lambda: time.sleep(0.35))
    qtbot.wait(200)
    dog.stop()
    assert len(dog.blocks) == 1 and dog.blocks[0] > 200


def test_job_results_arrive_on_the_main_thread(qapp, qtbot):
    import threading

    from volunteer_desk.core.errors import BadInput
    from volunteer_desk.ui.tasks import TaskRunner

    runner = TaskRunner(2)
    main = threading.get_ident()
    seen = {}

    def work(progress, cancel):
        seen["worker"] = threading.get_ident()
        for i in range(3):
            progress(i + 1, 3, "step")
        return 42

    job = runner.submit(work, on_done=lambda r: seen.update(result=r, thread=threading.get_ident()),
                        on_progress=lambda d, t, m: seen.setdefault("progress", []).append(d))
    qtbot.waitUntil(lambda: job.done or "result" in seen, timeout=3_000)
    assert seen["result"] == 42 and seen["thread"] == main and seen["worker"] != main
    assert seen["progress"] == [1, 2, 3]

    errors = []
    runner.submit(lambda: (_ for _ in ()).throw(BadInput("nope")), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3_000)
    assert str(errors[0]) == "nope"

    cancelled = []

    def slow(cancel):
        while True:
            cancel.raise_if_cancelled()
            time.sleep(0.01)

    job = runner.submit(slow, on_cancelled=lambda: cancelled.append(True))
    job.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=3_000)
    runner.shutdown()


def test_arabic_is_right_to_left_with_qt_strings(qapp):
    from PySide6.QtCore import QCoreApplication, Qt

    from volunteer_desk.core.i18n import ui_language
    from volunteer_desk.ui.language import apply_language

    try:
        apply_language(qapp, "ar")
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert ui_language() == "ar"
        # Qt's own dialogs: the qtbase catalogue answers in Arabic.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
        apply_language(qapp, "fr")
        from volunteer_desk.ui.dialogs.unlock import UnlockPage

        assert UnlockPage(None).button.text() == "Déverrouiller"  # our own catalogue, compiled
    finally:
        apply_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_a_closed_window_is_not_called_by_the_services_it_leaves(services, qtbot):
    """The services outlive a window (a language change builds a new one): their signals must not reach
    a deleted window's widgets ("Internal C++ object already deleted" in the event loop)."""
    from PySide6.QtWidgets import QApplication

    from volunteer_desk.ui.main_window import MainWindow

    old = MainWindow(services)
    old.deleteLater()
    qtbot.waitUntil(lambda: not any(w is old for w in QApplication.topLevelWidgets()), timeout=5_000)
    QApplication.processEvents()
    new = MainWindow(services)
    qtbot.addWidget(new)
    services.idle.warning.emit(30)
    services.idle.warning_cleared.emit()
    services.runner.busy_changed.emit(True)
    services.runner.busy_changed.emit(False)
    assert new.lock_warning.isHidden() and new.busy.isHidden()
