"""Session fixtures for tests/letters."""

from __future__ import annotations

import pytest

from volunteer_desk.letters.samples import SamplePage, render_sample, sample_letter_text


@pytest.fixture(scope="session")
def letter_samples() -> dict[str, SamplePage]:
    """Rendered once per session: they take a second each."""
    text = sample_letter_text("cpas_decision")
    return {v: render_sample(text, v, seed=1) for v in ("clean", "phone", "sideways_270", "scan_skewed")}
