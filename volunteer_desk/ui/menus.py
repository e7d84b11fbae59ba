"""The menu bar and toolbar of the shell: every command with a mnemonic, the usual shortcuts.

Ctrl+N new family, Ctrl+F find a family, Ctrl+S save the screen in front, Ctrl+P print it,
Ctrl+W close the family, Ctrl+L lock, Ctrl+Q quit. Built again on a language change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from volunteer_desk.core.i18n import _

if TYPE_CHECKING:
    from volunteer_desk.ui.main_window import MainWindow


def _action(win: MainWindow, text: str, slot: Callable[[], object], shortcut: str = "", name: str = "") -> QAction:
    action = QAction(text, win)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(win: MainWindow) -> None:
    """Menus and toolbar on ``win`` (a MainWindow); sets ``win.<name>_action`` for tests and states."""
    bar = win.menuBar()
    bar.clear()
    for old in win.findChildren(QToolBar):
        win.removeToolBar(old)
        old.deleteLater()

    win.new_action = _action(win, _("&New family…"), win.new_family, "Ctrl+N", "newFamilyAction")
    win.find_action = _action(win, _("&Find a family"), win.find_family, "Ctrl+F", "findAction")
    win.lock_action = _action(win, _("&Lock"), lambda: win.desk.lock("user"), "Ctrl+L", "lockAction")
    win.quit_action = _action(win, _("&Quit"), win.close, "Ctrl+Q", "quitAction")
    win.save_action = _action(win, _("&Save"), win.save_current, "Ctrl+S", "saveAction")
    win.print_action = _action(win, _("&Print…"), win.print_current, "Ctrl+P", "printAction")
    win.close_family_action = _action(win, _("&Close the family"), win.close_current_family, "Ctrl+W",
                                      "closeFamilyAction")
    win.models_action = _action(win, _("Translation &models…"), win.show_models, name="modelsAction")
    win.settings_action = _action(win, _("&Settings…"), win.show_settings, name="settingsAction")

    file_menu = bar.addMenu(_("&File"))
    for action in (win.new_action, win.find_action, None, win.lock_action, win.quit_action):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    family_menu = bar.addMenu(_("F&amily"))
    for action in (win.save_action, win.print_action, win.close_family_action):
        family_menu.addAction(action)
    tools = bar.addMenu(_("&Tools"))
    tools.addAction(win.models_action)
    tools.addAction(win.settings_action)

    toolbar = QToolBar(_("Main"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    win.addToolBar(toolbar)
    for action in (win.new_action, win.save_action, win.print_action, win.lock_action, win.models_action,
                   win.settings_action):
        toolbar.addAction(action)
    win.unlocked_actions = [win.new_action, win.find_action, win.lock_action, win.save_action, win.print_action,
                            win.close_family_action, win.models_action]
    win._set_unlocked_actions(win.desk.is_unlocked)
