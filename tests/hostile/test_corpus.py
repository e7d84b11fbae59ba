"""The cases of issue 15 kept as files (tests/hostile/corpus/), each run through the real CLI.

Family JSON through ``family new --from-json``, model-pack manifests through ``modelpack install
--allow-unsigned`` (so the manifest itself is what gets judged), directory CSV through ``directory
import``; plus the special files (``/dev/zero``, a FIFO, a folder) for each. Every case: exit 2, one
line, no traceback, < 10 s, nothing written. Then a family whose stored data is bad (written before
the checks existed, or by a hostile copy) still lists and shows.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.hostile.helpers import CORPUS, PASSPHRASE, Sandbox, assert_one_clean_line

FAMILY_CASES = sorted((CORPUS / "family").glob("*.json"))
MANIFEST_CASES = sorted((CORPUS / "manifest").glob("*.json"))
CSV_CASES = sorted((CORPUS / "csv").glob("*.csv"))
SPECIAL = ["dev-zero", "fifo", "folder", "missing", "too-large"]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Sandbox:
    box = Sandbox(tmp_path_factory.mktemp("hostile")).make()
    proc = box.run("vault", "init", "--vault", str(box.root / "vault"), "--volunteer", "anna",
                   "--passphrase-stdin", stdin=PASSPHRASE + "\n", timeout=60)
    assert proc.returncode == 0, proc.stderr
    return box


def _special(box: Sandbox, kind: str, suffix: str):
    if kind == "dev-zero":
        return "/dev/zero"
    path = box.root / "tmp" / f"special-{kind}{suffix}"
    if kind == "fifo":
        if not path.exists():
            os.mkfifo(path)
    elif kind == "folder":
        path.mkdir(exist_ok=True)
    elif kind == "too-large":
        path.write_bytes(b" " * (6 * 1024 * 1024))  # over every cap (family 5 MB, CSV 5 MB, manifest 1 MB)
    return str(path)


def _judge(box: Sandbox, *args: str, stdin: str = "") -> str:
    before = box.files()
    proc = box.run(*args, stdin=stdin)
    line = assert_one_clean_line(proc)
    assert box.files() == before, "a refused input must not write anything"
    return line


@pytest.mark.parametrize("case", FAMILY_CASES, ids=lambda p: p.stem)
def test_family_json_case(sandbox, case):
    line = _judge(sandbox, "family", "new", "--from-json", str(case), "--vault", str(sandbox.root / "vault"),
                  "--volunteer", "anna", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert "family JSON" in line or ": " in line[len("volunteer-desk: "):]


@pytest.mark.parametrize("kind", SPECIAL)
def test_family_json_special_files(sandbox, kind):
    target = _special(sandbox, kind, ".json") if kind != "missing" else str(sandbox.root / "nope.json")
    _judge(sandbox, "family", "new", "--from-json", target, "--vault", str(sandbox.root / "vault"),
           "--volunteer", "anna", "--passphrase-stdin", stdin=PASSPHRASE + "\n")


@pytest.mark.parametrize("case", MANIFEST_CASES, ids=lambda p: p.stem)
def test_manifest_case(sandbox, case, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copyfile(case, pack / "manifest.json")
    line = _judge(sandbox, "modelpack", "install", str(pack), "--allow-unsigned")
    assert "nothing was installed" in line
    assert not (sandbox.root / "data" / "models").exists() or not any((sandbox.root / "data" / "models").iterdir())


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "too-large"])
def test_manifest_special_files(sandbox, kind, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    source = _special(sandbox, kind, ".json")
    if kind == "fifo":
        os.mkfifo(pack / "manifest.json")
    elif kind == "folder":
        (pack / "manifest.json").mkdir()
    else:
        os.symlink(source, pack / "manifest.json")
    _judge(sandbox, "modelpack", "install", str(pack), "--allow-unsigned")


@pytest.mark.parametrize("case", CSV_CASES, ids=lambda p: p.stem)
def test_directory_csv_case(sandbox, case):
    _judge(sandbox, "directory", "import", str(case), "--vault", str(sandbox.root / "vault"))


@pytest.mark.parametrize("kind", SPECIAL)
def test_directory_csv_special_files(sandbox, kind):
    target = _special(sandbox, kind, ".csv") if kind != "missing" else str(sandbox.root / "nope.csv")
    _judge(sandbox, "directory", "import", target, "--vault", str(sandbox.root / "vault"))


def test_a_family_with_bad_stored_data_still_lists_and_shows(sandbox):
    """One family with wrong types stored (a number as due date, a string as address, an escape
    sequence and a newline in its name) must not break the list for the whole vault."""
    vault = str(sandbox.root / "vault")
    common = ["--vault", vault, "--volunteer", "anna", "--passphrase-stdin"]
    good = sandbox.run("family", "new", "--name", "Famille Bonne", *common, stdin=PASSPHRASE + "\n", timeout=60)
    assert good.returncode == 0, good.stderr
    bad = sandbox.run("family", "new", "--name", "Famille Piège", *common, stdin=PASSPHRASE + "\n", timeout=60)
    fid = bad.stdout.decode().strip()
    code = f"""
import sys
from volunteer_desk.vault import Vault
s = Vault({vault!r}).unlock("anna", {PASSPHRASE!r})
with s.open_family({fid!r}) as ff:
    ff.put("household", {{"display_name": "Evil\\x1b[2J\\n{'0' * 32}  Fake family", "address": "x",
                         "housing": [1], "incomes": "none"}}, "household")
    ff.put("tasks", {{"title": "t", "due": 20270101, "reminders": 5, "done": "no"}})
    ff.put("tasks", {{"title": ["x"], "due": "2027-02-30x"}})
    ff.put("members", {{"first_name": 5, "birth_date": ["x"], "relation": "child\\u202e", "languages_spoken": "ar"}})
    ff.put("notes", {{"text": {{"a": 1}}, "health": "yes"}})
    s.refresh_index(ff)
"""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", code], env=sandbox.env, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]

    listed = sandbox.run("family", "list", *common, stdin=PASSPHRASE + "\n", timeout=30)
    out = listed.stdout.decode()
    assert listed.returncode == 0 and "Traceback" not in listed.stderr.decode(), listed.stderr
    assert "Famille Bonne" in out and "\x1b" not in out
    assert len(out.strip().splitlines()) == 2, out  # the newline did not fake a third family
    shown = sandbox.run("family", "show", fid, "--json", *common, stdin=PASSPHRASE + "\n", timeout=30)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert {"tasks[0].due", "tasks[0].reminders", "tasks[0].done", "tasks[1].title", "tasks[1].due",
            "members[0].first_name", "members[0].birth_date", "household.address"} <= set(data["unreadable"])
    text = sandbox.run("family", "show", fid, *common, stdin=PASSPHRASE + "\n", timeout=30)
    assert text.returncode == 0 and "Traceback" not in text.stderr.decode(), text.stderr
    assert "\x1b" not in text.stdout.decode() and "\u202e" not in text.stdout.decode()


@pytest.mark.parametrize("content", ['{"format": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                     '{"format": 1, "entries": [{"id": 5, "name": ["x"]}]}',
                                     '{"format": 1, "entries": "none"}', "\x00\x01"])
def test_a_hostile_directory_file_in_the_vault_folder(sandbox, tmp_path, content):
    """directory.json travels with the (shared, synced) vault folder: read as outside data."""
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "directory.json").write_text(content, encoding="utf-8")
    line = _judge(sandbox, "directory", "list", "--vault", str(folder))
    assert "damaged" in line
