"""Protect what a translation must never change, and put it back exactly afterwards.

Before translation, names, dates, amounts, IBANs, NISS, phone numbers, e-mails, references,
addresses, postcodes, other numbers and glossary terms are replaced by placeholders ``[n]``: footnote
markers that translation models copy through (digits and brackets are in every vocabulary). After
translation each placeholder is replaced by its original text. If a model dropped or mangled one,
the original is re-inserted beside its neighbours (or appended), so nothing is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from volunteer_desk.translation.sentences import _MONTHS

_SP = r"[ \u00a0\u202f]"  # Belgian letters use (narrow) no-break spaces in numbers
_AMT_NUM = rf"\d{{1,3}}(?:[.{_SP[1:-1]}]\d{{3}})+(?:,\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?"
_CUR = r"(?:€|EUR\b|euros?\b)"
_WEEKDAYS = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|"
    r"vrijdag|zaterdag|zondag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_HONORIFIC = r"(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Mevrouw|Meneer|Dhr\.?|Mevr\.?|Mw\.?|Herr|Frau)"
_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’À-ÖØ-öø-ÿ-]*"
_STREET = (
    r"(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d|[Cc]haussée|[Pp]lace|[Qq]uai|[Ss]quare|[Aa]llée|"
    r"[Ii]mpasse|[Cc]hemin|[Rr]oute|[Dd]rève|[Cc]los|[Pp]arvis|[Gg]alerie|[Ss]entier|[Cc]ité)"
)

# (kind, pattern, group to mask). Order = priority: earlier kinds win overlaps.
_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("literal", re.compile(r"[\[［【]\s*\d+\s*[\]］】]"), 0),  # text that already looks like a placeholder
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), 0),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)]"), 0),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?\b"), 0),
    ("niss", re.compile(r"(?<![\w/])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s.]\d{3}[.\s-]?\d{2}\b|\b\d{11}\b"), 0),
    ("amount", re.compile(rf"(?:€|EUR){_SP}?(?:{_AMT_NUM})(?:,-)?|(?:{_AMT_NUM})(?:,-)?{_SP}?{_CUR}"), 0),
    ("date", re.compile(
        rf"\b(?:{_WEEKDAYS}{_SP}+)?(?:1er|1e|[0-3]?\d\.?){_SP}+(?:{_MONTHS})(?:{_SP}+\d{{4}})?\b"
        rf"|\b(?:{_MONTHS}){_SP}+\d{{4}}\b"
        r"|\b(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:\d{4}|\d{2})\b"
        r"|\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE), 0),
    ("time", re.compile(r"\b(?:[01]?\d|2[0-3])\s?[hHu:]\s?[0-5]\d\b|\b(?:[01]?\d|2[0-3])\s?h\b"), 0),
    ("phone", re.compile(
        r"(?<![\w/.])(?:\+|00)\d{2,3}[\s./-]?(?:\(0\)\s?)?\d{1,3}(?:[\s./-]?\d{2,3}){2,4}(?![\w/])"
        r"|(?<![\w/.])0\d{1,3}(?:[\s./-]?\d{2,3}){2,4}(?![\w/])"), 0),
    ("reference", re.compile(
        r"(?:n°|N°|[Nn]o\.|[Nn]r\.?|[Rr]éf\.?|[Rr]ef\.?|[Rr]éférence|[Kk]enmerk|[Dd]ossier|[Aa]ktenzeichen|Az\.)"
        r"\s*:?\s*([A-Za-z0-9][\w./-]*\d[\w./-]*[A-Za-z0-9]|\d)"), 1),
    ("reference", re.compile(r"\b(?=[\w./-]*\d)(?=[\w./-]*[A-Za-z/])[A-Za-z0-9][\w./-]*[A-Za-z0-9]\b"), 0),
    ("address", re.compile(
        rf"\b{_STREET}\s+(?:[\w'’À-ÿ.-]+\s+){{0,5}}?\d+[A-Za-z]?(?:\s?(?:/|bte|boîte|bus)\s?\w+)?"
        r"|\b[A-Z][\w-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|weg|straße|strasse)\s+\d+[a-zA-Z]?"
        r"(?:\s?(?:bus|/)\s?\w+)?"), 0),
    ("postcode", re.compile(rf"\b[1-9]\d{{3}}\s+{_UPPER_WORD}"), 0),
    ("name", re.compile(rf"(?<!\w){_HONORIFIC}\s+((?:{_UPPER_WORD})(?:\s+{_UPPER_WORD}){{0,2}})"), 1),
    ("number", re.compile(r"\d+(?:[.,]\d+)*"), 0),
]
_PRIORITY: dict[str, float] = {kind: i for i, (kind, _p, _g) in enumerate(_PATTERNS)}
_PRIORITY["glossary"] = _PRIORITY["address"] - 0.5  # below references, above addresses
_PRIORITY["known_name"] = _PRIORITY["iban"] + 0.5  # a name from the family file is certain
_NAME_PARTICLES = "de du des la le les van der den von el al ben bin ibn abu da di"
_NAME_STOPWORDS = frozenset(_NAME_PARTICLES.split())

_PLACEHOLDER = re.compile(r"[\[［【]\s*([0-9٠-٩۰-۹]+)\s*[\]］】]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Protected:
    """One protected span of the original text."""

    index: int
    kind: str
    text: str
    start: int
    end: int
    term_id: str = ""  # glossary terms only


@dataclass(frozen=True)
class Masked:
    text: str
    items: tuple[Protected, ...]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    term_id: str = ""


def placeholder(index: int) -> str:
    return f"[{index}]"


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Whole names first, then each part long enough to be a surname on its own ('HADDAD Amina')."""
    full: set[str] = set()
    parts: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if len(name) < 2:
            continue
        full.add(name)
        for part in re.split(r"[\s]+", name):
            if len(part) >= 3 and part.lower() not in _NAME_STOPWORDS:
                parts.add(part)
    out = []
    for words in sorted(full, key=len, reverse=True) + sorted(parts, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in words.split())
        out.append(re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))
    return out


