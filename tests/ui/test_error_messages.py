"""Errors raised by the Qt-free core reach the volunteer in the UI language."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _core_messages() -> list[str]:
    spec = importlib.util.spec_from_file_location("list_core_messages", ROOT / "installer" / "list_core_messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.core_messages()


def test_every_core_message_is_in_the_table():
    from volunteer_desk.ui.error_messages import CORE_MESSAGES

    missing = sorted(set(_core_messages()) - set(CORE_MESSAGES))
    assert not missing, ("raised in the core but not translatable in the UI — run installer/list_core_messages.py "
                         "and add them to ui/error_messages.py:\n" + "\n".join(missing))


@pytest.fixture
def language():
    from volunteer_desk.core.i18n import set_ui_language, ui_language

    before = ui_language()
    yield set_ui_language
    set_ui_language(before)


def test_wrong_passphrase_and_formatted_messages_are_translated(language):
    from volunteer_desk.core.errors import BadInput, WrongPassphrase
    from volunteer_desk.ui.widgets.common import error_text

    language("fr")
    assert error_text(WrongPassphrase("Unknown volunteer or wrong passphrase.")) == \
        "Volontaire inconnu ou phrase de passe incorrecte."
    assert error_text(BadInput("Row 12: the name is empty.")) == "Ligne 12 : le nom est vide."
    language("ar")
    assert "Unknown" not in error_text(WrongPassphrase("Unknown volunteer or wrong passphrase."))
    language("nl")
    text = error_text(BadInput("Row 3: 'born' must be a date written YYYY-MM-DD."))
    assert text.startswith("Rij 3") and "'born'" in text


def test_consent_refusal_in_the_packet_tab_is_translated(language):
    from volunteer_desk.packet.build import NoConsent
    from volunteer_desk.ui.widgets.common import error_text

    exc = NoConsent("The family has not agreed to share its file with this recipient (or the consent has ended "
                    "or was withdrawn): no packet was made.", hint="Record the family's consent first.")
    language("fr")
    assert error_text(exc).startswith("La famille n'a pas accepté") and "consentement de la famille" in error_text(exc)
