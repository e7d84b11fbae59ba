"""Translation test helpers over the shared ``argos_packages`` fixture (tests/conftest.py)."""

from __future__ import annotations

import pytest


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
