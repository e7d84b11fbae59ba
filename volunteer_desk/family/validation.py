"""Checks on the identifiers a family file holds, with well-kept libraries (python-stdnum, phonenumbers).

Every check returns a ``Check``: ``ok`` (usable on a form), the normalised ``value`` and, when
something is wrong, a short ``problem`` sentence in the UI language. Problems never quote the value
itself (messages may be logged).

Refugee reality shapes the rules: national register numbers with birth month or day 00 are valid
(unknown birth date), some people only have a BIS number, and families keep foreign phone numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from volunteer_desk.core.dates import parse_day
from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _

BRUSSELS, WALLONIA, FLANDERS = "brussels", "wallonia", "flanders"
REGIONS = (BRUSSELS, WALLONIA, FLANDERS)


@dataclass(frozen=True)
class Check:
    ok: bool
    value: str = ""
    problem: str = ""
    warning: str = ""          # usable, but worth a second look (e.g. bank code not in the list)
    kind: str = ""             # niss: "nn" or "bis"; phone: "BE" or another region code


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


# -- NISS (registre national) and BIS ---------------------------------------------------------------
def check_niss(text: str) -> Check:
    """A national register number (NN) or a BIS number; month/day 00 accepted (unknown birth date)."""
    # lazy: keeps stdnum out of start-up until this runs
    from stdnum.be import bis, nn
    from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

    number = _digits(text)
    if not text.strip():
        return Check(False, problem=_("No national register number."))
    if len(number) != 11 or any(c.isalpha() for c in text):
        return Check(False, problem=_("A national register number has 11 digits."))
    for module, kind in ((nn, "nn"), (bis, "bis")):
        try:
            module.validate(number)
            return Check(True, value=module.format(number), kind=kind)
        except InvalidChecksum:
            continue
        except InvalidLength:
            return Check(False, problem=_("A national register number has 11 digits."))
        except ValidationError:
            continue
    month = int(number[2:4])
    if month > 12 and not (20 <= month <= 32 or 40 <= month <= 52):
        return Check(False, problem=_("The national register number has an impossible birth month."))
    return Check(False, problem=_("The national register number's check digits are wrong: check for a typo."))


def niss_birth_year(text: str) -> int | None:
    # lazy: keeps stdnum out of start-up until this runs
    from stdnum.be import bis, nn

    number = _digits(text)
    for module in (nn, bis):
        if module.is_valid(number):
            return module.get_birth_year(number)
    return None


# -- IBAN -------------------------------------------------------------------------------------------
def check_iban(text: str) -> Check:
    """Any IBAN (ISO 13616); Belgian ones also get the national check digits and the bank code.

    A Belgian IBAN whose checksums are right but whose bank code is not in python-stdnum's list is
    accepted with a warning: new banks appear before the list is updated.
    """
    # lazy: keeps stdnum out of start-up until this runs
    from stdnum import iban
    from stdnum.be import iban as be_iban
    from stdnum.exceptions import InvalidComponent, ValidationError

    if not text.strip():
        return Check(False, problem=_("No bank account number (IBAN)."))
    compact = iban.compact(text)
    if compact.startswith("BE"):
        try:
            be_iban.validate(compact)
            return Check(True, value=iban.format(compact), kind="BE")
        except InvalidComponent:
            try:
                iban.validate(compact, check_country=False)
                if _be_national_check(compact):
                    return Check(True, value=iban.format(compact), kind="BE",
                                 warning=_("The bank code of this IBAN is not in the list of Belgian banks."))
            except ValidationError:
                pass
            return Check(False, problem=_("The IBAN is not a valid Belgian account number."))
        except ValidationError:
            return Check(False, problem=_("The IBAN is not valid: check for a typo."))
    try:
        iban.validate(compact)
    except ValidationError:
        return Check(False, problem=_("The IBAN is not valid: check for a typo."))
    return Check(True, value=iban.format(compact), kind=compact[:2])


def _be_national_check(compact: str) -> bool:
    bban = compact[4:]
    if len(bban) != 12 or not bban.isdigit():
        return False
    rest = int(bban[:10]) % 97 or 97
    return rest == int(bban[10:])


# -- postcode → region ----------------------------------------------------------------------------
def _postcode_digits(postcode: str | int | None) -> str:
    """'4020', ' 4020 ', 'B-4020' → '4020'; anything else → ''."""
    text = str(postcode or "").strip().upper().removeprefix("B-").removeprefix("B").strip()
    return text if len(text) == 4 and text.isdigit() else ""


def region_for_postcode(postcode: str | int | None) -> str | None:
    """Brussels 1000–1299; Wallonia 1300–1499 and 4000–7999; Flanders the rest of 1000–9999."""
    digits = _postcode_digits(postcode)
    if not digits:
        return None
    code = int(digits)
    if 1000 <= code <= 1299:
        return BRUSSELS
    if 1300 <= code <= 1499 or 4000 <= code <= 7999:
        return WALLONIA
    if 1500 <= code <= 3999 or 8000 <= code <= 9999:
        return FLANDERS
    return None


def is_german_speaking(postcode: str | int | None) -> bool:
    """Communauté germanophone (Eupen, St. Vith…): in Wallonia, but family allowances go to Ostbelgien."""
    digits = _postcode_digits(postcode)
    return bool(digits) and 4700 <= int(digits) <= 4799


def check_postcode(text: str) -> Check:
    if not str(text or "").strip():
        return Check(False, problem=_("No postcode."))
    region = region_for_postcode(text)
    if region is None:
        return Check(False, problem=_("A Belgian postcode has 4 digits, from 1000 to 9999."))
    return Check(True, value=_postcode_digits(text), kind=region)


# -- phone numbers ----------------------------------------------------------------------------------
def check_phone(text: str, default_region: str = "BE") -> Check:
    """Belgian numbers as dialled locally (0470…) or any international number (+963…)."""
    # lazy: keeps phonenumbers out of start-up until this runs
    import phonenumbers

    if not text.strip():
        return Check(False, problem=_("No phone number."))
    raw = text.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return Check(False, problem=_("This is not a phone number."))
    if not phonenumbers.is_valid_number(parsed):
        return Check(False, problem=_("The phone number has too many or too few digits for its country."))
    region = phonenumbers.region_code_for_number(parsed) or ""
    fmt = (phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Check(True, value=phonenumbers.format_number(parsed, fmt), kind=region)


# -- dates --------------------------------------------------------------------------------------------
def check_birth_date(text: str) -> Check:
    """DD/MM/YYYY (also D/M/YY) or YYYY-MM-DD, where month and/or day may be 00 (unknown), or just YYYY."""
    value = (text or "").strip()
    if not value:
        return Check(False, problem=_("No birth date."))
    typed = value
    try:
        value = parse_day(value, unknown_parts=True)
    except ValueError:
        if "/" in value or "." in value:
            return Check(False, problem=_("Write the birth date as DD/MM/YYYY (00 for an unknown month or day)."))
    if value[:4].isdigit() and int(value[:4]) > datetime.date.today().year and len(typed.replace(".", "/").split("/")[-1]) == 2:
        value = f"{int(value[:4]) - 100:04d}{value[4:]}"  # 3/6/61 typed for a birth: 1961, never 2061
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
        day = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        return Check(False, problem=_("Write the birth date as YYYY-MM-DD (00 for an unknown month or day)."))
    if len(parts) > 3 or not 1900 <= year <= datetime.date.today().year or not 0 <= month <= 12:
        return Check(False, problem=_("Write the birth date as YYYY-MM-DD (00 for an unknown month or day)."))
    if month and day:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return Check(False, problem=_("This birth date does not exist."))
    elif day > 31:
        return Check(False, problem=_("This birth date does not exist."))
    return Check(True, value=short_date(value))
