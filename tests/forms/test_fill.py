"""Filling: values from the family file, NISS masking, and exactly what is missing or invalid."""

from __future__ import annotations

from tests.forms.conftest import TODAY, snapshot_from
from volunteer_desk.core.i18n import set_ui_language
from volunteer_desk.forms import fill

SPARSE = {
    "household": {
        "address": {"street": "Rue Féronstrée", "number": "1", "postcode": "4020", "city": "Liège"},
        "phone": "", "iban": "BE00 0000 0000 0000", "iban_holder": "Amina Yusufi",
        "housing": {"kind": "private_rental", "rent_eur": 600, "lease_start": "2026-12-01"},
        "incomes": [],
    },
    "members": [
        {"id": "m1", "first_name": "Amina", "last_name": "Yusufi", "birth_date": "1990-00-00", "nationality": "AF",
         "relation": "applicant"},
        {"id": "m2", "first_name": "Omar", "last_name": "Yusufi", "relation": "child"},
    ],
}


def test_demo_family_fills_the_cpas_form_without_gaps(demo_snapshot):
    filled = fill("cpas_aide_sociale", demo_snapshot, today=TODAY)
    assert filled.missing == []
    assert filled.value("last_name") == "Haddad"
    assert filled.value("birth_date") == "00/00/1988"          # unknown day and month stay 00
    assert filled.value("nationality") == "Syrie"
    assert filled.value("rent") == "650,00\u00a0€"     # CLDR fr_BE: a no-break space before €
    assert filled.value("phone") == "+32 470 12 34 56"
    assert filled.value("sex") == "M"
    assert filled.submit_to == "CPAS de Liège"
    assert [r["name"] for r in filled.value("members")] == ["Rami Haddad", "Lina Haddad", "Yara Haddad"]
    assert filled.signers == {"applicant": "Rami Haddad", "partner": "Lina Haddad"}


def test_niss_is_masked_on_screen_and_printed_only_where_the_form_asks(demo_snapshot):
    cpas = fill("cpas_aide_sociale", demo_snapshot)
    assert cpas.values["niss"].display_value == "•••••••••76"
    assert cpas.values["niss"].print_value == "88.00.00-123.76"
    assert cpas.value("members")[0]["niss"] == "88.00.00-123.76"
    shown = str(cpas.display())
    assert "88.00.00-123.76" not in shown and "88000012376" not in shown
    proxy = fill("procuration", demo_snapshot, "Sam Peeters")
    assert proxy.value("niss") == "•••••••••76"


def test_a_sparse_family_lists_exactly_what_is_missing_or_invalid():
    set_ui_language("en")
    filled = fill("garantie_locative_bancaire", snapshot_from(SPARSE), today=TODAY)
    assert [(m.field_id, m.problem) for m in filled.missing] == [
        ("niss", "missing"), ("phone", "missing"), ("landlord_name", "missing"), ("landlord_address", "missing"),
        ("members.m2.birth_date", "missing"), ("incomes", "missing"), ("iban", "invalid"),
    ]
    by_id = {m.field_id: m for m in filled.missing}
    assert "back of the residence card" in by_id["niss"].where
    assert by_id["iban"].text().startswith("IBAN: invalid")
    assert "0000" not in by_id["iban"].text()                  # messages never quote the value
    assert filled.value("iban") == ""                           # an invalid value is left blank on paper
    assert "partner_last_name" not in filled.values             # no partner: the section is skipped
    assert "Omar" in by_id["members.m2.birth_date"].label


def test_missing_household_composition_says_where_to_get_it():
    set_ui_language("en")
    data = {"household": SPARSE["household"], "members": []}
    filled = fill("cpas_aide_sociale", snapshot_from(data))
    members = next(m for m in filled.missing if m.field_id == "members")
    assert members.text().startswith("Personnes vivant sous le même toit: composition de ménage: ask the commune")
    assert "free for social purposes" in members.where
    attachments = {a.label.fr: where for a, where in filled.attachments}
    assert "free for social purposes" in attachments["Composition de ménage"]


def test_procuration_needs_the_volunteer(demo_snapshot):
    assert [m.field_id for m in fill("procuration", demo_snapshot).missing] == ["volunteer_name"]
    filled = fill("procuration", demo_snapshot, {"name": "Sam Peeters", "organisation": "Accueil Liège"})
    assert filled.missing == [] and filled.value("volunteer_organisation") == "Accueil Liège"
    assert filled.signers == {"applicant": "Rami Haddad", "volunteer": "Sam Peeters"}


def test_unknown_bank_code_is_a_warning_not_a_gap(demo_snapshot):
    assert fill("cpas_aide_sociale", demo_snapshot).warnings == []  # the demo's bank is known
    demo_snapshot.household.iban = "BE68 5390 0754 7034"  # valid checksums, bank code not in stdnum's list
    filled = fill("cpas_aide_sociale", demo_snapshot)
    assert [w.field_id for w in filled.warnings] == ["iban"]
    assert filled.value("iban") == "BE68 5390 0754 7034"


def test_conditional_attachments_follow_the_family(demo_snapshot):
    labels = [a.label.fr for a, _ in fill("adel", demo_snapshot).attachments]
    assert "Attestation de handicap" not in labels
    demo_snapshot.members[2].disability = True
    filled = fill("adel", demo_snapshot)
    assert "Attestation de handicap" in [a.label.fr for a, _ in filled.attachments]
    assert filled.value("disability") is True
