"""The form catalogue: reviewed TOML data files in ``resources/forms/`` turned into typed specs.

One file per form (``<form_id>.toml``). Files whose name starts with ``_`` are shared data: named
sections (``_sections.toml``), where-to-find hints (``_where.toml``), helper labels in the families'
languages (``_helper_labels.toml``) and bases that a form ``extends``. See ``resources/forms/README.md``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.core.i18n import ui_language
from volunteer_desk.core.paths import resource
from volunteer_desk.family.validation import REGIONS
from volunteer_desk.forms.sources import CONDITIONS, is_known_source

KINDS = ("text", "multiline", "date", "birth_date", "niss", "iban", "phone", "postcode", "money",
         "country", "status", "checkbox", "choice", "members", "incomes", "number")
SIGNERS = ("applicant", "partner", "adults", "volunteer", "landlord")


@dataclass(frozen=True)
class Text:
    """A label in French and Dutch (Dutch shown on Brussels forms)."""

    fr: str
    nl: str = ""

    @classmethod
    def of(cls, raw: Any) -> Text:
        if isinstance(raw, str):
            return cls(raw)
        if isinstance(raw, dict) and "fr" in raw:
            return cls(str(raw["fr"]), str(raw.get("nl", "")))
        raise ValueError("a label needs at least 'fr'")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: Text
    source: str = ""           # where the value comes from in the FamilySnapshot; "" = written by hand
    kind: str = "text"
    required: bool = False
    sensitive: bool = False    # NISS: masked on screen, printed only if the form says so
    where: str = ""            # id of a hint in _where.toml: where to find a missing value
    help: str = ""             # id of a helper label in _helper_labels.toml (family's language)
    when: str = ""             # condition id: the field only applies when true (e.g. has_partner)
    choices: tuple[Choice, ...] = ()
    columns: tuple[str, ...] = ()  # members table: name, birth_date, relation, nationality, niss
    lines: int = 1             # height of a hand-written box


@dataclass(frozen=True)
class SectionSpec:
    title: Text
    fields: tuple[FieldSpec, ...]
    help: str = ""
    when: str = ""


@dataclass(frozen=True)
class Attachment:
    label: Text
    where: str = ""
    when: str = ""


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: Text
    body: Text                 # who decides (CPAS, SPW Logement, Famiwal…)
    regions: tuple[str, ...]
    source: str                # legal basis and the public page the layout follows
    source_date: str           # date of the version the layout follows
    reviewed_on: str
    sections: tuple[SectionSpec, ...]
    attachments: tuple[Attachment, ...]
    submit: Text               # where to submit it
    submit_to: str = ""        # optional source naming the office (e.g. household.cpas_name)
    declaration: Text = Text("")
    signatures: tuple[str, ...] = ("applicant",)
    print_sensitive: bool = False
    exclude_postcodes: tuple[tuple[int, int], ...] = ()
    exclude_reason: str = ""
    intro: Text = Text("")
    signature_captions: tuple[tuple[str, Text], ...] = ()  # role -> caption, overrides the default
    legal_rules: tuple[str, ...] = ()  # rules (resources/rules) behind what the form states or asks
    # who the filled form is handed to (packet recipients: cpas, cri, lawyer; or tribunal…): a packet
    # for that recipient includes it by default
    addressed_to: tuple[str, ...] = ()
    exclusive: str = ""        # forms sharing this group are alternatives: never two in one packet
    request_words: tuple[str, ...] = ()  # a family request naming one of these: already asked for
    kit: str = ""              # "appeal": the appeal kit (shown together on the forms screen)
    statutory_delays: tuple[str, ...] = ()  # rules whose delay the form prints, with its source

    def fields(self) -> list[FieldSpec]:
        return [f for s in self.sections for f in s.fields]

    @property
    def chooses(self) -> tuple[str, ...]:
        """Roles the volunteer chooses a member for (sources 'chosen.<role>.…'), e.g. ('allocataire',)."""
        roles = [f.source.split(".")[1] for f in self.fields() if f.source.startswith("chosen.")]
        return tuple(dict.fromkeys(roles))

    def field(self, field_id: str) -> FieldSpec:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)


# -- loading ---------------------------------------------------------------------------------------
def forms_resource_dir() -> Path:
    return resource("forms")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile(f"The form data file {path.name} cannot be read.") from exc


@lru_cache(maxsize=1)
def _shared() -> tuple[dict, dict, dict]:
    folder = forms_resource_dir()
    return (_read_toml(folder / "_sections.toml"), _read_toml(folder / "_where.toml"),
            _read_toml(folder / "_helper_labels.toml"))


def where_hint(hint_id: str, language: str | None = None) -> str:
    """Where to find a missing value, in the UI language (falls back to English, then French)."""
    hints = _shared()[1].get(hint_id) or {}
    lang = language or ui_language()
    return hints.get(lang) or hints.get("en") or hints.get("fr") or ""


def helper_label(help_id: str, language: str) -> str:
    """The short helper line printed under a label in the family's language ('' when unknown)."""
    if not help_id or not language:
        return ""
    labels = _shared()[2].get(help_id) or {}
    lang = {"prs": "fa", "fa-AF": "fa"}.get(language, language)
    return labels.get(lang, "")


