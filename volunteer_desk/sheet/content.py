"""What goes on a family sheet: structured content built from the letter's facts, its translation
and the glossary, in the family's language. Rendering (PDF) and speech read this; nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from volunteer_desk import rules as legal_rules
from volunteer_desk.family.model import Letter
from volunteer_desk.sheet.phrases import Phrases

RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ur", "ps", "ckb", "he", "yi"})
BABEL_LOCALE = {"prs": "fa", "ckb": "ckb", "ku": "ku"}
MAX_LETTER_CHARS = 600      # the translated excerpt stays short: one page, large type
MAX_GLOSSARY = 4
MAX_AMOUNTS = 3
# Words right after an amount that make it a monthly sum ("1.626,61 € par mois").
_MONTHLY = re.compile(r"\s*(?:par\s+mois|/\s*mois|mensuel|per\s+maand|/\s*maand|maandelijks|pro\s+Monat|"
                      r"/\s*Monat|monatlich|per\s+month|a\s+month|/\s*month|monthly)", re.IGNORECASE)


@dataclass
class Section:
    key: str                  # from, kind, meaning, letter, todo, when, bring, contact, words…
    heading: str
    lines: list[str]
    checkboxes: bool = False
    # Per line, the letter's own words printed small and grey under a translated line ("" = none).
    originals: list[str] = field(default_factory=list)

    def original(self, i: int) -> str:
        return self.originals[i] if i < len(self.originals) else ""


@dataclass
class Sheet:
    lang: str                 # the family's language
    phrases_lang: str         # the language the fixed phrases are actually in (fallback: en)
    rtl: bool
    title: str
    sections: list[Section] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    letter_id: str = ""

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        """Plain text in reading order (for reading aloud and for the volunteer's edit box)."""
        parts = [self.title]
        for s in self.sections:
            parts.append(s.heading + ".")
            parts.extend(s.lines)
        parts.extend(self.footer)
        return "\n".join(p for p in parts if p)


def format_day(d: date, lang: str, with_weekday: bool = True) -> str:
    """'الجمعة، 21 مارس 2025' / 'пʼятниця, 21 березня 2025 р.'; English when babel has no locale."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(d, format="full" if with_weekday else "long", locale=BABEL_LOCALE.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return format_date(d, format="full" if with_weekday else "long", locale="en")


def _as_letter(letter: Letter | dict) -> Letter:
    return letter if isinstance(letter, Letter) else Letter.from_data(letter)


def _facts_of(letter: Letter) -> dict[str, Any]:
    if letter.facts:
        return letter.facts
    if not letter.text.strip():
        return {}
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


def _first_phone(text: str) -> str | None:
    """The first valid phone number printed in ``text`` (phonenumbers knows Belgian numbering, so a
    file reference such as "RIS/2024/08731" is not taken for a number)."""
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.VALID):
        return " ".join(match.raw_string.split())
    return None


def _contact_lines(letter: Letter, facts: dict[str, Any], snapshot: Any, sender_plain: str) -> list[str]:
    """Who to call: a family contact working for the sender, else the phone printed on the letter."""
    sender = (facts.get("sender") or letter.sender or "").casefold()
    lines: list[str] = []
    contacts = list(getattr(snapshot, "contacts", []) or [])
    for c in contacts:
        if sender and c.organisation and c.organisation.casefold() == sender and (c.phone or c.email):
            lines.append(" — ".join(x for x in (c.name, c.phone, c.email) if x))
    if not lines:
        head = letter.text[:1500]
        phone = _first_phone(head)
        if phone:
            lines.append(f"{facts.get('sender') or letter.sender or sender_plain} — {phone}")
    if not lines and facts.get("sender_kind") == "cpas":
        c = snapshot.contact("cpas_social_worker") if snapshot is not None else None
        if c and c.phone:
            lines.append(" — ".join(x for x in (c.name, c.organisation, c.phone) if x))
    return lines


def _glossary_lines(tr: dict[str, Any], letter: Letter, lang: str) -> list[str]:
    hits = tr.get("glossary") or []
    if not hits and letter.text:
        from volunteer_desk.translation.glossary import Glossary

        g = Glossary.load()
        seen: dict[str, str] = {}
        for h in g.find_terms(letter.text, letter.language or "fr"):
            seen.setdefault(h.term_id, h.text)
        hits = [{"term_id": t, "text": txt, "explanation": g.explain(t, lang).text} for t, txt in seen.items()]
    hits = [h for h in hits[:MAX_GLOSSARY] if h.get("explanation")]
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


def build_sheet(letter: Letter | dict, snapshot: Any, lang: str, volunteer_name: str, volunteer_phone: str, *,
                translation: Any = None, edited_text: str | None = None, reviewed_on: date | str | None = None,
                today: date | None = None, engine: Any = None) -> Sheet:
    """The sheet for one letter in ``lang``. ``translation``: a LetterTranslation or its dict (default:
    the one stored in the letter); ``edited_text``: the volunteer's corrected text (default: the stored
    edit). ``reviewed_on`` adds the 'checked by the volunteer' mark. ``engine``: a TranslationEngine for
    the requested documents not found in ``translation`` (default: the process-wide engine when a model
    route exists; without one, the documents stay in the letter's words)."""
    letter = _as_letter(letter)
    p = Phrases(lang)
    facts = _facts_of(letter)
    stored = letter.translations.get(lang) or {}
    tr = _translation_dict(letter, lang, translation)
    if edited_text is None:
        edited_text = stored.get("sheet_text")
    if reviewed_on is None:
        reviewed_on = stored.get("reviewed_on") or None

    sender_kind = facts.get("sender_kind") or letter.sender_kind or "other"
    sender_plain = p.sender(sender_kind)
    kind = p.kind(facts.get("kind") or letter.kind or "other")
    deadlines = [d for d in facts.get("deadlines", []) if _day(d.get("due"))]
    appointments = facts.get("appointments", [])
    documents = [d["text"] for d in facts.get("documents_requested", []) if d.get("text")]

    meaning = [p("s_from", sender=sender_plain)]
    if documents or facts.get("kind") == "request_documents":
        meaning.append(p("s_documents"))
    if appointments:
        meaning.append(_sentence(p("s_appointment", date=_when(appointments[0], lang))))
    elif deadlines:
        meaning.append(_sentence(p("s_deadline", date=format_day(_day(deadlines[0]["due"]), lang))))
    if (facts.get("appeal") or {}).get("possible") and len(meaning) < 3:
        meaning.append(p("s_appeal"))
    if "appeal_info_missing" in ((facts.get("appeal") or {}).get("warnings") or []):
        # the law's own words (resources/rules): the appeal delay has not started, ask the BAJ
        rule = legal_rules.get("appeal.mandatory_mentions")
        if rule.explain.get(lang):
            meaning.insert(1, rule.explain[lang])
    meaning = meaning[:3] + _amount_lines(facts, letter.text, p, lang in RTL_LANGUAGES)

    todo: list[str] = []
    for action in [d.get("action", "other") for d in deadlines] + (["documents"] if documents else []):
        line = p.action(action)
        if line not in todo:
            todo.append(line)
    if not todo:
        todo.append(p.action("respond" if facts.get("kind") == "request_documents" else "other"))

    when = [format_day(_day(d["due"]), lang) for d in deadlines]
    when += [_when(a, lang) for a in appointments]
    when = list(dict.fromkeys(when)) or [p("s_nodate")]

    sections = [
        Section("from", p("h_from"), [f"{sender_plain} — {facts.get('sender') or letter.sender}".rstrip(" —")]),
        Section("kind", p("h_kind"), [kind]),
        Section("meaning", p("h_meaning"), meaning),
    ]
    letter_text = edited_text if edited_text else _excerpt(tr.get("paragraphs") or [])
    if letter_text:
        sections.append(Section("letter", p("h_letter"), [letter_text]))
    sections += [Section("todo", p("h_todo"), todo), Section("when", p("h_when"), when)]
    if documents:
        from volunteer_desk.sheet.documents import document_lines

        source = letter.language or facts.get("lang") or "fr"
        lines = document_lines(documents, source, lang, tr.get("paragraphs"), engine)
        sections.append(Section("bring", p("h_bring"), [d.text for d in lines], checkboxes=True,
                                originals=[d.original for d in lines]))
    contact = _contact_lines(letter, facts, snapshot, sender_plain)
    if contact:
        sections.append(Section("contact", p("h_contact"), contact))
    words = _glossary_lines(tr, letter, lang)
    if words:
        sections.append(Section("words", p("h_words"), words))

    footer = [f"{p('h_volunteer')}: {volunteer_name} — {volunteer_phone}".rstrip(" —")]
    if reviewed_on:
        day = reviewed_on if isinstance(reviewed_on, date) else _day(str(reviewed_on))
        footer.append(p("mark", date=format_day(day, lang, with_weekday=False) if day else str(reviewed_on)))
    elif letter_text:
        footer.append(p("unchecked"))
    return Sheet(lang, p.lang, lang in RTL_LANGUAGES, p("title"), sections, footer, letter.id or "")


def _sentence(text: str) -> str:
    """'… 2025 р..' → '… 2025 р.' (some locales end dates with an abbreviation point)."""
    return text.replace("..", ".")


def _when(appointment: dict[str, Any], lang: str) -> str:
    raw = appointment.get("when", "")
    day = _day(raw)
    if day is None:
        return raw
    text = format_day(day, lang)
    if appointment.get("time_known") and "T" in raw:
        text += " — " + datetime.fromisoformat(raw).strftime("%H:%M")
    return text


def _month_key(d: date) -> tuple[int, int]:
    return d.year, d.month


def build_deadlines_sheet(snapshot: Any, lang: str, today: date, volunteer_name: str = "",
                          volunteer_phone: str = "") -> Sheet:
    """One page of the family's open dates: passed-but-open, this month, next month."""
    p = Phrases(lang)
    letters = {lt.id: lt for lt in snapshot.letters}
    items: dict[tuple[str, str], tuple[date, str]] = {}
    for t in snapshot.open_deadlines(today, lang=lang):
        due = _day(t.due)
        if due is None:
            continue
        lt = letters.get(t.letter_id)
        if lt is not None:
            facts = lt.facts or {}
            what = p.sender(facts.get("sender_kind") or lt.sender_kind or "other")
            action = next((d.get("action") for d in facts.get("deadlines", []) if d.get("due") == t.due), None)
            what = f"{what}: {p.action(action or ('contact' if t.kind == 'appointment' else 'other'))}"
        else:
            what = t.title
        if t.time:
            what = f"{t.time} — {what}"
        items[(t.due, t.letter_id or t.id or "")] = (due, what)
    for lt in snapshot.letters:  # deadlines read from letters but not (yet) turned into tasks
        facts = lt.facts or {}
        for d in facts.get("deadlines", []):
            due = _day(d.get("due"))
            if due and due >= today and (d["due"], lt.id) not in items:
                items[(d["due"], lt.id or "")] = (
                    due, f"{p.sender(facts.get('sender_kind') or 'other')}: {p.action(d.get('action', 'other'))}")

    this = _month_key(today)
    nxt = (today.year + (today.month == 12), today.month % 12 + 1)
    groups: dict[str, list[str]] = {"late": [], "this_month": [], "next_month": []}
    for due, what in sorted(items.values(), key=lambda x: x[0]):
        key = "late" if due < today else {this: "this_month", nxt: "next_month"}.get(_month_key(due))
        if key:
            groups[key].append(f"{format_day(due, lang)}: {what}")
    sections = [Section(k, p(k), lines, checkboxes=True) for k, lines in groups.items() if lines]
    if not sections:
        sections = [Section("nothing", p("nothing"), [])]
    footer = [f"{p('h_volunteer')}: {volunteer_name} — {volunteer_phone}".rstrip(" —")] if volunteer_name else []
    return Sheet(lang, p.lang, lang in RTL_LANGUAGES, p("deadlines_title"), sections, footer)
