"""The statutory appeal delay of a decision, applied over what the letter says.

Per sender and letter kind a rule of ``resources/rules/appeals.toml`` gives the legal delay and where
it starts. The appeal date is computed from the law, not copied from the letter: a CPAS letter saying
"30 jours" still gets 3 months (``letter_delay_differs_from_law``). A social-security decision without
the mandatory appeal mentions (court, its address, the delay) does not start the delay at all
(``appeal_info_missing``): no due date, and the family is sent to the BAJ or a lawyer.
"""

from __future__ import annotations

import re
from datetime import date

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.errors import NotFound
from volunteer_desk.core.i18n import N_, _

from . import patterns as P
from .deadlines import Anchors, _finish
from .model import Appeal, Deadline
from .workdays import add_working_days

INFO_MISSING = "appeal_info_missing"
DIFFERS = "letter_delay_differs_from_law"

# Senders whose decisions fall under the Charte de l'assuré social (mandatory mentions, art. 14).
CHARTE_SENDERS = ("cpas", "family_allowance", "health_insurance", "employment")
_RIS = re.compile(r"revenu d.int[ée]gration|int[ée]gration sociale|\bRIS\b|leefloon|maatschappelijke integratie|"
                  r"Eingliederungseinkommen", re.IGNORECASE)
_TAX = re.compile(r"avertissement-extrait|aanslagbiljet|Steuerbescheid|r[ée]clamation|bezwaarschrift", re.IGNORECASE)
# A court address: a Belgian postcode followed by a place name ("1000 Bruxelles", "9000 Gent").
_ADDRESS = re.compile(r"(?<!\d)[1-9]\d{3}\s+[A-ZÀ-Ý][\w\-À-ÿ]+")

WARNING_TEXT = {
    INFO_MISSING: N_("This decision does not give all the appeal information the law requires (court, its "
                     "address, the delay): the appeal delay has not started and an appeal stays possible. Ask "
                     "the legal aid office (BAJ) or a lawyer."),
    DIFFERS: N_("The appeal delay in the letter differs from the law: the date shown uses the legal delay."),
}


def warning_text(code: str) -> str:
    """The plain-words sentence for a warning code, in the UI language."""
    return _(WARNING_TEXT[code]) if code in WARNING_TEXT else code


def rule_for(sender_kind: str, kind: str, text: str, appeal: Appeal | None) -> str | None:
    """The id of the appeal rule for this letter, or None (not a decision we know the law for)."""
    decision = kind == "decision" or appeal is not None
    if sender_kind == "cpas" and decision:
        return "appeal.cpas.integration_income" if _RIS.search(text) else "appeal.cpas.social_aid"
    if sender_kind == "family_allowance" and decision:
        return "appeal.family_allowances"
    if sender_kind == "health_insurance" and decision:
        return "appeal.health_insurance"
    if sender_kind == "employment" and decision:
        return "appeal.social_security"
    if sender_kind == "tax" and (appeal is not None or _TAX.search(text)):
        return "appeal.tax_assessment"
    if sender_kind == "immigration" and kind == "decision":
        return "appeal.immigration_cce"
    return None


def _same(a: legal_rules.Duration, b: legal_rules.Duration) -> bool:
    if (a.total_months, a.days) == (b.total_months, b.days):
        return True
    # "un mois" and "30 jours" are the same delay in practice
    pair = {(a.total_months, a.days), (b.total_months, b.days)}
    return pair == {(1, 0), (0, 30)}


def _days(d: legal_rules.Duration) -> int:
    return 30 * d.total_months + d.days


