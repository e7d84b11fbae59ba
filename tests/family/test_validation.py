"""Identifier checks against python-stdnum's own test vectors and the Belgian rules families meet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import bis, nn

from volunteer_desk.core.formatting import short_date
from volunteer_desk.family.validation import (
    BRUSSELS,
    FLANDERS,
    WALLONIA,
    check_birth_date,
    check_iban,
    check_niss,
    check_phone,
    check_postcode,
    is_german_speaking,
    region_for_postcode,
)


@pytest.mark.parametrize(("number", "kind", "formatted"), [
    ("85073003328", "nn", "85.07.30-033.28"),      # stdnum be/nn doctest, born 1985
    ("17073003384", "nn", "17.07.30-033.84"),      # born 2017: checksum with the '2' prefix
    ("85.07.30-033.28", "nn", "85.07.30-033.28"),  # formatted input
    ("98472899765", "bis", "98.47.28-997.65"),     # stdnum be/bis doctest (month + 40)
    ("01490700185", "bis", "01.49.07-001.85"),     # BIS, born 2001
    ("88000012376", "nn", "88.00.00-123.76"),      # unknown birth month and day (00): valid
    ("00000100195", "nn", "00.00.01-001.95"),      # fully unknown birth date (00/00/01 convention)
])
def test_valid_niss_and_bis(number, kind, formatted):
    check = check_niss(number)
    assert check.ok and check.kind == kind and check.value == formatted


@pytest.mark.parametrize(("number", "words"), [
    ("85073003329", "check digits"),               # stdnum: InvalidChecksum
    ("88000012345", "check digits"),
    ("8507300332", "11 digits"),                   # stdnum: InvalidLength
    ("85173003328", "impossible birth month"),     # month 17: neither NN nor BIS
    ("", "No national"),
    ("8507300332A", "11 digits"),
])
def test_invalid_niss_says_why_without_the_number(number, words):
    check = check_niss(number)
    assert not check.ok and words in check.problem
    assert not number or number not in check.problem


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 99), st.integers(0, 12), st.integers(0, 31), st.integers(1, 997), st.booleans())
def test_generated_numbers_with_unknown_dates_agree_with_stdnum(yy, mm, dd, counter, born_2000s):
    # Build a well-formed number (month/day 00 allowed) with the official mod-97 rule.
    if born_2000s and yy > 25:
        yy = yy % 26
    base = f"{yy:02d}{mm:02d}{dd:02d}{counter:03d}"
    check_digits = 97 - (int(("2" if born_2000s else "") + base) % 97)
    number = base + f"{check_digits:02d}"
    expected = nn.is_valid(number) or bis.is_valid(number)
    assert check_niss(number).ok is expected
    if mm == 0 or dd == 0:
        assert expected                                   # stdnum agrees: 00 means unknown, not wrong
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert check_niss(typo).ok is (nn.is_valid(typo) or bis.is_valid(typo))


@pytest.mark.parametrize(("iban", "ok", "warned"), [
    ("BE32 123-4567890-02", True, False),          # stdnum be/iban doctest
    ("BE48 3200 7018 4927", True, False),          # BBRUBEBB
    ("BE41091811735141", False, False),            # national check digits fail
    ("BE83138811735115", True, True),              # checksums right, bank code unknown to stdnum: warn
    ("BE00 1234", False, False),
    ("NL91ABNA0417164300", True, False),           # foreign IBANs (kept from the country of origin)
    ("FR1420041010050500013M02606", True, False),
    ("", False, False),
])
def test_iban(iban, ok, warned):
    check = check_iban(iban)
    assert check.ok is ok and bool(check.warning) is warned


@pytest.mark.parametrize(("postcode", "region"), [
    ("1000", BRUSSELS), ("1299", BRUSSELS), ("1300", WALLONIA), ("1348", WALLONIA), ("1499", WALLONIA),
    ("1500", FLANDERS), ("3999", FLANDERS), ("4000", WALLONIA), ("5000", WALLONIA), ("6600", WALLONIA),
    ("7999", WALLONIA), ("8000", FLANDERS), ("9999", FLANDERS), (" 4020 ", WALLONIA), ("999", None),
    ("B-1000", BRUSSELS), ("1000x", None), ("", None), ("12345", None),
])
def test_region_for_postcode(postcode, region):
    assert region_for_postcode(postcode) == region


def test_postcode_check_and_german_speaking_caveat():
    assert check_postcode("4700").kind == WALLONIA and is_german_speaking("4700")
    assert not is_german_speaking("4800")
    assert not check_postcode("").ok and not check_postcode("999").ok


@pytest.mark.parametrize(("number", "ok", "formatted", "country"), [
    ("0470 12 34 56", True, "+32 470 12 34 56", "BE"),     # mobile as dialled in Belgium
    ("04 220 58 11", True, "+32 4 220 58 11", "BE"),       # Liège landline: 04 + 7 digits
    ("0032 2 511 11 11", True, "+32 2 511 11 11", "BE"),   # 00 international prefix
    ("+963 944 123 456", True, "+963 944 123 456", "SY"),  # Syrian mobile
    ("+380 67 123 4567", True, "+380 67 123 4567", "UA"),  # Ukrainian mobile
    ("+93 70 123 4567", True, "+93 70 123 4567", "AF"),    # Afghan mobile
    ("0470 12 34", False, "", ""),
    ("call me", False, "", ""),
])
def test_phone_numbers_belgian_and_foreign(number, ok, formatted, country):
    check = check_phone(number)
    assert check.ok is ok and check.value == formatted and check.kind == country


@pytest.mark.parametrize(("value", "ok", "shown"), [
    ("1988-00-00", True, "00/00/1988"), ("1991-04-12", True, "12/04/1991"), ("1990-07-00", True, "00/07/1990"),
    ("1988", True, "00/00/1988"), ("1988-02-30", False, ""), ("1988-13-01", False, ""), ("12/04/1991", True, "12/04/1991"),  # the Belgian way
])
def test_birth_dates_with_unknown_parts(value, ok, shown):
    check = check_birth_date(value)
    assert check.ok is ok and check.value == shown
    if ok:
        assert short_date(value) == shown
