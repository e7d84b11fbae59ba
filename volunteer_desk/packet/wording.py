"""Names and sentences of the packet: countries and languages by name (babel), task and letter titles
in the packet's language, journal entries as sentences. Nothing here prints an internal code."""

from __future__ import annotations

from functools import lru_cache

from volunteer_desk.packet.labels import LANGUAGE_NAMES, L, value_label

# Journal actions shown to the référent, as sentences; the rest (opening, merging…) is bookkeeping.
AUDIT_SENTENCES = {
    "family.create": "File opened",
    "family.grant": "Access given to a volunteer",
    "family.revoke": "Access withdrawn from a volunteer",
    "letter.import": "Letter added",
    "task.confirm": "Deadline noted",
    "form_filled": "Form filled: {what}",
    "form.edit": "Form completed by hand: {what}",
    "packet.build": "Handover packet prepared",
    "transfer.import": "File received from another association",
    "transfer.export": "File passed on to another association",
}
# English action words the letter flow puts in task titles ("Appeal deadline: sender").
TASK_PREFIXES = ("Pay", "Send documents", "Appeal deadline", "Sign / conclude", "Contact the sender", "Reply",
                 "Deadline", "Appointment")
LETTER_KINDS = {"decision": "decision", "request": "request for documents", "invitation": "appointment",
                "reminder": "reminder", "invoice": "invoice", "information": "information"}
SENDER_KINDS = {"cpas": "CPAS", "commune": "commune", "fedasil": "Fedasil", "cgra": "CGRA", "court": "court",
                "bank": "bank", "landlord": "landlord", "school": "school", "mutuelle": "health insurance fund",
                "doctor": "doctor", "hospital": "hospital", "famiwal": "family allowances",
                "onem": "unemployment office", "spf": "federal service", "tax": "tax office"}


@lru_cache(maxsize=8)
def _locale(lang: str):
    try:
        from babel import Locale

        return Locale.parse(lang)
    except Exception:  # babel data missing: built-in names below
        return None


def language_name(code: str, lang: str) -> str:
    """'ar' → 'arabe' (fr) / 'Arabisch' (nl); the code itself only when nobody knows it."""
    if not code:
        return ""
    builtin = value_label(LANGUAGE_NAMES, code, lang)
    if builtin != code:
        return builtin
    loc = _locale(lang)
    name = loc.languages.get(code) if loc else None
    return name or code


def country_name(code: str, lang: str) -> str:
    """'SY' → 'Syrie' (fr) / 'Syrië' (nl)."""
    if not code:
        return ""
    loc = _locale(lang)
    return (loc.territories.get(code.upper()) if loc else None) or code


def task_title(title: str, lang: str) -> str:
    """A task title made in another UI language ('Appeal deadline: CPAS…') said in the packet's."""
    for prefix in TASK_PREFIXES:
        if title.startswith(prefix + ":"):
            rest = title[len(prefix) + 1:].strip()
            return f"{L(prefix, lang)} : {rest}" if lang == "fr" else f"{L(prefix, lang)}: {rest}"
    return title


def letter_heading(lt, lang: str) -> str:
    """A letter's title; a title made of codes ('cpas — decision') becomes words."""
    title = (lt.title or "").strip()
    parts = [p.strip() for p in title.split("—")] if title else []
    if not title or all(p in LETTER_KINDS or p in SENDER_KINDS for p in parts):
        kind = LETTER_KINDS.get(lt.kind or (parts[-1] if parts else ""), "")
        words = [L(kind, lang) if kind else L("Letter", lang)]
        words.append(lt.sender or (L(SENDER_KINDS[parts[0]], lang) if parts and parts[0] in SENDER_KINDS else ""))
        return " — ".join(w for w in words if w)
    return title


def audit_sentence(entry: dict, lang: str) -> str | None:
    action = entry.get("action", "")
    template = AUDIT_SENTENCES.get(action)
    if template is None:
        return None
    what = entry.get("detail") or entry.get("target") or ""
    if action in ("form_filled", "form.edit"):
        what = _form_title(str(what))
    return L(template, lang).format(what=what)


def _form_title(form_id: str) -> str:
    from volunteer_desk.core.errors import UserError
    from volunteer_desk.forms.spec import get_form

    try:
        return get_form(form_id).title.fr
    except UserError:
        return L("a form", "fr")


def timeline_events(snapshot, audit: list[dict], letters: list, lang: str) -> list[tuple[str, str]]:
    """(date, sentence) of what was done, oldest first; repeated sentences on one day shown once."""
    events: list[tuple[str, str]] = []
    for e in audit:
        sentence = audit_sentence(e, lang)
        if sentence:
            events.append(((e.get("at") or "")[:10], sentence))
    for t in snapshot.tasks:
        if t.done:
            events.append(((t.done_on or t.due or "")[:10], f"{L('Done', lang)} : {task_title(t.title, lang)}"))
    for r in snapshot.requests:
        if r.submitted_on:
            events.append((r.submitted_on, f"{L('Request submitted', lang)} : {r.what} → {r.to}"))
    # one line per day for the forms filled that day ("Formulaires remplis : A ; B")
    forms_prefix = L("Form filled: {what}", lang).split("{what}")[0]
    seen, out = set(), []
    for day, text in sorted(events, key=lambda e: e[0]):
        if (day, text) in seen or not day:
            continue
        seen.add((day, text))
        if out and out[-1][0] == day and text.startswith(forms_prefix) and out[-1][1].startswith(
                (forms_prefix, L("Forms filled: {what}", lang).split("{what}")[0])):
            names = out[-1][1].split(":", 1)[1].strip() + " ; " + text[len(forms_prefix):].strip()
            out[-1] = (day, L("Forms filled: {what}", lang).format(what=names))
            continue
        out.append((day, text))
    return out