def helper_languages() -> set[str]:
    return {lang for entry in _shared()[2].values() for lang in entry}


def _field(raw: dict[str, Any], where: str) -> FieldSpec:
    try:
        kind = raw.get("kind", "text")
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        choices = tuple(Choice(str(c["value"]), Text.of(c["label"])) for c in raw.get("choices", []))
        return FieldSpec(
            id=raw["id"], label=Text.of(raw["label"]), source=raw.get("source", ""), kind=kind,
            required=bool(raw.get("required", False)), sensitive=bool(raw.get("sensitive", kind == "niss")),
            where=raw.get("where", ""), help=raw.get("help", ""), when=raw.get("when", ""), choices=choices,
            columns=tuple(raw.get("columns", ())), lines=int(raw.get("lines", 1)))
    except (KeyError, ValueError, TypeError) as exc:
        raise CorruptFile(f"A field in {where} is malformed ({exc}).") from exc


def _section(raw: dict[str, Any], where: str) -> SectionSpec:
    if "use" in raw:
        shared = _shared()[0].get(raw["use"])
        if shared is None:
            raise CorruptFile(f"{where} uses an unknown shared section.")
        raw = {**shared, **{k: v for k, v in raw.items() if k != "use"}}
    return SectionSpec(title=Text.of(raw["title"]), fields=tuple(_field(f, where) for f in raw.get("fields", [])),
                       help=raw.get("help", ""), when=raw.get("when", ""))


def _merge_base(raw: dict[str, Any], folder: Path) -> dict[str, Any]:
    base_name = raw.get("extends")
    if not base_name:
        return raw
    base = _merge_base(_read_toml(folder / f"{base_name}.toml"), folder)
    merged = {**base, **raw}
    merged["attachments"] = list(base.get("attachments", [])) + list(raw.get("extra_attachments", []))
    if "extra_sections" in raw:
        merged["sections"] = list(base.get("sections", [])) + list(raw["extra_sections"])
    return merged


def _form(path: Path) -> FormSpec:
    raw = _merge_base(_read_toml(path), path.parent)
    name = path.name
    try:
        form = FormSpec(
            id=raw["id"], title=Text.of(raw["title"]), body=Text.of(raw["body"]),
            regions=tuple(raw["regions"]), source=raw["source"], source_date=raw["source_date"],
            reviewed_on=raw.get("reviewed_on", ""),
            sections=tuple(_section(s, name) for s in raw.get("sections", [])),
            attachments=tuple(Attachment(Text.of(a["label"]), a.get("where", ""), a.get("when", ""))
                              for a in raw.get("attachments", [])),
            submit=Text.of(raw["submit"]), submit_to=raw.get("submit_to", ""),
            declaration=Text.of(raw.get("declaration", "")), signatures=tuple(raw.get("signatures", ["applicant"])),
            print_sensitive=bool(raw.get("print_sensitive", False)),
            exclude_postcodes=tuple((int(a), int(b)) for a, b in raw.get("exclude_postcodes", [])),
            exclude_reason=raw.get("exclude_reason", ""), intro=Text.of(raw.get("intro", "")),
            signature_captions=tuple((k, Text.of(v)) for k, v in raw.get("signature_captions", {}).items()),
            legal_rules=tuple(raw.get("legal_rules", ())), addressed_to=tuple(raw.get("addressed_to", ())),
            exclusive=str(raw.get("exclusive", "")), kit=str(raw.get("kit", "")),
            request_words=tuple(raw.get("request_words", ())),
            statutory_delays=tuple(raw.get("statutory_delays", ())))
    except (KeyError, ValueError, TypeError) as exc:
        raise CorruptFile(f"The form data file {name} is malformed ({exc}).") from exc
    if form.id != path.stem:
        raise CorruptFile(f"The form data file {name} must hold the form with the same id.")
    return form


