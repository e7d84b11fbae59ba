"""The integration trajectory: a region-aware checklist per family, from recognition onward.

Steps live in ``resources/trajectory/steps.toml``; every legal delay, age limit and card period is a
dated rule of ``resources/rules`` read through ``volunteer_desk.rules`` (the law changes: family
reunification did on 18 August 2025). A family's
progress lives in the family file table ``trajectory``, one row per step id
(``{"status", "done_on", "proof", "note", "contact_id"}``). ``trajectory_for`` merges both with what
the family file already says (commune registration date, mutuelle, CPAS requests, cards) so a
volunteer never types the same fact twice; a stored row always wins over a derived status.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.dates import add_months
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.core.i18n import tr
from volunteer_desk.core.paths import resource
from volunteer_desk.family import directory as directory_mod
from volunteer_desk.family.contact_roles import ROLES_FOR_KIND
from volunteer_desk.family.directory import DirectoryEntry, fold
from volunteer_desk.family.validation import region_for_postcode

STATUSES = ("todo", "in_progress", "done", "not_applicable")
REGIONS = ("wallonia", "brussels")
TABLE = "trajectory"
PROTECTION = ("refugee", "subsidiary_protection")
NOT_PRIMO = ("eu_citizen", "eu_family_member")
CARD_STEP = "card_renewal"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- dates ----------------------------------------------------------------------------------------
def add_working_days(d: date, days: int) -> date:
    """Monday-Friday only (public holidays are not counted out: a margin the volunteer keeps)."""
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


def parse_date(value: str | date | None) -> date | None:
    if isinstance(value, date):
        return value
    if not value or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


# -- the reviewed data ----------------------------------------------------------------------------
@dataclass(frozen=True)
class StepRule:
    """One step of the data file, with its deadline computed for a given situation."""

    id: str
    order: int
    title: str
    title_fr: str
    what: str
    regions: tuple[str, ...]
    applies_to: str
    anchor: str
    contact_kind: str
    source: str
    source_date: str
    checked_on: str = ""
    verify: bool = False
    delay_rule: str = ""      # id of the legal rule giving the deadline (resources/rules)
    window_rule: str = ""     # yearly steps: rule giving ["MM-DD", "MM-DD"]
    legal_rules: tuple[str, ...] = ()  # further rules whose explanation the step shows
    per: str = ""             # "adult": one step per adult of the integration ages
    # computed for a situation
    due: date | None = None
    window_opens: date | None = None
    not_before: date | None = None    # subsidiary protection: family reunification not before this day
    basis: str = ""           # why this date, in words ("3 months after commune registration")
    member_id: str = ""       # per-member steps (card renewal)
    card: str = ""            # card renewal: the card asked for next

    @property
    def step_id(self) -> str:
        return f"{self.id}:{self.member_id}" if self.member_id else self.id

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["regions"] = list(self.regions)
        data["legal_rules"] = list(self.legal_rules)
        data["due"], data["window_opens"] = _iso(self.due), _iso(self.window_opens)
        data["not_before"] = _iso(self.not_before)
        data["step_id"] = self.step_id
        return data


@dataclass(frozen=True)
class CardPeriod:
    card: str
    issued: date
    expires: date
    request_from: date        # ask the commune from this day…
    request_by: date          # …and at the latest this day
    next_card: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    path = resource("trajectory", "steps.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile("The packaged trajectory rules are missing or damaged.") from exc


@lru_cache(maxsize=1)
def all_rules() -> tuple[StepRule, ...]:
    known = {f.name for f in fields(StepRule)}
    out = []
    for raw in _data().get("step", []):
        raw = {k: v for k, v in raw.items() if k in known}
        raw["regions"] = tuple(raw.get("regions", REGIONS))
        raw["legal_rules"] = tuple(raw.get("legal_rules", ()))
        try:
            out.append(StepRule(**raw))
        except TypeError as exc:
            raise CorruptFile("A step of the packaged trajectory rules is incomplete.") from exc
    return tuple(sorted(out, key=lambda r: (r.order, r.id)))


def data_meta() -> dict[str, Any]:
    """compiled_on, reviewed_by, note: shown next to the checklist and in the packet."""
    return dict(_data().get("meta", {}))


def _card_plan(status: str, on: date | None = None) -> legal_rules.Rule | None:
    if status not in PROTECTION:
        return None
    return legal_rules.get(f"cards.{status}", on=on)


def card_schedule(status: str, first_issued: date) -> list[CardPeriod]:
    """The cards after protection, from the rules cards.<status> (periods of card and months, then
    the next card) and cards.renewal_window_days. Empty for other statuses."""
    plan = _card_plan(status, first_issued)
    if plan is None:
        return []
    ask_from, ask_by = _request_window(first_issued)
    out, issued = [], first_issued
    periods = plan.value
    for i, (card, months) in enumerate(periods):
        expires = add_months(issued, int(months))
        next_card = periods[i + 1][0] if i + 1 < len(periods) else plan.extra["then"]
        out.append(CardPeriod(card, issued, expires, expires - timedelta(days=ask_from),
                              expires - timedelta(days=ask_by), next_card))
        issued = expires
    return out


def next_card_after(status: str, card_type: str) -> str:
    plan = _card_plan(status)
    if plan is None:
        return ""
    if len(plan.value) == 1 and card_type == plan.value[0][0]:
        return plan.extra["then"]
    return "A / " + plan.extra["then"]     # several A periods: which renewal it is is not recorded


def _request_window(on: date | None = None) -> tuple[int, int]:
    ask_from, ask_by = legal_rules.get("cards.renewal_window_days", on=on).value
    return int(ask_from), int(ask_by)


def integration_ages(region: str, on: date | None = None) -> tuple[int, int]:
    low, high = legal_rules.get("integration.ages", on=on, region=region).value
    return int(low), int(high)


# -- rules for a situation ------------------------------------------------------------------------
_ANCHOR_WORDS = {"registered": "commune registration", "recognised": "the protection decision",
                 "lease_start": "the start of the lease", "ris_granted": "the decision granting the RIS",
                 "social_housing_request": "the social-housing application"}


def _with_law(rule: StepRule, region: str | None, on: date) -> StepRule:
    """The step's text, source and 'to verify' flag completed from its legal rules."""
    ids = [i for i in (rule.delay_rule, rule.window_rule, *rule.legal_rules) if i]
    if not ids:
        return rule
    found = []
    for i in ids:
        try:
            found.append(legal_rules.get(i, on=on, region=region if region in REGIONS else None))
        except NotFound:
            if i in (rule.delay_rule, rule.window_rule):
                raise
            # a condition that did not exist yet on that day (e.g. before the 2025 reunification law)
    what = " ".join([rule.what, *(r.explanation("en") for r in found)])
    main = found[0]
    source = "; ".join(dict.fromkeys(r.citation for r in found))
    return replace(rule, what=what, source=source,
                   source_date=main.valid_from.isoformat() if main.valid_from else rule.source_date,
                   checked_on=main.last_reviewed.isoformat(), verify=rule.verify or any(r.verify for r in found))


