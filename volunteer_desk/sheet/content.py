"""What goes on a family sheet: structured content built from the letter's facts, its translation
and the glossary, in the family's language. Rendering (PDF) and speech read this; nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.formatting import long_date
from volunteer_desk.core.languages import RTL_LANGUAGES
from volunteer_desk.family.model import Letter
from volunteer_desk.sheet import meaning
from volunteer_desk.sheet.contact import Callee, who_to_call
from volunteer_desk.sheet.documents import document_lines
from volunteer_desk.sheet.meaning import Decision, read_decision
from volunteer_desk.sheet.phrases import Phrases
from volunteer_desk.sheet.pictograms import names
from volunteer_desk.sheet.speech import VOICES
from volunteer_desk.translation.glossary import Glossary

MAX_LETTER_CHARS = 600      # the translated excerpt stays short: one page, large type
MAX_GLOSSARY = 4
MAX_AMOUNTS = 3
# Words right after an amount that make it a monthly sum ("1.626,61 € par mois").
_MONTHLY = re.compile(r"\s*(?:par\s+mois|/\s*mois|mensuel|per\s+maand|/\s*maand|maandelijks|pro\s+Monat|"
                      r"/\s*Monat|monatlich|per\s+month|a\s+month|/\s*month|monthly)", re.IGNORECASE)


@dataclass
class Section:
    key: str                  # meaning, from, keep, todo, when, bring, contact, late, letter, words, show…
    heading: str
    lines: list[str]
    checkboxes: bool = False
    pictos: list[str] = field(default_factory=list)   # per line, a pictogram name ("" = none)
    dates: list[date | None] = field(default_factory=list)  # per line, a date drawn large above it
    style: str = "text"       # text | band (what it means) | calendar | show (left-to-right box)
    ltr: bool = False         # French/Dutch words for the office: never inside right-to-left lines

    def picto(self, i: int) -> str:
        return self.pictos[i] if i < len(self.pictos) else ""

    def date(self, i: int) -> date | None:
        return self.dates[i] if i < len(self.dates) else None


@dataclass
class Sheet:
    lang: str                 # the family's language
    phrases_lang: str         # the language the fixed phrases are actually in (fallback: en)
    rtl: bool
    title: str
    sections: list[Section] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    letter_id: str = ""
    tone: str = ""            # good | act | info (letter sheets)
    big_pictos: bool = False  # no voice for this language: pictograms printed larger
    aside: list[str] = field(default_factory=list)   # French lines for the volunteer (not read aloud)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        """Plain text in reading order, in the family's language only (read aloud, edit box)."""
        parts = [self.title]
        for s in self.sections:
            if s.ltr:
                continue
            if s.heading:
                parts.append(s.heading + ".")
            for i, line in enumerate(s.lines):
                day = s.date(i)
                parts.append(f"{long_date(day, self.lang, weekday=True)}: {line}" if day and s.style != "calendar" else line)
        parts.extend(self.footer)
        return "\n".join(p for p in parts if p)


def _as_letter(letter: Letter | dict) -> Letter:
    return letter if isinstance(letter, Letter) else Letter.from_data(letter)


def _facts_of(letter: Letter) -> dict[str, Any]:
    if letter.facts:
        return letter.facts
    if not letter.text.strip():
        return {}
    # lazy: keeps stdnum out of start-up until this runs
    from volunteer_desk.letters.facts import extract_facts

    return extract_facts(letter.text).to_dict()


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _translation_dict(letter: Letter, lang: str, translation: Any) -> dict[str, Any]:
    if translation is None:
        return dict(letter.translations.get(lang) or {})
    return translation if isinstance(translation, dict) else translation.to_dict()


def _excerpt(paragraphs: list[dict[str, Any]]) -> str:
    """The first paragraphs that carry meaning (address blocks and greetings are short), capped."""
    body = [p.get("translation", "").strip() for p in paragraphs]
    chosen = [t for t in body if len(t) >= 40] or [t for t in body if t]
    out = ""
    for t in chosen:
        if out and len(out) + len(t) > MAX_LETTER_CHARS:
            break
        out = f"{out}\n{t}" if out else t
    return out[:MAX_LETTER_CHARS]


