from __future__ import annotations

import pytest

from tests.packet.helpers import add_demo_letters


@pytest.fixture
def family_with_letters(admin_session, demo_family_id):
    """(session, family id, letter ids): the demo family plus a CPAS letter and a doctor's letter."""
    with admin_session.open_family(demo_family_id) as ff:
        letters = add_demo_letters(ff)
    return admin_session, demo_family_id, letters