def _delay_words(law: legal_rules.Rule) -> str:
    if law.unit == "working_days":
        return f"{law.value} working days"
    d = law.duration
    parts = [f"{d.years} years" if d.years else "", f"{d.months} months" if d.months else "",
             f"{d.days} days" if d.days else ""]
    return " + ".join(p for p in parts if p)


def _compute(rule: StepRule, anchors: dict[str, date | None], today: date | None,
             region: str | None = None, status: str | None = None) -> StepRule:
    on = today or date.today()
    rule = _with_law(rule, region, on)
    if rule.anchor == "yearly" and rule.window_rule:
        ref = today or anchors.get("registered") or date.today()
        opens_md, by_md = legal_rules.get(rule.window_rule, on=ref, region=region).value
        month, day = (int(x) for x in by_md.split("-"))
        due = date(ref.year, month, day)
        if due < ref:
            due = date(ref.year + 1, month, day)
        fm, fd = (int(x) for x in opens_md.split("-"))
        return replace(rule, due=due, window_opens=date(due.year, fm, fd), basis=f"every year by {by_md[3:]}/{by_md[:2]}")
    start = anchors.get(rule.anchor)
    if start is None or rule.anchor in ("none", "card_expiry") or not rule.delay_rule:
        return rule                  # no date to count from, or no legal deadline
    if rule.id == "family_reunification":
        return _reunification(rule, start, status, on)
    law = legal_rules.get(rule.delay_rule, on=on, region=region if region in REGIONS else None)
    if law.unit == "working_days":
        due = add_working_days(start, int(law.value))
    else:
        due = law.duration.after(start)
    basis = f"{_delay_words(law)} after {_ANCHOR_WORDS.get(rule.anchor, rule.anchor)} ({start.isoformat()})"
    return replace(rule, due=due, basis=basis)


