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
