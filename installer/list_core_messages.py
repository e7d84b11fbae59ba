"""List the messages the Qt-free core raises in UserErrors, for the UI's translation table.

    .venv/bin/python installer/list_core_messages.py > /tmp/messages.txt

The core stays free of the UI language (the CLI prints English, logs stay readable); the UI
translates a raised message at the edge (``volunteer_desk/ui/error_messages.py``), matching
formatted ones back to their template. ``tests/ui/test_error_messages.py`` runs ``core_messages()``
and fails when a message is raised that the table does not hold.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "volunteer_desk"
ERRORS = {"UserError", "BadInput", "NotFound", "WrongPassphrase", "AccessDenied", "CorruptFile", "OpenedElsewhere",
          "UnmergedChanges", "MissingDependency", "EncryptionUnavailable", "DiskFull", "Cancelled"}
NOT_USER_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "OSError", "AssertionError"}
# Only the command line shows these (option names, verbs); the app never raises them.
CLI_ONLY_DIR = "cli"  # volunteer_desk/cli/: the verbs and their plumbing


def _placeholder(expr: ast.expr) -> str:
    return re.sub(r"\W+", "_", ast.unparse(expr)).strip("_") or "value"


def _template(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += str(part.value).replace("{", "{{").replace("}", "}}")
            else:
                out += "{" + _placeholder(part.value) + "}"  # type: ignore[attr-defined]
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _template(node.func.value)
    return None


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """UserError and every class of the package derived from it (NoConsent, ManifestError…)."""
    bases: dict[str, set[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
                         for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    known = set(ERRORS)
    grown = True
    while grown:
        more = {name for name, parents in bases.items() if parents & known} - known
        known |= more
        grown = bool(more)
    return known


def core_messages() -> list[str]:
    """Every sentence given to a UserError (or a project error class) outside ui/ and the CLI files."""
    found: dict[str, None] = {}
    paths = sorted(PACKAGE.rglob("*.py"))
    errors = _error_classes([ast.parse(p.read_text(encoding="utf-8")) for p in paths])
    for path in paths:
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("ui/", f"{CLI_ONLY_DIR}/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if not (name in errors or (name.endswith("Error") and name not in NOT_USER_ERRORS)):
                continue
            args = list(node.args[:2]) + [kw.value for kw in node.keywords if kw.arg in ("hint", "message")]
            for arg in args:
                text = _template(arg)
                # Sentences only: lower-case fragments are technical details inside a sentence.
                if text and " " in text and (text[:1].isupper() or text.startswith("{")):
                    found.setdefault(text, None)
    return list(found)


if __name__ == "__main__":
    for message in core_messages():
        print(message)
