"""Forms, packet and translation screens with the real capabilities."""

from __future__ import annotations

import subprocess

import pytest
from ui_helpers import assert_no_freeze, open_demo_family, open_form, unlock, wait_idle


@pytest.fixture
def family_view(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    return open_demo_family(qtbot, window, demo_family_id)


def test_fill_a_form_shows_missing_and_preview(family_view, qtbot, services):
    tab = family_view.forms
    family_view.show_tab("forms")
    qtbot.waitUntil(lambda: tab.list.count() > 3, timeout=10_000)
    tab.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: tab.filled is not None, timeout=20_000)
    assert tab.pdf.startswith(b"%PDF")
    assert tab.fields.topLevelItemCount() > 5
    values = [tab.fields.topLevelItem(i).text(1) for i in range(tab.fields.topLevelItemCount())]
    assert "Haddad" in values
    assert not any("88000012345" in v for v in values)  # NISS masked on screen
    qtbot.waitUntil(lambda: tab.preview.count >= 1, timeout=20_000)
    tab.keep_button.click()
    qtbot.waitUntil(lambda: len(family_view.model.snapshot.forms) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Kept" in tab.kept_note.text(), timeout=5_000)  # said, not silent
    # A form missing data says what is missing, and the fields are highlighted.
    from volunteer_desk.ui.forms.forms_tab import FORM_ROLE, MISSING_BG

    for row in range(1, tab.list.count()):
        form_id = tab.list.item(row).data(FORM_ROLE)
        tab.list.setCurrentRow(row)
        qtbot.waitUntil(lambda fid=form_id: tab.filled is not None and tab.filled.form_id == fid, timeout=20_000)
        if tab.filled.missing:
            break
    assert tab.filled.missing
    assert tab.missing.text().startswith("Missing")
    highlighted = [tab.fields.topLevelItem(i) for i in range(tab.fields.topLevelItemCount())
                   if tab.fields.topLevelItem(i).background(1).color() == MISSING_BG]
    assert highlighted
    wait_idle(qtbot, services)
    assert_no_freeze(services)


def test_build_and_export_a_packet(family_view, qtbot, services, tmp_path):
    tab = family_view.packet
    family_view.show_tab("packet")
    tab.build_button.click()
    qtbot.waitUntil(lambda: tab.pdf != b"", timeout=30_000)
    qtbot.waitUntil(lambda: tab.preview.count >= 1, timeout=20_000)
    out = tmp_path / "out.pdf"
    tab.export(str(out))
    qtbot.waitUntil(out.exists, timeout=10_000)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Haddad" in text and "CPAS" in text
    wait_idle(qtbot, services)
    assert_no_freeze(services)


def test_packet_refused_without_consent(family_view, qtbot, services):
    tab = family_view.packet
    tab.recipient.setCurrentIndex(tab.recipient.findData("lawyer"))
    tab.build_button.click()
    qtbot.waitUntil(lambda: tab.message.text() != "", timeout=20_000)
    assert "agreed" in tab.message.text() and tab.pdf == b""
    assert not tab.export_button.isEnabled()


def test_translate_a_letter_with_a_test_model(family_view, qtbot, services, argos_packages):
    from volunteer_desk.family.letters_store import add_letter

    # Install a real (tiny) model through the models screen.
    package = argos_packages["fr_en_hello"]
    from volunteer_desk.ui.dialogs.models_dialog import ModelsDialog

    dialog = ModelsDialog(services, family_view)
    qtbot.addWidget(dialog)
    dialog.install(str(package))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=30_000)
    assert dialog.table.item(0, 0).text() == "fr"

    done = []
    family_view.model.write(lambda ff: add_letter(ff, [], "image/png", "Lettre", language="fr",
                                                  text="Le CPAS vous demande de venir lundi."),
                            "letters", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    letters = family_view.letters
    letters.select_letter(done[0])
    qtbot.waitUntil(lambda: letters.view.detail is not None and letters.view.detail.letter.id == done[0],
                    timeout=10_000)
    view = letters.view
    view.target.setCurrentIndex(view.target.findData("en"))
    view.translate_button.click()
    qtbot.waitUntil(lambda: "Hello" in view.translation.toPlainText(), timeout=60_000)
    text = view.translation.toPlainText()
    assert "CPAS" in text  # the glossary term is protected and explained
    qtbot.waitUntil(lambda: any("en" in (lt.translations or {}) for lt in family_view.model.snapshot.letters),
                    timeout=10_000)
    wait_idle(qtbot, services)


def test_famiwal_asks_the_volunteer_to_choose_the_allocataire(family_view, qtbot, services):
    tab = open_form(qtbot, family_view, "famiwal")
    assert not tab.choice_row.isHidden()
    assert tab.filled.value("first_name") == ""          # not the father by default
    tab.choice.setCurrentIndex(tab.choice.findData("m-lina"))
    qtbot.waitUntil(lambda: tab.filled.value("first_name") == "Lina", timeout=20_000)
    wait_idle(qtbot, services)


def test_export_name_says_who_the_packet_is_for(family_view):
    """A packet for the lawyer is not offered as a 'CPAS' file (and never carries the family's name)."""
    tab = family_view.packet
    tab.language.setCurrentIndex(tab.language.findData("fr"))
    tab.recipient.setCurrentIndex(tab.recipient.findData("lawyer"))
    lawyer = tab.suggested_name()
    tab.recipient.setCurrentIndex(tab.recipient.findData("cpas"))
    cpas = tab.suggested_name()
    assert "CPAS" in cpas and "CPAS" not in lawyer and lawyer != cpas
    assert "Haddad" not in lawyer + cpas and lawyer.endswith(".pdf")
