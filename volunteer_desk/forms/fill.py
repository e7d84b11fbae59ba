"""Fill a form from the family file: values ready for screen and paper, and what is missing.

Each value has a ``display_value`` (screen: a NISS is masked) and a ``print_value`` (paper: the full
NISS only on forms whose spec sets ``print_sensitive``). An invalid value (bad NISS checksum, bad IBAN)
is printed blank so it is written by hand, and listed in ``missing`` with the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.formatting import money, short_date
from volunteer_desk.core.i18n import N_, _
from volunteer_desk.core.languages import country_name
from volunteer_desk.family import validation as v
from volunteer_desk.family.code_words import INCOME_LABELS, RELATION_LABELS, RESIDENCE_LABELS, CodeWords
from volunteer_desk.family.mask import masked_niss
from volunteer_desk.family.model import Member
from volunteer_desk.family.snapshot import FamilySnapshot
from volunteer_desk.forms.sources import CONDITIONS, Context, VolunteerInfo, is_adult, resolve
from volunteer_desk.forms.spec import Attachment, FieldSpec, FormSpec, Text, catalogue, get_form, where_hint
from volunteer_desk.forms.store import stored_edits

# The family file's codes as printed on the (French) forms: the documents' words (family.code_words).
STATUS_FR = CodeWords(RESIDENCE_LABELS, "fr", capitalised=True)
RELATION_FR = CodeWords(RELATION_LABELS, "fr")
INCOME_FR = CodeWords(INCOME_LABELS, "fr")
# Regions named in the volunteer's messages, in the UI language.
REGION_NAMES = {v.BRUSSELS: N_("Brussels-Capital Region"), v.WALLONIA: N_("Wallonia"), v.FLANDERS: N_("Flanders")}


@dataclass
class MissingItem:
    """One thing to fix before the form can be submitted, said so a volunteer knows where to look."""

    field_id: str
    label: str                 # the form's (French) label
    problem: str               # "missing", "invalid" (both in FilledForm.missing) or "warning"
    where: str = ""            # where to find it (UI language)
    detail: str = ""           # why it is invalid (UI language); never the value itself

    def text(self) -> str:
        if self.problem == "invalid":
            return _("{label}: invalid — {detail}").format(label=self.label, detail=self.detail)
        if self.problem == "warning":
            return _("{label}: check — {detail}").format(label=self.label, detail=self.detail)
        return f"{self.label}: {self.where}" if self.where else self.label

    def to_data(self) -> dict[str, str]:
        return {"field_id": self.field_id, "label": self.label, "problem": self.problem,
                "where": self.where, "detail": self.detail}


@dataclass
class FilledField:
    spec: FieldSpec
    raw: Any = None
    display_value: Any = ""    # what a screen shows (masked NISS)
    print_value: Any = ""      # what the paper shows
    ok: bool = True
    warning: str = ""


@dataclass
class FilledForm:
    spec: FormSpec
    family_id: str
    region: str | None
    values: dict[str, FilledField]
    missing: list[MissingItem]
    warnings: list[MissingItem]
    attachments: list[tuple[Attachment, str]]   # (attachment, where to get it)
    signers: dict[str, str]                     # role -> name printed under the signature box
    submit_to: str
    place: str
    volunteer: VolunteerInfo
    filled_on: datetime.date
    skipped_sections: set[int] = field(default_factory=set)

    @property
    def form_id(self) -> str:
        return self.spec.id

    @property
    def bilingual(self) -> bool:
        """Dutch labels beside the French ones: Brussels (and Flanders) forms."""
        return self.region in (v.BRUSSELS, v.FLANDERS) or (self.region is None and "brussels" in self.spec.regions
                                                          and "wallonia" not in self.spec.regions)

    def value(self, field_id: str) -> Any:
        return self.values[field_id].print_value

    def display(self) -> list[tuple[str, Any]]:
        """(label, screen value) pairs for a preview; NISS masked."""
        return [(f.spec.label.fr, f.display_value) for f in self.values.values()]


# -- formatting ------------------------------------------------------------------------------------
def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def applies(when: str, ctx: Context) -> bool:
    return not when or CONDITIONS[when](ctx)


def _member_rows(members: list[Member], spec: FieldSpec, print_niss: bool) -> tuple[list[dict], list[dict]]:
    display, printed = [], []
    for m in members:
        niss = v.check_niss(m.niss) if m.niss else None
        base = {"name": m.full_name, "birth_date": short_date(m.birth_date),
                "relation": RELATION_FR.get(m.relation, m.relation), "nationality": country_name(m.nationality, "fr"),
                "sex": m.sex, "status": STATUS_FR.get(m.residence_status, "")}
        shown = masked_niss(m.niss) if niss and niss.ok else ""
        display.append({**base, "niss": shown})
        printed.append({**base, "niss": (niss.value if print_niss else shown) if niss and niss.ok else ""})
    return display, printed


@dataclass
class _Filling:
    """One field being filled: the resolved value, where it goes, and the problems found so far."""

    spec: FieldSpec
    ctx: Context
    raw: Any
    print_full: bool           # the full NISS on paper
    out: FilledField
    problems: list[MissingItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.spec.label.fr

    def missing(self) -> None:
        if self.spec.required:
            self.problems.append(MissingItem(self.spec.id, self.label, "missing", where_hint(self.spec.where)))

    def invalid(self, detail: str) -> None:
        self.out.ok = False
        self.problems.append(MissingItem(self.spec.id, self.label, "invalid", where_hint(self.spec.where), detail))


def _fill_members(f: _Filling) -> None:
    spec, label = f.spec, f.label
    members: list[Member] = f.raw or []
    f.out.display_value, f.out.print_value = _member_rows(members, spec, f.print_full)
    if not members:
        f.missing()
    for m in members:
        who = m.first_name or _("a member")
        if "birth_date" in spec.columns:
            check = v.check_birth_date(m.birth_date) if m.birth_date else None
            if check is None:
                f.problems.append(MissingItem(f"{spec.id}.{m.id}.birth_date", f"{label} — {who} : date de naissance",
                                              "missing", where_hint("id_card")))
            elif not check.ok:
                f.problems.append(MissingItem(f"{spec.id}.{m.id}.birth_date", f"{label} — {who} : date de naissance",
                                              "invalid", where_hint("id_card"), check.problem))
        if m.niss and "niss" in spec.columns and not v.check_niss(m.niss).ok:
            f.problems.append(MissingItem(f"{spec.id}.{m.id}.niss", f"{label} — {who} : NISS", "invalid",
                                          where_hint("niss"), v.check_niss(m.niss).problem))


def _fill_incomes(f: _Filling) -> None:
    rows = []
    for inc in f.raw or []:
        member = f.ctx.snapshot.member(inc.get("member_id", ""))
        rows.append({"member": member.full_name if member else "", "kind": INCOME_FR.get(inc.get("kind", ""), ""),
                     "source": inc.get("source", ""), "amount": money(inc.get("monthly_eur"))})
    f.out.display_value = f.out.print_value = rows
    if not rows:
        f.missing()


def _fill_checkbox(f: _Filling) -> None:
    f.out.display_value = f.out.print_value = bool(f.raw)
    if f.raw is None:
        f.missing()


def _fill_choice(f: _Filling) -> None:
    raw = f.raw
    value = "" if raw is None else (("yes" if raw else "no") if isinstance(raw, bool) else str(raw))
    f.out.display_value = f.out.print_value = value
    if not value:
        f.missing()
    elif f.spec.choices and value not in {c.value for c in f.spec.choices}:
        f.out.display_value = f.out.print_value = ""
        f.missing()


def _text_filler(check: Callable[[str], v.Check] | None = None,
                 show: Callable[[str, Any], str] | None = None) -> Callable[[_Filling], None]:
    """A one-line value: ``check`` validates it (bad → printed blank, listed as invalid; a warning is
    listed apart), ``show(text, raw)`` formats it for the form (dates, money, country names)."""

    def fill_text(f: _Filling) -> None:
        spec, out = f.spec, f.out
        if _empty(f.raw):
            f.missing()
            return
        text = str(f.raw).strip()
        if check is not None:
            checked = check(text)
            if not checked.ok:
                f.invalid(checked.problem)
                out.display_value, out.print_value = (masked_niss(text) if spec.sensitive else text), ""
                return
            out.warning = checked.warning
            if checked.warning:
                f.problems.append(MissingItem(spec.id, f.label, "warning", where_hint(spec.where), checked.warning))
            text = checked.value
        elif show is not None:
            text = show(text, f.raw)
        if spec.sensitive:
            out.display_value = masked_niss(text)
            out.print_value = text if f.print_full else masked_niss(text)
        else:
            out.display_value = out.print_value = text

    return fill_text


# Field kind (spec.KINDS) -> how its value is filled. A new kind is one row here (and one in KINDS).
FILLERS: dict[str, Callable[[_Filling], None]] = {
    "members": _fill_members,
    "incomes": _fill_incomes,
    "checkbox": _fill_checkbox,
    "choice": _fill_choice,
    "niss": _text_filler(check=v.check_niss),
    "iban": _text_filler(check=v.check_iban),
    "phone": _text_filler(check=v.check_phone),
    "postcode": _text_filler(check=v.check_postcode),
    "birth_date": _text_filler(check=v.check_birth_date),
    "date": _text_filler(show=lambda text, _raw: short_date(text)),
    "money": _text_filler(show=lambda _text, raw: money(raw)),
    "country": _text_filler(show=lambda text, _raw: country_name(text, "fr")),
    "status": _text_filler(show=lambda text, _raw: STATUS_FR.get(text, text)),
    "text": _text_filler(),
    "multiline": _text_filler(),
    "number": _text_filler(),
}


def _fill_field(spec: FieldSpec, form: FormSpec, ctx: Context, edits: dict[str, Any] | None = None,
                print_niss: bool | None = None) -> tuple[FilledField, list[MissingItem]]:
    """``edits``: values the volunteer typed or ticked for this form (they win over the family file).
    ``print_niss``: False masks national numbers on paper whatever the form says (handover packet)."""
    raw = resolve(spec.source, ctx)
    if edits and spec.id in edits and not _empty(edits[spec.id]):
        raw = edits[spec.id]
    filling = _Filling(spec, ctx, raw, form.print_sensitive if print_niss is None else print_niss,
                       FilledField(spec, raw))
    FILLERS[spec.kind](filling)
    return filling.out, filling.problems


def _signer_names(form: FormSpec, ctx: Context) -> dict[str, str]:
    names = {}
    for role in form.signatures:
        if role == "applicant":
            names[role] = ctx.snapshot.applicant.full_name if ctx.snapshot.applicant else ""
        elif role == "partner":
            if ctx.partner is None:
                continue
            names[role] = ctx.partner.full_name
        elif role == "adults":
            for m in ctx.snapshot.members:
                if m.relation not in ("applicant", "partner") and is_adult(m, ctx.today):
                    names[f"adult:{m.id}"] = m.full_name
        elif role == "volunteer":
            names[role] = ctx.volunteer.name
        elif role == "landlord":
            names[role] = ctx.housing.landlord_name
    return names


def check_region(form: FormSpec, ctx: Context) -> None:
    """Raise BadInput when the family's postcode puts it outside the form's region."""
    region = ctx.region
    if region is not None and region not in form.regions:
        raise BadInput(_("This form is only for {regions}; the family's address is in {region}.").format(
            regions=", ".join(_(REGION_NAMES[r]) for r in form.regions), region=_(REGION_NAMES[region])))
    digits = v.check_postcode(ctx.address.postcode).value
    if digits and any(lo <= int(digits) <= hi for lo, hi in form.exclude_postcodes):
        raise BadInput(form.exclude_reason or _("This form does not apply at the family's address."))


def fill(form_id: str | FormSpec, snapshot: FamilySnapshot, volunteer: VolunteerInfo | str | dict | None = None,
         *, today: datetime.date | None = None, chosen: dict[str, str] | None = None,
         edits: dict[str, Any] | None = None, print_niss: bool | None = None) -> FilledForm:
    """Fill ``form_id`` from ``snapshot``; raises BadInput if the form is for another region.

    ``chosen`` maps a role the form asks the volunteer to choose (``allocataire``) to a member id.
    ``edits``: field values typed or ticked by the volunteer (default: those kept in the family file,
    see ``forms.store.save_edits``). ``print_niss=False`` masks national numbers on paper."""
    form = form_id if isinstance(form_id, FormSpec) else get_form(form_id)
    for role, member_id in (chosen or {}).items():
        if snapshot.member(member_id) is None:
            raise BadInput(_("The member chosen as {role} is not in this family.").format(role=role))
    ctx = Context(snapshot, VolunteerInfo.of(volunteer), today or datetime.date.today(), dict(chosen or {}))
    check_region(form, ctx)
    if edits is None:
        edits = stored_edits(snapshot, form.id)
    values: dict[str, FilledField] = {}
    problems: list[MissingItem] = []
    skipped: set[int] = set()
    for index, section in enumerate(form.sections):
        if not applies(section.when, ctx):
            skipped.add(index)
            continue
        for spec in section.fields:
            if not applies(spec.when, ctx):
                continue
            filled, found = _fill_field(spec, form, ctx, edits, print_niss)
            values[spec.id] = filled
            problems.extend(found)
    attachments = [(a, where_hint(a.where)) for a in form.attachments if applies(a.when, ctx)]
    submit_to = str(resolve(form.submit_to, ctx) or "") if form.submit_to else ""
    return FilledForm(
        spec=form, family_id=snapshot.id, region=ctx.region, values=values,
        missing=[p for p in problems if p.problem != "warning"],
        warnings=[p for p in problems if p.problem == "warning"],
        attachments=attachments, signers=_signer_names(form, ctx), submit_to=submit_to,
        place=ctx.address.city, volunteer=ctx.volunteer, filled_on=ctx.today, skipped_sections=skipped)


def applicable_forms(snapshot: FamilySnapshot) -> list[FormSpec]:
    """The forms that apply at the family's address (all of them while the postcode is unknown)."""
    ctx = Context(snapshot)
    result = []
    for form in catalogue():
        try:
            check_region(form, ctx)
        except BadInput:
            continue
        result.append(form)
    return result


def label_text(text: Text, bilingual: bool) -> str:
    return f"{text.fr} / {text.nl}" if bilingual and text.nl and text.nl != text.fr else text.fr
