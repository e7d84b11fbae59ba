"""The catalogue's data files: complete, consistent, and following the region of the postcode."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from tests.forms.conftest import snapshot_from
from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.forms import applicable_forms, catalogue, fill, get_form
from volunteer_desk.forms.fill import FILLERS
from volunteer_desk.forms.sources import SOURCE_KINDS, Context, is_known_source, resolve
from volunteer_desk.forms.spec import KINDS, forms_resource_dir, lint_catalogue

REQUIRED_FORMS = {
    "cpas_aide_sociale", "cpas_prime_installation", "garantie_locative_bancaire", "garantie_locative_lettre",
    "garantie_locative_avance", "adel", "allocation_relogement", "logement_public_wallonie",
    "logement_public_wallonie_non_propriete", "logement_social_bruxelles", "aide_juridique_baj", "famiwal",
    "famiris", "mutuelle_affiliation", "procuration",
}


def test_data_files_have_no_problems():
    assert [f"{p.form_id}: {p.message}" for p in lint_catalogue()] == []


def _field_kinds(node: Any) -> set[str]:
    """Every field ``kind`` named anywhere in a form data file (fields sit in sections, bases, lists)."""
    if isinstance(node, list):
        return set().union(*(_field_kinds(x) for x in node))
    if not isinstance(node, dict):
        return set()
    found = {node["kind"]} if "id" in node and isinstance(node.get("kind"), str) else set()
    return found.union(*(_field_kinds(x) for x in node.values()))


def test_every_field_kind_the_data_files_name_has_a_filler():
    used: dict[str, str] = {}
    for path in sorted(forms_resource_dir().glob("*.toml")):
        for kind in _field_kinds(tomllib.loads(path.read_text(encoding="utf-8"))):
            used.setdefault(kind, path.name)
    assert {"members", "money", "niss", "choice"} <= set(used)   # the walk really finds the fields
    assert {k: f for k, f in used.items() if k not in FILLERS} == {}
    assert set(KINDS) == set(FILLERS)   # a kind the loader accepts can be filled, and no filler is dead


def test_every_source_the_forms_name_is_known_and_reads_the_family_file(demo_snapshot):
    sources = {f.source for form in catalogue() for f in form.fields() if f.source}
    sources |= {form.submit_to for form in catalogue() if form.submit_to}
    assert [s for s in sorted(sources) if not is_known_source(s)] == []
    ctx = Context(demo_snapshot, chosen={"allocataire": demo_snapshot.members[0].id})
    values = {s: resolve(s, ctx) for s in sources}   # an unknown head would raise KeyError
    assert values["applicant.last_name"] == demo_snapshot.applicant.last_name
    assert {s.partition(".")[0] for s in sources if "." in s} - {"cpas_silence", "cpas_decision", "income",
                                                                   "children", "dependents", "adults",
                                                                   "disability"} <= set(SOURCE_KINDS)
    assert not is_known_source("applicant.no_such_field") and not is_known_source("landlord.name")


def test_catalogue_holds_every_required_form_with_source_date_attachments_and_submit():
    forms = {f.id: f for f in catalogue()}
    assert set(forms) >= REQUIRED_FORMS
    for form in forms.values():
        assert form.source and form.source_date[:2] == "20", form.id
        assert form.attachments and form.submit.fr, form.id


def test_region_lists_follow_the_rules():
    wallonia = {f.id for f in catalogue("wallonia")}
    brussels = {f.id for f in catalogue("brussels")}
    assert {"adel", "logement_public_wallonie", "famiwal"} <= wallonia
    assert not {"allocation_relogement", "logement_social_bruxelles", "famiris"} & wallonia
    assert {"allocation_relogement", "logement_social_bruxelles", "famiris"} <= brussels
    assert not {"adel", "logement_public_wallonie", "famiwal"} & brussels
    assert {"cpas_aide_sociale", "procuration", "mutuelle_affiliation"} <= wallonia & brussels
    with pytest.raises(BadInput):
        catalogue("bruxelles")
    with pytest.raises(NotFound):
        get_form("no_such_form")


@pytest.mark.parametrize(("postcode", "form_id", "allowed"), [
    ("4000", "adel", True), ("1348", "adel", True), ("7000", "adel", True),
    ("1000", "adel", False), ("1299", "adel", False), ("9000", "adel", False),
    ("1210", "allocation_relogement", True), ("4000", "allocation_relogement", False),
    ("1300", "allocation_relogement", False), ("4700", "famiwal", False), ("4800", "famiwal", True),
])
def test_filling_follows_the_family_postcode(demo_data, postcode, form_id, allowed):
    data = copy.deepcopy(demo_data)
    data["household"]["address"]["postcode"] = postcode
    snapshot = snapshot_from(data)
    if allowed:
        assert fill(form_id, snapshot).region
    else:
        with pytest.raises(BadInput):
            fill(form_id, snapshot)
    assert (form_id in {f.id for f in applicable_forms(snapshot)}) is allowed


def test_applicable_forms_for_the_liege_demo_family(demo_snapshot):
    ids = {f.id for f in applicable_forms(demo_snapshot)}
    assert "adel" in ids and "famiwal" in ids and "allocation_relogement" not in ids
