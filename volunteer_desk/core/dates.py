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