def window_explanation(on: date) -> str:
    return legal_rules.get("reunification.refugee.exemption_window", on=on).explanation("en")


def _reunification(rule: StepRule, recognised: date, status: str | None, on: date) -> StepRule:
    """Refugee: apply by recognition + the exemption window (due). Subsidiary protection: not before
    recognition + the waiting period (not_before), and no due date: the conditions always apply."""
    if status == "subsidiary_protection":
        wait = legal_rules.get("reunification.subsidiary.waiting_period", on=on)
        not_before = wait.duration.after(recognised)
        return replace(rule, due=None, not_before=not_before, source=wait.citation, verify=rule.verify or wait.verify,
                       what=rule.what.replace(window_explanation(on), wait.explanation("en")),
                       basis=f"subsidiary protection: not before {_delay_words(wait)} after the protection decision "
                             f"({recognised.isoformat()}), i.e. {not_before.isoformat()}")
    window = legal_rules.get("reunification.refugee.exemption_window", on=on)
    due = window.duration.after(recognised)
    basis = f"{_delay_words(window)} after the protection decision ({recognised.isoformat()}) to apply without the conditions"
    try:
        complete = legal_rules.get("reunification.refugee.complete_file", on=on).duration.after(recognised)
        basis += f"; file complete by {complete.isoformat()}"
    except NotFound:
        pass
    if status is None:
        basis += " (recognised refugee; subsidiary protection: a waiting period applies instead)"
    return replace(rule, due=due, basis=basis)


def _status_applies(applies_to: str, status: str | None) -> bool:
    if status is None:
        return True
    if applies_to == "protection":
        return status in PROTECTION
    if applies_to == "primo_arrivant":
        return status not in NOT_PRIMO
    return True


def rules(region: str, registered: date | str | None, recognised_on: date | str | None = None,
          status: str | None = None, *, today: date | None = None, ris_granted: date | None = None,
          lease_start: date | None = None, card_issued: date | None = None) -> list[StepRule]:
    """The steps of a region and their deadlines, without a family.

    ``status`` (a residence status) drops steps that cannot apply and expands the card renewal into
    the card sequence, counted from ``card_issued`` (default: the registration date, when the
    commune usually hands out the first card).
    """
    if region not in REGIONS:
        raise BadInput("The region must be 'wallonia' or 'brussels'.")
    reg, rec = parse_date(registered), parse_date(recognised_on)
    if registered and reg is None:
        raise BadInput("The registration date must be written YYYY-MM-DD.")
    anchors = {"registered": reg, "recognised": rec, "ris_granted": ris_granted, "lease_start": lease_start}
    out: list[StepRule] = []
    for rule in all_rules():
        if region not in rule.regions or not _status_applies(rule.applies_to, status):
            continue
        if rule.id == CARD_STEP and status:
            first = card_issued or reg
            schedule = card_schedule(status, first) if first else []
            rule = _with_law(rule, region, today or date.today())
            for i, period in enumerate(schedule, start=1):
                out.append(replace(rule, member_id=str(i), due=period.request_by, window_opens=period.request_from,
                                   card=period.next_card, basis=_card_basis(period.card, period.expires)))
            if schedule:
                continue
        out.append(_compute(rule, anchors, today, region, status))
    return out


