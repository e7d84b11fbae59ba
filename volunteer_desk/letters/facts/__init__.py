"""Letter facts: dates, sender, deadlines, appointments, amounts, IBANs, references, requested
documents and appeal, from OCR text in French, Dutch or German. Pure Python; no Qt."""

from .extract import extract_facts, facts_language
from .model import (
    Amount,
    Appeal,
    Appointment,
    Deadline,
    Iban,
    LetterFacts,
    Reference,
    RequestedDocument,
    Span,
)
from .tasks import facts_to_tasks
from .workdays import (
    NotificationRule,
    add_working_days,
    easter,
    is_working_day,
    public_holidays,
    working_days_before,
)

__all__ = [
    "Amount", "Appeal", "Appointment", "Deadline", "Iban", "LetterFacts", "NotificationRule", "Reference",
    "RequestedDocument", "Span", "add_working_days", "easter", "extract_facts", "facts_language", "facts_to_tasks",
    "is_working_day", "public_holidays", "working_days_before",
]
