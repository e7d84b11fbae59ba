"""Lock without loss: a warning before the idle lock, drafts kept encrypted, families reopened."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_helpers import open_demo_family, unlock, wait_idle


def _window(make_services, vault_dir, qtbot, idle_ms):
    from volunteer_desk.ui.main_window import MainWindow

    services = make_services(vault_dir, idle_ms=idle_ms)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    return services, win


def test_warning_before_lock_and_any_key_postpones(make_services, vault_dir, qtbot):
    services, win = _window(make_services, vault_dir, qtbot, 2_000)  # warned 0.5 s before
    qtbot.waitUntil(win.lock_warning.isVisible, timeout=3_000)
    assert "seconds" in win.lock_warning.text()
    assert win.stack.currentWidget() is win.workspace
    QTest.keyClick(win.windowHandle(), Qt.Key.Key_Shift)  # through the window system, as a keyboard
    assert not win.lock_warning.isVisible()
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=5_000)
    assert time.monotonic() - t0 > 1.2  # postponed: a whole new delay
    assert not win.lock_warning.isVisible()


def test_typed_member_survives_the_lock_and_the_family_reopens(make_services, vault_dir, demo_family_id, qtbot):
    services, win = _window(make_services, vault_dir, qtbot, 60_000)
    view = open_demo_family(qtbot, win, demo_family_id)
    view.show_tab("household")
    view.household.add_button.click()
    dialog = view.household.member_dialog
    dialog.first_name.setText("Zoé")
    dialog.last_name.setText("Nouvelle")
    dialog.relation.setCurrentIndex(dialog.relation.findData("child"))
    services.desk.lock("idle")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=5_000)
    assert win.views == {} and not dialog.isVisible()
    assert len(win.drafts) == 1
    sealed = win.drafts.sealed_bytes()
    assert b"Nouvelle" not in sealed and "Zoé".encode() not in sealed  # encrypted in memory
    wait_idle(qtbot, services)
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: demo_family_id in win.views, timeout=10_000)
    view = win.views[demo_family_id]
    assert win.current_family_view() is view  # the family tab that was open, in front again
    qtbot.waitUntil(lambda: getattr(view.household, "member_dialog", None) is not None
                    and view.household.member_dialog.isVisible(), timeout=10_000)
    again = view.household.member_dialog
    assert (again.first_name.text(), again.last_name.text()) == ("Zoé", "Nouvelle")
    assert again.relation.currentData() == "child"
    assert len(win.drafts) == 0
    wait_idle(qtbot, services)


def test_another_volunteer_does_not_get_the_previous_desk(make_services, vault_dir, demo_family_id, qtbot):
    services, win = _window(make_services, vault_dir, qtbot, 60_000)
    open_demo_family(qtbot, win, demo_family_id)
    win._reopen_for = "someone else"  # as if another volunteer had been working
    services.desk.lock("user")
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=5_000)
    win._reopen_for = "someone else"
    wait_idle(qtbot, services)
    unlock(qtbot, win)
    qtbot.wait(300)
    assert win.views == {}
