"""The two-Syncthing harness really syncs, really partitions, and yields Syncthing's own conflict copies."""

from __future__ import annotations

import os
import re
import time

from tests.sync.syncthing import SyncPair

KEYS = "abc.keys.json"
# <stem>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<7-char short device id>.<last extension>
CONFLICT_NAME = re.compile(r"^abc\.keys\.sync-conflict-\d{8}-\d{6}-([A-Z2-7]{7})\.json$")


def _stays_absent(pair: SyncPair, side: str, name: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (pair.side(side) / name).exists():
            return False
        time.sleep(0.1)
    return True


def test_write_syncs_and_concurrent_edits_leave_one_conflict_copy(sync_pair: SyncPair) -> None:
    pair = sync_pair

    # A write on A reaches B.
    (pair.side_a / KEYS).write_text("base\n")
    pair.wait_in_sync()
    assert (pair.side_b / KEYS).read_text() == "base\n"

    # While disconnected, both keep running but nothing crosses.
    pair.disconnect()
    (pair.side_a / "only-on-a.txt").write_text("a\n")
    pair.rescan("a")
    assert _stays_absent(pair, "b", "only-on-a.txt", 1.5), "a write crossed while disconnected"

    # The same file edited on both sides; B's edit is the newer one.
    (pair.side_a / KEYS).write_text("edited on A\n")
    (pair.side_b / KEYS).write_text("edited on B\n")
    now = time.time_ns()
    os.utime(pair.side_a / KEYS, ns=(now - 10 * 10**9, now - 10 * 10**9))
    os.utime(pair.side_b / KEYS, ns=(now, now))
    pair.rescan("a")
    pair.rescan("b")

    pair.reconnect()
    pair.wait_in_sync()

    assert pair.listing("a") == pair.listing("b")
    assert (pair.side_b / "only-on-a.txt").read_text() == "a\n"
    for side in ("a", "b"):
        copies = pair.conflict_copies(side)
        assert len(copies) == 1, f"side {side}: {[c.name for c in copies]}"
        match = CONFLICT_NAME.match(copies[0].name)
        assert match, copies[0].name
        # The newer version keeps the name; the older goes to the copy, named after the winning device.
        assert (pair.side(side) / KEYS).read_text() == "edited on B\n"
        assert copies[0].read_text() == "edited on A\n"
        assert pair.device_id("b").startswith(match.group(1))
    print("syncthing timings (s):", pair.timings)


def _id_order(device_id: str) -> list[int]:
    """Sort key of Syncthing's short id (the id's first 64 bits): base32 digit values, A=0 ... 7=31."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return [alphabet.index(c) for c in device_id.replace("-", "")[:12]]


def test_on_an_mtime_tie_the_smaller_device_id_keeps_the_name(sync_pair: SyncPair) -> None:
    pair = sync_pair
    (pair.side_a / KEYS).write_text("base\n")
    pair.wait_in_sync()
    pair.disconnect()
    (pair.side_a / KEYS).write_text("edited on a\n")
    (pair.side_b / KEYS).write_text("edited on b\n")
    now = time.time_ns()
    for side in ("a", "b"):
        os.utime(pair.side(side) / KEYS, ns=(now, now))
    pair.rescan("a")
    pair.rescan("b")
    pair.reconnect()
    pair.wait_in_sync()

    winner = min("ab", key=lambda side: _id_order(pair.device_id(side)))
    loser = "b" if winner == "a" else "a"
    assert (pair.side_a / KEYS).read_text() == f"edited on {winner}\n"
    (copy,) = pair.conflict_copies("a")
    assert copy.read_text() == f"edited on {loser}\n"
    assert pair.device_id(winner).startswith(copy.name.split("-")[-1].removesuffix(".json"))
