"""The appeal kit: forms filled from the family file that say where to send them and the statutory
delay, read from the legal rules (never a figure in code)."""

from __future__ import annotations

from tests.forms.conftest import TODAY, pdftotext
from volunteer_desk import rules
from volunteer_desk.family.model import Letter, Request
from volunteer_desk.forms import fill, render_pdf
from volunteer_desk.forms.spec import catalogue, exclusive_groups, get_form, without_alternatives


def _with_cpas_file(snapshot):
    snapshot.requests = [Request(what="Prime d'installation", to="CPAS de Liège", submitted_on="2026-10-02",
                                 acknowledged_on="2026-10-02", reference="PI/77", status="pending")]
    snapshot.letters = [Letter(title="Refus de l'aide sociale", sender="CPAS de Liège", sender_kind="cpas",
                               kind="decision", letter_date="2026-11-03", received_on="2026-11-06", id="l1")]
    return snapshot


def _flat(pdf: bytes) -> str:
    return " ".join(pdftotext(pdf).split())


def test_the_appeal_kit_is_in_the_catalogue():
    kit = {f.id for f in catalogue() if f.kit == "appeal"}
    assert kit == {"recours_tribunal_travail", "cpas_demande_audition", "cpas_absence_decision"}


def test_requete_to_the_labour_tribunal_has_what_the_court_needs(demo_snapshot):
    snap = _with_cpas_file(demo_snapshot)
    filled = fill("recours_tribunal_travail", snap, "Sam Peeters", today=TODAY)
    flat = _flat(render_pdf(filled))
    for expected in ("Requête au tribunal du travail", "Haddad", "Rami", "Rue Saint-Léonard 112 bte 3, 4000 Liège",
                     "CPAS de Liège", "Place Saint-Jacques 13, 4000 Liège", "03/11/2026", "Refus de l'aide sociale",
                     "Copie de la décision du CPAS", "greffe du tribunal du travail"):
        assert expected in flat, expected
    # the statutory delay, its words and its source, from the rules
    law = rules.get("appeal.cpas.social_aid", on=TODAY)
    assert "Délai légal : " + law.explanation("fr") in flat and law.citation in flat
    # what the volunteer still writes: the tribunal and the grounds
    assert {m.field_id for m in filled.missing} == {"tribunal", "grounds"}
    assert "88.00.00-123.76" not in flat  # the national number stays masked


def test_no_decision_letter_names_the_request_and_the_delay(demo_snapshot):
    snap = _with_cpas_file(demo_snapshot)
    flat = _flat(render_pdf(fill("cpas_absence_decision", snap, today=TODAY)))
    assert "Prime d'installation" in flat and "02/10/2026" in flat and "PI/77" in flat
    law = rules.get("appeal.cpas.no_decision.social_aid", on=TODAY)
    assert law.explanation("fr") in flat and "art. 71" in flat
    assert "greffe du tribunal du travail" in flat


def test_request_to_be_heard_says_where_and_that_the_appeal_delay_still_runs(demo_snapshot):
    snap = _with_cpas_file(demo_snapshot)
    flat = _flat(render_pdf(fill("cpas_demande_audition", snap, "Sam Peeters", today=TODAY)))
    assert "Destinataire : CPAS de Liège" in flat and "président du conseil de l'action sociale" in flat
    assert "Sam Peeters" in flat and "Prime d'installation" in flat
    assert "Règle légale : " + rules.get("cpas.right_to_be_heard", on=TODAY).explanation("fr") in flat


def test_rent_guarantee_forms_are_alternatives():
    assert sorted(exclusive_groups()["rent_guarantee"]) == [
        "garantie_locative_avance", "garantie_locative_bancaire", "garantie_locative_lettre"]
    assert without_alternatives(["garantie_locative_lettre", "procuration", "garantie_locative_avance"]) == [
        "garantie_locative_lettre", "procuration"]
    assert "cpas" in get_form("garantie_locative_avance").addressed_to


def test_typed_values_fill_the_form_and_win_over_blanks(demo_snapshot):
    filled = fill("recours_tribunal_travail", _with_cpas_file(demo_snapshot), today=TODAY,
                  edits={"tribunal": "Liège, division Liège", "grounds": "Le CPAS n'a pas tenu compte du loyer."})
    assert not filled.missing
    flat = _flat(render_pdf(filled))
    assert "Liège, division Liège" in flat and "Le CPAS n'a pas tenu compte du loyer." in flat


def test_masking_on_paper_when_asked(demo_snapshot):
    assert get_form("cpas_aide_sociale").print_sensitive
    flat = _flat(render_pdf(fill("cpas_aide_sociale", demo_snapshot, today=TODAY, print_niss=False)))
    assert "88.00.00-123.76" not in flat and "•••••••••76" in flat
