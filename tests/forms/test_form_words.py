"""The forms' built-in words (table columns, headings, signature captions, the family file's codes
in French) come from the fr and nl catalogues, word for word what they were as built-in pairs."""

from __future__ import annotations

import pytest

from tests.forms.conftest import TODAY, pdftotext
from volunteer_desk.forms import catalogue, fill, render_pdf

# The built-in (French, Dutch) pairs of forms/render.py before they moved into the catalogues.
OLD_PAIRS = [
    ("Nom et prénom", "Naam en voornaam"), ("Date de naissance", "Geboortedatum"), ("Lien", "Band"),
    ("Nationalité", "Nationaliteit"), ("NISS / BIS", "INSZ / BIS"), ("Sexe", "Geslacht"), ("Séjour", "Verblijf"),
    ("Membre", "Gezinslid"), ("Nature", "Aard"), ("Payé par", "Betaald door"), ("Montant", "Bedrag"),
    ("Signature du demandeur", "Handtekening van de aanvrager"),
    ("Signature du conjoint / partenaire", "Handtekening van de partner"),
    ("Signature (membre majeur)", "Handtekening (meerderjarig gezinslid)"),
    ("Signature de la personne mandatée", "Handtekening van de gevolmachtigde"),
    ("Signature du bailleur", "Handtekening van de verhuurder"),
    ("Pièces à joindre", "Bij te voegen stukken"), ("Où introduire la demande", "Waar indienen"),
    ("Déclaration et signatures", "Verklaring en handtekeningen"),
]
# The French-only tables of forms/fill.py (codes of the family file printed on the forms).
OLD_STATUS_FR = {
    "asylum_seeker": "Demandeur de protection internationale", "refugee": "Réfugié reconnu",
    "subsidiary_protection": "Protection subsidiaire", "temporary_protection": "Protection temporaire",
    "family_reunification": "Regroupement familial", "unlimited_stay": "Séjour illimité",
    "eu_citizen": "Citoyen UE", "eu_family_member": "Membre de la famille d'un citoyen UE",
    "regularisation": "Régularisation (9bis/9ter)", "unaccompanied_minor": "Mineur étranger non accompagné",
    "no_status": "Sans titre de séjour", "other": "Autre",
}
OLD_RELATION_FR = {"applicant": "demandeur", "partner": "conjoint / partenaire", "child": "enfant",
                   "parent": "parent", "other": "autre"}
OLD_INCOME_FR = {"ris": "revenu d'intégration", "aide_sociale": "aide sociale équivalente", "salary": "salaire",
                 "unemployment": "allocations de chômage", "family_allowance": "allocations familiales",
                 "mutuelle": "indemnités de mutuelle", "other": "autre"}

# The packet and the forms said these differently; they now share the family file's words.
ONE_WORDING = {"STATUS_FR": {"eu_citizen": "Citoyen de l'UE"}}


def test_the_form_words_are_the_old_pairs():
    from volunteer_desk.forms.render import FORM_WORDS, form_words

    assert sorted((form_words(msgid).fr, form_words(msgid).nl) for msgid in FORM_WORDS) == sorted(OLD_PAIRS)


def test_brussels_forms_print_them_in_french_and_dutch(brussels_snapshot):
    words: set[str] = set()
    for spec in catalogue("brussels"):
        words |= set(pdftotext(render_pdf(fill(spec.id, brussels_snapshot, "Sam Peeters", today=TODAY))).split())
    for fr, nl in [("Pièces à joindre", "Bij te voegen stukken"), ("Où introduire la demande", "Waar indienen"),
                   ("Déclaration et signatures", "Verklaring en handtekeningen"), ("Date de naissance", "Geboortedatum"),
                   ("Signature du demandeur", "Handtekening van de aanvrager")]:
        assert all(w in words for w in f"{fr} {nl}".split()), (fr, nl)


@pytest.mark.parametrize(("table", "old"), [("STATUS_FR", OLD_STATUS_FR), ("RELATION_FR", OLD_RELATION_FR),
                                            ("INCOME_FR", OLD_INCOME_FR)])
def test_the_family_codes_read_as_before_on_the_forms(table, old):
    import importlib

    words = getattr(importlib.import_module("volunteer_desk.forms.fill"), table)
    assert {code: words.get(code) for code in old} == {**old, **ONE_WORDING.get(table, {})}
    assert words.get("no_such_code", "?") == "?"


def test_a_form_of_another_region_is_refused_with_the_regions_named_in_the_ui_language(demo_snapshot):
    from volunteer_desk.core import i18n
    from volunteer_desk.core.errors import BadInput

    brussels_only = next(spec.id for spec in catalogue() if spec.regions == ("brussels",))
    previous = i18n.ui_language()
    try:
        i18n.set_ui_language("nl")
        with pytest.raises(BadInput) as err:  # the demo family lives in Liège
            fill(brussels_only, demo_snapshot, "Sam Peeters", today=TODAY)
    finally:
        i18n.set_ui_language(previous)
    assert "Brussels Hoofdstedelijk Gewest" in str(err.value) and "Wallonië" in str(err.value)