def _glossary_lines(tr: dict[str, Any], letter: Letter, lang: str) -> list[str]:
    hits = tr.get("glossary") or []
    if not hits and letter.text:
        g = Glossary.load()
        seen: dict[str, str] = {}
        for h in g.find_terms(letter.text, letter.language or "fr"):
            seen.setdefault(h.term_id, h.text)
        hits = []
        for term_id, txt in seen.items():
            explained = g.explain(term_id, lang)
            if explained.language == lang:  # never an English explanation on another language's sheet
                hits.append({"term_id": term_id, "text": txt, "explanation": explained.text})
    hits = [h for h in hits if h.get("explanation") and h.get("explanation_language", lang) == lang][:MAX_GLOSSARY]
    if lang in RTL_LANGUAGES:  # the line must start right-to-left, or bidi orders it left-to-right
        return [f"{h['explanation']} — {h['text']}" for h in hits]
    return [f"{h['text']}: {h['explanation']}" for h in hits]


def _amount_lines(facts: dict[str, Any], letter_text: str, p: Phrases, rtl: bool) -> list[str]:
    """'Amount: 1.626,61 € each month' per amount of the letter; the amount is printed as written."""
    lines = []
    for a in facts.get("amounts_eur", [])[:MAX_AMOUNTS]:
        if not a.get("text"):
            continue
        end = (a.get("source") or {}).get("end")
        monthly = isinstance(end, int) and bool(_MONTHLY.match(letter_text, end))
        # In a right-to-left line, bidi would move "€" to the other side of the digits: embed the
        # amount left-to-right (LRE…PDF; python-bidi rejects isolates and drops these marks).
        amount = f"\u202a{a['text']}\u202c" if rtl else a["text"]
        lines.append(p("amount_monthly" if monthly else "amount", amount=amount))
    return lines


def _embed(text: str, rtl: bool) -> str:
    """Digits, phone numbers and times kept left-to-right inside a right-to-left line (LRE…PDF)."""
    return f"\u202a{text}\u202c" if rtl and text else text


def _reference(facts: dict[str, Any]) -> str:
    refs = facts.get("references") or []
    return str(refs[0].get("value", "")) if refs and isinstance(refs[0], dict) else ""


@dataclass
class _Reading:
    """One letter read once for its sheet; each section builder below takes what it needs from here."""

    letter: Letter
    lang: str
    p: Phrases
    rtl: bool
    facts: dict[str, Any]
    tr: dict[str, Any]                 # the translation (paragraphs, glossary hits)
    sender: str
    sender_kind: str
    decision: Decision
    appointments: list[dict[str, Any]]
    upcoming: list[tuple[date, str, str]]   # (day, time, action), soonest first
    passed: list[tuple[date, str, str]]
    requested: list[str]               # the documents asked for, as the letter words them
    doc_ids: list[str]                 # the same, as phrase ids ("document" = no phrase names it)
    tone: str
    callee: Callee
    volunteer_name: str
    volunteer_phone: str
    letter_text: str                   # the volunteer's edit, else the translated excerpt
    engine: Any                        # a TranslationEngine or None (documents no phrase names)


def _meaning_section(r: _Reading) -> Section:
    """What it means: colour + pictogram + one short sentence, then what is granted / refused."""
    p, decision = r.p, r.decision
    band = [p({"good": "m_good", "act": "m_act", "info": "m_info"}[r.tone])]
    if decision.outcome == "granted":
        band.append(p("granted", what=p.benefit(decision.benefit)))
        if decision.start:
            band.append(p("granted_from", date=long_date(decision.start, r.lang)))
    elif decision.outcome == "refused":
        band.append(p("refused"))
    if "appeal_info_missing" in ((r.facts.get("appeal") or {}).get("warnings") or []):
        # the law's own words (resources/rules): the appeal delay has not started, ask the BAJ
        rule = legal_rules.get("appeal.mandatory_mentions")
        if rule.explain.get(r.lang):
            band.append(rule.explain[r.lang])
    band += _amount_lines(r.facts, r.letter.text, p, r.rtl)
    return Section("meaning", p("h_meaning"), band, pictos=[r.tone], style="band")


def _from_section(r: _Reading) -> Section:
    return Section("from", "", [r.p("s_from", sender=r.p.sender(r.sender_kind)),
                                r.p.kind(r.facts.get("kind") or r.letter.kind or "other")])