def _card_basis(card: str, expires: date) -> str:
    ask_from, ask_by = _request_window(expires)
    return f"card {card or '?'} expires {expires.isoformat()}: ask {ask_from}-{ask_by} days before"


# -- a family's trajectory ------------------------------------------------------------------------
@dataclass
class Step:
    id: str                    # step id stored in the family file ("card_renewal:<member id>" per member)
    rule_id: str
    order: int
    title: str
    title_fr: str
    what: str
    status: str = "todo"
    done_on: str = ""
    proof: str = ""            # letter id or a document's description
    note: str = ""
    due: str = ""              # next deadline (YYYY-MM-DD) while the step is open
    window_opens: str = ""
    basis: str = ""
    estimated: bool = False    # the deadline rests on an assumed date (say so in the packet)
    overdue: bool = False
    derived: bool = False      # status read from the family file, not set by a volunteer
    member_id: str = ""
    member_name: str = ""      # first name, for per-member steps
    contact_kind: str = ""
    contact_id: str = ""       # directory entry id
    contact_label: str = ""
    family_contact_id: str = ""
    source: str = ""
    source_date: str = ""
    verify: bool = False
    region: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status in ("todo", "in_progress")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _age_on(birth: str, today: date) -> int | None:
    m = re.match(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$", birth or "")
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2) or 0) or 7     # unknown month/day ("00"): assume mid-year
    day = int(m.group(3) or 0) or 1
    return today.year - year - ((today.month, today.day) < (month, min(day, 28)))


def _match_request(snapshot, *words: str):
    """The first request whose 'what' contains one of these words (accent- and case-insensitive)."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
    for req in snapshot.requests:
        if pattern.search(fold(req.what).replace("\u2019", "'")):
            return req
    return None


RIS_WORDS = ("revenu d'integration", "revenu d integration", "ris", "integration income")


def _ris_request(snapshot):
    return _match_request(snapshot, *RIS_WORDS)


class _Facts:
    """What the family file says, read once."""

    def __init__(self, snapshot, today: date) -> None:
        h = snapshot.household
        self.region = region_for_postcode(h.address_obj.postcode)
        self.commune = h.address_obj.city
        self.postcode = h.address_obj.postcode
        self.registered = parse_date(h.commune_registration_date)
        self.lease_start = parse_date(h.housing_obj.lease_start)
        self.stored = {row["id"]: row for row in snapshot.trajectory}
        rec = self.stored.get("recognition", {})
        self.recognised = parse_date(rec.get("done_on")) if rec.get("status") == "done" else None
        if self.recognised is None and not rec:  # the CGRA decision date noted with the migration dates
            self.recognised = parse_date((h.migration or {}).get("cgra_decision_on"))
        statuses = {m.residence_status for m in snapshot.members if m.residence_status}
        # the status that decides family reunification: refugee wins (its window is the urgent one)
        self.protection_status = next((p for p in PROTECTION if p in statuses), None)
        ages = [_age_on(m.birth_date, today) for m in snapshot.members]
        children = [m for m, a in zip(snapshot.members, ages, strict=True)
                    if m.relation == "child" or (a is not None and a < 18)]
        self.school_age = [m for m in children if (a := _age_on(m.birth_date, today)) is not None and 5 <= a < 18]
        ris_req = _ris_request(snapshot)
        income_ris = any(i.get("kind") == "ris" for i in h.incomes)
        self.ris = income_ris or bool(ris_req and ris_req.status == "granted")
        # The RIS decision date: the CPAS step's date when a volunteer recorded it, else estimated as
        # the legal decision delay (rule cpas.decision_delay) after the request.
        cpas_row = self.stored.get("cpas_aid", {})
        self.ris_granted = parse_date(cpas_row.get("done_on")) if cpas_row.get("status") == "done" else None
        self.ris_estimated = False
        if self.ris_granted is None and ris_req and ris_req.status == "granted":
            start = parse_date(ris_req.acknowledged_on) or parse_date(ris_req.submitted_on)
            if start:
                decide = legal_rules.get("cpas.decision_delay", on=start).duration
                self.ris_granted, self.ris_estimated = decide.after(start), True
        housing_req = _match_request(snapshot, "logement social", "social housing", "slsp", "slrb", "sisp")
        self.social_housing_request = parse_date(housing_req.submitted_on) if housing_req else None
        self.applies = {
            "all": True,
            "protection": bool(statuses & set(PROTECTION)),
            "primo_arrivant": not statuses or not statuses <= set(NOT_PRIMO),
            "ris": self.ris,
            "children": bool(children),
            "school_age_children": bool(self.school_age),
            "adults": not snapshot.members or any(
                (a >= 18) if a is not None else m.relation != "child"
                for m, a in zip(snapshot.members, ages, strict=True)),
            "social_housing_candidate": bool(housing_req and housing_req.status == "pending"),
        }


def _derived_status(rule_id: str, snapshot, facts: _Facts) -> tuple[str, str] | None:
    """(status, done_on) read from the family file, or None."""
    h = snapshot.household
    if rule_id == "recognition" and facts.recognised:
        return "done", facts.recognised.isoformat()
    if rule_id == "address_registration" and facts.registered:
        return "done", facts.registered.isoformat()
    if rule_id == "mutuelle" and h.mutuelle:
        return "done", ""
    if rule_id == "school" and facts.school_age and all(m.school for m in facts.school_age):
        return "done", ""
    words = {"cpas_aid": (*RIS_WORDS, "aide sociale", "social aid"),
             "installation_grant": ("installation",), "rent_guarantee": ("garantie", "guarantee")}.get(rule_id)
    if words:
        req = _match_request(snapshot, *words)
        if req is not None:
            return ("done", "") if req.status == "granted" else ("in_progress", "")
    return None


def _contact_for(kind: str, snapshot, facts: _Facts, entries: list[DirectoryEntry]) -> tuple[str, str, str]:
    """(directory id, label, family contact id): the family's own contact first, else the directory."""
    for contact in snapshot.contacts:
        if contact.role in ROLES_FOR_KIND.get(kind, ()):
            entry = directory_mod.find(entries, contact.directory_id) if contact.directory_id else None
            if entry is None:   # the family's contact is not linked: still offer the directory's entry
                entry = directory_mod.suggest(entries, kind, facts.commune, facts.postcode)
            label = contact.organisation or contact.name or (entry.name if entry else "")
            return (entry.id if entry else ""), label, contact.id or ""
    entry = directory_mod.suggest(entries, kind, facts.commune, facts.postcode)
    if entry is not None:
        return entry.id, entry.name, ""
    return "", "", ""


