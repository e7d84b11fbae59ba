from __future__ import annotations

import pytest

from volunteer_desk import rules


@pytest.fixture(autouse=True)
def _fresh_rules():
    """Each test reads the rules of its own isolated data folder."""
    rules.reload()
    yield
    rules.reload()
