"""Family screens on the demo family: members, letters (intake, OCR, facts → tasks), tasks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import assert_no_freeze, open_demo_family, unlock, wait_idle


@pytest.fixture
def family_view(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    return open_demo_family(qtbot, window, demo_family_id)


def test_add_member_with_checks_as_you_type(family_view, qtbot, services, window, demo_family_id):
    tab = family_view.household
    assert tab.table.rowCount() == 3
    tab.add_button.click()
    dialog = tab.member_dialog
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.first_name.setText("Zoé")
    dialog.last_name.setText("الحداد")
    dialog.niss.edit.setText("85073003329")  # one digit wrong
    qtbot.waitUntil(lambda: not save.isEnabled(), timeout=2_000)
    assert dialog.niss.message.isVisible() and "check digits" in dialog.niss.message.text()
    dialog.niss.edit.setText("85073003328")
    qtbot.waitUntil(save.isEnabled, timeout=2_000)
    dialog.birth_date.setText("2019-00-00")  # unknown month and day are fine
    assert save.isEnabled()
    save.click()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 4, timeout=10_000)
    names = [tab.table.item(r, 0).text() for r in range(4)]
    assert "Zoé الحداد" in names
    row = names.index("Zoé الحداد")
    assert tab.table.item(row, 3).text().endswith("28") and "850730" not in tab.table.item(row, 3).text()
    wait_idle(qtbot, services)
    assert_no_freeze(services)
    # Stored encrypted in the family file, readable after closing it.
    window.close_family(demo_family_id)
    wait_idle(qtbot, services)
    from volunteer_desk.family import snapshot

    with services.desk.session.open_family(demo_family_id, read_only=True) as ff:
        members = snapshot.load(ff).members
    assert any(m.first_name == "Zoé" and m.niss == "85073003328" for m in members)


def test_household_iban_checked_as_you_type(family_view, qtbot):
    tab = family_view.household
    tab.iban.edit.setText("BE68 5390 0754 7035")
    qtbot.waitUntil(lambda: not tab.save_button.isEnabled(), timeout=2_000)
    tab.iban.edit.setText("BE71 0961 2345 6769")
    qtbot.waitUntil(tab.save_button.isEnabled, timeout=2_000)


def test_residence_alerts_for_cards_ending_soon(family_view, qtbot):
    from datetime import date, timedelta

    from volunteer_desk.ui.families.residence_tab import expiry_alert

    assert expiry_alert((date.today() - timedelta(days=3)).isoformat(), date.today())[0] == "expired"
    assert expiry_alert((date.today() + timedelta(days=30)).isoformat(), date.today())[0] == "soon"
    assert expiry_alert((date.today() + timedelta(days=400)).isoformat(), date.today()) is None
    tab = family_view.residence
    assert tab.table.rowCount() == 3


@pytest.fixture
def letter_file(tmp_path):
    from volunteer_desk.letters.samples import render_page, sample_letter_text

    path = tmp_path / "scan.png"
    path.write_bytes(render_page(sample_letter_text("cpas_decision"), "clean", dpi=200))
    return path


def test_letter_intake_ocr_and_deadline_into_task(letter_file, family_view, qtbot, services):
    # letter_file first: the test's own page rendering must happen before the app's watchdog starts
    letters = family_view.letters
    family_view.show_tab("letters")
    letters.new_button.click()
    dialog = letters.intake
    dialog.add_files([str(letter_file), str(letter_file)])
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=20_000)
    assert not dialog.list.item(0).icon().isNull()
    dialog.move_page(1, 0)  # reorder
    dialog._remove_page()  # the duplicate
    assert dialog.list.count() == 1
    dialog.title.setText("CPAS – décision")
    dialog.read_and_save()
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.isVisible(), timeout=60_000)
    qtbot.waitUntil(lambda: letters.view.detail is not None, timeout=10_000)
    view = letters.view
    assert "CPAS" in view.text.toPlainText()
    assert view.detail.letter.title == "CPAS – décision"
    assert len(view.detail.pages) == 1
    # Glossary terms are underlined with an explanation.
    qtbot.waitUntil(lambda: bool(view.text.terms), timeout=10_000)
    assert all(text for _s, _e, text in view.text.terms)
    # The appeal deadline is found, with the sentence it came from; confirm it into a task.
    qtbot.waitUntil(lambda: view.facts.topLevelItemCount() >= 1, timeout=10_000)
    item = view.facts.topLevelItem(0)
    assert item.text(0).startswith("2024-06-")         # the legal 3 months from notification
    assert "recours" in item.text(2)
    # the statutory delay and its source are said in plain words above the list
    assert not view.appeal_law.isHidden() and "26/05/2002" in view.appeal_law.text()
    view.facts.setCurrentItem(item)
    assert view.text.source is not None
    for i in range(1, view.facts.topLevelItemCount()):
        view.facts.topLevelItem(i).setCheckState(0, Qt.CheckState.Unchecked)
    view.confirm.click()
    qtbot.waitUntil(lambda: any(t.source and "recours" in t.source for t in family_view.model.snapshot.tasks),
                    timeout=10_000)
    task = next(t for t in family_view.model.snapshot.tasks if t.source and "recours" in t.source)
    assert task.kind == "deadline" and task.due.startswith("2024-06-") and task.letter_id == view.detail.letter.id
    tasks_tab = family_view.tasks
    titles = [tasks_tab.table.item(r, 1).text() for r in range(tasks_tab.table.rowCount())]
    assert task.title in titles
    wait_idle(qtbot, services)
    assert_no_freeze(services)


def test_reading_a_multi_page_letter_moves_the_bar_page_by_page(letter_file, family_view, qtbot, services):
    """Issue 21: the bar sat at 0 % and jumped to the end; now it moves as each page is cleaned and read."""
    letters = family_view.letters
    letters.new_button.click()
    dialog = letters.intake
    dialog.add_files([str(letter_file)] * 3)
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=20_000)
    shown: list[tuple[int, int]] = []
    dialog.read_and_save()
    bar = dialog.progress.bar
    dialog.job.progressed.connect(lambda done, total, _m: shown.append((bar.value(), bar.maximum())))
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=90_000)
    totals = {total for _, total in shown}
    assert len(totals) == 1 and totals.pop() > 3
    values = [value for value, _ in shown]
    assert values == sorted(values)
    between = {v for v in values if 0 < v < shown[0][1]}
    assert len(between) >= 3  # at least one step per page before the end, on the bar the volunteer sees
    wait_idle(qtbot, services)


def test_ocr_can_be_cancelled_and_saves_nothing(letter_file, family_view, qtbot, services):
    letters = family_view.letters
    before = len(family_view.model.snapshot.letters)
    letters.new_button.click()
    dialog = letters.intake
    dialog.add_files([str(letter_file)] * 3)
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=20_000)
    dialog.read_and_save()
    assert not dialog.progress.cancel_button.isVisibleTo(dialog)  # one Cancel on screen, the dialog's
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in dialog.message.text(), timeout=20_000)
    assert dialog.isVisible() and dialog.ocr_button.isEnabled()
    wait_idle(qtbot, services)
    assert len(family_view.model.snapshot.letters) == before


def test_corrected_text_is_saved(family_view, qtbot, services, window):
    from volunteer_desk.family.letters_store import add_letter

    def add(ff):
        return add_letter(ff, [], "image/png", "Lettre", text="Vous devez payer 25,00 € avant le 15 mai 2027.",
                          language="fr", ocr={"pages": [{"low_confidence_words": [
                              {"text": "payer", "confidence": 41.0, "quad": [[0, 0], [10, 0], [10, 5], [0, 5]]}]}]})

    done = []
    family_view.model.write(add, "letters", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    letters = family_view.letters
    letters.select_letter(done[0])
    qtbot.waitUntil(lambda: letters.view.detail is not None and letters.view.detail.letter.id == done[0],
                    timeout=10_000)
    view = letters.view
    qtbot.waitUntil(lambda: bool(view.text.doubtful), timeout=5_000)
    assert view.text.doubtful[0].text == "payer"
    view.text.setPlainText("Vous devez payer 26,00 € avant le 15 mai 2027.")
    view.save_text.click()
    qtbot.waitUntil(lambda: any(lt.text.startswith("Vous devez payer 26") for lt in family_view.model.snapshot.letters),
                    timeout=10_000)
    wait_idle(qtbot, services)


def test_trajectory_deadlines_are_listed_with_the_tasks_and_can_be_done(family_view, qtbot, services):
    from volunteer_desk.ui.families.tasks_tab import kind_labels

    tab = family_view.tasks
    rows = tab.table.rowCount
    qtbot.waitUntil(lambda: rows() > 0, timeout=10_000)
    cri = [r for r in range(rows()) if "CRI" in tab.table.item(r, 1).text()]
    assert len(cri) == 1  # the demo family registered with a Walloon commune: CRI within 3 months
    assert tab.table.item(cri[0], 2).text() == kind_labels()["trajectory"]
    tab.table.selectRow(cri[0])
    tab.done_button.click()
    qtbot.waitUntil(lambda: any(s["id"] == "cri_registration" and s.get("status") == "done"
                                for s in family_view.model.snapshot.trajectory), timeout=10_000)
    qtbot.waitUntil(lambda: not any("CRI" in tab.table.item(r, 1).text() for r in range(rows())), timeout=5_000)
    assert not any(t.id.startswith("trajectory:") for t in family_view.model.snapshot.tasks)  # nothing stored
    wait_idle(qtbot, services)
    assert_no_freeze(services)