def find_spans(text: str, names: Iterable[str] = (), extra: Iterable[Span] = ()) -> list[Span]:
    """Non-overlapping spans to protect, chosen by priority then length."""
    candidates: list[tuple[float, int, Span]] = []
    for kind, pattern, group in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if end > start:
                candidates.append((_PRIORITY[kind], -(end - start), Span(start, end, kind)))
    for pattern in _name_patterns(names):
        for m in pattern.finditer(text):
            candidates.append((_PRIORITY["known_name"], -(m.end() - m.start()), Span(m.start(), m.end(), "name")))
    for span in extra:
        candidates.append((_PRIORITY.get(span.kind, _PRIORITY["glossary"]), -(span.end - span.start), span))
    candidates.sort(key=lambda c: (c[0], c[1], c[2].start))
    taken: list[Span] = []
    for _prio, _len, span in candidates:
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return _join_adjacent_names(text, sorted(taken, key=lambda s: s.start))


def _join_adjacent_names(text: str, spans: list[Span]) -> list[Span]:
    """'KARIMI Yusuf' found as two parts becomes one name (one placeholder, order kept)."""
    out: list[Span] = []
    for span in spans:
        if out and span.kind == out[-1].kind == "name" and not text[out[-1].end:span.start].strip():
            out[-1] = Span(out[-1].start, span.end, "name")
        else:
            out.append(span)
    return out


def mask(text: str, names: Iterable[str] = (), extra: Iterable[Span] = (), first_index: int = 0) -> Masked:
    """Replace every protected span by a placeholder; indexes count from ``first_index``."""
    spans = find_spans(text, names, extra)
    out: list[str] = []
    items: list[Protected] = []
    pos = 0
    for i, span in enumerate(spans, start=first_index):
        out.append(text[pos:span.start])
        out.append(placeholder(i))
        items.append(Protected(i, span.kind, text[span.start:span.end], span.start, span.end, span.term_id))
        pos = span.end
    out.append(text[pos:])
    return Masked("".join(out), tuple(items))


def placeholders_in(text: str) -> list[int]:
    return [int(m.group(1).translate(_DIGITS)) for m in _PLACEHOLDER.finditer(text)]


def restore(translated: str, expected: list[int], originals: dict[int, str]) -> str:
    """Put the originals of ``expected`` placeholders back into ``translated``.

    A placeholder the model kept is replaced in place; duplicates and strangers are dropped; a
    missing one is re-inserted after its nearest kept predecessor (else before its nearest kept
    successor, else at the end), so every original comes back, in source order where possible.
    """
    wanted = set(expected)
    used: set[int] = set()
    pieces: list[tuple[str, int | None, bool]] = []  # (text, placeholder index, re-inserted?)
    pos = 0
    for m in _PLACEHOLDER.finditer(translated):
        pieces.append((translated[pos:m.start()], None, False))
        idx = int(m.group(1).translate(_DIGITS))
        if idx in wanted and idx not in used:
            used.add(idx)
            pieces.append(("", idx, False))
        elif translated[m.end():m.end() + 1] in ("", " ", ".", ",", ";", ":", "!", "?", "\n"):
            pieces[-1] = (pieces[-1][0].rstrip(" "), None, False)  # drop a stray marker with its space
        pos = m.end()
    pieces.append((translated[pos:], None, False))
    for order, idx in enumerate(expected):
        if idx in used:
            continue
        before = [e for e in expected[:order] if e in used]
        after = [e for e in expected[order + 1:] if e in used]
        if before:
            at = next(k for k, p in enumerate(pieces) if p[1] == before[-1]) + 1
        elif after:
            at = next(k for k, p in enumerate(pieces) if p[1] == after[0])
        else:
            at = len(pieces)
        pieces.insert(at, ("", idx, True))
        used.add(idx)
    out = ""
    for k, (text, at_idx, inserted) in enumerate(pieces):
        if at_idx is None:
            out += text
            continue
        value = originals[at_idx]
        if inserted:
            nxt = next((p[0] if p[1] is None else "x" for p in pieces[k + 1:] if p[0] or p[1] is not None), "")
            if out and not out[-1].isspace():
                value = " " + value
            if nxt and not nxt[0].isspace() and nxt[0] not in ".,;:!?)»":
                value += " "
        out += value
    return re.sub(r"[ \t]{2,}", " ", out).strip()


