"""Documents the family must send, and whether (and where) the decision can be appealed."""

from __future__ import annotations

import re

from . import patterns as P
from .model import Appeal, Deadline, RequestedDocument, Span
from .text import sentence_at, squash

_BULLET = re.compile(r"^[ \t]*(?:[-•*–·▪◦o]|\d{1,2}[.)]|[a-z][.)])[ \t]+(?P<item>\S.*)$")


def requested_documents(text: str) -> list[RequestedDocument]:
    out: list[RequestedDocument] = []
    seen: set[str] = set()
    for cue in P.rx(P.data()["document_list_cues"]).finditer(text):
        colon = text.find(":", cue.start(), cue.end() + 150)
        start = colon + 1 if colon >= 0 else cue.end()
        items = _bullets_after(text, start)
        if not items and colon >= 0:
            items = _inline_list(text, colon + 1)
        for s, e in items:
            item = squash(text[s:e]).rstrip(" ;,.")
            key = item.lower()
            if len(item) < 3 or key in seen:
                continue
            seen.add(key)
            out.append(RequestedDocument(item, Span.of(text, s, e)))
    return out


def _bullets_after(text: str, start: int) -> list[tuple[int, int]]:
    items: list[tuple[int, int]] = []
    pos = text.find("\n", start)
    if pos < 0:
        return items
    if text[start:pos].strip():
        return items  # the sentence goes on: no list here
    pos += 1
    blank = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        m = _BULLET.match(line)
        if m:
            items.append((pos + m.start("item"), end))
            blank = 0
        elif not line.strip():
            blank += 1
            if items or blank > 1:
                break
        elif items and line[:1].isspace() and not text[items[-1][0]:items[-1][1]].rstrip().endswith((";", ".")):
            items[-1] = (items[-1][0], end)  # wrapped bullet line
        else:
            break
        pos = end + 1
    return items


def _inline_list(text: str, start: int) -> list[tuple[int, int]]:
    end_m = re.search(r"\.(?:\s|$)|\n\s*\n", text[start:])
    end = start + (end_m.start() if end_m else min(len(text) - start, 400))
    out = []
    pos = start
    for part in re.split(r";|,(?!\d)|\s(?:et|en|und|ainsi que)\s", text[start:end]):
        s = pos + len(part) - len(part.lstrip())
        e = pos + len(part.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(part)
        # skip the separator
        sep = re.match(r";|,|\s(?:et|en|und|ainsi que)\s", text[pos:end])
        if sep:
            pos += sep.end()
    return out


def find_appeal(text: str, bounds: list[tuple[int, int]], deadlines: list[Deadline]) -> Appeal | None:
    d = P.data()
    cue_rx = P.rx(d["appeal_cues"])
    body_rx = P.rx(d["appeal_bodies"])
    for m in cue_rx.finditer(text):
        s, e = sentence_at(bounds, m.start())
        # the appeal paragraph: this sentence and the next one
        nxt = sentence_at(bounds, e + 1) if e + 1 < len(text) else (e, e)
        s2, e2 = s, max(e, nxt[1]) if nxt[0] - e < 4 else e
        para = text[s2:e2]
        body = body_rx.search(para)
        dl = next((x for x in deadlines if x.relative and s2 <= x.source.start < e2), None)
        dl = dl or next((x for x in deadlines if s2 <= x.source.start < e2), None)
        if not (body or dl):
            continue
        for x in deadlines:
            if s2 <= x.source.start < e2:
                x.action = "appeal"
        within = ""
        rel = re.search(r"(?:dans|endéans|binnen|innerhalb)[^.;]{0,40}?(?:jours?|mois|dagen|maanden|weken|Tagen|Wochen|Monaten?|Monats)", para, P.FLAGS)
        if rel:
            within = squash(rel.group())
        where = squash(body.group()) if body else ""
        return Appeal(True, where, within, dl.due if dl else None, Span.of(text, s2, e2))
    return None
