"""Euro amounts in Belgian notation, IBANs (checked with python-stdnum) and reference numbers."""

from __future__ import annotations

import re

from stdnum import iban as std_iban
from stdnum.be import iban as be_iban
from stdnum.exceptions import ValidationError

from . import patterns as P
from .model import Amount, Iban, Reference, Span

# 1.626,61 | 1 400,00 | 1 400,00 | 11,20 | 25 | 1.234 | 1234,5 ; thousands groups need exactly 3 digits.
_NUM = r"(?:\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)(?:,\d{1,2}|,-)?"
_CUR = r"(?:€|EUR(?![A-Za-z])|[Ee]uros?(?![A-Za-z]))"
_AMOUNT_AFTER = re.compile(rf"(?<![\d.,/\-])(?P<n>{_NUM})\s?{_CUR}")
_AMOUNT_BEFORE = re.compile(rf"{_CUR}\s?(?P<n>{_NUM})(?![\d]|[.,]\d)")


def _value(raw: str) -> float | None:
    s = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    s = s.removesuffix(",-")
    if "," in s:
        whole, cents = s.split(",", 1)
    else:
        whole, cents = s, "0"
    whole = whole.replace(".", "")
    try:
        return round(float(f"{int(whole)}.{cents}"), 2)
    except ValueError:
        return None


def find_amounts(text: str) -> list[Amount]:
    found: list[tuple[int, int, float]] = []
    for rx in (_AMOUNT_AFTER, _AMOUNT_BEFORE):
        for m in rx.finditer(text):
            if any(not (m.end() <= s or m.start() >= e) for s, e, _ in found):
                continue
            raw = m["n"]
            # "3 x 650 €" must not read as 3 650: a space-grouped number preceded by "x" or "×" is two.
            value = _value(raw)
            if value is None:
                continue
            found.append((m.start(), m.end(), value))
    found.sort()
    out: list[Amount] = []
    seen: set[float] = set()
    for s, e, v in found:
        if v in seen:
            continue
        seen.add(v)
        out.append(Amount(v, " ".join(text[s:e].split()), Span.of(text, s, e)))
    return out


_IBAN_RX = re.compile(r"(?<![A-Z0-9])(?P<cc>[A-Z]{2})\s?(?P<rest>\d{2}(?:[ \u00a0]?[A-Z0-9]){10,30})")


def find_ibans(text: str) -> list[Iban]:
    out: list[Iban] = []
    for m in _IBAN_RX.finditer(text):
        chars = re.sub(r"\s", "", m["rest"])
        # The regex is greedy over following words and digits; try the longest valid prefix.
        for length in range(len(chars), 11, -1):
            candidate = m["cc"] + chars[:length]
            if std_iban.is_valid(candidate):
                if candidate.startswith("BE") and not be_iban.is_valid(candidate):
                    continue
                bic = ""
                if candidate.startswith("BE"):
                    try:
                        bic = be_iban.to_bic(candidate) or ""
                    except ValidationError:
                        bic = ""
                end = _end_of_compact(text, m.start(), len(candidate))
                if all(i.iban != candidate for i in out):
                    out.append(Iban(candidate, std_iban.format(candidate), bic, Span.of(text, m.start(), end)))
                break
    return out


def _end_of_compact(text: str, start: int, n: int) -> int:
    i = start
    while n > 0 and i < len(text):
        if not text[i].isspace():
            n -= 1
        i += 1
    return i


_STRUCTURED = re.compile(r"\+\+\+\s?(\d{3})\s?/\s?(\d{4})\s?/\s?(\d{5})\s?\+\+\+|\*\*\*\s?(\d{3})\s?/\s?(\d{4})\s?/\s?(\d{5})\s?\*\*\*")
_VALUE = re.compile(r"[A-Z0-9][A-Za-z0-9./\-]*(?:[ ][A-Z0-9][A-Za-z0-9./\-]*)*")


def find_references(text: str) -> list[Reference]:
    out: list[Reference] = []
    labels = P.rx(P.data()["reference_labels"], word=False)
    for m in labels.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        rest_start = m.end()
        line_end = text.find("\n", rest_start)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[rest_start:line_end]
        lead = re.match(r"\s*(?:n[°o]\.?|nr\.?|Nr\.?)?\s*[:.]?\s*", rest)
        offset = lead.end() if lead else 0
        # stop at two spaces (column gaps in OCR), a comma or a semicolon
        tail = re.split(r"\s{2,}|,|;|\t", rest[offset:], maxsplit=1)[0]
        v = _VALUE.match(tail)
        if not v or not re.search(r"\d", v.group()) or len(v.group()) > 40:
            continue
        value = v.group().rstrip(".-/")
        s = rest_start + offset
        if any(r.value == value for r in out):
            continue
        out.append(Reference(" ".join(m.group().split()), value, Span.of(text, m.start(), s + len(value))))
    for m in _STRUCTURED.finditer(text):
        digits = "".join(g for g in m.groups() if g)
        if int(digits[:10]) % 97 in (int(digits[10:]), 0) or (int(digits[:10]) % 97 == 0 and digits[10:] == "97"):
            value = f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
            out.append(Reference("communication structurée", value, Span.of(text, m.start(), m.end())))
    return out
