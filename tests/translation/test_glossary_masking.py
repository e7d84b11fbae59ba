"""Glossary data and lookup; masking of Belgian formats; sentence splitting."""

from __future__ import annotations

import pytest

from volunteer_desk.translation import masking
from volunteer_desk.translation.glossary import Glossary
from volunteer_desk.translation.sentences import split_regex


def test_glossary_data_is_complete_and_sourced():
    g = Glossary.load()
    assert g.source and g.date
    assert len(g.terms) >= 35
    assert set(g.required_languages) >= {"fr", "nl", "en", "ar", "fa", "uk", "ru", "tr"}
    for term in g.terms.values():
        assert term.variants.get("fr") and term.variants.get("nl"), term.id
        for lang in g.required_languages:
            assert len(term.explanations.get(lang, "")) > 20, (term.id, lang)


@pytest.mark.parametrize(
    ("text", "lang", "ids"),
    [
        ("Le CPAS vous convoque.", "fr", ["cpas"]),
        ("Il a poussé un cri.", "fr", []),
        ("Votre CRI vous aide.", "fr", ["cri"]),
        ("Vous avez une carte F+ et lui une carte F.", "fr", ["carte_f_plus", "carte_f"]),
        ("Les assistants sociaux du centre", "fr", ["assistant_social"]),
        ("votre revenu d’intégration sociale (RIS)", "fr", ["revenu_integration", "revenu_integration"]),
        ("Het OCMW betaalt het leefloon en de huurwaarborg.", "nl", ["cpas", "revenu_integration", "garantie_locative"]),
        ("Das ÖSHZ zahlt die Mietkaution.", "de", ["cpas", "garantie_locative"]),
    ],
)
def test_find_terms(text, lang, ids):
    assert [h.term_id for h in Glossary.load().find_terms(text, lang)] == ids


def test_explain_falls_back_to_english():
    g = Glossary.load()
    assert g.explain("piis", "uk").language == "uk"
    fallback = g.explain("piis", "ps")
    assert fallback.language == "en" and "contract" in fallback.text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1.626,61 €", "amount"), ("1 400,00 €", "amount"), ("11,20 EUR", "amount"), ("€ 50", "amount"),
        ("1\u202f400,00\u00a0€", "amount"), ("BE68 5390 0754 7034", "iban"), ("BE68539007547034", "iban"),
        ("85.07.30-033.61", "niss"), ("12/03/2024", "date"), ("12.03.2024", "date"),
        ("lundi 3 février 2025", "date"), ("12 maart 2024", "date"), ("14h30", "time"),
        ("+32 470 12 34 56", "phone"), ("04/223.45.67", "phone"), ("info@cpas.be", "email"),
        ("SS/2024/00123", "reference"), ("Rue de la Station 12", "address"), ("Kerkstraat 5 bus 2", "address"),
        ("4000 Liège", "postcode"),
    ],
)
def test_belgian_formats_are_protected_whole(text, kind):
    m = masking.mask(f"Voir {text} ici.")
    assert [(i.kind, i.text) for i in m.items] == [(kind, text)]
    assert m.text == "Voir [0] ici."


def test_known_names_and_honorifics():
    m = masking.mask("Madame HADDAD et Monsieur Karim Benali, M. Dupont.", names=["Amina Haddad"])
    assert [i.text for i in m.items] == ["HADDAD", "Karim Benali", "Dupont"]


def test_regex_splitter_knows_belgian_abbreviations():
    text = ("M. Dupont et Mme Haddad sont convoqués. Voir l'art. 57 de la loi, n° 12. "
            "Der Termin ist am 12. März 2024. Merci !")
    assert split_regex(text) == [
        "M. Dupont et Mme Haddad sont convoqués.",
        "Voir l'art. 57 de la loi, n° 12.",
        "Der Termin ist am 12. März 2024.",
        "Merci !",
    ]
