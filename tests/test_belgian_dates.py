"""Dates typed the Belgian way."""

from __future__ import annotations

from datetime import date

import pytest

from volunteer_desk.core.dates import parse_day
from volunteer_desk.core.formatting import short_date
from volunteer_desk.family.validation import check_birth_date

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("typed", "iso"), [
    ("30/06/2029", "2029-06-30"), ("3/6/29", "2029-06-03"), ("03.06.2029", "2029-06-03"),
    ("3-6-2029", "2029-06-03"), ("2029-06-30", "2029-06-30"), ("1/1/61", "1961-01-01"), ("", ""),
])
def test_belgian_and_iso_dates(typed, iso):
    assert parse_day(typed, today=TODAY) == iso


@pytest.mark.parametrize("typed", ["—30/06/2029", "31/02/2029", "30/13/2029", "arabe", "30/06", "2029/6"])
def test_not_dates(typed):
    with pytest.raises(ValueError):
        parse_day(typed, today=TODAY)


def test_unknown_parts_for_birth_dates():
    assert parse_day("00/00/1988", unknown_parts=True) == "1988-00-00"
    assert parse_day("1988", unknown_parts=True) == "1988-00-00"
    assert short_date("1988-00-00") == "00/00/1988"
    assert check_birth_date("3/6/61").value == "03/06/1961"
    assert check_birth_date("3/6/19").value == "03/06/2019"
    assert not check_birth_date("31/02/2019").ok
