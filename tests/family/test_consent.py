"""Consent records: one year at most, withdrawal, expiry warning, and the printed notice."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from tests.packet.helpers import pdf_text
from volunteer_desk.core.errors import BadInput
from volunteer_desk.family.consent import (
    active_scopes,
    expiring,
    member_scopes,
    new_consent,
    withdraw,
)
from volunteer_desk.family.model import Household
from volunteer_desk.family.snapshot import FamilySnapshot
from volunteer_desk.packet.notice import notice_pdf


def _snap(*consents):
    return FamilySnapshot(id="f", household=Household(), consents=list(consents))


def test_a_consent_lasts_at_most_one_year():
    c = new_consent("share_cpas", "2026-01-10", "ar")
    assert c.ends_on == "2027-01-09" and c.notice_version and c.language == "ar"
    with pytest.raises(BadInput, match="at most one year"):
        new_consent("share_cpas", "2026-01-10", "ar", ends_on="2027-03-01")
    with pytest.raises(BadInput):
        new_consent("share_everyone", "2026-01-10", "ar")
    with pytest.raises(BadInput):
        new_consent("share_cpas", "2026-01-10", "")


def test_active_scopes_per_recipient_dates_and_withdrawal():
    cpas = new_consent("share_cpas", "2026-01-10", "fr")
    health = new_consent("store_health", "2026-01-10", "fr")
    snap = _snap(cpas, health)
    assert active_scopes(snap, "cpas", date(2026, 6, 1)) == {"share_cpas", "store_health"}
    assert active_scopes(snap, "lawyer", date(2026, 6, 1)) == set()  # health alone never opens a share
    assert active_scopes(snap, "cpas", date(2026, 1, 9)) == set()  # not yet given
    assert active_scopes(snap, "cpas", date(2027, 1, 10)) == set()  # ended
    withdraw(health, "2026-03-01")
    assert active_scopes(snap, "cpas", date(2026, 6, 1)) == {"share_cpas"}
    withdraw(cpas, "2026-04-01")
    assert active_scopes(snap, "cpas", date(2026, 3, 31)) == {"share_cpas"}
    assert active_scopes(snap, "cpas", date(2026, 6, 1)) == set()


def test_a_member_consent_does_not_open_the_household():
    only_lina = new_consent("share_lawyer", "2026-01-10", "ar", member_id="m-lina")
    snap = _snap(only_lina)
    assert active_scopes(snap, "lawyer", date(2026, 2, 1)) == set()
    assert member_scopes(snap, "m-lina", "lawyer", date(2026, 2, 1)) == {"share_lawyer"}
    assert member_scopes(snap, "m-rami", "lawyer", date(2026, 2, 1)) == set()


def test_expiring_warns_thirty_days_before():
    soon = new_consent("share_cpas", "2026-01-10", "fr")                 # ends 2027-01-09
    later = new_consent("share_cri_bapa", "2026-06-01", "fr")           # ends 2027-05-31
    snap = _snap(soon, later)
    assert expiring(snap, date(2026, 12, 9)) == []
    warned = expiring(snap, date(2026, 12, 10))
    assert [e.consent.scope for e in warned] == ["share_cpas"] and warned[0].days_left == 30
    assert expiring(snap, date(2027, 1, 10)) == []  # already ended: no longer "expiring"


WORDS = {"fr": "consentement", "nl": "toestemming", "en": "consent", "uk": "згода", "ru": "согласие",
         "tr": "Onayınız"}


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "ar", "uk", "ru", "fa", "tr"])
def test_notice_prints_in_the_family_language(lang):
    pdf = notice_pdf(lang, association="Entraide Saint-Léonard")
    text = pdf_text(pdf)
    assert "Entraide Saint-Léonard" in text
    if lang in WORDS:
        assert WORDS[lang].casefold() in text.casefold()
    else:  # Arabic script: shaped glyphs in an embedded Arabic font
        fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "Arabic" in fonts
        assert any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def test_notice_refuses_an_unknown_language():
    with pytest.raises(BadInput, match="not available"):
        notice_pdf("xx")