def _keep_section(r: _Reading) -> Section | None:
    return Section("keep", r.p("h_keep"), [r.p.keep(k) for k in r.decision.keep]) if r.decision.keep else None


def _todo_section(r: _Reading) -> Section | None:
    todo: list[str] = []
    actions = [a for _d, _t, a in r.upcoming] + (["documents"] if r.doc_ids else [])
    if r.decision.outcome == "refused":
        actions = ["appeal", *actions]
    for action in actions:
        line = r.p.action(action)
        if line not in todo:
            todo.append(line)
    if r.decision.outcome == "refused" or (r.passed and not r.upcoming):
        todo.append(r.p("act_quickly"))
    return Section("todo", r.p("h_todo"), todo) if todo else None


def _when_section(r: _Reading) -> Section | None:
    if not r.upcoming:
        return None
    return Section("when", r.p("h_when"), [_embed(t, r.rtl) for _d, t, _a in r.upcoming],
                   pictos=["calendar"] * len(r.upcoming), dates=[d for d, _t, _a in r.upcoming], style="calendar")


def _bring_section(r: _Reading) -> Section | None:
    if not r.doc_ids:
        return None
    p = r.p
    bring = [p.document(d) if d != "document" else "" for d in r.doc_ids]
    unnamed = [t for t, d in zip(r.requested, r.doc_ids, strict=False) if d == "document"]
    if unnamed:  # no phrase names it: the machine translation when there is one, else "see the box"
        source = r.letter.language or r.facts.get("lang") or "fr"
        translated = iter(document_lines(unnamed, source, r.lang, r.tr.get("paragraphs"), r.engine))
        bring = [b or _translated_or_other(next(translated), p) for b in bring]
    return Section("bring", p("h_bring"), bring, checkboxes=True,
                   pictos=[d if d in pictogram_names() else "document" for d in r.doc_ids])


def _contact_section(r: _Reading) -> Section:
    if r.callee.phone:
        line = r.p("call_volunteer" if r.callee.volunteer else "call", phone=_embed(r.callee.phone, r.rtl))
    else:   # no phone given: "Call your volunteer", without the empty number
        line = r.p("call_volunteer", phone="").rstrip(" :：፡")
    return Section("contact", r.p("h_contact"), [line], pictos=["phone"])


def _late_section(r: _Reading) -> Section | None:
    if not r.passed:
        return None
    return Section("late", r.p("late"), [_embed(t, r.rtl) for _d, t, _a in r.passed],
                   dates=[d for d, _t, _a in r.passed])


def _show_section(r: _Reading) -> Section:
    """French words for the office, left to right: sender, reference, places, documents, who to call."""
    sender = r.sender
    show: list[str] = [sender] if sender else []
    if _reference(r.facts):
        show.append(_reference(r.facts))
    show += [a.get("where", "") for a in r.appointments if a.get("where")]
    if r.doc_ids:
        show += r.requested
    if not r.callee.volunteer:   # the office's name and number, as written, for the desk
        show = [x for x in show if x != sender] + [r.callee.show] if r.callee.show.startswith(sender) else \
            show + [r.callee.show]
    if r.volunteer_name or r.volunteer_phone:
        show.append(" — ".join(x for x in (Phrases("fr")("h_volunteer"), r.volunteer_name, r.volunteer_phone)
                               if x))
    return Section("show", r.p("h_show"), list(dict.fromkeys(x for x in show if x)), pictos=["show"],
                   style="show", ltr=True)


def _letter_section(r: _Reading) -> Section | None:
    return Section("letter", r.p("h_letter"), [r.letter_text]) if r.letter_text else None


def _words_section(r: _Reading) -> Section | None:
    words = [] if r.rtl else _glossary_lines(r.tr, r.letter, r.lang)
    return Section("words", r.p("h_words"), words) if words else None


# The letter sheet, top to bottom: 1. what it means; 2. what to do, by when, what to bring, who to
# call; 3. the letter in their words (machine translation or the volunteer's edit) and its terms —
# after the essentials, flowing onto a second page when long. A builder returns None to leave its
# section out; a new section is one row here.
LETTER_SECTIONS: tuple[Callable[[_Reading], Section | None], ...] = (
    _meaning_section, _from_section, _keep_section,
    _todo_section, _when_section, _bring_section, _contact_section, _late_section, _show_section,
    _letter_section, _words_section,
)


