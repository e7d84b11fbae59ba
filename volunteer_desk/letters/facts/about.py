"""Who wrote the letter, what kind of letter it is, its language and its date."""

from __future__ import annotations

import re
from datetime import date

from . import patterns as P
from .dates import DateHit, find_dates
from .model import Span
from .text import line_bounds, squash

_SALUTATION = re.compile(
    r"^\s*(?:Madame|Monsieur|Mesdames|Messieurs|Chère?s?|Geachte|Beste|Sehr geehrte|Liebe|Dear)\b",
    re.MULTILINE | re.IGNORECASE,
)

_STOPWORDS = {
    "fr": {"le", "la", "les", "des", "du", "et", "vous", "votre", "nous", "pour", "à", "est", "une", "dans", "sur", "par"},
    "nl": {"het", "een", "van", "en", "u", "uw", "wij", "voor", "met", "op", "is", "te", "niet", "deze", "bij", "dat"},
    "de": {"der", "die", "das", "und", "sie", "ihr", "ihre", "wir", "mit", "von", "zu", "bitte", "den", "dem", "ist", "für"},
}


def detect_lang(text: str) -> str:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿäöß]+", text.lower())
    scores = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    return max(scores, key=lambda k: scores[k])


def header_end(text: str) -> int:
    """End of the letter head: the salutation line, or 600 characters."""
    m = _SALUTATION.search(text)
    return min(m.start(), 600) if m and m.start() > 0 else min(len(text), 600)


_DATE_LINE_PREFIX = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:[A-ZÀ-ÝÄÖÜ][\w'\-À-ÿ]*(?:[ \-](?:[A-ZÀ-Ýa-zß][\w'\-À-ÿ]*))*)\s*,\s*|Fait à [\w\-' ]+,?\s*)?"
    r"(?:le|den|de|am|op)?\s*$",
)
_DATE_LABEL = re.compile(
    r"(?:Date|Datum|Date d'envoi|Date d'émission|Date du courrier|Verzenddatum|Datum van verzending|Briefdatum|"
    r"Datum des Schreibens|Druckdatum|Date d'impression)\s*:?\s*(?:le\s+)?$",
    re.IGNORECASE,
)


def find_letter_date(text: str) -> tuple[date | None, Span | None]:
    """The date the letter was written: a dated line ('Liège, le 15 mars 2027', 'Datum: 03-03-2027')
    near the top; else the first plausible date that is not a birth date or a past request."""
    hits = [h for h in find_dates(text) if h.value.year >= 2000]
    limit = max(len(text) * 2 // 3, 1500)
    for h in hits:
        if h.start > limit:
            break
        ls, le = line_bounds(text, h.start)
        before = text[ls:h.start]
        after = text[h.end:le].strip(" .\t")
        dated_line = (_DATE_LINE_PREFIX.search("\n" + before) and len(after) < 3) or _DATE_LABEL.search(before)
        if dated_line and not is_trap(text, h):
            return h.value, Span.of(text, h.start, h.end)
    for h in hits:
        if not is_trap(text, h) and not weak_cue(text, h):
            return h.value, Span.of(text, h.start, h.end)
    return None, None


def _cue_before(text: str, hit: DateHit, fragment: str) -> re.Match[str] | None:
    window = text[max(0, hit.start - 70):hit.start]
    weekdays = P.data()["weekdays"]
    tail = rf"\s*[:.]?\s*(?:(?:le|la|op|am|den|de|het|est|is|ist)\s+)*(?:(?:{weekdays}),?\s+)?$"
    return re.search(rf"(?<![\w])(?:{P.spaced(fragment)}){tail}", window, P.FLAGS)


def is_trap(text: str, hit: DateHit) -> bool:
    return _cue_before(text, hit, P.data()["trap_cues"]) is not None


def weak_cue(text: str, hit: DateHit) -> re.Match[str] | None:
    return _cue_before(text, hit, P.data()["weak_not_deadline_cues"])


def deadline_cue(text: str, hit: DateHit, lang: str) -> re.Match[str] | None:
    cues = P.data()["absolute_cues"]
    m = _cue_before(text, hit, cues.get(lang, cues["fr"]))
    if m is None:
        after = text[hit.end:hit.end + 25]
        follow = re.match(r"\s*,?\s*(?:au plus tard|ten laatste|uiterlijk|spätestens|dernier délai|als uiterste datum)", after, P.FLAGS)
        return follow
    return m


def find_sender(text: str) -> tuple[str, str, Span | None]:
    """(sender name, sender_kind, span). The letter head wins over names met later in the body."""
    table = P.senders()
    head = header_end(text)
    for region_end in (head, len(text)):
        best: tuple[int, str, re.Match[str]] | None = None
        for entry in table["senders"]:
            m = re.search(P.spaced(entry["pattern"]), text[:region_end], P.FLAGS)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), entry["kind"], m)
        if best:
            _, kind, m = best
            ls, le = line_bounds(text, m.start())
            line = squash(text[ls:le])
            name = line if len(line) <= 70 else squash(m.group())
            return name, kind, Span.of(text, ls, le)
        if region_end == head and re.search(table["landlord_hint"], text, P.FLAGS):
            first = re.search(r"\S[^\n]*", text)
            if first:
                return squash(first.group()), "landlord", Span.of(text, first.start(), first.end())
    first = re.search(r"\S[^\n]*", text)
    if first:
        return squash(first.group())[:70], "other", Span.of(text, first.start(), first.end())
    return "", "other", None


_KIND_WEIGHT = {"formal_notice": 2.0, "reminder": 1.5, "convocation": 1.0, "request_documents": 1.0,
                "decision": 1.0, "invoice": 0.8}
_SUBJECT = re.compile(r"^\s*(?:Objet|Concerne|Betreft|Onderwerp|Betrifft|Betreff)\s*:?.*$", re.MULTILINE | re.IGNORECASE)


def letter_kind(text: str) -> str:
    head = text[:header_end(text)]
    headings = [head] + [m.group() for m in _SUBJECT.finditer(text)]
    headings += [ln for ln in text.splitlines() if len(ln.strip()) > 5 and ln.strip().isupper()]
    heading_text = "\n".join(headings)
    scores: dict[str, float] = {}
    for kind, fragment in P.data()["letter_kinds"].items():
        rx = P.rx(fragment)
        body = len(rx.findall(text))
        head_hits = len(rx.findall(heading_text))
        scores[kind] = (body + 3 * head_hits) * _KIND_WEIGHT[kind]
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "other"
