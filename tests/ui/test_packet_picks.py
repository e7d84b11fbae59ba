"""The packet screen: letters and forms ticked with their page counts, alternatives never both; the
forms screen keeps a typed value or a ticked box in the family file; consent given by one adult."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt
from ui_helpers import open_demo_family, open_form, unlock, wait_idle


@pytest.fixture
def family_view(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    return open_demo_family(qtbot, window, demo_family_id)


def _ticked(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


def test_packet_screen_picks_forms_with_page_counts_and_alternatives(family_view, qtbot, services, tmp_path):
    from volunteer_desk.ui.packet.packet_tab import FORM_ID_ROLE

    tab = family_view.packet
    family_view.show_tab("packet")
    qtbot.waitUntil(lambda: tab.forms.count() > 3, timeout=30_000)
    ticked = _ticked(tab.forms)
    # default: the forms addressed to the CPAS not asked for yet — one rent guarantee, with its pages
    assert len(ticked) == 1 and "garantie locative" in ticked[0] and "p.)" in ticked[0]
    assert not _ticked(tab.letters)  # the note alone: letters are ticked by hand
    ids = [tab.forms.item(i).data(FORM_ID_ROLE) for i in range(tab.forms.count())]
    other = tab.forms.item(ids.index("garantie_locative_bancaire"))
    other.setCheckState(Qt.CheckState.Checked)
    ticked = _ticked(tab.forms)
    assert len([t for t in ticked if "garantie locative" in t]) == 1 and "garantie bancaire" in " ".join(ticked)
    from volunteer_desk.ui.packet.packet_tab import PAGES_ROLE

    assert f"+ {other.data(PAGES_ROLE)} pages" in tab.pages_label.text() and other.data(PAGES_ROLE) >= 2
    tab.reason.setPlainText("Relais pour le logement")
    tab.build_button.click()
    qtbot.waitUntil(lambda: tab.pdf != b"", timeout=30_000)
    out = tmp_path / "p.pdf"
    tab.export(str(out))
    qtbot.waitUntil(out.exists, timeout=10_000)
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Relais pour le logement" in text and "garantie bancaire via le CPAS" in text
    assert "compte bloqué" not in text
    wait_idle(qtbot, services)


def test_a_value_typed_on_the_forms_screen_is_kept(family_view, qtbot, services):
    from volunteer_desk.forms.store import stored_edits
    tab = open_form(qtbot, family_view, "cpas_demande_audition")
    tab.edit_value("interpreter", True)
    qtbot.waitUntil(lambda: stored_edits(family_view.model.snapshot, "cpas_demande_audition").get("interpreter")
                    is True, timeout=20_000)
    qtbot.waitUntil(lambda: tab.filled.values["interpreter"].print_value is True, timeout=20_000)
    wait_idle(qtbot, services)


def test_consent_screen_records_who_agreed_to_share_health_data(family_view, qtbot, services):
    tab = family_view.consent
    family_view.show_tab("consent")
    tab.add()
    dialog = tab.dialog
    dialog.set_value("scope", "share_health_cpas")
    dialog.set_value("member_id", "m-lina")
    dialog.set_value("given_on", "2026-11-02")
    dialog.accept()
    qtbot.waitUntil(lambda: any(c.scope == "share_health_cpas" for c in family_view.model.snapshot.consents),
                    timeout=10_000)
    given = next(c for c in family_view.model.snapshot.consents if c.scope == "share_health_cpas")
    assert given.member_id == "m-lina"
    rows = [[tab.table.item(r, c).text() for c in range(2)] for r in range(tab.table.rowCount())]
    assert ["Share health information with the CPAS", "Lina Haddad"] in rows
    wait_idle(qtbot, services)