def build_sheet(letter: Letter | dict, snapshot: Any, lang: str, volunteer_name: str, volunteer_phone: str, *,
                translation: Any = None, edited_text: str | None = None, reviewed_on: date | str | None = None,
                today: date | None = None, engine: Any = None) -> Sheet:
    """The sheet for one letter in ``lang``: first what the letter means (good news / you must act / for
    information), then what to do, by when, what to bring, who to call; French words for the office
    in a separate "show this" box. ``translation``: a LetterTranslation or its dict (default: the one
    stored in the letter); ``edited_text``: the volunteer's corrected text (default: the stored edit).
    ``reviewed_on`` adds the 'checked by the volunteer' mark. ``engine``: a TranslationEngine for a
    requested document no phrase names (default: the process-wide engine when a model route exists)."""
    r = _read_letter(_as_letter(letter), snapshot, lang, volunteer_name, volunteer_phone, translation,
                     edited_text, today or date.today(), engine)
    sections = [s for build in LETTER_SECTIONS if (s := build(r)) is not None]
    stored = r.letter.translations.get(lang) or {}
    if reviewed_on is None:
        reviewed_on = stored.get("reviewed_on") or None
    p = r.p
    footer = _volunteer_line(p, volunteer_name, volunteer_phone, r.rtl)
    if reviewed_on:
        day = reviewed_on if isinstance(reviewed_on, date) else _day(str(reviewed_on))
        footer.append(p("mark", date=long_date(day, lang) if day else str(reviewed_on)))
    elif r.letter_text:
        footer.append(p("unchecked"))
    checks = p.check_lines() if p.lang == lang else []
    footer += checks[:1]
    return Sheet(lang, p.lang, r.rtl, p("title"), sections, footer, r.letter.id or "", tone=r.tone,
                 big_pictos=not has_voice(lang), aside=checks[1:])


def _read_letter(letter: Letter, snapshot: Any, lang: str, volunteer_name: str, volunteer_phone: str,
                 translation: Any, edited_text: str | None, today: date, engine: Any) -> _Reading:
    facts = _facts_of(letter)
    stored = letter.translations.get(lang) or {}
    tr = _translation_dict(letter, lang, translation)
    if edited_text is None:
        edited_text = stored.get("sheet_text")
    sender = facts.get("sender") or letter.sender or ""
    sender_kind = facts.get("sender_kind") or letter.sender_kind or "other"
    decision = meaning.read_decision(letter.text, facts)
    deadlines = [d for d in facts.get("deadlines", []) if _day(d.get("due"))]
    if decision.outcome == "granted":  # good news: the appeal delay is not something they must do
        deadlines = [d for d in deadlines if d.get("action") != "appeal"]
    appointments = [a for a in facts.get("appointments", []) if _day(a.get("when"))]
    dated = [(day, "", d.get("action", "other")) for d in deadlines if (day := _day(d["due"]))]
    dated += [(day, a["when"][11:16] if a.get("time_known") else "", "contact") for a in appointments
              if (day := _day(a["when"]))]
    upcoming = sorted((x for x in dated if x[0] >= today), key=lambda x: x[0])
    passed = sorted((x for x in dated if x[0] < today), key=lambda x: x[0])
    requested = [d["text"] for d in facts.get("documents_requested", []) if d.get("text")]
    doc_ids = [meaning.document_id(t) for t in requested] or meaning.documents_asked(letter.text)
    contacts = list(getattr(snapshot, "contacts", []) or [])
    return _Reading(
        letter=letter, lang=lang, p=Phrases(lang), rtl=lang in RTL_LANGUAGES, facts=facts, tr=tr, sender=sender,
        sender_kind=sender_kind, decision=decision, appointments=appointments, upcoming=upcoming, passed=passed,
        requested=requested, doc_ids=doc_ids, tone=meaning.tone(decision, bool(upcoming or doc_ids)),
        callee=who_to_call(letter.text, sender, sender_kind, contacts, volunteer_name, volunteer_phone),
        volunteer_name=volunteer_name, volunteer_phone=volunteer_phone,
        letter_text=edited_text if edited_text else _excerpt(tr.get("paragraphs") or []), engine=engine)


