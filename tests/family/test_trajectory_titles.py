"""Every integration step's title can be shown in every UI language."""

from __future__ import annotations

import tomllib

from volunteer_desk.core.paths import resource

STEPS = resource("trajectory", "steps.toml")


def test_every_step_title_is_in_the_catalogue_list():
    from volunteer_desk.family.trajectory_titles import STEP_TITLES

    titles = {s["title"] for s in tomllib.loads(STEPS.read_text(encoding="utf-8"))["step"]}
    assert titles <= set(STEP_TITLES), sorted(titles - set(STEP_TITLES))


def test_titles_follow_the_language():
    from volunteer_desk.core.i18n import tr

    assert tr("Residence card renewal", "nl") != "Residence card renewal"
    assert tr("Residence card renewal", "ar") != "Residence card renewal"
