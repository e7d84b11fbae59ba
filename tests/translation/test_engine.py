"""Engine: pivot through English, cached models, progress, cancel, no network, interpreter route."""

from __future__ import annotations

import socket

import pytest

from volunteer_desk.core.errors import Cancelled, MissingDependency
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.translation import coverage
from volunteer_desk.translation.coverage import InterpreterNeeded, Status
from volunteer_desk.translation.letter import translate_letter


def test_pivot_through_english_runs_both_models(install, engine):
    install("fr_en_hello", "en_uk_hello")
    result = engine.translate(["Bonjour.", "Le CPAS envoie une lettre."], "fr", "uk")
    assert result.texts == ["Привіт", "Привіт"]
    assert result.route.via_english and result.route.pivot == "en"
    assert [leg.pair for leg in result.route.legs] == ["fr-en", "en-uk"]
    direct = engine.translate(["Bonjour."], "fr", "en")
    assert direct.texts == ["Hello"] and not direct.route.via_english


def test_models_are_loaded_once_and_reused(install, engine):
    install("fr_en_copy", "en_ar_random")
    translate_letter("Première lettre. Merci.", "fr", "ar", engine=engine)
    assert engine.loads == 2
    first = engine.load(engine.route("fr", "ar").legs[0])
    translate_letter("Deuxième lettre, autre texte.", "fr", "ar", engine=engine)
    assert engine.loads == 2
    assert engine.load(engine.route("fr", "ar").legs[0]) is first


def test_progress_counts_sentences_and_cancel_stops(install, engine):
    install("fr_en_copy", "en_ar_random")
    engine.batch_size = 2
    seen = []
    sentences = [f"Phrase numéro {i}." for i in range(5)]
    engine.translate(sentences, "fr", "ar", progress=lambda d, t, m: seen.append((d, t)))
    assert seen[-1] == (10, 10)  # 5 sentences × 2 legs
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    cancel = CancelToken()

    def stop_after_first_batch(done, total, message):
        if done >= 2:
            cancel.cancel()

    with pytest.raises(Cancelled):
        engine.translate(sentences, "fr", "ar", progress=stop_after_first_batch, cancel=cancel)


def test_no_network_during_install_and_translation(monkeypatch, argos_packages):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:2] or kwargs)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from volunteer_desk.translation.engine import TranslationEngine
    from volunteer_desk.translation.packages import ModelManager

    manager = ModelManager()
    manager.install(argos_packages["fr_en_random"])
    manager.install(argos_packages["en_ar_random"])
    result = translate_letter("Le CPAS vous écrit. Merci de répondre avant le 12/03/2025.", "fr", "ar",
                              engine=TranslationEngine(manager))
    assert result.paragraphs and "12/03/2025" in result.paragraphs[0].translation
    assert attempts == []


@pytest.mark.parametrize("lang", ["ps", "ti", "so", "ku", "kmr"])
def test_languages_without_models_point_to_an_interpreter(install, engine, lang):
    install("fr_en_hello", "en_ar_random")
    cov = coverage.coverage(lang, "fr", engine.manager.pairs())
    assert cov.interpreter_needed and not cov.machine_translation
    assert "interpreter" in cov.message
    assert cov.status == (Status.INTERPRETER if lang == "so" else Status.OCR_ONLY)
    with pytest.raises(InterpreterNeeded, match="interpreter"):
        translate_letter("Bonjour.", "fr", lang, engine=engine)


def test_missing_model_says_what_to_install(install, engine):
    install("fr_en_hello")
    with pytest.raises(MissingDependency, match="en-ar") as err:
        engine.route("fr", "ar")
    assert "models install" in str(err.value)
    cov = coverage.coverage("ar", "fr", engine.manager.pairs())
    assert cov.status == Status.MODEL_MISSING and not cov.interpreter_needed


def test_coverage_with_models(install, engine):
    install("fr_en_hello", "en_ar_random", "en_uk_hello")
    pairs = engine.manager.pairs()
    table = {c.language: c for c in coverage.coverage_table(["ar", "uk", "en", "fr", "fa"], "fr", pairs)}
    assert table["ar"].status == Status.VIA_ENGLISH and "oldest generation" in table["ar"].warning
    assert table["uk"].status == Status.VIA_ENGLISH and table["uk"].warning == ""
    assert table["en"].status == Status.MACHINE
    assert table["fr"].status == Status.SAME
    assert table["fa"].status == Status.MODEL_MISSING
    assert coverage.model_code("prs") == "fa"


class _EatingSplitter:
    """Stands in for a sentence splitter that loses text (seen once from MiniSBD on a fixture model)."""

    def split_sentences(self, text: str) -> list[str]:
        return [text.split(" ")[0]]


def test_a_splitter_that_loses_words_is_not_trusted(install, engine):
    install("fr_en_copy", "en_ar_copy")
    route = engine.route("fr", "ar")
    text = "Votre dossier est complet. Le CPAS vous répondra dans un mois."
    assert engine.split_sentences(text, route) == ["Votre dossier est complet.", "Le CPAS vous répondra dans un mois."]
    engine.load(route.legs[0])._splitter = _EatingSplitter()
    assert engine.split_sentences(text, route) == ["Votre dossier est complet.", "Le CPAS vous répondra dans un mois."]
    result = translate_letter(text, "fr", "ar", engine=engine)
    assert result.paragraphs[0].translation == text  # the copy models give back every word
