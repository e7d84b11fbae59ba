"""Small screens and keyboards: every screen usable at 1024×600, shortcuts, Belgian dates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLineEdit, QWidget
from ui_helpers import assert_no_freeze, open_demo_family, unlock, wait_idle

SMALL = QSize(1024, 600)


def _off_screen(window: QWidget, root: QWidget | None = None) -> list[str]:
    """Visible buttons and fields not wholly inside the window (cut off: unreachable with the mouse)."""
    root = root or window
    frame = QRect(QPoint(0, 0), window.size())
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, (QAbstractButton, QLineEdit)) or not w.isVisible() or w.width() == 0:
            continue
        if w.parentWidget() is not None and type(w.parentWidget()).__name__ in ("QScrollBar", "QTabBar"):
            continue
        # inside a scroll area the widget can be scrolled to: its viewport must fit instead
        clip = w.visibleRegion().boundingRect()
        if clip.isEmpty() and _in_scroll_area(w):
            continue
        top_left = w.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, w.size())
        if not frame.contains(rect) and not _in_scroll_area(w):
            out.append(f"{type(w).__name__}:{w.objectName() or getattr(w, 'text', lambda: '')()}")
    return out


def _in_scroll_area(w: QWidget) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.fixture
def small_window(window, qtbot):
    window.showNormal()
    window.setMinimumSize(0, 0)
    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL, timeout=2_000)
    return window


@pytest.mark.parametrize("text_size", [100, 150])
def test_every_screen_fits_1024x600(small_window, qtbot, services, demo_family_id, text_size, qapp):
    from volunteer_desk.ui.appearance import apply_text_size

    window = small_window
    apply_text_size(qapp, text_size)
    try:
        window.rebuild()
        assert window.minimumSizeHint().width() <= SMALL.width()
        assert window.minimumSizeHint().height() <= SMALL.height()
        assert not _off_screen(window), "unlock page"
        unlock(qtbot, window)
        assert not _off_screen(window), "families"
        view = open_demo_family(qtbot, window, demo_family_id)
        problems = {}
        for attr in view._specs:
            view.show_tab(attr)
            wait_idle(qtbot, services)
            qtbot.wait(20)
            assert window.size() == SMALL, f"{attr} made the window grow to {window.size()}"
            bad = _off_screen(window)
            if bad:
                problems[attr] = bad
        view.show_tab("household")
        member = view.household.open_member(None)
        qtbot.waitUntil(member.isVisible)
        assert member.height() <= SMALL.height() and member.width() <= SMALL.width()
        assert member.buttons.button(QDialogButtonBox.StandardButton.Save).isVisible()
        member.reject()
        # dialogs that used to open taller than the screen
        screen = window.screen().availableGeometry().size()
        view.show_tab("letters")
        view.letters.new_button.click()
        view.show_tab("tasks")
        view.tasks.open_sheet()
        window.show_models()
        for dialog in (view.letters.intake, view.tasks.sheet_dialog, window.models_dialog):
            qtbot.waitUntil(dialog.isVisible)
            assert dialog.height() <= screen.height() and dialog.width() <= screen.width(), type(dialog).__name__
            dialog.reject()
        wait_idle(qtbot, services)
        assert not problems, problems
    finally:
        apply_text_size(qapp, 100)


def test_small_screens_open_maximised_and_the_window_fits_the_screen(make_services, vault_dir, qtbot):
    from volunteer_desk.ui.appearance import opens_maximised, show_fitted
    from volunteer_desk.ui.main_window import MainWindow

    assert opens_maximised(QSize(1366, 768)) and opens_maximised(QSize(1024, 600))
    assert not opens_maximised(QSize(1920, 1080))
    services = make_services(vault_dir)
    win = MainWindow(services)
    qtbot.addWidget(win)
    available = win.screen().availableGeometry().size()
    assert win.width() <= available.width() and win.height() <= available.height()
    show_fitted(win)  # the offscreen screen is small: maximised
    qtbot.waitUntil(lambda: bool(win.windowState() & Qt.WindowState.WindowMaximized), timeout=2_000)


def test_keyboard_shortcuts_and_enter_to_open(window, qtbot, services, demo_family_id):
    unlock(qtbot, window)
    shortcuts = {a.shortcut().toString() for a in window.findChildren(type(window.save_action))}
    assert {"Ctrl+N", "Ctrl+S", "Ctrl+F", "Ctrl+P", "Ctrl+L"} <= shortcuts
    assert all("&" in a.text() for a in window.menuBar().actions())  # mnemonics: Alt+F, Alt+A, Alt+T
    window.find_action.trigger()
    assert window.families.search.hasFocus() or window.focusWidget() is window.families.search
    # Enter on the family list opens the family
    window.families.table.setFocus()
    window.families.table.selectRow(0)
    qtbot.keyClick(window.families.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: demo_family_id in window.views, timeout=10_000)
    view = window.views[demo_family_id]
    qtbot.waitUntil(lambda: view.model.snapshot is not None, timeout=10_000)
    wait_idle(qtbot, services)
    # Ctrl+S saves the household form in front
    view.show_tab("household")
    tab = view.household
    tab.city.setText("Liège-Centre")
    window.save_action.trigger()
    qtbot.waitUntil(lambda: view.model.snapshot.household.address.get("city") == "Liège-Centre", timeout=10_000)
    # Ctrl+S where nothing needs saving says so instead of doing nothing
    view.show_tab("contacts")
    window.save_action.trigger()
    assert window.statusBar().currentMessage()
    wait_idle(qtbot, services)
    assert_no_freeze(services)


def test_text_size_and_focus_outline(window, qtbot, services, qapp):
    from volunteer_desk.ui.appearance import FOCUS_WIDTH, apply_text_size, install_focus_outline

    base = qapp.font().pointSizeF()
    try:
        window.show_settings()
        dialog = window.settings_dialog
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(150))
        dialog.accept()
        assert services.settings.text_size == 150
        assert abs(qapp.font().pointSizeF() - base * 1.5) < 0.6
        assert window.unlock_page.passphrase.font().pointSizeF() > base  # live, no restart
        # a strong outline follows the keyboard focus
        outline = install_focus_outline(qapp)
        window.activateWindow()
        field = window.unlock_page.name
        field.setFocus()
        qtbot.waitUntil(lambda: outline.widget() is field and outline.isVisible(), timeout=2_000)
        assert outline.geometry().contains(field.geometry()) and FOCUS_WIDTH >= 3
        window.unlock_page.passphrase.setFocus()
        qtbot.waitUntil(lambda: outline.widget() is window.unlock_page.passphrase, timeout=2_000)
    finally:
        from volunteer_desk.ui.language import apply_language

        apply_text_size(qapp, 100)
        apply_language(qapp, "en")  # the settings' language (fr) came with the live switch


def test_belgian_dates_unknown_and_calendar_on_today(window, qtbot, services, demo_family_id):
    from datetime import date

    unlock(qtbot, window)
    view = open_demo_family(qtbot, window, demo_family_id)
    view.show_tab("household")
    dialog = view.household.open_member(None)
    expiry = dialog.card_expiry
    assert expiry.edit.text() == ""                     # unknown: empty, no dash to type around
    assert "—" not in expiry.edit.text()
    expiry.edit.setText("30/06/2029")
    assert expiry.valid and expiry.iso() == "2029-06-30"
    expiry.edit.setText("3/6/29")
    assert expiry.iso() == "2029-06-03"
    expiry.edit.setText("2029-13-45")
    assert not expiry.valid and expiry.message.isVisibleTo(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.first_name.setText("Zélie")
    assert not save.isEnabled()                          # a wrong date is said, never saved
    expiry.edit.setText("")
    assert expiry.valid and expiry.iso() == ""          # unknown is fine
    expiry.calendar_button.menu().aboutToShow.emit()
    assert expiry.calendar.selectedDate().toPython() == date.today()  # opens on today, not January 2000
    expiry.edit.setText("30/06/2029")
    dialog.birth_date.edit.setText("12/04/2019")
    qtbot.waitUntil(save.isEnabled, timeout=2_000)
    dialog.card_type.setCurrentIndex(dialog.card_type.findData("annexe_15"))
    assert "15" in dialog.card_type.currentText() and "_" not in dialog.card_type.currentText()
    save.click()
    qtbot.waitUntil(lambda: any(m.first_name == "Zélie" for m in view.model.snapshot.members), timeout=10_000)
    zelie = next(m for m in view.model.snapshot.members if m.first_name == "Zélie")
    assert (zelie.card_expiry, zelie.birth_date) == ("2029-06-30", "2019-04-12")
    # the family's language: a picker with names in their own script, stored as a code
    picker = view.household.main_language
    assert any(picker.itemText(i).startswith("العربية") for i in range(picker.count()))
    picker.set_code("ar")
    assert picker.code() == "ar"
    wait_idle(qtbot, services)


def test_member_removal_asks_and_defaults_to_keep(window, qtbot, services, demo_family_id):
    unlock(qtbot, window)
    view = open_demo_family(qtbot, window, demo_family_id)
    view.show_tab("household")
    tab = view.household
    before = len(view.model.snapshot.members)
    tab.table.selectRow(before - 1)
    tab.remove_button.click()
    box = tab.remove_box
    assert box.defaultButton().text().replace("&", "") == "Keep"
    box.defaultButton().click()
    qtbot.wait(100)
    assert len(view.model.snapshot.members) == before
    tab.table.selectRow(before - 1)
    tab.remove_button.click()
    box = tab.remove_box
    next(b for b in box.buttons() if b is not box.defaultButton()).click()
    qtbot.waitUntil(lambda: len(view.model.snapshot.members) == before - 1, timeout=10_000)
    wait_idle(qtbot, services)


def test_passphrase_eye_and_caps_lock_warning(window, qtbot):
    field = window.unlock_page.passphrase
    assert field.echoMode() == QLineEdit.EchoMode.Password
    field.eye.trigger()
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    field.eye.trigger()
    assert field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(field, "A")                      # a capital without Shift: Caps Lock is on
    assert field.caps_warning.isVisibleTo(window)
    qtbot.keyClick(field, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier, )  # 'B' typed with Shift...
    field.clear()
    qtbot.keyClicks(field, "b")
    assert not field.caps_warning.isVisibleTo(window)


def test_recovery_kit_enter_prints_and_escape_does_not_close(window, qtbot):
    from volunteer_desk.ui.dialogs.recovery_kit import RecoveryKitDialog
    from volunteer_desk.ui.widgets.common import neutral_printer

    kit = RecoveryKitDialog("ABCD-EFGH-JKLM", "2026-12-01", window)
    kit.show()
    assert kit.print_button.isDefault() and not kit.done_button.isDefault()
    qtbot.keyClick(kit, Qt.Key.Key_Escape)
    assert kit.isVisible()                             # the code shown once stays
    kit.done_button.click()
    assert not kit.isVisible()
    first, second = neutral_printer("Recovery kit"), neutral_printer("Form")
    assert first.docName() != second.docName()
    assert "Haddad" not in first.docName()


def test_first_run_name_has_focus_and_return_submits_from_any_field(make_services, tmp_path, qtbot):
    from volunteer_desk.ui.main_window import MainWindow

    services = make_services(tmp_path / "new-vault")
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    page = win.first_run
    qtbot.waitUntil(lambda: page.name.hasFocus() or win.focusWidget() is page.name, timeout=2_000)
    qtbot.keyClicks(page.name, "Zoe")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)       # from the first field: says what is missing
    assert page.error.text() and win.focusWidget() is page.passphrase
