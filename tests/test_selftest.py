"""``volunteer-desk --self-test``: passes on this machine, fails (exit 1) when the core is broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from volunteer_desk.selftest import SCRIPT_SAMPLES, main_selftest, run_selftest

ROOT = Path(__file__).resolve().parents[1]

HIDE_SQLCIPHER = '''
import sys
class _Hide:
    """Behave as if the sqlcipher3 package were not installed (a broken installer)."""
    def find_spec(self, name, path=None, target=None):
        if name == "sqlcipher3" or name.startswith("sqlcipher3."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Hide())
'''


def _run_cli(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(env_extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env_extra.get("PYTHONPATH"), str(ROOT)]))
    return subprocess.run([sys.executable, "-m", "volunteer_desk", *args], capture_output=True, text=True,
                          timeout=60, env=env, cwd=tmp_path)


def test_selftest_passes_here_with_every_part_found(capsys):
    report = run_selftest()
    by_name = {c.name: c for c in report.checks}
    assert report.core_ok
    assert by_name["SQLCipher"].status == "ok" and "HMAC_SHA512" in by_name["SQLCipher"].detail
    assert by_name["Encrypted round trip"].status == "ok"
    for lang in ("fra", "nld", "deu", "eng", "osd"):
        assert by_name[f"OCR language {lang}"].status == "ok"
    for script in SCRIPT_SAMPLES:
        assert by_name[f"{script} script"].status == "ok", by_name[f"{script} script"]
    # no model pack installed in this isolated data folder: a warning that says what to do, not a failure
    assert by_name["Default pairs"].status == "warning" and "modelpack install" in by_name["Default pairs"].fix

    assert main_selftest(json_output=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["core_ok"] is True and data["warnings"] >= 1


def test_round_trip_leaves_nothing_in_the_temp_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert run_selftest().core_ok
    assert list(tmp_path.iterdir()) == []


def test_without_sqlcipher_exit_code_is_non_zero_and_says_what_to_install(tmp_path):
    (tmp_path / "hide").mkdir()
    (tmp_path / "hide" / "sitecustomize.py").write_text(HIDE_SQLCIPHER)
    proc = _run_cli(["--self-test", "--json"], {"PYTHONPATH": str(tmp_path / "hide")}, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    sqlc = next(c for c in data["checks"] if c["name"] == "SQLCipher")
    assert data["core_ok"] is False and sqlc["status"] == "fail" and "sqlcipher3" in sqlc["fix"]
    text = _run_cli(["--self-test"], {"PYTHONPATH": str(tmp_path / "hide")}, tmp_path)
    assert text.returncode == 1 and "[FAIL] SQLCipher" in text.stdout and "cannot safely store" in text.stdout


def test_unwritable_data_folder_fails_the_core(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    proc = _run_cli(["--self-test", "--json"], {"VOLUNTEER_DESK_DATA": str(blocker / "data")}, tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    folder = next(c for c in data["checks"] if c["name"] == "data folder")
    assert folder["status"] == "fail" and "not writable" in folder["detail"]


def test_missing_tesseract_is_a_warning_not_a_failure(tmp_path):
    proc = _run_cli(["--self-test", "--json"], {"VOLUNTEER_DESK_TESSERACT": str(tmp_path / "nope")}, tmp_path)
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    tess = next(c for c in data["checks"] if c["name"] == "Tesseract")
    assert tess["status"] == "warning" and "apt install tesseract-ocr" in tess["fix"]
