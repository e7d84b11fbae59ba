"""The family's consent: one record per scope, dated, limited to one year, revocable.

GDPR Art. 7 and 9(2)(a): we keep when consent was given, until when, in which language the notice
was explained, which version of the notice, and its withdrawal. Sharing with a recipient needs that
recipient's ``share_*`` scope; health information also needs ``store_health``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from volunteer_desk.core.errors import BadInput
from volunteer_desk.family.model import Consent, is_adult

NOTICE_VERSION = "1.0"
MAX_DAYS = 366          # "at most one year" (a leap year included)
WARN_DAYS = 30

SHARE_SCOPES = {"cpas": "share_cpas", "cri": "share_cri_bapa", "lawyer": "share_lawyer"}
# Sharing health information with a recipient: its own explicit scope, given by each adult for
# themselves (member_id) — keeping health notes (store_health) is not agreeing to pass them on.
HEALTH_SHARE_SCOPES = {"cpas": "share_health_cpas", "cri": "share_health_cri_bapa", "lawyer": "share_health_lawyer"}
# The reverse direction: the recipient may tell the volunteer about the file (printed in the packet).
INFORM_SCOPES = {"cpas": "cpas_informs_volunteer", "cri": "cri_informs_volunteer",
                 "lawyer": "lawyer_informs_volunteer"}
# Scopes that only widen what an existing share may carry (never a reason to share on their own).
EXTRA_SCOPES = ("store_health",)
SCOPES = (*SHARE_SCOPES.values(), *EXTRA_SCOPES, "share_school", "share_interpreter",
          *HEALTH_SHARE_SCOPES.values(), *INFORM_SCOPES.values())
RECIPIENTS = tuple(SHARE_SCOPES)


def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def share_scope(recipient: str) -> str:
    try:
        return SHARE_SCOPES[recipient]
    except KeyError:
        raise BadInput("Unknown recipient: choose cpas, cri or lawyer.") from None


def new_consent(scope: str, given_on: str | date, language: str, *, ends_on: str | date | None = None,
                recipient: str = "", notice_version: str = NOTICE_VERSION, member_id: str = "") -> Consent:
    """A validated consent record (end date defaults to one year minus a day)."""
    if scope not in SCOPES:
        raise BadInput("Unknown consent scope.")
    start = _day(given_on)
    if start is None:
        raise BadInput("The consent needs the date it was given (YYYY-MM-DD).")
    end = _day(ends_on) if ends_on else start + timedelta(days=364)
    if end is None or end < start:
        raise BadInput("The consent end date must be after the date it was given.")
    if (end - start).days > MAX_DAYS:
        raise BadInput("A consent lasts at most one year; ask the family again after that.")
    if not language:
        raise BadInput("Say in which language the consent notice was explained.")
    return Consent(scope=scope, recipient=recipient, given_on=start.isoformat(), ends_on=end.isoformat(),
                   language=language, notice_version=notice_version, member_id=member_id)


def withdraw(consent: Consent, on: str | date) -> Consent:
    day = _day(on)
    if day is None:
        raise BadInput("The withdrawal needs a date (YYYY-MM-DD).")
    consent.withdrawn_on = day.isoformat()
    return consent


def is_active(consent: Consent, today: date) -> bool:
    start, end, gone = _day(consent.given_on), _day(consent.ends_on), _day(consent.withdrawn_on)
    if start is None or end is None or start > today or end < today:
        return False
    if (end - start).days > MAX_DAYS:  # hand-edited record beyond the limit: treat as expired
        return False
    return gone is None or gone > today


def _household_wide(consents, today: date, member_id: str | None = None) -> list[Consent]:
    return [c for c in consents if is_active(c, today) and (not c.member_id or c.member_id == member_id)]


def active_scopes(snapshot, recipient: str, today: date) -> set[str]:
    """Scopes usable when sending the household's data to ``recipient`` today.

    Empty when the recipient's sharing scope is not active: then nothing may be sent at all.
    Member-only consents (``member_id`` set) do not open the household's file.
    """
    wanted = share_scope(recipient)
    active = {c.scope for c in _household_wide(snapshot.consents, today)}
    if wanted not in active:
        return set()
    return {wanted} | (active & set(EXTRA_SCOPES))


def member_scopes(snapshot, member_id: str, recipient: str, today: date) -> set[str]:
    """Like ``active_scopes`` but also counting consents given by that one member."""
    wanted = share_scope(recipient)
    active = {c.scope for c in _household_wide(snapshot.consents, today, member_id)}
    if wanted not in active:
        return set()
    return {wanted} | (active & set(EXTRA_SCOPES))


def _adults(snapshot, today: date) -> list:
    return [m for m in snapshot.members if is_adult(m, today)]


def health_share_adults(snapshot, recipient: str, today: date) -> tuple[list, list]:
    """(adults who agreed to share health information with ``recipient``, adults who did not)."""
    scope = HEALTH_SHARE_SCOPES.get(recipient)
    given = {c.member_id for c in snapshot.consents if c.scope == scope and is_active(c, today)}
    household = any(c.scope == scope and is_active(c, today) and not c.member_id for c in snapshot.consents)
    adults = _adults(snapshot, today)
    agreed = [m for m in adults if household or m.id in given]
    return agreed, [m for m in adults if m not in agreed]


def may_share_health(snapshot, recipient: str, today: date) -> bool:
    """Health information goes to ``recipient`` only when every adult agreed to *share* it with them
    (and the household's file may be shared at all); a consent to keep it is not enough."""
    if not active_scopes(snapshot, recipient, today):
        return False
    agreed, missing = health_share_adults(snapshot, recipient, today)
    return bool(agreed) and not missing


def informs_volunteer(snapshot, recipient: str, today: date) -> list[Consent]:
    """Active consents letting ``recipient`` inform the volunteer (one per adult who gave it)."""
    scope = INFORM_SCOPES.get(recipient)
    return [c for c in snapshot.consents if c.scope == scope and is_active(c, today)]


@dataclass(frozen=True)
class Expiring:
    consent: Consent
    days_left: int


def expiring(snapshot, today: date, within: int = WARN_DAYS) -> list[Expiring]:
    """Active consents ending within ``within`` days (soonest first): time to ask the family again."""
    found = []
    for c in snapshot.consents:
        end = _day(c.ends_on)
        if end is not None and is_active(c, today) and (end - today).days <= within:
            found.append(Expiring(c, (end - today).days))
    return sorted(found, key=lambda e: e.days_left)

