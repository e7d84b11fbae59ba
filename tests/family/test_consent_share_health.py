"""Sharing health information is its own consent, given by each adult for a recipient; keeping it is not
sharing it. The reverse consent (the recipient may inform the volunteer) is recorded too."""

from __future__ import annotations

import subprocess
from datetime import date

from volunteer_desk.family import consent
from volunteer_desk.family.model import Household, Member
from volunteer_desk.family.snapshot import FamilySnapshot
from volunteer_desk.packet.notice import notice_pdf

TODAY = date(2026, 11, 20)


def _family(*consents) -> FamilySnapshot:
    members = [Member(id="a", first_name="Rami", relation="applicant", birth_date="1988-00-00"),
               Member(id="b", first_name="Lina", relation="partner", birth_date="1991-04-12"),
               Member(id="c", first_name="Yara", relation="child", birth_date="2017-06-03")]
    return FamilySnapshot(id="f", household=Household(display_name="F"), members=members, consents=list(consents))


SHARE = consent.new_consent("share_cpas", "2026-10-05", "ar")
KEEP = consent.new_consent("store_health", "2026-10-05", "ar")


def test_keeping_health_data_is_not_sharing_it():
    assert not consent.may_share_health(_family(SHARE, KEEP), "cpas", TODAY)


def test_every_adult_must_agree_for_that_recipient():
    rami = consent.new_consent("share_health_cpas", "2026-10-05", "ar", member_id="a")
    lina = consent.new_consent("share_health_cpas", "2026-10-05", "ar", member_id="b")
    assert not consent.may_share_health(_family(SHARE, rami), "cpas", TODAY)
    assert consent.may_share_health(_family(SHARE, rami, lina), "cpas", TODAY)
    agreed, missing = consent.health_share_adults(_family(SHARE, rami), "cpas", TODAY)
    assert [m.first_name for m in agreed] == ["Rami"] and [m.first_name for m in missing] == ["Lina"]
    # given for the CPAS, not for the lawyer; and never without the file's own sharing consent
    lawyer = consent.new_consent("share_lawyer", "2026-10-05", "ar")
    assert not consent.may_share_health(_family(lawyer, rami, lina), "lawyer", TODAY)
    assert not consent.may_share_health(_family(rami, lina), "cpas", TODAY)
    # withdrawn by one adult: no longer shared
    consent.withdraw(lina, "2026-11-01")
    assert not consent.may_share_health(_family(SHARE, rami, lina), "cpas", TODAY)


def test_the_recipient_may_inform_the_volunteer_only_when_agreed():
    assert consent.informs_volunteer(_family(SHARE), "cpas", TODAY) == []
    back = consent.new_consent("cpas_informs_volunteer", "2026-10-05", "ar", member_id="a")
    assert consent.informs_volunteer(_family(SHARE, back), "cpas", TODAY) == [back]


def test_the_notice_offers_both_new_scopes():
    fr = subprocess.run(["pdftotext", "-", "-"], input=notice_pdf("fr"), capture_output=True,
                        check=True).stdout.decode()
    flat = " ".join(fr.split())
    assert "Partager des informations de santé avec le CPAS" in flat
    assert "Le CPAS peut informer le bénévole" in flat
