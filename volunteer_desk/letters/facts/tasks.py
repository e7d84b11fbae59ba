"""Task proposals from extracted facts. The vault layer stores the ones the volunteer confirms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from volunteer_desk.core.i18n import N_, _

from .model import LetterFacts

_ACTION_TITLES = {
    "pay": N_("Pay"),
    "documents": N_("Send documents"),
    "appeal": N_("Appeal deadline"),
    "sign": N_("Sign / conclude"),
    "contact": N_("Contact the sender"),
    "respond": N_("Reply"),
    "other": N_("Deadline"),
}


def facts_to_tasks(facts: LetterFacts, reminder_days: tuple[int, ...] = (7, 1), today: date | None = None) -> list[dict[str, Any]]:
    """One proposal per dated deadline and appointment: title, due, kind, reminders, source span.
    Reminders that would fall before the letter date (or before `today`) are left out."""
    floor = max(d for d in (facts.letter_date, today, date.min) if d is not None)
    sender = facts.sender or _("sender")
    tasks: list[dict[str, Any]] = []
    for d in facts.deadlines:
        if d.due is None:
            continue
        title = _("{action}: {sender}").format(action=_(_ACTION_TITLES.get(d.action, "Deadline")), sender=sender)
        tasks.append({
            "title": title,
            "kind": "deadline",
            "due": d.due.isoformat(),
            "time": None,
            "what": d.what,
            "action": d.action,
            "basis": d.basis,
            "reminders": _reminders(d.due, reminder_days, floor),
            "source": d.source.to_dict(),
        })
    for a in facts.appointments:
        title = _("Appointment: {sender}").format(sender=sender)
        if a.desk:
            title += f" ({a.desk})"
        tasks.append({
            "title": title,
            "kind": "appointment",
            "due": a.when.date().isoformat(),
            "time": a.when.strftime("%H:%M") if a.time_known else None,
            "what": a.where,
            "action": "attend",
            "basis": "",
            "reminders": _reminders(a.when.date(), reminder_days, floor),
            "source": a.source.to_dict(),
        })
    tasks.sort(key=lambda t: (t["due"], t["time"] or ""))
    return tasks


def _reminders(due: date, days: tuple[int, ...], floor: date) -> list[str]:
    out = []
    for n in sorted(set(days), reverse=True):
        r = due - timedelta(days=n)
        if r >= floor:
            out.append(r.isoformat())
    return out
