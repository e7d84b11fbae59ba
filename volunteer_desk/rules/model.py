"""One legal rule: a value with its region, validity period, legal source and plain explanations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from volunteer_desk.core.dates import add_months

_DURATION = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$")


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 calendar duration (P3M, P30D, P2Y); months count 'de quantième à veille de quantième'."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        m = _DURATION.match(text or "")
        if not m or text == "P":
            raise ValueError(f"not an ISO 8601 duration: {text!r}")
        return cls(int(m["y"] or 0), int(m["m"] or 0), int(m["d"] or 0) + 7 * int(m["w"] or 0))

    def after(self, start: date) -> date:
        return add_months(start, 12 * self.years + self.months) + timedelta(days=self.days)

    def iso(self) -> str:
        out = "P" + (f"{self.years}Y" if self.years else "") + (f"{self.months}M" if self.months else "")
        return out + (f"{self.days}D" if self.days or out == "P" else "")

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months


@dataclass(frozen=True)
class Rule:
    id: str
    value: Any
    unit: str
    region: str
    valid_from: date | None
    valid_to: date | None
    source: str
    article: str
    last_reviewed: date
    explain: dict[str, str] = field(default_factory=dict)
    url: str = ""
    starts: str = ""
    body: str = ""
    verify: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    domain: str = ""

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def duration(self) -> Duration:
        """The value as a Duration (unit 'duration'); raises ValueError for other units."""
        if self.unit != "duration":
            raise ValueError(f"rule {self.id} is not a duration")
        return Duration.parse(str(self.value))

    @property
    def citation(self) -> str:
        """'Loi … , art. 71' — the legal source in one line."""
        return f"{self.source}, {self.article}" if self.article else self.source

    def explanation(self, lang: str) -> str:
        return self.explain.get(lang) or self.explain.get("en") or self.explain.get("fr", "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "value": self.value, "unit": self.unit, "region": self.region,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "source": self.source, "article": self.article, "url": self.url, "starts": self.starts,
                "verify": self.verify, "last_reviewed": self.last_reviewed.isoformat(),
                "explain": dict(self.explain), "domain": self.domain, **self.extra}
