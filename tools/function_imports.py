"""List the imports written inside function bodies (lazy imports) of volunteer_desk.

Usage: ``python tools/function_imports.py [--count]``. Each kept lazy import carries a
``# lazy: <why>`` comment on its line or above its block of imports; lines without one are flagged ``!``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "volunteer_desk"


def _reasoned(lines: list[str], index: int) -> bool:
    """A ``# lazy:`` comment on the import's line or above its block of imports (one comment per block)."""
    if "# lazy:" in lines[index]:
        return True
    i = index - 1
    while i >= 0 and lines[i].strip().startswith(("import ", "from ", ")")) or (i >= 0 and lines[i].startswith(" " * 8) and lines[i].strip().endswith((",", "("))):
        i -= 1
    return i >= 0 and lines[i].strip().startswith("# lazy:")


def function_imports(path: Path) -> list[tuple[int, str, bool]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[int, str, bool]] = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import | ast.ImportFrom):
                line = lines[node.lineno - 1]
                found.append((node.lineno, line.strip(), _reasoned(lines, node.lineno - 1)))
    return sorted(set(found))


def main(argv: list[str]) -> int:
    total = 0
    for path in sorted(ROOT.rglob("*.py")):
        for lineno, text, reasoned in function_imports(path):
            total += 1
            if "--count" not in argv:
                mark = " " if reasoned else "!"
                print(f"{mark} {path.relative_to(ROOT.parent)}:{lineno}: {text}")
    print(f"{total} function-level imports")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