def _card_steps(rule: StepRule, snapshot, facts: _Facts) -> list[tuple[StepRule, bool]]:
    """One renewal step per member holding a card A or a protection status."""
    ask_from, ask_by = _request_window()
    rule = _with_law(rule, facts.region, date.today())
    out = []
    for m in snapshot.members:
        if m.card_type != "A" and m.residence_status not in PROTECTION:
            continue
        expiry = parse_date(m.card_expiry)
        step = replace(rule, member_id=m.id or "", card=next_card_after(m.residence_status, m.card_type))
        if expiry:
            step = replace(step, due=expiry - timedelta(days=ask_by), window_opens=expiry - timedelta(days=ask_from),
                           basis=_card_basis(m.card_type, expiry))
        else:
            step = replace(step, basis="card expiry date not recorded in the family file")
        out.append((step, False))
    return out


def trajectory_for(snapshot, today: date | None = None,
                   entries: list[DirectoryEntry] | None = None) -> list[Step]:
    """The family's checklist: rules of its region merged with the stored step state.

    ``entries`` is the directory (``directory.load(vault_root)``); packaged data when omitted.
    Without a Walloon or Brussels postcode only the steps common to both regions are listed.
    """
    today = today or date.today()
    entries = entries if entries is not None else directory_mod.load(None)
    facts = _Facts(snapshot, today)
    anchors = {"registered": facts.registered, "recognised": facts.recognised, "lease_start": facts.lease_start,
               "ris_granted": facts.ris_granted, "social_housing_request": facts.social_housing_request}
    region_rules = [r for r in all_rules() if (r.regions == REGIONS if facts.region not in REGIONS
                                               else facts.region in r.regions)]
    expanded: list[tuple[StepRule, bool]] = []
    for rule in region_rules:
        if rule.id == CARD_STEP:
            expanded.extend(_card_steps(rule, snapshot, facts))
            continue
        estimated = rule.anchor == "ris_granted" and facts.ris_estimated
        computed = _compute(rule, anchors, today, facts.region, facts.protection_status)
        if rule.per == "adult":
            expanded.extend((replace(computed, member_id=m.id or ""), estimated)
                            for m in _integration_adults(snapshot, facts.region, today))
            continue
        expanded.append((computed, estimated))

    steps = []
    for rule, estimated in expanded:
        stored = facts.stored.get(rule.step_id) or (facts.stored.get(rule.id, {}) if rule.per else {})
        status, done_on, derived = "todo", "", False
        if not facts.applies.get(rule.applies_to, True):
            status = "not_applicable"
        else:
            found = _derived_status(rule.id, snapshot, facts)
            if found:
                (status, done_on), derived = found, True
        if stored.get("status") in STATUSES:
            status, derived = stored["status"], False
            done_on = stored.get("done_on", "") or (done_on if status == "done" else "")
        contact_id, label, family_contact = _contact_for(rule.contact_kind, snapshot, facts, entries)
        if stored.get("contact_id"):
            entry = directory_mod.find(entries, stored["contact_id"])
            contact_id, label = stored["contact_id"], (entry.name if entry else label)
        basis = rule.basis
        if not rule.due and not rule.not_before and rule.anchor in _ANCHOR_WORDS and rule.delay_rule:
            basis = f"needs the date of {_ANCHOR_WORDS[rule.anchor]} in the family file"
        step = Step(
            id=rule.step_id, rule_id=rule.id, order=rule.order, title=rule.title, title_fr=rule.title_fr,
            what=rule.what, status=status, done_on=done_on, proof=stored.get("proof", ""),
            note=stored.get("note", ""), basis=basis, estimated=estimated, derived=derived,
            member_id=rule.member_id, contact_kind=rule.contact_kind, contact_id=contact_id,
            contact_label=label, family_contact_id=family_contact, source=rule.source,
            source_date=rule.source_date, verify=rule.verify, region=facts.region or "",
        )
        if rule.card:
            step.extra["next_card"] = rule.card
        if rule.member_id:
            member = snapshot.member(rule.member_id)
            step.member_name = member.first_name if member else ""
        if step.is_open and rule.due:
            step.due, step.window_opens = rule.due.isoformat(), _iso(rule.window_opens)
            step.overdue = rule.due < today
        if rule.not_before:
            step.extra["not_before"] = rule.not_before.isoformat()
        steps.append(step)
    return steps


