"""mypy over the Qt-free packages (the list and settings are ``[tool.mypy]`` in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = {"core", "vault", "family", "letters", "translation", "forms", "packet", "sheet", "rules", "modelpack",
           "render"}


def test_mypy_config_checks_the_qt_free_packages_and_not_the_ui():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    checked = {Path(f).name for f in config["files"]}
    assert checked >= QT_FREE
    assert not [f for f in config["files"] if Path(f).parts[1:2] == ("ui",)]  # ui/, its main.py included


def test_the_qt_free_packages_type_check():
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, "mypy found type errors:\n" + run.stdout + run.stderr
