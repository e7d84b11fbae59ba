"""Locks that mean it, a check that names every family it could not check, imports all or nothing."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASS
from volunteer_desk.core.errors import OpenedElsewhere
from volunteer_desk.vault import Vault
from volunteer_desk.vault.check import check_vault
from volunteer_desk.vault.locking import FileLock

CLI = [sys.executable, "-m", "volunteer_desk"]


def run(args, vault: Path, stdin: str = ADMIN_PASS + "\n"):
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.run([*CLI, *args, "--vault", str(vault), "--volunteer", ADMIN, "--passphrase-stdin"],
                          input=stdin, capture_output=True, text=True, env=env, timeout=120)


# -- locks -------------------------------------------------------------------------------------
def test_two_processes_never_hold_the_same_lock(tmp_path):
    """Many processes race for one lock: exactly one wins each round (no empty file taken as stale)."""
    lock = tmp_path / "f.lock"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from volunteer_desk.vault.locking import FileLock\n"
        "from volunteer_desk.core.errors import OpenedElsewhere\n"
        "l = FileLock(Path(sys.argv[1]))\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "try:\n    l.acquire(); print('won', flush=True); time.sleep(6)\n"
        "except OpenedElsewhere: print('lost', flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    for _ in range(2):
        go = time.time() + 3
        procs = [subprocess.Popen([sys.executable, "-c", script, str(lock), str(go)], stdout=subprocess.PIPE,
                                  text=True, env=env) for _ in range(5)]
        outs = [p.communicate(timeout=60)[0].strip() for p in procs]
        assert outs.count("won") == 1, outs
        lock.unlink(missing_ok=True)


def test_lock_of_a_dead_local_process_is_taken_over(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    lock_path = tmp_path / "f.lock"
    lock_path.write_text(json.dumps({"pid": proc.pid, "host": socket.gethostname(),
                                     "boot": Path("/proc/sys/kernel/random/boot_id").read_text().strip(),
                                     "started": "", "since": datetime.now(UTC).isoformat()}))
    with pytest.raises(OpenedElsewhere, match="another window"):
        FileLock(lock_path).acquire()
    proc.kill()
    proc.wait()
    FileLock(lock_path).acquire()  # its owner is gone: stale


def test_lock_from_another_computer_is_respected_then_offered_to_break(tmp_path):
    lock_path = tmp_path / "f.lock"
    since = datetime.now(UTC) - timedelta(days=3)
    lock_path.write_text(json.dumps({"pid": 1, "host": "PC-ASSO-2", "since": since.isoformat()}))
    with pytest.raises(OpenedElsewhere) as err:
        FileLock(lock_path).acquire()
    assert "PC-ASSO-2" in str(err.value) and "3 days" in str(err.value) and err.value.breakable
    FileLock(lock_path).acquire(break_remote=True)
    recent = tmp_path / "g.lock"
    recent.write_text(json.dumps({"pid": 1, "host": "PC-ASSO-2", "since": datetime.now(UTC).isoformat()}))
    with pytest.raises(OpenedElsewhere) as err:
        FileLock(recent).acquire(break_remote=True)  # a fresh lock is never broken
    assert not err.value.breakable


# -- check --------------------------------------------------------------------------------------
def test_check_names_every_family_it_could_not_check_and_carries_on(vault_dir, demo_family_id):
    session = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    garbled, _ = session.create_family("Famille garbled")
    missing, _ = session.create_family("Famille missing")
    truncated, _ = session.create_family("Famille truncated")
    session.layout.header(garbled).write_text('{"wraps": [], "epoch": "x"}')
    session.layout.header(missing).unlink()
    path = session.layout.family(truncated)
    path.write_bytes(path.read_bytes()[:1000])
    listed = {f.id: f.name for f in session.list_families()}
    assert "key file damaged" in listed[garbled]  # it does not vanish from the list
    report = {r.id: r for r in check_vault(session)}
    assert report[demo_family_id].ok
    assert "key file damaged" in report[garbled].problems[0]
    assert "key file missing" in report[missing].problems[0]
    assert report[truncated].problems and "truncated" in report[truncated].problems[0]
    result = run(["vault", "check"], vault_dir)
    assert result.returncode == 1
    for fid in (garbled, missing, truncated):
        assert fid in result.stdout
    assert "Traceback" not in result.stderr


def test_repair_moves_leftovers_to_quarantine_and_finishes_nothing_else(vault_dir, demo_family_id):
    families = vault_dir / "families"
    leftover = families / f".{'a' * 32}.creating"
    leftover.write_bytes(b"half a family")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert run(["vault", "check"], vault_dir).returncode == 1
    result = run(["vault", "check", "--repair"], vault_dir)
    assert "quarantine" in result.stdout
    assert not leftover.exists()
    kept = list((vault_dir / "quarantine").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b"half a family"
    assert run(["vault", "check"], vault_dir).returncode == 0


def test_a_junk_journal_is_kept_in_quarantine_not_silently_dropped(vault_dir, demo_family_id):
    session = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    journal = Path(str(session.layout.family(demo_family_id)) + "-journal")
    journal.write_bytes(b"\x00" * 600)
    with session.open_family(demo_family_id) as ff:
        assert ff.get("household", "household")
    kept = list((vault_dir / "quarantine").glob("*.journal"))
    assert kept and kept[0].read_bytes() == b"\x00" * 600


# -- imports ------------------------------------------------------------------------------------
def test_failed_import_leaves_no_family_and_no_file(vault_dir, tmp_path):
    before = sorted(p.name for p in (vault_dir / "families").iterdir())
    bad = tmp_path / "family.json"
    bad.write_text(json.dumps({"household": {"display_name": "Famille X"},
                               "members": [{"first_name": "A"}, "not an object"]}))
    result = run(["family", "new", "--from-json", str(bad)], vault_dir)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert sorted(p.name for p in (vault_dir / "families").iterdir()) == before


def test_every_file_the_vault_writes_is_owner_only(vault_dir, demo_family_id, tmp_path):
    session = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    fid, _ = session.create_family("Famille P")
    with session.open_family(fid) as ff:
        ff.put("notes", {"text": "x"})
    session.new_recovery_kit(fid)
    for path in vault_dir.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_update_changes_only_the_fields_it_names_in_one_transaction(vault_dir, demo_family_id, tmp_path):
    session = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    with session.open_family(demo_family_id, read_only=True) as ff:
        before = ff.get("household", "household")
        members = ff.all("members")
    update = tmp_path / "update.json"
    update.write_text(json.dumps({"household": {"phone": "0470 55 66 77"},
                                  "members": [{"id": members[0]["id"], "phone": "0488 12 34 56"}],
                                  "notes": [{"text": "imported from the association's spreadsheet"}]}))
    result = run(["family", "update", demo_family_id, "--from-json", str(update)], vault_dir)
    assert result.returncode == 0, result.stderr
    with session.open_family(demo_family_id, read_only=True) as ff:
        after = ff.get("household", "household")
        assert after["phone"] == "0470 55 66 77"
        assert {k: v for k, v in after.items() if k != "phone"} == {k: v for k, v in before.items() if k != "phone"}
        member = ff.get("members", members[0]["id"])
        assert member["phone"] == "0488 12 34 56" and member["first_name"] == members[0]["first_name"]
        assert any(n["text"].startswith("imported") for n in ff.all("notes"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"household": {"phone": "0400"}, "notes": ["not an object"]}))
    assert run(["family", "update", demo_family_id, "--from-json", str(bad)], vault_dir).returncode != 0
    with session.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")["phone"] == "0470 55 66 77"  # nothing half-applied
