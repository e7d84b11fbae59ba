"""Names and sentences of the packet: languages by name (core.languages, countries too),
task and letter titles in the packet's language, journal entries as sentences. Nothing here prints an
internal code."""

from __future__ import annotations

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.languages import name_in
from volunteer_desk.packet.labels import P_, L

# Journal actions shown to the référent, as sentences; the rest (opening, merging…) is bookkeeping.
AUDIT_SENTENCES = {
    "family.create": P_("File opened"),
    "family.grant": P_("Access given to a volunteer"),
    "family.revoke": P_("Access withdrawn from a volunteer"),
    "letter.import": P_("Letter added"),
    "task.confirm": P_("Deadline noted"),
    "form_filled": P_("Form filled: {what}"),
    "form.edit": P_("Form completed by hand: {what}"),
    "packet.build": P_("Handover packet prepared"),
    "transfer.import": P_("File received from another association"),
    "transfer.export": P_("File passed on to another association"),
}
# English action words the letter flow puts in task titles ("Appeal deadline: sender").
TASK_PREFIXES = (P_("Pay"), P_("Send documents"), P_("Appeal deadline"), P_("Sign / conclude"),
                 P_("Contact the sender"), P_("Reply"), P_("Deadline"), P_("Appointment"))
LETTER_KINDS = {"decision": P_("decision"), "request": P_("request for documents"), "invitation": P_("appointment"),
                "reminder": P_("reminder"), "invoice": P_("invoice"), "information": P_("information")}
SENDER_KINDS = {"cpas": P_("CPAS"), "commune": P_("commune"), "fedasil": P_("Fedasil"), "cgra": P_("CGRA"), "court": P_("court"),
                "bank": P_("bank"), "landlord": P_("landlord"), "school": P_("school"), "mutuelle": P_("health insurance fund"),
                "doctor": P_("doctor"), "hospital": P_("hospital"), "famiwal": P_("family allowances"),
                "onem": P_("unemployment office"), "spf": P_("federal service"), "tax": P_("tax office")}


def language_name(code: str, lang: str) -> str:
    """'ar' → 'arabe' (fr) / 'Arabisch' (nl), from the one table (core.languages); the code itself only
    when nobody knows it."""
    return name_in(code, lang) or code


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
    # lazy: keeps PIL, reportlab, the vault (sqlcipher3) out of start-up until this runs
    from volunteer_desk.forms.spec import get_form

    try:
        return get_form(form_id).title.fr
    except UserError:
        return L(P_("a form"), "fr")


def timeline_events(snapshot, audit: list[dict], letters: list, lang: str) -> list[tuple[str, str]]:
    """(date, sentence) of what was done, oldest first; repeated sentences on one day shown once."""
    events: list[tuple[str, str]] = []
    for e in audit:
        sentence = audit_sentence(e, lang)
        if sentence:
            events.append(((e.get("at") or "")[:10], sentence))
    for t in snapshot.tasks:
        if t.done:
            events.append(((t.done_on or t.due or "")[:10], L("Done", lang) + " : " + task_title(t.title, lang)))
    for r in snapshot.requests:
        if r.submitted_on:
            events.append((r.submitted_on, L("Request submitted", lang) + f" : {r.what} → {r.to}"))
    # one line per day for the forms filled that day ("Formulaires remplis : A ; B")
    forms_prefix = L("Form filled: {what}", lang).split("{what}")[0]
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
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
