"""What a letter says, as plain dataclasses. Every fact keeps the span of text it came from so the
volunteer can check it against the letter before it becomes a task."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int, limit: int = 300) -> Span:
        excerpt = " ".join(text[start:end].split())
        if len(excerpt) > limit:
            excerpt = excerpt[: limit - 1] + "…"
        return cls(start, end, excerpt)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Deadline:
    due: date | None
    what: str
    action: str  # pay | documents | appeal | sign | contact | respond | other
    relative: bool
    basis: str  # how `due` was computed, in words
    source: Span
    period: str = ""  # the letter's own delay as an ISO 8601 duration ("P30D"), for relative deadlines

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat() if self.due else None,
            "what": self.what,
            "action": self.action,
            "relative": self.relative,
            "basis": self.basis,
            "source": self.source.to_dict(),
        }


@dataclass
class Appointment:
    when: datetime
    time_known: bool
    where: str
    desk: str
    source: Span

    def to_dict(self) -> dict[str, Any]:
        when = self.when.strftime("%Y-%m-%dT%H:%M") if self.time_known else self.when.date().isoformat()
        return {"when": when, "time_known": self.time_known, "where": self.where, "desk": self.desk,
                "source": self.source.to_dict()}


@dataclass
class Amount:
    value: float
    text: str
    source: Span

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "source": self.source.to_dict()}


@dataclass
class Iban:
    iban: str  # compact, e.g. BE21001234567803
    formatted: str
    bic: str
    source: Span

    def to_dict(self) -> dict[str, Any]:
        return {"iban": self.iban, "formatted": self.formatted, "bic": self.bic, "source": self.source.to_dict()}


@dataclass
class Reference:
    label: str
    value: str
    source: Span

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "source": self.source.to_dict()}


@dataclass
class RequestedDocument:
    text: str
    source: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source.to_dict()}


@dataclass
class Appeal:
    possible: bool
    where: str
    within: str
    due: date | None
    source: Span | None
    letter_delay: str = ""    # the delay the letter states (ISO 8601), "" when it states none
    legal_delay: str = ""     # the statutory delay (ISO 8601) from resources/rules, "" when no rule applies
    legal_source: str = ""    # the legal text and article of that delay
    rule_id: str = ""
    basis: str = ""           # how `due` was computed, or why there is none
    warnings: list[str] = field(default_factory=list)  # appeal_info_missing, letter_delay_differs_from_law

    def to_dict(self) -> dict[str, Any]:
        return {"possible": self.possible, "where": self.where, "within": self.within,
                "due": self.due.isoformat() if self.due else None,
                "source": self.source.to_dict() if self.source else None,
                "letter_delay": self.letter_delay or None, "legal_delay": self.legal_delay or None,
                "legal_source": self.legal_source, "rule": self.rule_id or None, "basis": self.basis,
                "warnings": list(self.warnings)}


@dataclass
class LetterFacts:
    lang: str
    letter_date: date | None
    letter_date_source: Span | None
    notification_date: date | None  # entered by the volunteer, or deemed by the rule
    notification_basis: str
    sender: str
    sender_kind: str
    sender_source: Span | None
    kind: str
    deadlines: list[Deadline] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    ibans: list[Iban] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    documents_requested: list[RequestedDocument] = field(default_factory=list)
    appeal: Appeal | None = None
    rule: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
            "letter_date_source": self.letter_date_source.to_dict() if self.letter_date_source else None,
            "notification_date": self.notification_date.isoformat() if self.notification_date else None,
            "notification_basis": self.notification_basis,
            "sender": self.sender,
            "sender_kind": self.sender_kind,
            "sender_source": self.sender_source.to_dict() if self.sender_source else None,
            "kind": self.kind,
            "deadlines": [d.to_dict() for d in self.deadlines],
            "appointments": [a.to_dict() for a in self.appointments],
            "amounts_eur": [a.to_dict() for a in self.amounts],
            "ibans": [i.to_dict() for i in self.ibans],
            "references": [r.to_dict() for r in self.references],
            "documents_requested": [d.to_dict() for d in self.documents_requested],
            "appeal": (self.appeal or Appeal(False, "", "", None, None)).to_dict(),
            "rule": self.rule,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