def trajectory_deadlines(snapshot, today: date | None = None,
                         entries: list[DirectoryEntry] | None = None, lang: str = "en") -> list[dict[str, Any]]:
    """Open trajectory steps with a deadline, shaped like ``Task.to_data()`` (kind 'trajectory') so
    they list, sort and print with the tasks from letters. Ids start with 'trajectory:'; they are
    computed, never stored in the tasks table."""
    out = []
    for step in trajectory_for(snapshot, today, entries):
        if not (step.is_open and step.due):
            continue
        due = date.fromisoformat(step.due)
        reminder = step.window_opens or (due - timedelta(days=14)).isoformat()
        out.append({
            "id": f"trajectory:{step.id}", "due": step.due, "time": "",
            "title": _titled(step, lang),
            "kind": "trajectory", "where": step.contact_label, "reminders": [reminder], "done": False,
            "done_on": "", "letter_id": "", "source": step.source, "created_at": "",
            "step_id": step.id, "member_id": step.member_id, "overdue": step.overdue,
            "estimated": step.estimated, "verify": step.verify, "basis": step.basis,
        })
    return sorted(out, key=lambda t: t["due"])


def _titled(step: Step, lang: str) -> str:
    """The step's title in ``lang`` (French and English from the data, other languages from the
    catalogues: trajectory_titles.py), with the member's first name."""
    title = step.title_fr if lang == "fr" and step.title_fr else tr(step.title, lang) if lang != "en" else step.title
    return f"{title} ({step.member_name})" if step.member_name else title


