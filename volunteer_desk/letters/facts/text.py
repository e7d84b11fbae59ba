"""Sentence and line boundaries on raw OCR text, keeping offsets into the original string."""

from __future__ import annotations

import re

from . import patterns as P

# A sentence ends at ". X" (capital after), "; ", ":" before a list, a bullet, or a blank line.
_BREAK = re.compile(
    r"(?<=[.!?])\s+(?=[A-ZÀ-ÝÄÖÜ\"«(])"
    r"|\n\s*\n"
    # the salutation line is not part of the first sentence
    r"|(?m:^[ \t]*(?:Madame|Monsieur|Mesdames|Messieurs|Chère?s?|Geachte|Beste|Sehr geehrte|Liebe)\b[^\n]{0,50},[ \t]*\n)"
    r"|(?<=;)\s+"
    r"|\n(?=\s*(?:[-•*–·]|\d{1,2}[.)])\s)"
)


def sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    german_day = re.compile(rf"(?:{P.month_alternation()})(?!\w)", P.FLAGS)
    for m in _BREAK.finditer(text):
        # "16. März 2027" is a German date, not the end of a sentence
        if re.search(r"(?<!\d)\d{1,2}\.$", text[max(0, m.start() - 3):m.start()]) and german_day.match(text, m.end()):
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def sentence_at(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for s, e in bounds:
        if s <= offset < e:
            return s, e
    return offset, offset


def squash(s: str) -> str:
    return " ".join(s.split())


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, offset) + 1
    e = text.find("\n", offset)
    return s, (len(text) if e < 0 else e)
