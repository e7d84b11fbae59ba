"""Property tests: every Belgian way of writing an amount or a date is read back exactly."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from volunteer_desk.letters.facts.dates import find_dates
from volunteer_desk.letters.facts.money import find_amounts


def _belgian(cents: int, sep: str) -> str:
    whole, rest = divmod(cents, 100)
    groups = f"{whole:,}".replace(",", sep)
    return f"{groups},{rest:02d}"


@settings(max_examples=60, deadline=None)
@given(cents=st.integers(min_value=1, max_value=99_999_999), sep=st.sampled_from([".", " ", "\u00a0"]),
       style=st.sampled_from(["{n} €", "{n} EUR", "€ {n}", "{n}€", "{n} euros"]))
def test_amounts_round_trip(cents: int, sep: str, style: str) -> None:
    text = "Le montant de " + style.format(n=_belgian(cents, sep)) + " est dû."
    assert [a.value for a in find_amounts(text)] == [round(cents / 100, 2)]


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
       locale=st.sampled_from(["fr_BE", "nl_BE", "de_BE"]),
       pattern=st.sampled_from(["d MMMM y", "d MMM y", "dd.MM.y", "d/M/y", "dd/MM/y", "dd-MM-y", "EEEE d MMMM y"]))
def test_dates_round_trip(day: date, locale: str, pattern: str) -> None:
    written = format_date(day, pattern, locale=locale)
    hits = find_dates(f"Fait le {written}, signé.")
    assert [h.value for h in hits] == [day], written
