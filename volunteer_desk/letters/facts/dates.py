"""Find calendar dates and clock times in letter text (French, Dutch, German; written and numeric)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from . import patterns as P


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: date
    has_year: bool


@dataclass(frozen=True)
class TimeHit:
    start: int
    end: int
    value: time


@lru_cache(maxsize=1)
def _written_rx() -> re.Pattern[str]:
    months = P.month_alternation()
    weekday = P.data()["weekdays"]
    # "lundi 1er mars 2027", "15 déc. 2026", "3. März 2027", "le 26 janvier" (year optional)
    return re.compile(
        rf"(?<![\w.])(?:(?:{weekday}),?\s+(?:(?:le|den|de)\s+)?)?"
        rf"(?P<d>[0-3]?\d)\s*(?:er|e|ère|ste|de|\.)?\s+(?P<m>{months})(?![\w])\.?"
        rf"(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d))?",
        P.FLAGS,
    )


_NUMERIC = re.compile(r"(?<![\d./\-])(?P<d>[0-3]?\d)\s?(?P<s>[./\-])\s?(?P<m>[01]?\d)\s?(?P=s)\s?(?P<y>(?:19|20)?\d\d)(?![\d/\-]|\.\d)")
_ISO = re.compile(r"(?<![\d\-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d\-])")

_TIME_RXS = [
    # 10h30, 10 h 30, 10h, 10H00
    re.compile(r"(?<![\d,.])(?P<h>[0-2]?\d)\s?[hH]\s?(?P<mi>[0-5]\d)?(?![\w])"),
    # 9 heures, 9 heures 30, 14 uur, 14 Uhr, 14.00 uur, 14:00 Uhr
    re.compile(r"(?<![\d,.])(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?\s?(?:heures?|uur|Uhr)(?:\s(?P<mi2>[0-5]\d)(?!\d))?", P.FLAGS),
    # 14u30 (Flemish)
    re.compile(r"(?<![\d,.])(?P<h>[0-2]?\d)u(?P<mi>[0-5]\d)?(?![\w])"),
    # 14:00
    re.compile(r"(?<![\d,.:])(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?![\d:])"),
]


def _year(y: str) -> int:
    value = int(y)
    return value + 2000 if value < 100 else value


def find_dates(text: str, reference: date | None = None) -> list[DateHit]:
    """Every date in `text`, in order. Year-less written dates take the year that puts them
    closest after `reference - 60 days` (letters talk about the coming months), and are dropped
    without a reference."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _ISO.finditer(text):
        _add(hits, taken, m.start(), m.end(), int(m["y"]), int(m["m"]), int(m["d"]), True)
    for m in _written_rx().finditer(text):
        if not free(m.start(), m.end()):
            continue
        month = P.month_lookup()[m["m"].lower()]
        day = int(m["d"])
        if m["y"]:
            _add(hits, taken, m.start(), m.end(), int(m["y"]), month, day, True)
        elif reference is not None:
            year = reference.year
            try:
                if date(year, month, day) < reference - timedelta(days=60):
                    year += 1
            except ValueError:
                continue
            _add(hits, taken, m.start(), m.end(), year, month, day, False)
    for m in _NUMERIC.finditer(text):
        if free(m.start(), m.end()):
            _add(hits, taken, m.start(), m.end(), _year(m["y"]), int(m["m"]), int(m["d"]), True)
    hits.sort(key=lambda h: h.start)
    return hits


def _add(hits: list[DateHit], taken: list[tuple[int, int]], s: int, e: int, y: int, mo: int, d: int, has_year: bool) -> None:
    try:
        value = date(y, mo, d)
    except ValueError:
        return
    hits.append(DateHit(s, e, value, has_year))
    taken.append((s, e))


def find_times(text: str) -> list[TimeHit]:
    hits: list[TimeHit] = []
    for rx in _TIME_RXS:
        for m in rx.finditer(text):
            h = int(m["h"])
            mi = m.groupdict().get("mi") or m.groupdict().get("mi2") or "0"
            if h > 23:
                continue
            if any(not (m.end() <= t.start or m.start() >= t.end) for t in hits):
                continue
            hits.append(TimeHit(m.start(), m.end(), time(h, int(mi))))
    hits.sort(key=lambda t: t.start)
    return hits
