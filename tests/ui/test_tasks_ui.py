"""Tasks that can be corrected, in the app: no duplicates, edit, delete and done with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import assert_no_freeze, open_demo_family, unlock, wait_idle

LETTER = "Rendez-vous au CPAS le 15 mai 2027 à 10h00. Vous devez payer 25,00 € avant le 20 mai 2027."


@pytest.fixture
def family_view(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    return open_demo_family(qtbot, window, demo_family_id)


def _add_letter(view, qtbot):
    from volunteer_desk.family.letters_store import add_letter

    done = []
    view.model.write(lambda ff: add_letter(ff, [], "image/png", "Lettre", text=LETTER, language="fr",
                                           letter_date="2027-05-02"), "letters", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    return done[0]


def _show_letter(view, qtbot, letter_id):
    letters = view.letters
    letters.select_letter(letter_id)
    qtbot.waitUntil(lambda: letters.view.detail is not None and letters.view.detail.letter.id == letter_id,
                    timeout=10_000)
    qtbot.waitUntil(lambda: letters.view.facts.topLevelItemCount() >= 2, timeout=10_000)
    return letters.view


def _ticked(lv):
    return [lv.facts.topLevelItem(i).checkState(0) == Qt.CheckState.Checked
            for i in range(lv.facts.topLevelItemCount())]


def _from_letter(view, letter_id):
    return [t for t in view.model.snapshot.tasks if t.letter_id == letter_id]


def test_dates_added_twice_make_one_task_each_even_after_reopening(family_view, qtbot, services, window,
                                                                   demo_family_id):
    letter_id = _add_letter(family_view, qtbot)
    lv = _show_letter(family_view, qtbot, letter_id)
    n = lv.facts.topLevelItemCount()
    assert all(_ticked(lv))
    lv.confirm.click()
    qtbot.waitUntil(lambda: len(_from_letter(family_view, letter_id)) == n, timeout=10_000)
    assert "added" in lv.facts_note.text()  # a confirmation the volunteer can see
    # tick them all again on purpose and add again: nothing more
    for i in range(n):
        lv.facts.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
    lv.confirm.click()
    qtbot.waitUntil(lambda: "already" in lv.facts_note.text(), timeout=10_000)
    assert len(_from_letter(family_view, letter_id)) == n
    # close and reopen the family (as after a restart): the added dates are not ticked again
    window.close_family(demo_family_id)
    wait_idle(qtbot, services)
    view = open_demo_family(qtbot, window, demo_family_id)
    lv = _show_letter(view, qtbot, letter_id)
    assert not any(_ticked(lv))
    assert_no_freeze(services)


def _row_of(tab, title):
    return next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 1).text() == title)


def _timeline(tab):
    return [tab.timeline.item(i).text() for i in range(tab.timeline.count())]


def test_done_delete_and_edit_can_be_undone(family_view, qtbot, services):
    from volunteer_desk.family import tasks

    letter_id = _add_letter(family_view, qtbot)
    done = []
    proposal = {"title": "Rendez-vous", "due": "2027-05-15", "time": "10:00", "kind": "appointment",
                "source": {"text": "le 15 mai 2027 à 10h00"}}
    family_view.model.write(lambda ff: tasks.add_from_letter(ff, letter_id, [proposal]), "tasks",
                            on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    tab = family_view.tasks
    qtbot.waitUntil(lambda: any(tab.table.item(r, 1).text() == "Rendez-vous" for r in range(tab.table.rowCount())),
                    timeout=10_000)

    # "done" by mistake, then undo: the task is back and the timeline never says it was done
    tab.table.selectRow(_row_of(tab, "Rendez-vous"))
    tab.done_button.click()
    qtbot.waitUntil(lambda: any("Rendez-vous" in e for e in _timeline(tab)), timeout=10_000)
    assert tab.undo_button.isEnabled()
    tab.undo_button.click()
    qtbot.waitUntil(lambda: not any("Rendez-vous" in e for e in _timeline(tab)), timeout=10_000)
    task = next(t for t in _from_letter(family_view, letter_id))
    assert not task.done and task.done_on == ""
    assert _row_of(tab, "Rendez-vous") >= 0

    # delete, then undo: the same task (same id, still linked to the letter's fact)
    tab.table.selectRow(_row_of(tab, "Rendez-vous"))
    tab.delete_button.click()
    qtbot.waitUntil(lambda: not _from_letter(family_view, letter_id), timeout=10_000)
    tab.undo_button.click()
    qtbot.waitUntil(lambda: len(_from_letter(family_view, letter_id)) == 1, timeout=10_000)
    assert _from_letter(family_view, letter_id)[0].id == task.id

    # edit: correct the time
    tab.table.selectRow(_row_of(tab, "Rendez-vous"))
    tab.edit_button.click()
    dialog = tab.dialog
    dialog.widgets["time"].setText("11:30")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: _from_letter(family_view, letter_id)[0].time == "11:30", timeout=10_000)
    corrected = _from_letter(family_view, letter_id)[0]
    assert corrected.fact_key == task.fact_key and corrected.id == task.id
    tab.undo_button.click()
    qtbot.waitUntil(lambda: _from_letter(family_view, letter_id)[0].time == "10:00", timeout=10_000)
    wait_idle(qtbot, services)
    assert_no_freeze(services)


def test_glossary_in_the_ui_language_and_missing_model_points_to_the_menu(family_view, qtbot, services, qapp):
    from volunteer_desk.core.errors import MissingDependency
    from volunteer_desk.ui.language import apply_language

    apply_language(qapp, "fr")
    try:
        letter_id = _add_letter(family_view, qtbot)
        lv = _show_letter(family_view, qtbot, letter_id)
        qtbot.waitUntil(lambda: bool(lv.text.terms), timeout=10_000)
        explanation = next(text for _s, _e, text in lv.text.terms)
        assert "commune" in explanation and "municipality" not in explanation  # French, not English
        lv._translation_failed(MissingDependency("No translation model for French → Arabic is installed.",
                                                 hint="Install a model pack: models install FILE_OR_FOLDER."))
        shown = lv.translation.toPlainText()
        assert "Outils" in shown and "models install" not in shown
        # with Qt's translations installed, page photos still decode in the worker (a Python
        # QTranslator once made them null: Qt asks translators from every thread)
        from volunteer_desk.family.letters_store import add_letter
        from volunteer_desk.letters.samples import render_page, sample_letter_text

        done = []
        page = render_page(sample_letter_text("cpas_decision"), "clean", dpi=60)
        family_view.model.write(lambda ff: add_letter(ff, [page], "image/png", "Photo", text="x", language="fr"),
                                "letters", on_done=done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
        family_view.letters.select_letter(done[0])
        qtbot.waitUntil(lambda: lv.detail is not None and lv.detail.letter.id == done[0], timeout=10_000)
        label = lv.pages_layout.itemAt(0).widget()
        assert label is not None and not label.pixmap().isNull()
    finally:
        apply_language(qapp, "en")
    wait_idle(qtbot, services)