@lru_cache(maxsize=1)
def _all_forms() -> tuple[FormSpec, ...]:
    folder = forms_resource_dir()
    return tuple(_form(p) for p in sorted(folder.glob("*.toml")) if not p.name.startswith("_"))


def catalogue(region: str | None = None) -> list[FormSpec]:
    """Every form, or those that apply in ``region`` (wallonia, brussels, flanders)."""
    if region is not None and region not in REGIONS:
        raise BadInput("Unknown region: use wallonia, brussels or flanders.")
    return [f for f in _all_forms() if region is None or region in f.regions]


def exclusive_groups() -> dict[str, list[str]]:
    """Group name -> the ids of the forms that are alternatives to one another."""
    groups: dict[str, list[str]] = {}
    for form in _all_forms():
        if form.exclusive:
            groups.setdefault(form.exclusive, []).append(form.id)
    return groups


def without_alternatives(form_ids: list[str]) -> list[str]:
    """``form_ids`` keeping only the first of mutually exclusive forms (order kept)."""
    seen: set[str] = set()
    out = []
    for form_id in form_ids:
        group = get_form(form_id).exclusive
        if group and group in seen:
            continue
        if group:
            seen.add(group)
        out.append(form_id)
    return out


def get_form(form_id: str) -> FormSpec:
    for form in _all_forms():
        if form.id == form_id:
            return form
    raise NotFound("There is no form with this id: see 'forms list'.")


@dataclass
class SpecProblem:
    form_id: str
    message: str = field(default="")


def lint_catalogue() -> list[SpecProblem]:
    """Problems in the data files (unknown sources, hints, signers, duplicate ids): the test runs it."""
    problems: list[SpecProblem] = []
    hints, labels = _shared()[1], _shared()[2]
    for form in _all_forms():
        def bad(msg: str, form_id: str = form.id) -> None:
            problems.append(SpecProblem(form_id, msg))

        ids = [f.id for f in form.fields()]
        for dup in {i for i in ids if ids.count(i) > 1}:
            bad(f"duplicate field id {dup}")
        for region in form.regions:
            if region not in REGIONS:
                bad(f"unknown region {region}")
        for signer in form.signatures:
            if signer not in SIGNERS:
                bad(f"unknown signer {signer}")
        if form.submit_to and not is_known_source(form.submit_to):
            bad(f"unknown submit_to source {form.submit_to}")
        if not form.attachments:
            bad("no pièces à joindre")
        known_rules = {r.id for r in legal_rules.all_rules()}
        for rule_id in (*form.legal_rules, *form.statutory_delays):
            if rule_id not in known_rules:
                bad(f"unknown legal rule {rule_id}")
        for section in form.sections:
            if section.when and section.when not in CONDITIONS:
                bad(f"unknown condition {section.when}")
            if section.help and section.help not in labels:
                bad(f"unknown helper label {section.help}")
        for f in form.fields():
            if f.source and not is_known_source(f.source):
                bad(f"field {f.id}: unknown source {f.source}")
            if f.where and f.where not in hints:
                bad(f"field {f.id}: unknown hint {f.where}")
            if f.required and not f.where:
                bad(f"field {f.id}: required but no hint says where to find it")
            if f.help and f.help not in labels:
                bad(f"field {f.id}: unknown helper label {f.help}")
            if f.when and f.when not in CONDITIONS:
                bad(f"field {f.id}: unknown condition {f.when}")
            if f.kind == "choice" and not f.choices:
                bad(f"field {f.id}: choice without choices")
            if "brussels" in form.regions and not f.label.nl:
                bad(f"field {f.id}: Brussels form without a Dutch label")
        for a in form.attachments:
            if a.where and a.where not in hints:
                bad(f"attachment: unknown hint {a.where}")
            if a.when and a.when not in CONDITIONS:
                bad(f"attachment: unknown condition {a.when}")
    return problems
