"""Every screen in French, Dutch and Arabic, switched live (no restart): no English word left.

English words are the words of our own English strings (the catalogue's msgids) that the target
language's translations never use, plus the words of Qt's English dialogs; a short allow-list keeps
names that are the same in every language. Family data (names, letters) is not UI text: only
labels, buttons, tabs, headers, menus, placeholders, combo items and window titles are read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from ui_helpers import open_demo_family, unlock, wait_idle

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("fr", "nl", "ar")
ALLOW = {"volunteer", "desk", "cpas", "ocmw", "pdf", "iban", "ctrl", "niss", "bis", "bapa", "cri", "mutuelle",
         "brexit", "caps", "lock", "usb", "wav", "json", "csv", "famiwal", "famiris", "piis", "argos", "min",
         "dari", "sqlcipher", "dejavu", "noto", "espeak", "stanza", "fle", "sms", "email", "mail", "ok",
         "english",   # the language's own name in the language pickers
         "famille", "centre",  # the demo family's and its CRI's names: data, not UI text
         "baj"}  # Bureau d'aide juridique: an organisation's French name, kept as the office writes it
QT_ENGLISH = {"look", "cancel", "open", "save", "directory", "folder", "files", "type", "back", "forward",
              "parent", "detail", "view", "list", "name", "size", "date", "modified", "yes", "close"}
DATA_LABEL_TABLES = {"tasksTable", "residenceTable", "contactsTable", "membersTable"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def _english_words(lang: str) -> set[str]:
    from babel.messages.pofile import read_po

    with (ROOT / "translations" / f"{lang}.po").open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    english, native = set(), set()
    for m in catalogue:
        if not m.id or not isinstance(m.id, str):
            continue
        english |= {w.lower() for w in WORD.findall(m.id.replace("&", ""))}
        native |= {w.lower() for w in WORD.findall(str(m.string).replace("&", ""))}
    return {w for w in (english | QT_ENGLISH) - native if len(w) > 2} - ALLOW


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every visible piece of UI text under ``root``."""
    out = []

    def add(w: QWidget, text: str) -> None:
        if text:
            out.append((f"{type(w).__name__}:{w.objectName()}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if w.isWindow():
            add(w, w.windowTitle())
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
            add(w, w.toolTip())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                add(w, item.text() if item else "")
            if w.objectName() in DATA_LABEL_TABLES:  # cells made of labels (kinds, statuses, step titles)
                for r in range(w.rowCount()):
                    for c in range(w.columnCount()):
                        item = w.item(r, c)
                        add(w, item.text() if item else "")
        elif isinstance(w, QTableView):
            model = w.model()
            for c in range(model.columnCount()):
                add(w, str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
        elif isinstance(w, QMenu):
            for action in w.actions():
                add(w, action.text())
    return out


def _english_in(root: QWidget, words: set[str]) -> list[str]:
    found = []
    for where, text in _texts(root):
        if where.endswith(":lookInCombo"):  # the folder path the user is in: theirs, not UI text
            continue
        if re.search(r"<[a-z]+", text):  # rich text: drop the tags
            text = re.sub(r"<[^>]+>", " ", text)
        bad = [w for w in WORD.findall(text.replace("&", "")) if w.lower() in words]
        if bad:
            found.append(f"{where}: {text!r} ({', '.join(bad)})")
    return found


def _switch(window, qtbot, lang: str) -> None:
    window.show_settings()
    dialog = window.settings_dialog
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData(lang))
    dialog.accept()
    qtbot.waitUntil(lambda: window.families.loaded, timeout=15_000)


@pytest.fixture
def english_back(qapp):
    yield
    from volunteer_desk.ui.language import apply_language

    apply_language(qapp, "en")


def test_every_screen_in_three_languages_has_no_english(window, qtbot, services, demo_family_id, english_back):
    unlock(qtbot, window)
    view = open_demo_family(qtbot, window, demo_family_id)
    problems: dict[str, list[str]] = {}
    for lang in LANGS:
        _switch(window, qtbot, lang)  # live: the family stays open
        qtbot.waitUntil(lambda: demo_family_id in window.views
                        and window.views[demo_family_id].model.snapshot is not None, timeout=10_000)
        wait_idle(qtbot, services)
        view = window.views[demo_family_id]
        assert window.windowTitle() and window.menuBar().actions()[0].text() != "&File"
        words = _english_words(lang)
        bad = _english_in(window, words)
        window.workspace.setCurrentWidget(window.families)
        bad += _english_in(window, words)
        window.workspace.setCurrentWidget(view)
        for attr in view._specs:
            view.show_tab(attr)
            wait_idle(qtbot, services)
            bad += [f"[{attr}] {b}" for b in _english_in(window, words)]
        # dialogs: a member, a task, settings, the recovery kit, and Qt's own file dialog
        view.show_tab("household")
        member = view.household.open_member(None)
        bad += [f"[member] {b}" for b in _english_in(member, words)]
        member.reject()
        view.show_tab("tasks")
        task = view.tasks.add()
        bad += [f"[task] {b}" for b in _english_in(task, words)]
        task.reject()
        window.show_settings()
        bad += [f"[settings] {b}" for b in _english_in(window.settings_dialog, words)]
        window.settings_dialog.reject()
        from volunteer_desk.ui.dialogs.recovery_kit import RecoveryKitDialog

        kit = RecoveryKitDialog("ABCD-EFGH", "2026-12-01", window)
        kit.show()
        bad += [f"[kit] {b}" for b in _english_in(kit, words)]
        kit.done(0)
        from volunteer_desk.ui.widgets.common import private_file_dialog

        files = private_file_dialog(window, "x")  # the one every file picker of the app uses
        files.show()
        bad += [f"[file dialog] {b}" for b in _english_in(files, words)]
        files.done(0)
        if bad:
            problems[lang] = sorted(set(bad))
        assert isinstance(member, QDialog)
    assert not problems, "\n".join(f"{lang}:\n  " + "\n  ".join(p) for lang, p in problems.items())
