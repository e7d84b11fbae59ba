"""The points-of-attention box on page 1 of the handover note: what a référent must see first.

Dates that contradict each other, a lease started with no rent guarantee asked, deadlines already
passed, a CPAS request left without a decision past the legal delay, rights about to be lost (family
reunification window, from the rules via the trajectory), missing key data. Every delay comes from
the rules (through the trajectory and ``requests_without_decision``), never from this module.
"""

from __future__ import annotations

from datetime import date

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.formatting import short_date
from volunteer_desk.family.trajectory import CARD_STEP, requests_without_decision, trajectory_for
from volunteer_desk.packet.labels import L
from volunteer_desk.packet.wording import task_title

PASSED_SHOWN = 3  # passed deadlines named on page 1 (a layout choice, not a legal delay)


def _asked(snapshot, *words: str) -> bool:
    text = " ".join(f"{r.what} {r.to}".lower() for r in snapshot.requests)
    return any(w in text for w in words)


def _step_done(snapshot, step_id: str) -> bool:
    return any(r.get("id") == step_id and r.get("status") == "done" for r in snapshot.trajectory)


def points_of_attention(snapshot, today: date, lang: str) -> list[str]:
    t = lambda msgid: L(msgid, lang)  # noqa: E731 - local shorthand
    h = snapshot.household
    ho = h.housing_obj
    points: list[str] = []
    # dates that contradict each other
    reg, lease = h.commune_registration_date[:10], (ho.lease_start or "")[:10]
    if reg and lease and reg < lease:
        points.append(t("Commune registration ({reg}) before the lease start ({lease}): check the dates.").format(
            reg=short_date(reg), lease=short_date(lease)))
    if lease and lease <= today.isoformat() and ho.kind == "private_rental" \
            and not _asked(snapshot, "garantie", "guarantee", "waarborg") and not _step_done(snapshot, "rent_guarantee"):
        points.append(t("Lease started on {lease} but no rent guarantee was asked for.").format(lease=short_date(lease)))
    for m in snapshot.members:
        if m.card_expiry and m.card_expiry[:10] < today.isoformat():
            points.append(t("Residence card of {name} expired on {date}.").format(name=m.full_name,
                                                                                 date=short_date(m.card_expiry)))
    # CPAS silence
    for flag in requests_without_decision(snapshot, today):
        points.append(t("No CPAS decision on '{what}' since {since}: appeal possible until {by} ({source}).").format(
            what=flag["request"].what, since=short_date(flag["since"]), by=short_date(flag["appeal_by"]), source=flag["source"]))
    # deadlines already passed (any sender): shown as past, not open
    passed = [task for task in snapshot.open_tasks(today) if task.due and task.due[:10] < today.isoformat()]
    for task in passed[-PASSED_SHOWN:]:  # the latest ones; the deadlines section lists them all
        points.append(t("Deadline passed on {date}: {what}.").format(date=short_date(task.due),
                                                                    what=task_title(task.title, lang)))
    if len(passed) > PASSED_SHOWN:
        points.append(t("{n} older deadlines passed: see Deadlines.").format(n=len(passed) - PASSED_SHOWN))
    # rights about to be lost, from the trajectory (its dates come from the rules)
    try:
        steps = trajectory_for(snapshot, today)
    except UserError:
        steps = []
    for step in steps:
        if step.rule_id == "family_reunification" and step.is_open and step.due:
            points.append(t("Family reunification without the income and housing conditions: apply by {date} "
                            "({source}).").format(date=short_date(step.due), source=step.source or ""))
        elif (step.rule_id == CARD_STEP and step.is_open and step.window_opens and step.due
              and step.window_opens <= today.isoformat() and not step.overdue):
            points.append(t("Residence card of {name}: ask the commune for its renewal by {date}.").format(
                name=step.member_name, date=short_date(step.due)))
        elif step.overdue and step.is_open and step.due and step.rule_id != "family_reunification":
            points.append(t("Step overdue since {date}: {what}.").format(date=short_date(step.due), what=step.title_fr))
    # missing key data
    missing = []
    for m in snapshot.members:
        if m.relation in ("applicant", "partner") and not m.niss:
            missing.append(t("national register number of {name}").format(name=m.first_name or m.full_name))
    if not h.iban:
        missing.append(t("bank account"))
    if not h.cpas_file_number:
        missing.append(t("CPAS file number"))
    if not h.commune_registration_date:
        missing.append(t("commune registration date"))
    if not (h.phone or any(m.phone for m in snapshot.members)):
        missing.append(t("phone number"))
    if missing:
        points.append(t("Missing: {what}.").format(what=", ".join(missing)))
    return points
