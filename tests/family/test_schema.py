"""The family JSON schema: the first wrong field is named by its path, the value never repeated."""

from __future__ import annotations

import copy
import json

import pytest

from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.paths import resource
from volunteer_desk.family.schema import validate_family_document

DEMO = json.loads(resource("demo", "family.json").read_text(encoding="utf-8"))


def _with(path: str, value):
    doc = copy.deepcopy(DEMO)
    node = doc
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = value
    return doc


def test_the_demo_family_is_valid_and_comes_back_unchanged():
    assert validate_family_document(DEMO) == DEMO


@pytest.mark.parametrize(("path", "value", "message"), [
    ("members[1].birth_date", "2023-02-30", "members[1].birth_date: This birth date does not exist."),
    ("members[1].birth_date", "9999-99-99", "members[1].birth_date: Write the birth date"),
    ("members[0].niss", "88000012377", "members[0].niss: The national register number's check digits are wrong"),
    ("members[0].niss", "ABC", "members[0].niss: A national register number has 11 digits."),
    ("household.iban", "BE48 3200 7018 4928", "household.iban: The IBAN is not valid"),
    ("household.housing.rent_eur", float("nan"), "household.housing.rent_eur: must be a number."),
    ("household.display_name", 5, "household.display_name: must be text."),
    ("household.display_name", "A" * 10_000, "household.display_name: too long (at most 200 characters)."),
    ("members[2].first_name", "Ya\u202era", "members[2].first_name: holds control or text-direction characters."),
    ("members[2].first_name", "Ya\nra", "members[2].first_name: holds control or text-direction characters."),
    ("members[2].last_name", "\ud800", "members[2].last_name: holds an invalid character (a lone surrogate)."),
    ("household", "Famille H.", "household: must be an object."),
    ("requests[1].decision_due", 20261101, "requests[1].decision_due: must be text."),
    ("household.address.postcode", "99999", "household.address.postcode: A Belgian postcode has 4 digits"),
    ("household.incomes[0].member_id", "m-nobody", "household.incomes[0].member_id: no member has this id."),
    ("members[0].relation", "boss", "members[0].relation: must be one of: applicant, partner, child, parent, other."),
])
def test_one_line_with_the_path_and_never_the_value(path, value, message):
    with pytest.raises(BadInput) as caught:
        validate_family_document(_with(path, value))
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text
    if isinstance(value, str) and len(value) > 3:
        assert value not in text


def test_postcode_written_as_a_number_becomes_text():
    doc = validate_family_document(_with("household.address.postcode", 4000))
    assert doc["household"]["address"]["postcode"] == "4000"


def test_partial_documents_carry_only_what_changes():
    """family update --from-json: a member given by id with one field; no name required, no cross-check."""
    partial = {"members": [{"id": "m-lina", "phone": "+32 470 00 00 00"}],
               "household": {"incomes": [{"member_id": "m-rami", "kind": "ris", "monthly_eur": 1700}]}}
    assert validate_family_document(partial, partial=True) == partial
    with pytest.raises(BadInput, match=r"members\[0\]\.first_name: is required"):
        validate_family_document(partial)
    with pytest.raises(BadInput, match=r"members\[0\]\.phone: is not a phone number"):
        validate_family_document({"members": [{"id": "m-lina", "phone": "call me"}]}, partial=True)
