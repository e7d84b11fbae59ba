"""Family allowances: the allocataire is chosen with the family (by default the mother, the law says;
parents may decide otherwise), never pre-filled from the applicant."""

from __future__ import annotations

import pytest

from volunteer_desk.core.errors import BadInput
from volunteer_desk.family import snapshot
from volunteer_desk.forms.fill import fill
from volunteer_desk.forms.spec import get_form, lint_catalogue


def _snap(session, fid):
    with session.open_family(fid, read_only=True) as ff:
        return snapshot.load(ff)


def test_famiwal_does_not_prefill_the_father(admin_session, demo_family_id):
    snap = _snap(admin_session, demo_family_id)
    assert snap.applicant.first_name == "Rami"       # the demo applicant is the father
    filled = fill("famiwal", snap)
    assert filled.value("first_name") == "" and filled.value("last_name") == ""
    missing = {m.field_id: m for m in filled.missing}
    assert "first_name" in missing and "mother" in missing["first_name"].where
    assert get_form("famiwal").chooses == ("allocataire",)
    assert "family_allowances.default_allocataire" in get_form("famiwal").legal_rules


def test_the_volunteer_chooses_the_allocataire(admin_session, demo_family_id):
    snap = _snap(admin_session, demo_family_id)
    filled = fill("famiwal", snap, chosen={"allocataire": "m-lina"})
    assert filled.value("first_name") == "Lina" and "first_name" not in {m.field_id for m in filled.missing}
    with pytest.raises(BadInput):
        fill("famiwal", snap, chosen={"allocataire": "nobody"})


def test_catalogue_rules_exist():
    assert lint_catalogue() == []
