"""The command line imports only what the verb in use needs (issue 21: start-up time)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

HEAVY = ("PySide6", "reportlab", "ctranslate2", "argostranslate", "sqlcipher3")
PROBE = (
    "import sys, contextlib, io\n"
    "from volunteer_desk.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    try:\n"
    "        code = main(sys.argv[1:])\n"
    "    except SystemExit as exc:\n"
    "        code = exc.code\n"
    f"print(code, ','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)) or '-', 'cv2' in sys.modules)\n"
)


def _run(*args: str) -> list[str]:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=120)
    return out.stdout.split()


def _loaded(*args: str, watch: tuple[str, ...]) -> list[str]:
    """Which of ``watch`` the command line has imported once it has parsed ``args`` (help printed)."""
    probe = PROBE.split("print(")[0] + f"print(','.join(m for m in {watch!r} if m in sys.modules) or '-')\n"
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, timeout=120)
    return out.stdout.split()


def test_version_imports_no_capability() -> None:
    assert _run("--version") == ["0", "-", "False"]


@pytest.mark.skipif(not Path("/usr/share/tesseract-ocr").exists(), reason="needs tesseract")
def test_ocr_verb_does_not_import_qt_reportlab_or_translation(tmp_path) -> None:
    img = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(img).text((10, 40), "Bonjour Madame", fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page = tmp_path / "page.png"
    page.write_bytes(buf.getvalue())
    assert _run("ocr", str(page), "--lang", "fra") == ["0", "-", "True"]


def test_every_verb_is_found_by_its_own_module() -> None:
    """VERB_MODULES names each verb's module (and so every module): a verb left out would build the
    parser from every capability, importing reportlab and the vault for a one-module verb."""
    import argparse

    from volunteer_desk.cli import VERB_MODULES, build_parser

    (verbs,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(verbs.choices) == set(VERB_MODULES)


@pytest.mark.parametrize("verb", ["family", "trajectory"])
def test_help_of_verbs_reading_the_family_file_loads_no_babel(verb: str) -> None:
    """The family model writes its dates without babel (core.formatting loads it on first use): a verb's
    --help does not pay babel's imports."""
    assert _loaded(verb, "--help", watch=("babel",)) == ["-"]


@pytest.mark.parametrize("verb", ["sheet", "demo"])
def test_help_of_verbs_printing_sheets_loads_no_pdf_stack(verb: str) -> None:
    """The sheet and demo verbs import the PDF and picture libraries when they print, not to show --help."""
    assert _loaded(verb, "--help", watch=("reportlab", "PIL", "sqlcipher3")) == ["-"]
