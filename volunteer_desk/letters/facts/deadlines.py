"""Deadlines (absolute and relative) and appointments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from volunteer_desk.core.dates import add_months
from volunteer_desk.core.i18n import _

from . import patterns as P
from .about import deadline_cue, is_trap, weak_cue
from .dates import DateHit, TimeHit
from .model import Appointment, Deadline, Span
from .text import sentence_at, squash
from .workdays import (
    NotificationRule,
    add_working_days,
    is_working_day,
    next_working_day,
    postal_working_days,
    previous_working_day,
    working_days_before,
)


@dataclass
class Anchors:
    """Start dates for relative deadlines, with the words that explain them."""

    letter: date | None
    notification: date | None
    notification_basis: str
    rule: NotificationRule


def anchors_for(letter_date: date | None, notification_date: date | None, rule: NotificationRule) -> Anchors:
    if notification_date is not None:
        return Anchors(letter_date, notification_date, _("notification date entered by the volunteer"), rule)
    if letter_date is None:
        return Anchors(None, None, _("letter date unknown"), rule)
    if rule.postal:
        basis = _("deemed received on working day {n} after the letter date (sent by post)").format(
            n=rule.working_days_after_sending)
    else:
        basis = _("received on the letter date (not sent by post)")
    return Anchors(letter_date, rule.deemed_notification(letter_date), basis, rule)


def classify_action(sentence: str, previous: str = "") -> str:
    words = P.data()["action_words"]
    for ctx in (sentence, previous):
        for action in ("appeal", "pay", "sign", "documents", "contact", "respond"):
            if P.rx(words[action], word=False).search(ctx):
                return action
    return "other"


def _what(text: str, s: int, e: int) -> str:
    what = squash(text[s:e]).rstrip(" :")
    return what if len(what) <= 200 else what[:199] + "…"


def _period_end(text: str, hit: DateHit, hits: list[DateHit]) -> bool:
    """'du 01/01/2026 au 31/12/2026', 'van 1 juli tot en met 30 september': the end of a period."""
    for other in hits:
        if 0 <= hit.start - other.end <= 16:
            between = text[other.end:hit.start]
            if re.fullmatch(r"\s*(?:au|à|jusqu'au|jusqu’au|tot(?: en met)?|t/m|bis(?: zum)?|[-–])\s*(?:le\s+)?", between, P.FLAGS):
                return True
    return False


def _finish(due: date, rule: NotificationRule, basis: str) -> tuple[date, str]:
    if rule.extend_to_working_day and not is_working_day(due):
        moved = next_working_day(due)
        return moved, basis + "; " + _("{d} is not a working day, moved to {m}").format(d=due.isoformat(), m=moved.isoformat())
    return due, basis


def absolute_deadlines(text: str, hits: list[DateHit], bounds: list[tuple[int, int]], lang: str,
                       letter_date: date | None) -> list[Deadline]:
    out: list[Deadline] = []
    for h in hits:
        if letter_date and (h.value < letter_date or h.value > letter_date + timedelta(days=800)):
            continue  # a past date is never something still to do
        if is_trap(text, h) or _period_end(text, h, hits):
            continue
        cue = deadline_cue(text, h, lang)
        if cue is None:
            continue
        weak = weak_cue(text, h)
        if weak and weak.start() + max(0, h.start - 70) < cue.start() + max(0, h.start - 70):
            continue
        s, e = sentence_at(bounds, h.start)
        prev = text[sentence_at(bounds, max(0, s - 2))[0]:s] if s > 0 else ""
        sentence = text[s:e]
        if P.cue("not_family_deadline").search(sentence):
            continue
        out.append(Deadline(h.value, _what(text, s, e), classify_action(sentence, prev), False,
                            _("date written in the letter"), Span.of(text, s, e)))
    return out


@lru_cache(maxsize=4)
def _relative_rx(lang: str) -> re.Pattern[str]:
    d = P.data()
    lead = d["relative_lead"].get(lang, d["relative_lead"]["fr"])
    lead = f"{lead}|délai de|délai d'|termijn van|Frist von"
    units = "|".join(f"(?P<{k}>{v})" for k, v in d["units"].items())
    wd = d["working_day_words"]
    return re.compile(
        rf"(?<![\w])(?:{lead})\s+(?:(?:{d['relative_filler']})\s+){{0,3}}(?P<n>{P.number_alternation()})\s+"
        rf"(?:(?P<wd1>{wd})|(?:{units})(?:\s+(?P<wd2>{wd}))?)(?![\w])",
        P.FLAGS,
    )


_ONE_MONTH = re.compile(r"(?<![\w])(?:dans le mois|endéans le mois|binnen de maand|binnen (?:een|de) maand|innerhalb eines Monats)(?![\w])", P.FLAGS)


def _period(n: int, unit: str, working: bool) -> str:
    """The letter's delay as ISO 8601 (working days have no ISO form: '')."""
    if working:
        return ""
    return {"day": f"P{n}D", "week": f"P{7 * n}D", "month": f"P{n}M", "year": f"P{n}Y"}[unit]


