"""The family JSON document (docs/family-json.md) checked whole before anything is written.

Every field has a declared type, size and meaning (a date that exists, a NISS/BIS with right check
digits, an IBAN, a Belgian postcode, a language code…); the first problem becomes one ``BadInput``
naming the field's path, e.g. ``members[1].birth_date: this birth date does not exist.`` Messages
name the field, never the value (errors may be logged; the value may be a birth date or a NISS).

Hand-written rather than pydantic/msgspec: neither is a dependency yet, the document is small and
fixed, and the messages must reuse the translated sentences of ``family.validation``.

``validate_family_document(data, partial=False)`` is the one entry point: ``partial=True`` (family
update) allows records that carry only the fields that change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.i18n import _
from volunteer_desk.core.text import line_problem, multiline_problem, name_problem
from volunteer_desk.family import validation
from volunteer_desk.family.contact_roles import CONTACT_ROLES
from volunteer_desk.family.model import CARD_TYPES, RESIDENCE_STATUSES, SOURCES

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 8            # the document is at most 4 levels deep (household.incomes[0].kind)
MAX_NAME = 200
MAX_LINE = 500
MAX_TEXT = 100_000
MAX_ITEMS = {"members": 50, "contacts": 500, "notes": 10_000, "tasks": 10_000, "consents": 1_000,
             "requests": 1_000, "incomes": 100, "languages": 30, "reminders": 50}
MIN_YEAR, MAX_YEAR = 1900, 2200
RELATIONS = ("applicant", "partner", "child", "parent", "other")
SEXES = ("F", "M", "X")
STATUSES = ("pending", "granted", "refused", "appealed")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_+-]{0,39}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")
_PHONE = re.compile(r"^\+?[\d\s./()-]{3,40}$")


class Invalid(Exception):
    """One field is wrong: ``path`` and the translated ``problem``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


Check = Callable[[Any, str], Any]


# -- field kinds -----------------------------------------------------------------------------------
def _text(value: Any, path: str, max_len: int, problem: Callable[[str], str]) -> str:
    if not isinstance(value, str):
        raise Invalid(path, _("must be text."))
    if len(value) > max_len:
        raise Invalid(path, _("too long (at most {n} characters).").format(n=max_len))
    kind = problem(value)
    if kind == "surrogate":
        raise Invalid(path, _("holds an invalid character (a lone surrogate)."))
    if kind:
        raise Invalid(path, _("holds control or text-direction characters."))
    return value


def name(value: Any, path: str) -> str:
    return _text(value, path, MAX_NAME, name_problem)


def line(value: Any, path: str) -> str:
    return _text(value, path, MAX_LINE, line_problem)


def text(value: Any, path: str) -> str:
    return _text(value, path, MAX_TEXT, multiline_problem)


def _pattern(regex: re.Pattern[str], message: Callable[[], str], max_len: int = MAX_LINE) -> Check:
    def check(value: Any, path: str) -> str:
        value = _text(value, path, max_len, line_problem)
        if value and not regex.match(value):
            raise Invalid(path, message())
        return value
    return check


def a_date(value: Any, path: str) -> str:
    value = _text(value, path, 10, line_problem)
    if not value:
        return value
    if not _DATE.match(value):
        raise Invalid(path, _("is not a date (write YYYY-MM-DD)."))
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Invalid(path, _("this date does not exist.")) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise Invalid(path, _("this date is out of range."))
    return value


def a_datetime(value: Any, path: str) -> str:
    value = _text(value, path, 40, line_problem)
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(path, _("is not a date and time (write YYYY-MM-DDTHH:MM:SSZ).")) from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise Invalid(path, _("this date is out of range."))
    return value


def _validator(check: Callable[[str], validation.Check], max_len: int = 60) -> Check:
    """Wrap one of ``family.validation``'s checks (empty stays allowed: every field is optional)."""
    def run(value: Any, path: str) -> str:
        value = _text(value, path, max_len, line_problem)
        if value.strip():
            result = check(value)
            if not result.ok:
                raise Invalid(path, result.problem)
        return value
    return run


def postcode(value: Any, path: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):  # spreadsheets export 4000, not "4000"
        value = str(value)
    return _validator(validation.check_postcode, 12)(value, path)


