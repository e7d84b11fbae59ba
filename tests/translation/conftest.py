"""Fixture translation packages, built once per session (real .argosmodel files, a few KB each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.argos_builder import build_argos_package

# name -> (from, to, mode, target word)
PACKAGES = {
    "fr_en_hello": ("fr", "en", "hello", "Hello"),
    "fr_en_copy": ("fr", "en", "copy", "Hello"),
    "fr_en_random": ("fr", "en", "random", "Hello"),
    "en_ar_random": ("en", "ar", "random", "Hello"),
    "en_uk_hello": ("en", "uk", "hello", "Привіт"),
    "en_ar_copy": ("en", "ar", "copy", "Hello"),
}


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("argos_packages")
    return {name: build_argos_package(out / f"{name}.argosmodel", a, b, mode=mode, target_word=word)
            for name, (a, b, mode, word) in PACKAGES.items()}


@pytest.fixture
def install(argos_packages):
    """install("fr_en_copy", "en_ar_random") -> ModelManager of this test's models folder."""
    from volunteer_desk.translation.packages import ModelManager

    def _install(*names: str) -> ModelManager:
        manager = ModelManager()
        for name in names:
            manager.install(argos_packages[name])
        return manager

    return _install


@pytest.fixture
def engine():
    from volunteer_desk.translation.engine import TranslationEngine

    return TranslationEngine(beam_size=2)
