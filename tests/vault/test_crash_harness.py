"""SIGKILL during committing writes: every acknowledged row survives, both integrity checks clean."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

from volunteer_desk.vault.store import FamilyFile

KILLS = int(os.environ.get("VD_CRASH_KILLS", "100"))


def test_acknowledged_rows_survive_sigkill(admin_session, demo_family_id):
    path = admin_session.layout.family(demo_family_id)
    key = admin_session.data_key(demo_family_id)
    rnd = random.Random(1234)
    acknowledged: set[int] = set()
    next_id = 0
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.vault.crash_writer", str(path), demo_family_id, key.hex(), str(next_id)],
            stdout=subprocess.PIPE, env=env, text=True, bufsize=1,
        )
        # wait for the first acknowledgement, then kill at a random moment during later commits
        deadline = time.monotonic() + 20
        buf = ""
        while "\n" not in buf and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                buf += os.read(proc.stdout.fileno(), 4096).decode()
        time.sleep(rnd.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        buf += proc.stdout.read()
        lines = buf.splitlines()
        if buf and not buf.endswith("\n"):
            lines = lines[:-1]  # a half-written acknowledgement is not an acknowledgement
        got = {int(x) for x in lines if x.strip().isdigit()}
        assert got, "the writer made no progress"
        acknowledged |= got
        next_id = max(acknowledged) + 1
    ff = FamilyFile(path, demo_family_id, key, "checker", read_only=True)
    try:
        stored = {int(r["id"].split("-")[1]) for r in ff.all("notes") if r["id"].startswith("row-")}
        assert acknowledged <= stored, f"lost acknowledged rows: {sorted(acknowledged - stored)[:10]}"
        assert ff.integrity_problems() == []
    finally:
        ff.close()
