"""Sentence splitting for letters: the package's own splitter when it has one, a careful regex otherwise.

Both pass through ``merge_abbreviations`` so "M. Dupont", "Mme Haddad", "art. 57", "n° 12" or
"12. März" never end a sentence. Dates, amounts and references are usually masked before splitting
(see ``masking.py``), which removes most dots a splitter could trip on.
"""

from __future__ import annotations

import re

# Lower-cased tokens that end with a dot without ending a sentence (fr, nl, de, en letters).
_ABBREVIATIONS_TEXT = """m mm mme mmes mlle mlles mr mrs ms dr drs prof st ste art arts al n no nr nos p pp cf ex etc
    av ave bd bld ch chée tél tel fax gsm réf ref resp env min max hr dhr mevr mw blz bijv vb o.a zgn
    z.b bzw nr str vgl ggf u.a evtl vs ca approx dept div inc ltd sprl srl asbl vzw bv nv gmbh
    jan janv fév févr avr juil sept oct nov déc feb mrt apr jun jul aug sep okt dez"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    "november|december|januar|februar|märz|maerz|august|dezember"
)
_MONTH_START = re.compile(rf"^(?:{_MONTHS})\b", re.IGNORECASE)
_LAST_TOKEN = re.compile(r"([^\s(«\"“]+)\.$")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”)\]]*\s+")


def _is_false_end(left: str, right: str) -> bool:
    """True when ``left`` ends with a dot that does not end a sentence, given what follows."""
    left = left.rstrip()
    right = right.lstrip()
    if not left.endswith("."):
        return False
    m = _LAST_TOKEN.search(left)
    if not m:
        return False
    token = re.split(r"['’]", m.group(1))[-1]  # "l'art." -> "art."
    low = token.lower().rstrip(".")
    if low in ABBREVIATIONS or low.replace("°", "") in ("n", "no", "nr"):
        return True
    if len(token) == 1 and token.isalpha() and token.isupper():  # an initial: "J. Dupont"
        return True
    if token.isdigit() and _MONTH_START.match(right):  # German dates: "12. März 2024"
        return True
    return bool(right) and right[0].islower()  # a real sentence starts with a capital (or a digit)


def merge_abbreviations(parts: list[str]) -> list[str]:
    """Re-join pieces a splitter cut after an abbreviation or an initial."""
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _is_false_end(out[-1], part):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def split_regex(text: str) -> list[str]:
    """Split after . ! ? … followed by space, except after abbreviations, initials and date parts."""
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        pieces.append(text[start:m.start()] + m.group(0).rstrip())
        start = m.end()
    pieces.append(text[start:])
    return merge_abbreviations(pieces)


def split_long(sentence: str, max_chars: int = 400) -> list[str]:
    """Cut a run-on 'sentence' (OCR of a table, a list without dots) so the model never sees a wall."""
    if len(sentence) <= max_chars:
        return [sentence]
    out: list[str] = []
    rest = sentence
    while len(rest) > max_chars:
        window = rest[:max_chars]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(": "))
        if cut < max_chars // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = max_chars - 1
        out.append(rest[: cut + 1].strip())
        rest = rest[cut + 1:].lstrip()
    if rest:
        out.append(rest)
    return out
