"""What machine translation can do for each family language: translate, via English, or interpreter.

Data: ``resources/translation/languages.toml`` (upstream model availability, OCR code, warnings
for weak models, notes). Pashto, Tigrinya, Somali and Kurdish have no argos model: the answer is
"ask an interpreter", said plainly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from volunteer_desk.core import paths
from volunteer_desk.core.errors import MissingDependency
from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import name_in

PIVOT = "en"


class Status(StrEnum):
    SAME = "same"                    # the letter is already in this language
    MACHINE = "machine"              # a direct model is installed
    VIA_ENGLISH = "via_english"      # two installed models chained through English
    MODEL_MISSING = "model_missing"  # models exist upstream but are not installed here
    OCR_ONLY = "ocr_only"            # letters can be read (OCR), not translated: interpreter
    INTERPRETER = "interpreter"      # nothing automatic: interpreter


class InterpreterNeeded(MissingDependency):
    """No machine translation exists for this language: a person must explain the letter."""


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    argos: bool
    model_code: str
    ocr: str
    weak: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Coverage:
    language: str
    status: Status
    message: str
    interpreter_needed: bool
    ocr: str
    warning: str

    @property
    def machine_translation(self) -> bool:
        return self.status in (Status.SAME, Status.MACHINE, Status.VIA_ENGLISH)


@lru_cache(maxsize=1)
def languages() -> dict[str, LanguageInfo]:
    data = tomllib.loads(paths.resource("translation", "languages.toml").read_text(encoding="utf-8"))
    out = {}
    for code, raw in data.get("languages", {}).items():
        out[code] = LanguageInfo(
            code=code, argos=bool(raw.get("argos", False)), model_code=raw.get("model", code), ocr=raw.get("ocr", ""),
            weak=dict(raw.get("weak", {})), note=dict(raw.get("note", {})),
        )
    return out


def language(code: str) -> LanguageInfo | None:
    return languages().get(code)


def model_code(code: str) -> str:
    """The argos code used for a family language (Dari 'prs' uses Persian 'fa')."""
    info = language(code)
    return info.model_code if info else code


def display_name(code: str, ui: str | None = None) -> str:
    """The language's name in the UI language ('arabe' in French; core.languages), else its code."""
    return name_in(code, ui or ui_language()) or code


def _pick(texts: dict[str, str], ui: str | None = None) -> str:
    ui = ui or ui_language()
    return texts.get(ui) or texts.get("en") or next(iter(texts.values()), "")


def weak_warning(code: str, ui: str | None = None) -> str:
    info = language(code)
    return _pick(info.weak, ui) if info and info.weak else ""


def route_pairs(source: str, target: str, installed: set[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """Model legs from source to target: [] same, one direct leg, two via English, or None."""
    src, dst = model_code(source), model_code(target)
    if src == dst:
        return []
    if (src, dst) in installed:
        return [(src, dst)]
    if (src, PIVOT) in installed and (PIVOT, dst) in installed:
        return [(src, PIVOT), (PIVOT, dst)]
    return None


def coverage(target: str, source: str = "fr", installed: set[tuple[str, str]] | None = None,
             ui: str | None = None) -> Coverage:
    """How a letter in ``source`` can reach a family reading ``target``."""
    info = language(target)
    name = display_name(target, ui)
    ocr = info.ocr if info else ""
    warning = weak_warning(target, ui)
    note = _pick(info.note, ui) if info and info.note else ""
    legs = route_pairs(source, target, installed or set())
    if legs == []:
        return Coverage(target, Status.SAME, _("No translation needed."), False, ocr, "")
    if legs is not None:
        status = Status.MACHINE if len(legs) == 1 else Status.VIA_ENGLISH
        msg = _("Machine translation available.") if len(legs) == 1 else _("Machine translation available (via English).")
        return Coverage(target, status, " ".join(x for x in (msg, note) if x), False, ocr, warning)
    if info is not None and info.argos and ((src := language(source)) is None or src.argos):
        msg = _("A machine translation model exists for {language} but is not installed: install the model pack.")
        return Coverage(target, Status.MODEL_MISSING, msg.format(language=name), False, ocr, warning)
    if ocr:
        msg = note or _("Letters in {language} can be read, but there is no machine translation: ask an interpreter.").format(language=name)
        return Coverage(target, Status.OCR_ONLY, msg, True, ocr, "")
    msg = note or _("There is no machine translation for {language}: ask an interpreter.").format(language=name)
    return Coverage(target, Status.INTERPRETER, msg, True, "", "")


def coverage_table(targets: list[str], source: str = "fr", installed: set[tuple[str, str]] | None = None,
                   ui: str | None = None) -> list[Coverage]:
    return [coverage(t, source, installed, ui) for t in targets]
