"""Helpers shared by the UI tests."""

from __future__ import annotations

ADMIN, ADMIN_PASS = "admin", "correct horse battery"  # as in tests/conftest.py


def wait_idle(qtbot, services, timeout=20_000):
    qtbot.waitUntil(lambda: services.runner.active == 0, timeout=timeout)


def unlock(qtbot, win, name=ADMIN, passphrase=ADMIN_PASS):
    page = win.unlock_page
    assert win.stack.currentWidget() is page
    page.name.setText(name)
    page.passphrase.setText(passphrase)
    page.button.click()
    qtbot.waitUntil(lambda: win.families.loaded, timeout=15_000)


def open_demo_family(qtbot, win, fid):
    win.families.table.selectRow(0)
    win.open_family(fid, "")
    qtbot.waitUntil(lambda: fid in win.views and win.views[fid].model.snapshot is not None, timeout=10_000)
    wait_idle(qtbot, win.services)
    return win.views[fid]


def assert_no_freeze(services):
    assert services.watchdog.blocks == [], f"main thread blocked (ms): {services.watchdog.blocks} at {services.watchdog.stacks}"


def open_form(qtbot, family_view, form_id):
    """Show the Forms screen and select ``form_id``; returns the tab once that form is filled."""
    from volunteer_desk.ui.forms.forms_tab import FORM_ROLE

    tab = family_view.forms
    family_view.show_tab("forms")
    qtbot.waitUntil(lambda: tab.list.count() > 3, timeout=10_000)
    row = next(i for i in range(tab.list.count()) if tab.list.item(i).data(FORM_ROLE) == form_id)
    tab.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: tab.filled is not None and tab.filled.form_id == form_id, timeout=20_000)
    return tab