def apply_law(text: str, sender_kind: str, kind: str, appeal: Appeal | None, deadlines: list[Deadline],
              anchors: Anchors) -> Appeal | None:
    """The appeal with its legal delay, legal date and warnings; the appeal deadline adjusted to match."""
    rule_id = rule_for(sender_kind, kind, text, appeal)
    if rule_id is None:
        return appeal
    on = anchors.letter or date.today()
    try:
        rule = legal_rules.get(rule_id, on=on)
    except NotFound:
        return appeal
    legal = rule.duration
    if appeal is None:
        appeal = Appeal(True, "", "", None, None)
    appeal.possible = True
    appeal.rule_id, appeal.legal_delay, appeal.legal_source = rule.id, legal.iso(), rule.citation
    para = (text[appeal.source.start:appeal.source.end] if appeal.source else "")
    dl = next((d for d in deadlines if d.relative and appeal.source
               and appeal.source.start <= d.source.start < appeal.source.end), None)
    appeal.letter_delay = dl.period if dl else ""

    if sender_kind in CHARTE_SENDERS:
        has_court = bool(P.rx(P.data()["appeal_bodies"]).search(para))
        if not (has_court and _ADDRESS.search(para) and (dl or appeal.within)):
            appeal.warnings.append(INFO_MISSING)

    letter = legal_rules.Duration.parse(appeal.letter_delay) if appeal.letter_delay else None
    use = legal
    if letter is not None and not _same(letter, legal):
        if rule.extra.get("shorter_possible") and _days(letter) < _days(legal):
            use = letter  # some procedures really are shorter (CCE 10 or 5 days): never promise more time
        else:
            appeal.warnings.append(DIFFERS)

    start: date | None
    if rule.starts.startswith("third working day") and anchors.letter:
        start = add_working_days(anchors.letter, legal_rules.get("notification.postal_working_days", on=on).value)
        start_words = _("working day 3 after the sending date")
    else:
        start, start_words = anchors.notification, _("notification date ({why})").format(why=anchors.notification_basis)
    due = None
    basis = ""
    if start is not None:
        due, basis = _finish(use.after(start), anchors.rule, _("legal delay {d} ({src}) counted from the {w}: {b}").format(
            d=use.iso(), src=rule.citation, w=start_words, b=start.isoformat()))
    if dl is not None and dl.relative and not dl.period and DIFFERS not in appeal.warnings:
        appeal.warnings.append(DIFFERS)  # a delay in working days is never the statutory calendar delay
    if DIFFERS in appeal.warnings:
        basis += "; " + _("the letter says '{w}'").format(w=appeal.within or appeal.letter_delay)
    if INFO_MISSING in appeal.warnings:
        appeal.due = None
        appeal.basis = _("the decision lacks mandatory appeal information, so the delay has not started ({src})").format(
            src=legal_rules.get("appeal.mandatory_mentions", on=on).citation)
        if dl is not None and due is not None:
            dl.due, dl.basis = due, basis + "; " + appeal.basis + "; " + _("acting before this date is safe")
        return appeal
    appeal.due, appeal.basis = due, basis
    if dl is not None and due is not None:
        dl.due, dl.basis, dl.action = due, basis, "appeal"
    elif due is not None and appeal.source is not None:
        deadlines.append(Deadline(due, _("appeal"), "appeal", True, basis, appeal.source, use.iso()))
    return appeal


def delay_words(iso: str) -> str:
    """'P3M' → '3 month(s)' in the UI language."""
    d = legal_rules.Duration.parse(iso)
    parts = [_("{n} year(s)").format(n=d.years) if d.years else "",
             _("{n} month(s)").format(n=d.months) if d.months else "",
             _("{n} day(s)").format(n=d.days) if d.days else ""]
    return " ".join(p for p in parts if p)


def appeal_summary(appeal: Appeal | None) -> tuple[str, bool]:
    """(plain words on the appeal's legal delay and warnings, whether there is a warning), '' when the
    law of no appeal rule applies to this letter."""
    if appeal is None or not appeal.legal_delay:
        return "", False
    if appeal.due:
        head = _("Appeal: legal delay {delay}, by {due} ({source}).").format(
            delay=delay_words(appeal.legal_delay), due=appeal.due.isoformat(), source=appeal.legal_source)
    else:
        head = _("Appeal: legal delay {delay} ({source}).").format(
            delay=delay_words(appeal.legal_delay), source=appeal.legal_source)
    lines = [head, *(warning_text(code) for code in appeal.warnings)]
    return "\n".join(lines), bool(appeal.warnings)