def relative_deadlines(text: str, bounds: list[tuple[int, int]], lang: str, anchors: Anchors) -> list[Deadline]:
    d = P.data()
    base_notif = P.rx(d["relative_base"]["notification"], word=False)
    base_letter = P.rx(d["relative_base"]["letter"], word=False)
    explicit = P.rx(d["relative_base"]["explicit_postal"], word=False)
    matches: list[tuple[int, int, int, str, bool]] = []
    for m in _relative_rx(lang).finditer(text):
        n = P.parse_number(m["n"])
        if not n:
            continue
        working = bool(m["wd1"] or m["wd2"])
        unit = "day" if m["wd1"] else next(k for k in ("day", "week", "month", "year") if m[k])
        matches.append((m.start(), m.end(), n, unit, working))
    for m in _ONE_MONTH.finditer(text):
        matches.append((m.start(), m.end(), 1, "month", False))
    out: list[Deadline] = []
    for start, end, n, unit, working in sorted(matches):
        s, e = sentence_at(bounds, start)
        sentence = text[s:e]
        if P.cue("not_family_deadline").search(sentence):
            continue
        after = text[end:min(e, end + 160)]
        rule = anchors.rule
        if explicit.search(after):
            base = add_working_days(anchors.letter, postal_working_days(anchors.letter)) if anchors.letter else None
            base_words = _("working day 3 after the sending date, as the letter says")
        elif base_notif.search(after):
            base, base_words = anchors.notification, _("notification date ({why})").format(why=anchors.notification_basis)
        elif base_letter.search(after) or rule.unspecified_start == "letter":
            base, base_words = anchors.letter, _("letter date")
        else:
            base, base_words = anchors.notification, _("notification date ({why})").format(why=anchors.notification_basis)
        phrase = squash(text[start:end])
        prev = text[sentence_at(bounds, max(0, s - 2))[0]:s] if s > 0 else ""
        if base is None:
            out.append(Deadline(None, _what(text, s, e), classify_action(sentence, prev), True,
                                _("'{p}' but the start date is unknown").format(p=phrase), Span.of(text, s, e)))
            continue
        if unit == "day":
            due = add_working_days(base, n) if working else base + timedelta(days=n)
        elif unit == "week":
            due = base + timedelta(days=7 * n)
        elif unit == "month":
            due = add_months(base, n)
        else:
            due = add_months(base, 12 * n)
        basis = _("'{p}' counted from the {w}: {b}").format(p=phrase, w=base_words, b=base.isoformat())
        due, basis = _finish(due, rule, basis)
        out.append(Deadline(due, _what(text, s, e), classify_action(sentence, prev), True, basis, Span.of(text, s, e),
                            _period(n, unit, working)))
    return out


@lru_cache(maxsize=1)
def _before_rx() -> re.Pattern[str]:
    """'N heures / jours / jours ouvrables avant le rendez-vous', 'N werkdagen vooraf', 'N Tage vor dem Termin'."""
    b = P.data()["before_appointment"]
    units = "|".join(f"(?P<{k}>{P.spaced(b[k])})" for k in ("hour", "working_day", "day"))
    return re.compile(
        rf"(?<![\w])(?P<n>{P.number_alternation()})\s*(?:{units})(?![\w])\s+(?P<anchor>{P.spaced(b['anchor'])})(?![\w])",
        P.FLAGS,
    )


