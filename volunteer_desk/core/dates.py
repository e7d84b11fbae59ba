"""Calendar arithmetic shared by letter deadlines and the integration trajectory."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """Same day-of-month ``months`` later, clamped to the month's last day (2026-11-30 + 3 → 2027-02-28).

    This is how Belgian law counts month deadlines (Code judiciaire art. 54: 'de quantième à veille
    de quantième', the day of the act not counted).
    """
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


_SEPARATORS = "/.-"


def parse_day(text: str, *, unknown_parts: bool = False, today: date | None = None) -> str:
    """A date typed the Belgian way → 'YYYY-MM-DD'; '' for an empty (unknown) date.

    Accepts DD/MM/YYYY, D/M/YY (also with '.' or '-'), and ISO YYYY-MM-DD. A two-digit year is in
    this century up to 20 years ahead, else the previous one (3/6/29 → 2029, 3/6/61 → 1961). With
    ``unknown_parts`` (birth dates), 00 stands for an unknown day or month and a lone YYYY is allowed.
    Raises ``ValueError`` for anything else (the caller says it in the user's language).
    """
    value = (text or "").strip()
    if not value:
        return ""
    for sep in _SEPARATORS[1:]:
        value = value.replace(sep, "/")
    parts = value.split("/")
    if not all(p.isdigit() for p in parts):
        raise ValueError(text)
    if len(parts) == 1 and unknown_parts and len(parts[0]) == 4:
        day, month, year = 0, 0, int(parts[0])
    elif len(parts) == 3 and len(parts[0]) == 4:  # ISO
        year, month, day = (int(p) for p in parts)
    elif len(parts) == 3 and len(parts[2]) in (2, 4) and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        day, month, year = (int(p) for p in parts)
        if len(parts[2]) == 2:
            now = (today or date.today()).year
            century = now // 100 * 100
            year += century if year <= now % 100 + 20 else century - 100
    else:
        raise ValueError(text)
    if unknown_parts and (day == 0 or month == 0):
        if not 0 <= month <= 12 or not 0 <= day <= 31 or (month == 0 and day != 0):
            raise ValueError(text)
        return f"{year:04d}-{month:02d}-{day:02d}"
    return date(year, month, day).isoformat()  # ValueError for 31/02

