"""The layers point one way and the core never imports Qt: the import-linter contracts of
pyproject.toml ([tool.importlinter]) hold. On failure the message is lint-imports' own report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is a dev dependency (pip install -e .[dev]): lint-imports not found")
    out = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stdout[out.stdout.find("Broken contracts"):] or out.stdout + out.stderr


# Files rewritten on other branches this round (render/, the handover split, OCR start-up): their lazy
# imports get their reasons when those branches land; shrink this set then.
NOT_YET_REASONED: set[str] = set()


def test_every_import_inside_a_function_says_why() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from function_imports import ROOT as PACKAGE
        from function_imports import function_imports
    finally:
        sys.path.remove(str(ROOT / "tools"))
    silent = [f"{path.relative_to(PACKAGE)}:{lineno}: {text}"
              for path in sorted(PACKAGE.rglob("*.py"))
              if path.relative_to(PACKAGE).as_posix() not in NOT_YET_REASONED
              for lineno, text, reasoned in function_imports(path) if not reasoned]
    assert not silent, "imports inside functions need a '# lazy: <why>' comment (or move to the top):\n" + "\n".join(silent)