def _days_for_hours(hours: int, appt: Appointment) -> int:
    """Whole days to step back for 'N hours before': from 24 hours on, round up to a whole day
    (48 h before Tuesday 13:45 -> Sunday), so the family never acts too late."""
    if hours >= 24:
        return -(-hours // 24)
    if appt.time_known:
        return (appt.when.date() - (appt.when - timedelta(hours=hours)).date()).days
    return 1  # time of day unknown: the day before is the safe reading


def appointment_deadlines(text: str, bounds: list[tuple[int, int]], appointments: list[Appointment]) -> list[Deadline]:
    """Deadlines counted back from an appointment dated in the same letter. Without such a date
    ("48 uur vooraf" for a visit still to be arranged) nothing is proposed."""
    if not appointments:
        return []
    unscheduled = P.rx(P.data()["before_appointment"]["unscheduled"], word=False)
    found: list[tuple[re.Match[str], int, str]] = [(m, 1, "day") for m in P.rx(P.data()["day_before_appointment"]).finditer(text)]
    for m in _before_rx().finditer(text):
        n = P.parse_number(m["n"])
        if n:
            found.append((m, n, "hour" if m["hour"] else "working_day" if m["working_day"] else "day"))
    out: list[Deadline] = []
    for m, n, unit in found:
        if unscheduled.search(text[m.end():m.end() + 60]):
            continue  # "48 heures avant le rendez-vous qui vous sera fixé": no date to count from
        appt = min(appointments, key=lambda a: abs(a.source.start - m.start()))
        day = appt.when.date()
        phrase = squash(m.group())
        if unit == "hour":
            due = day - timedelta(days=_days_for_hours(n, appt))
            basis = _("'{p}': {n} hours before the appointment of {d}, counted as the whole day {due}").format(
                p=phrase, n=n, d=appt.to_dict()["when"].replace("T", " "), due=due.isoformat())
        elif unit == "working_day":
            due = working_days_before(day, n)
            basis = _("'{p}': {n} working day(s) before the appointment of {d}, skipping weekends and public holidays").format(
                p=phrase, n=n, d=day.isoformat())
        else:
            due = day - timedelta(days=n)
            basis = _("'{p}': {n} day(s) before the appointment of {d}").format(p=phrase, n=n, d=day.isoformat())
        if not is_working_day(due):
            # Counting back must not move the date later; say when offices are last open instead.
            basis += "; " + _("{d} is not a working day: an office is last reachable on {w}").format(
                d=due.isoformat(), w=previous_working_day(due).isoformat())
        s, e = sentence_at(bounds, m.start())
        prev = text[sentence_at(bounds, max(0, s - 2))[0]:s] if s > 0 else ""
        out.append(Deadline(due, _what(text, s, e), classify_action(text[s:e], prev), True, basis, Span.of(text, s, e)))
    return out


_WHERE_LEAD = re.compile(r"^[\s,:;.\-–]*(?:(?:aan|au|à la|à l'|à|aux|dans|en|bij|in|op|te|im|in der|am|beim|bei)\s+)?", P.FLAGS)
_WHERE_CUT = re.compile(r",?\s+(?:afin|pour (?:y|un|une|le|la|l'|discuter|signer|faire)|om |um |muni|munie|met uw|mit Ihre|en vue|zwecks)\b|\(|\n\s*\n", P.FLAGS)


def appointments_in(text: str, hits: list[DateHit], times: list[TimeHit], bounds: list[tuple[int, int]],
                    lang: str, letter_date: date | None) -> list[Appointment]:
    out: list[Appointment] = []
    cues = P.rx(P.data()["appointment_cues"], word=False)
    desk_rx = re.compile(rf"(?<![\w])(?:{P.data()['desk']})\s*(?:n[°o]\.?\s*)?[\w.]*\d[\w.]*", P.FLAGS)
    for h in hits:
        if letter_date and h.value < letter_date:
            continue
        if is_trap(text, h) or deadline_cue(text, h, lang):
            continue
        s, e = sentence_at(bounds, h.start)
        t = _time_near(text, h, times, e)
        context = text[max(0, s - 250):e]
        if not (t or cues.search(text[s:e])):
            continue
        if not t and not cues.search(context):
            continue
        if t and not cues.search(context) and not re.search(r"(?:à|om|um|vers|at)\s*$", text[h.end:t.start], P.FLAGS):
            continue
        after = t.end if t and t.start > h.start else h.end
        where = text[after:e]
        where = _WHERE_LEAD.sub("", where, count=1)   # the lead ("à la", "bij"…), possibly empty
        cut = _WHERE_CUT.search(where)
        where = squash(where[: cut.start()] if cut else where).rstrip(" .,;:")
        if len(where) > 160:
            where = where[:159] + "…"
        desk = desk_rx.search(where)
        when = datetime.combine(h.value, t.value if t else time(0, 0))
        if any(a.when == when for a in out):
            continue
        out.append(Appointment(when, t is not None, where, squash(desk.group()) if desk else "", Span.of(text, s, e)))
    return out


def _time_near(text: str, h: DateHit, times: list[TimeHit], sentence_end: int) -> TimeHit | None:
    for t in times:
        if h.end <= t.start <= min(h.end + 40, sentence_end):
            return t
        if 0 <= h.start - t.end <= 25 and re.search(r"(?:,|le|op|am|den|\s)+$", text[t.end:h.start] + " "):
            return t
    return None