def _volunteer_line(p: Phrases, name: str, phone: str, rtl: bool) -> list[str]:
    """'Your volunteer: Sam — 0470…'; right to left, the phone only (the name is in the show-this box)."""
    if rtl:
        return [f"{p('h_volunteer')}: {_embed(phone, rtl)}"] if phone else []
    return [f"{p('h_volunteer')}: {' — '.join(x for x in (name, phone) if x)}"] if name or phone else []


def _translated_or_other(line: Any, p: Phrases) -> str:
    return line.text if line.original else p.document("other")


def pictogram_names() -> set[str]:
    return set(names())


def has_voice(lang: str) -> bool:
    return lang in VOICES


def _month_key(d: date) -> tuple[int, int]:
    return d.year, d.month


def build_deadlines_sheet(snapshot: Any, lang: str, today: date, volunteer_name: str = "",
                          volunteer_phone: str = "") -> Sheet:
    """One page of the family's own open dates: this month, next month, then — apart — the dates already
    passed ("call your volunteer"). Every title comes from the phrase set: a letter's sender and action,
    a trajectory step's phrase, or "something to do" with the volunteer's own words in the show box."""
    p = Phrases(lang)
    rtl = lang in RTL_LANGUAGES
    letters = {lt.id: lt for lt in snapshot.letters}
    items: dict[tuple[str, str], tuple[date, str, str]] = {}
    show: list[str] = []
    for t in snapshot.open_deadlines(today, lang=lang):
        due = _day(t.due)
        if due is None:
            continue
        lt = letters.get(t.letter_id)
        if lt is not None:
            facts = lt.facts or {}
            action = next((d.get("action") for d in facts.get("deadlines", []) if d.get("due") == t.due), None)
            if action == "appeal" and _granted(lt):   # good news: the appeal delay is no date for the family
                continue
            what = (f"{p.sender(facts.get('sender_kind') or lt.sender_kind or 'other')}: "
                    f"{p.action(action or ('contact' if t.kind == 'appointment' else 'other'))}")
        elif t.kind == "trajectory" and (t.id or "").startswith("trajectory:"):
            step = t.id.removeprefix("trajectory:").split(":")[0]
            what = p.step(step)
        elif p.lang == "fr":
            what = t.title
        else:  # typed by the volunteer in French: shown to the office, not mixed into the family's lines
            what = p("task")
            show.append(f"{t.due} — {t.title}")
        items[(t.due, t.letter_id or t.id or "")] = (due, _embed(t.time, rtl), what)
    closed = {(t.due, t.letter_id) for t in snapshot.tasks}   # done tasks too: never back through the letter
    for lt in snapshot.letters:  # deadlines read from letters but not (yet) turned into tasks
        facts = lt.facts or {}
        for d in facts.get("deadlines", []):
            due = _day(d.get("due"))
            key = (d.get("due"), lt.id or "")
            if due and due >= today and key not in items and key not in closed and not (
                    d.get("action") == "appeal" and _granted(lt)):
                items[key] = (due, "", f"{p.sender(facts.get('sender_kind') or 'other')}: "
                                       f"{p.action(d.get('action', 'other'))}")

    this = _month_key(today)
    nxt = (today.year + (today.month == 12), today.month % 12 + 1)
    groups: dict[str, list[tuple[date, str, str]]] = {"this_month": [], "next_month": [], "late": []}
    for due, time, what in sorted(items.values(), key=lambda x: x[0]):
        group = "late" if due < today else {this: "this_month", nxt: "next_month"}.get(_month_key(due))
        if group:
            groups[group].append((due, time, what))
    sections = []
    for group, entries in groups.items():
        if entries:
            lines = [" — ".join(x for x in (time, what) if x) for _d, time, what in entries]
            sections.append(Section(group, p(group), lines, checkboxes=group != "late",
                                    dates=[d for d, _t, _w in entries]))
    if not sections:
        sections = [Section("nothing", p("nothing"), [])]
    if show:
        sections.append(Section("show", p("h_show"), show, pictos=["show"], style="show", ltr=True))
    footer = _volunteer_line(p, volunteer_name, volunteer_phone, rtl)
    checks = p.check_lines() if p.lang == lang else []
    return Sheet(lang, p.lang, rtl, p("deadlines_title"), sections, footer + checks[:1],
                 big_pictos=not has_voice(lang), aside=checks[1:])


def _granted(letter: Letter) -> bool:
    return read_decision(letter.text, letter.facts or {}).outcome == "granted"
