"""The points-of-attention box, from a family snapshot (no vault): what a référent must see first."""

from __future__ import annotations

from datetime import date

from volunteer_desk.family.model import Household, Member, Request, Task
from volunteer_desk.family.snapshot import FamilySnapshot
from volunteer_desk.packet.attention import PASSED_SHOWN, points_of_attention

TODAY = date(2026, 11, 20)


def _family(**household) -> FamilySnapshot:
    base = {"display_name": "F", "address": {"postcode": "4000", "city": "Liège"}, "iban": "BE48 3200 7018 4927",
            "cpas_file_number": "1", "phone": "0470", "commune_registration_date": "2026-09-01"}
    return FamilySnapshot(id="f", household=Household(**{**base, **household}),
                          members=[Member(id="a", first_name="Rami", relation="applicant", niss="88000012376")])


def test_a_complete_quiet_file_has_nothing_to_point_at():
    assert points_of_attention(_family(), TODAY, "fr") == []


def test_lease_before_registration_and_no_rent_guarantee():
    snap = _family(housing={"kind": "private_rental", "lease_start": "2026-10-01"})
    points = points_of_attention(snap, TODAY, "fr")
    assert any("antérieure au début du bail (01/10/2026)" in p for p in points)
    assert any("aucune garantie locative" in p for p in points)
    snap.requests = [Request(what="Garantie locative", to="CPAS de Liège", submitted_on="2026-10-02")]
    assert not any("garantie locative" in p for p in points_of_attention(snap, TODAY, "fr"))


def test_passed_deadlines_are_named_latest_first_and_the_rest_counted():
    snap = _family()
    snap.tasks = [Task(title=f"Appeal deadline: Office {n}", due=f"2024-0{n}-10") for n in range(1, 6)]
    points = points_of_attention(snap, TODAY, "nl")
    named = [p for p in points if p.startswith("Termijn verstreken")]
    assert len(named) == PASSED_SHOWN and "Beroepstermijn: Office 5" in named[-1]
    assert any(p.startswith(f"{5 - PASSED_SHOWN} oudere termijnen verstreken") for p in points)


def test_card_renewal_window_and_missing_data():
    snap = _family(iban="", cpas_file_number="")
    snap.members[0].residence_status, snap.members[0].card_type = "refugee", "A"
    snap.members[0].card_expiry = "2026-12-20"
    points = points_of_attention(snap, TODAY, "fr")
    assert any(p.startswith("Titre de séjour de Rami : demander son renouvellement") for p in points)
    assert "Données manquantes : compte bancaire, N° de dossier CPAS." in points