# -- recording progress -------------------------------------------------------------------------
def _known_step(step_id: str) -> bool:
    rule_id, _, member = step_id.partition(":")
    per_member = {r.id for r in all_rules() if r.per} | {CARD_STEP}
    return rule_id in {r.id for r in all_rules()} and (not member or rule_id in per_member)


def _integration_adults(snapshot, region: str | None, today: date) -> list:
    """Members within the integration ages of the region (rule integration.ages); a member without a
    birth date counts when recorded as an adult relation."""
    if region not in REGIONS:
        return []
    low, high = integration_ages(region, today)
    out = []
    for m in snapshot.members:
        age = _age_on(m.birth_date, today)
        if (age is None and m.relation != "child") or (age is not None and low <= age <= high):
            out.append(m)
    return out


_UNSET: Any = object()


def update_step(ff, step_id: str, *, status: str | None = None, done_on: str | date | None = _UNSET,
                proof: str | None = None, note: str | None = None, contact_id: str | None = None,
                today: date | None = None) -> dict[str, Any]:
    """Record a step's status, date done, proof (letter id or document) and contact; returns the
    stored row. Marking a step done without a date records today."""
    if not _known_step(step_id):
        raise BadInput("Unknown trajectory step.")
    if status is not None and status not in STATUSES:
        raise BadInput("The status must be one of: " + ", ".join(STATUSES) + ".")
    row = {k: v for k, v in (ff.get(TABLE, step_id) or {}).items() if k != "id"}
    if status is not None:
        row["status"] = status
    if done_on is not _UNSET:
        if done_on and parse_date(done_on) is None:
            raise BadInput("The date must be written YYYY-MM-DD.")
        row["done_on"] = _iso(parse_date(done_on)) if done_on else ""
    if row.get("status") == "done" and not row.get("done_on"):
        row["done_on"] = (today or date.today()).isoformat()
    for key, value in (("proof", proof), ("note", note), ("contact_id", contact_id)):
        if value is not None:
            if len(value) > 2000:
                raise BadInput("This text is too long for a trajectory step.")
            row[key] = value.strip()
    row.setdefault("status", "todo")
    ff.put(TABLE, row, step_id)
    ff.audit("trajectory.update", step_id)
    return {"id": step_id, **row}


# -- CPAS requests left without a decision -------------------------------------------------------
_CPAS_WORDS = re.compile(r"\b(cpas|ocmw|c\.p\.a\.s)\b")


def requests_without_decision(snapshot, today: date | None = None) -> list[dict[str, Any]]:
    """Pending CPAS requests whose legal decision period has passed: the silence itself can be appealed
    to the labour tribunal (rules appeal.cpas.no_decision.*). Each: request, since (end of the decision
    period), appeal_by, rule, source, explain (en)."""
    today = today or date.today()
    out = []
    for req in snapshot.requests:
        if req.status != "pending":
            continue
        words = fold(f"{req.to} {req.what}")
        if not _CPAS_WORDS.search(words) and _match_request_text(req) is None:
            continue
        start = parse_date(req.acknowledged_on) or parse_date(req.submitted_on)
        if start is None:
            continue
        ris = bool(_match_request_text(req))
        rule = legal_rules.get("appeal.cpas.no_decision." + ("integration_income" if ris else "social_aid"), on=start)
        since = rule.duration.after(start)
        if since >= today:
            continue
        appeal = legal_rules.get("appeal.cpas." + ("integration_income" if ris else "social_aid"), on=since)
        out.append({"request": req, "since": since.isoformat(), "appeal_by": appeal.duration.after(since).isoformat(),
                    "rule": rule.id, "source": rule.citation, "explain": rule.explanation("en")})
    return out


def _match_request_text(req):
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in RIS_WORDS) + r")\b")
    return pattern.search(fold(req.what).replace("\u2019", "'"))
