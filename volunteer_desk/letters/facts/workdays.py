"""Belgian working days and the rule that says when a posted letter counts as received."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from volunteer_desk import rules as legal_rules

from . import patterns as P


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    table = P.holidays()
    out: dict[date, str] = {}
    for mmdd, name in table["fixed"].items():
        mm, dd = mmdd.split("-")
        out[date(year, int(mm), int(dd))] = name
    sunday = easter(year)
    for offset, name in table["easter_offsets"].items():
        out[sunday + timedelta(days=int(offset))] = name
    return out


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_before(day: date, n: int) -> date:
    """The n-th working day before `day` ("2 jours ouvrables avant l'audition"), skipping
    weekends and public holidays."""
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def previous_working_day(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def postal_working_days(on: date | None = None) -> int:
    """Working days after sending when a posted letter counts as received (rule notification.postal_working_days)."""
    return int(legal_rules.get("notification.postal_working_days", on=on).value)


@dataclass(frozen=True)
class NotificationRule:
    """How relative deadlines are anchored. Editable by the volunteer; carried in each deadline's
    `basis` so nobody has to guess how a date was computed.

    postal: the letter came by post, so it counts as received `working_days_after_sending`
        working days after its date (rule notification.postal_working_days).
    extend_to_working_day: a deadline that ends on a weekend or public holiday moves to the next
        working day (rule deadline.extend_to_working_day).
    unspecified_start: when the letter only says "within 14 days", count from "letter" (earliest,
        safest for the family) or from "notification".
    """

    postal: bool = True
    working_days_after_sending: int = field(default_factory=lambda: postal_working_days())
    extend_to_working_day: bool = field(default_factory=lambda: bool(legal_rules.get("deadline.extend_to_working_day").value))
    unspecified_start: str = "letter"

    def deemed_notification(self, letter_date: date) -> date:
        if not self.postal:
            return letter_date
        return add_working_days(letter_date, self.working_days_after_sending)

    def to_dict(self) -> dict[str, object]:
        return {
            "postal": self.postal,
            "working_days_after_sending": self.working_days_after_sending,
            "extend_to_working_day": self.extend_to_working_day,
            "unspecified_start": self.unspecified_start,
        }