def enum(choices: tuple[str, ...]) -> Check:
    def check(value: Any, path: str) -> str:
        value = _text(value, path, 60, line_problem)
        if value and value not in choices:
            raise Invalid(path, _("must be one of: {choices}.").format(choices=", ".join(c for c in choices if c)))
        return value
    return check


def boolean(value: Any, path: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise Invalid(path, _("must be true or false."))
    return value


def number(low: float, high: float, *, whole: bool = False) -> Check:
    def check(value: Any, path: str) -> float | int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(path, _("must be a number."))
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(path, _("must be a number."))
        if whole and not isinstance(value, int):
            raise Invalid(path, _("must be a whole number."))
        if not low <= value <= high:
            raise Invalid(path, _("must be between {low} and {high}.").format(low=low, high=high))
        return value
    return check


def list_of(item: Check, limit: int) -> Check:
    def check(value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise Invalid(path, _("must be a list."))
        if len(value) > limit:
            raise Invalid(path, _("too many entries (at most {n}).").format(n=limit))
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return check


def record(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Callable[..., dict]:  # (value, path, partial=False)
    """An object with known fields only (a typo must not silently drop data)."""
    def check(value: Any, path: str, partial: bool = False) -> dict:
        if not isinstance(value, dict):
            raise Invalid(path, _("must be an object."))
        out = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            check_field = fields.get(key)
            if check_field is None:
                raise Invalid(where[:120], _("unknown field."))
            out[key] = check_field(item, where)
        if not partial and required and not any(
                isinstance(out.get(k), str) and out[k].strip() for k in required):
            raise Invalid(f"{path}.{required[0]}" if path else required[0], _("is required."))
        return out
    return check


lang = _pattern(_LANG, lambda: _("is not a language code (like ar, fr, ti)."), 12)
code = _pattern(_CODE, lambda: _("is not a code (lower-case letters, digits and _)."), 40)
record_id = _pattern(_ID, lambda: _("is not a usable id (letters, digits, - and _)."), 64)
email = _pattern(_EMAIL, lambda: _("is not an e-mail address."), 254)
phone = _pattern(_PHONE, lambda: _("is not a phone number."), 40)
languages = list_of(lang, MAX_ITEMS["languages"])
money = number(0, 1_000_000)

ADDRESS = record({"street": line, "number": lambda v, p: _text(v, p, 20, line_problem),
                  "box": line, "postcode": postcode, "city": line, "id": record_id})
HOUSING = record({"kind": code, "rent_eur": money, "charges_eur": money, "landlord_name": name,
                  "landlord_address": line, "lease_start": a_date, "lease_registered": boolean,
                  "bedrooms": number(0, 50, whole=True), "previous_address": line, "previous_rent_eur": money,
                  "id": record_id})
INCOME = record({"member_id": record_id, "kind": code, "monthly_eur": money, "source": line, "id": record_id})
SOURCE = enum(SOURCES)  # where a statement comes from: declared / seen on a document / copy attached
DEBT = record({"creditor": line, "amount_eur": money, "monthly_eur": money, "source": SOURCE, "id": record_id})
MIGRATION = record({"asylum_applied_on": a_date, "cgra_decision_on": a_date, "reception_left_on": a_date,
                    "reception_centre": line})
SECTION_SOURCES = record({section: SOURCE for section in (
    "identity", "residence", "household", "incomes", "debts", "housing", "languages", "migration")})
HOUSEHOLD = record({
    "display_name": name, "address": lambda v, p: ADDRESS(v, p), "phone": phone, "email": email,
    "iban": _validator(validation.check_iban, 50), "iban_holder": name, "main_language": lang,
    "other_languages": languages, "reads_main_language": boolean, "housing": lambda v, p: HOUSING(v, p),
    "incomes": list_of(lambda v, p: INCOME(v, p), MAX_ITEMS["incomes"]),
    "commune_registration_date": a_date, "cpas_name": line, "cpas_file_number": line, "mutuelle": line,
    "notes": text, "id": record_id, "debts": list_of(lambda v, p: DEBT(v, p), MAX_ITEMS["incomes"]),
    "migration": lambda v, p: MIGRATION(v, p), "sources": lambda v, p: SECTION_SOURCES(v, p),
})
RECORDS: dict[str, Callable[[Any, str, bool], dict]] = {
    "members": record({
        "id": record_id, "first_name": name, "last_name": name,
        "birth_date": _validator(validation.check_birth_date, 10), "birth_place": line,
        "niss": _validator(validation.check_niss, 20), "sex": enum(SEXES), "nationality": line,
        "relation": enum(RELATIONS), "languages_spoken": languages, "languages_read": languages,
        "residence_status": enum(RESIDENCE_STATUSES), "card_type": enum(CARD_TYPES), "card_number": line,
        "card_expiry": a_date, "phone": phone, "email": email, "school": line, "disability": boolean,
        "dependent": boolean, "french_level": line, "education": text, "work": text, "source": SOURCE,
    }, required=("first_name", "last_name")),
    "contacts": record({"id": record_id, "role": enum(CONTACT_ROLES), "name": name, "organisation": line,
                        "phone": phone, "email": email, "address": line, "language": line,
                        "directory_id": record_id}, required=("name", "organisation")),
    "notes": record({"id": record_id, "text": text, "created_at": a_datetime, "health": boolean},
                    required=("text",)),
    "tasks": record({"id": record_id, "title": line, "due": a_date, "time": _pattern(_TIME, lambda: _(
        "is not a time (write HH:MM)."), 5), "kind": code, "where": line,
        "reminders": list_of(a_date, MAX_ITEMS["reminders"]), "done": boolean, "done_on": a_date,
        "letter_id": record_id, "source": text, "created_at": a_datetime}, required=("title",)),
    "consents": record({"id": record_id, "scope": code, "recipient": line, "given_on": a_date,
                        "ends_on": a_date, "language": lang, "notice_version": line, "withdrawn_on": a_date,
                        "member_id": record_id}, required=("scope",)),
    "requests": record({"id": record_id, "what": line, "to": line, "submitted_on": a_date,
                        "acknowledged_on": a_date, "reference": line, "status": enum(STATUSES),
                        "decision_due": a_date, "source": SOURCE}, required=("what",)),
}
TOP_LEVEL = {"household", "display_name", "name", *RECORDS}


def validate_family_document(data: Any, partial: bool = False) -> dict:
    """The checked document (postcodes given as numbers become text). Raises ``BadInput`` with the
    path of the first wrong field. ``partial``: records may leave out what a full record needs."""
    try:
        return _validate(data, partial)
    except Invalid as err:
        raise BadInput(_("{path}: {problem}").format(path=err.path, problem=err.problem)) from None


def _validate(data: Any, partial: bool) -> dict:
    if not isinstance(data, dict):
        raise BadInput(_("The family JSON must be an object with 'household', 'members', …"))
    unknown = sorted(str(k)[:40] for k in data if k not in TOP_LEVEL)
    if unknown:
        raise BadInput(_("Unknown keys in the family JSON: {keys}").format(keys=", ".join(unknown[:5])))
    out: dict[str, Any] = {}
    for key in ("display_name", "name"):
        if key in data:
            out[key] = name(data[key], key)
    if "household" in data:
        out["household"] = HOUSEHOLD(data["household"], "household", partial)
    for key, check in RECORDS.items():
        if key not in data:
            continue
        items = data[key]
        if not isinstance(items, list):
            raise Invalid(key, _("must be a list."))
        if len(items) > MAX_ITEMS[key]:
            raise Invalid(key, _("too many entries (at most {n}).").format(n=MAX_ITEMS[key]))
        out[key] = [check(item, f"{key}[{i}]", partial) for i, item in enumerate(items)]
    _check_references(out, partial)
    return out


def _check_references(doc: dict, partial: bool) -> None:
    """Member ids are unique, and incomes/consents point at a member of the document."""
    ids: set[str] = set()
    for i, member in enumerate(doc.get("members", [])):
        mid = member.get("id")
        if mid:
            if mid in ids:
                raise Invalid(f"members[{i}].id", _("the same id is used twice."))
            ids.add(mid)
    if partial:
        return  # the member may already be in the family file
    refs = [(f"household.incomes[{i}].member_id", inc.get("member_id"))
            for i, inc in enumerate((doc.get("household") or {}).get("incomes", []))]
    refs += [(f"consents[{i}].member_id", c.get("member_id")) for i, c in enumerate(doc.get("consents", []))]
    for path, ref in refs:
        if ref and ref not in ids:
            raise Invalid(path, _("no member has this id."))
