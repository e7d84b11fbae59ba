"""A legal figure written outside resources/rules is a bug: the law changes and the app must say how
old its rules are. These tests fail when code in the legal-facing modules computes with a delay
literal, or when a resource text states a delay, age or amount that none of its rules gives."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from volunteer_desk import rules
from volunteer_desk.core.paths import resource
from volunteer_desk.forms.spec import catalogue
from volunteer_desk.translation.glossary import Glossary

PKG = Path(__file__).resolve().parents[2] / "volunteer_desk"
LEGAL_CODE = [PKG / "family" / "trajectory.py", PKG / "sheet" / "content.py", PKG / "translation" / "glossary.py",
              *sorted((PKG / "letters" / "facts").glob("*.py")), *sorted((PKG / "forms").glob("*.py")),
              *sorted((PKG / "packet").glob("*.py")), *sorted((PKG / "rules").glob("*.py"))]
DATE_STEPPERS = {"add_months", "add_working_days", "working_days_before", "timedelta"}
# Literals that are not law, each with the reason (file name, value).
NOT_LAW = {
    ("deadlines.py", 800): "sanity window: a date more than ~2 years after the letter is not a deadline",
    ("deadlines.py", 7): "'N weeks' in a letter is 7 days per week",
    ("tasks.py", 7): "reminder one week before a due date (the volunteer's choice, not law)",
    ("trajectory.py", 14): "reminder two weeks before a step's due date (not law)",
    ("store.py", 6): "project policy: rules older than 6 months are shown as stale (STALE_AFTER_MONTHS)",
    ("model.py", 7): "ISO 8601: a week is 7 days",
    ("model.py", 12): "12 months a year",
    ("legal.py", 30): "'one month' and '30 days' compared as the same delay in a letter",
    ("deadlines.py", 12): "'N years' in a letter is 12 months per year",
    ("dates.py", 60): "a date without a year more than 60 days before the letter is read as next year (parsing)",
    ("workdays.py", 7): "the Easter algorithm (weeks of the calendar)",
}
NOT_LAW_TEXT = {("cli.py", "within 14 days"): "an example of a letter's wording in the --unspecified-start help"}
ISO_DURATION = re.compile(r"^P\d+[YMWD]")
LEGAL_PHRASE = re.compile(r"\b\d+\s*(?:mois|months?|maanden|jours|days|dagen|ans|years|jaar|werkdagen|working days)\b")


def _int(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in DATE_STEPPERS:
                positional = node.args if name == "timedelta" else node.args[1:]
                for arg in [*positional, *(k.value for k in node.keywords)]:
                    value = _int(arg)
                    if value is not None and value > 1 and (path.name, value) not in NOT_LAW:
                        out.append(f"{path.name}:{node.lineno} {name}(… {value} …)")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            if any(isinstance(side, ast.Name) and side.id == "mm" for side in (node.left, node.right)):
                continue  # page layout in millimetres
            for side in (node.left, node.right):
                value = _int(side)
                if value in (7, 12, 30, 365) and (path.name, value) not in NOT_LAW:
                    out.append(f"{path.name}:{node.lineno} arithmetic with {value}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if any(name == path.name and part in node.value for name, part in NOT_LAW_TEXT):
                continue
            if ISO_DURATION.match(node.value) or LEGAL_PHRASE.search(node.value):
                out.append(f"{path.name}:{node.lineno} {node.value[:60]!r}")
    return out


def test_legal_code_computes_no_delay_of_its_own():
    offences = [o for path in LEGAL_CODE for o in _offences(path)]
    assert offences == [], "legal figures in code (put them in resources/rules):\n" + "\n".join(offences)


def test_the_scan_catches_a_hard_coded_delay(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from datetime import timedelta\ndue = start + timedelta(days=30)\n"
                   "x = add_months(start, 3)\nwords = 'within 6 months'\n", encoding="utf-8")
    assert len(_offences(bad)) == 3


# -- resource texts: every figure must be a value of the rules the text names ------------------------
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_UNIT = (r"mois|months?|maanden|maand|jours?|days?|dagen|ans?|years?|jaar|jaren|semaines?|weeks?|weken|werkdagen|"
         r"%|€|EUR|euros?|أشهر|شهرين|شهر|سنوات|سنة|سنتين|يوم|أيام|ماه|سال|روز|місяц\w*|рок\w*|рік|дн\w*|месяц\w*|"
         r"год\w*|лет|ay\w*|yıl\w*|gün\w*")
FIGURE = re.compile(rf"(?<![\d/.,])(\d+(?:[.,]\d+)?)\s*(?:-\s*\d+\s*)?(?:{_UNIT})(?!\w)", re.IGNORECASE)


def _values(value: object) -> set[float]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, (int, float)):
        return {float(value), float(value) / 12}   # card periods are months; texts say years
    if isinstance(value, str):
        m = re.match(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$", value)
        if m:
            y, mo, w, d = (int(x or 0) for x in m.groups())
            return {float(x) for x in (y, mo, w, d, 12 * y + mo, (12 * y + mo) / 12) if x}
        return set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_values(v) for v in value)) if value else set()
    return set()


def _allowed(rule_ids: list[str]) -> set[float]:
    found = [r for r in rules.all_rules() if r.id in rule_ids]
    assert {r.id for r in found} == set(rule_ids), f"unknown rules in {rule_ids}"
    return set().union(*(_values(r.value) | _values(list(r.extra.values())) for r in found), set())


def _unsourced(text: str, allowed: set[float]) -> list[str]:
    text = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", "", text.translate(_DIGITS))   # dates of laws are not figures
    return [m.group(0) for m in FIGURE.finditer(text) if float(m.group(1).replace(",", ".")) not in allowed]


def test_glossary_figures_come_from_its_rules():
    glossary = Glossary.load()
    bad = []
    for term in glossary.terms.values():
        allowed = _allowed(list(term.rules))
        for lang, text in term.explanations.items():
            bad += [f"{term.id}/{lang}: {f}" for f in _unsourced(text, allowed)]
    assert bad == [], "glossary figures without a rule (add `rules = [...]` or remove the figure):\n" + "\n".join(bad)


def test_trajectory_steps_state_no_figure_of_their_own():
    data = tomllib.loads(resource("trajectory", "steps.toml").read_text(encoding="utf-8"))
    bad = []
    for step in data["step"]:
        ids = [i for i in (step.get("delay_rule"), step.get("window_rule"), *step.get("legal_rules", [])) if i]
        allowed = _allowed(ids)
        for key in ("title", "title_fr", "what"):
            bad += [f"{step['id']}.{key}: {f}" for f in _unsourced(step.get(key, ""), allowed)]
        assert not any(k in step for k in ("offset_months", "offset_days", "working_days")), step["id"]
    assert bad == [], "\n".join(bad)


# How recent a document must be ("extraits des 3 derniers mois") is the office's practice, not a legal delay.
RECENCY = re.compile(r"derniers|dernières|de moins de|laatste|minder dan", re.IGNORECASE)


def test_form_texts_state_no_figure_without_a_rule():
    bad = []
    for form in catalogue():
        allowed = _allowed(list(form.legal_rules))
        texts = [form.intro.fr, form.intro.nl, form.submit.fr, form.submit.nl, form.declaration.fr,
                 *(t for sec in form.sections for t in (sec.title.fr, sec.title.nl)),
                 *(t for f in form.fields() for t in (f.label.fr, f.label.nl)),
                 *(t for a in form.attachments for t in (a.label.fr, a.label.nl))]
        for text in texts:
            if text and not RECENCY.search(text):
                bad += [f"{form.id}: {f}" for f in _unsourced(text, allowed)]
    assert bad == [], "\n".join(bad)


def test_rules_explanations_agree_with_their_values():
    """A rule's plain words say its own figure (an explanation left behind after a value change fails)."""
    bad = []
    for r in rules.all_rules():
        allowed = _values(r.value) | _values(list(r.extra.values())) | {1.0}
        for lang, text in r.explain.items():
            found = _unsourced(text, allowed | _crossref(r))
            bad += [f"{r.id}/{lang}: {f}" for f in found]
    assert bad == [], "\n".join(bad)


def _crossref(r: rules.Rule) -> set[float]:
    """Figures an explanation may quote from a closely related rule (named here, so it stays deliberate)."""
    related = {
        "appeal.cpas.no_decision.social_aid": ["appeal.cpas.social_aid"],
        "cpas.decision_delay": ["cpas.notification_delay"],
        "piis.conclusion_delay": [],
        "appeal.immigration_cce": [],
        "reunification.refugee.exemption_window": [],
        "school.compulsory_from_age": [],
        "ris.monthly.cohabitant": [], "ris.monthly.single": [], "ris.monthly.family": [],
    }.get(r.id, [])
    return _allowed(related) if related else set()
