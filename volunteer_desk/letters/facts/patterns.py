"""Word lists from resources/facts/*.json compiled into regexes once per process."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from volunteer_desk.core.errors import CorruptFile
from volunteer_desk.core.paths import resource

FLAGS = re.IGNORECASE | re.UNICODE


def _load(name: str) -> dict[str, Any]:
    path = resource("facts", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CorruptFile(f"The fact-extraction data file {name} is missing or damaged.") from err


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return _load("patterns.json")


@lru_cache(maxsize=1)
def senders() -> dict[str, Any]:
    return _load("senders.json")


@lru_cache(maxsize=1)
def holidays() -> dict[str, Any]:
    return _load("holidays.json")


@lru_cache(maxsize=64)
def rx(fragment: str, *, word: bool = True) -> re.Pattern[str]:
    """Compile a fragment; `word` wraps it in word boundaries that also work around accents."""
    fragment = spaced(fragment)
    body = f"(?<![\\w])(?:{fragment})(?![\\w])" if word else fragment
    return re.compile(body, FLAGS)


def spaced(fragment: str) -> str:
    """OCR breaks lines anywhere: a space in a word list matches any run of white space."""
    return fragment.replace(" ", r"\s+")


def cue(name: str) -> re.Pattern[str]:
    return rx(data()[name])


@lru_cache(maxsize=1)
def month_lookup() -> dict[str, int]:
    out: dict[str, int] = {}
    for month, names in data()["months"].items():
        for n in names:
            out[n.lower()] = int(month)
    return out


@lru_cache(maxsize=1)
def month_alternation() -> str:
    names = sorted(month_lookup(), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    return {k.lower(): v for k, v in data()["numbers"].items()}


@lru_cache(maxsize=1)
def number_alternation() -> str:
    names = sorted(number_words(), key=len, reverse=True)
    return "\\d{1,3}|" + "|".join(re.escape(n) for n in names)


def parse_number(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return number_words().get(token)
