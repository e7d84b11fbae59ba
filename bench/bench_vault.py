"""Vault benchmarks: unlock (key derivation), open a family after unlock, list 1,000 / 10,000 families.

Anchor: one bare Argon2id derivation with the same parameters, measured in the same run, and a bare
SQLCipher open with a raw key. Run: .venv/bin/python bench/bench_vault.py [--big 10000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from volunteer_desk.vault import Vault, crypto
from volunteer_desk.vault.sqlcipher import connect


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def clone_families(session, template_fid: str, n: int) -> None:
    """Make n families quickly: copies of one file with their own headers and index entries.

    Creating each for real costs a file creation + a header + an index rewrite; listing only reads
    headers and the index, so copies measure listing faithfully.
    """
    import secrets
    import shutil

    layout = session.layout
    key = session.data_key(template_fid)
    index = session._index_load()
    for i in range(n):
        fid = secrets.token_hex(16)
        shutil.copyfile(layout.family(template_fid), layout.family(fid))
        header = {"format": 1, "family_id": fid, "epoch": 1,
                  "wraps": {session.volunteer.id: crypto.wrap_for(session.volunteer.public_key, key,
                                                                 f"{fid}|1".encode())}}
        layout.header(fid).write_text(json.dumps(header))
        index[fid] = {"name": f"Famille {i:05d}", "next_deadline": None, "updated_at": ""}
    session._index_save(index)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", type=int, default=10000)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp()) / "vault"
    t = time.perf_counter()
    session = Vault.init(root, "admin", "bench passphrase")  # tuned KDF, as a real vault
    print(f"vault init (includes KDF tuning): {time.perf_counter() - t:.2f} s")
    rec = json.loads(next((root / "volunteers").glob("*.json")).read_text())
    params = crypto.KdfParams.from_dict(rec["kdf"])
    anchor = timed(lambda: params.derive("bench passphrase"), 3)
    unlock = timed(lambda: Vault(root).unlock("admin", "bench passphrase"), 3)
    print(f"Argon2id params: t={params.time_cost} m={params.memory_kib // 1024} MiB p={params.parallelism}")
    print(f"unlock: {unlock * 1000:.0f} ms   bare Argon2id: {anchor * 1000:.0f} ms   ratio {unlock / anchor:.2f}x")

    fid, _ = session.create_family("Famille bench")
    key = session.data_key(fid)

    def open_close():
        session.open_family(fid, read_only=True).close()

    def bare_open():
        connect(session.layout.family(fid), key, read_only=True).close()

    o = timed(open_close, 20)
    b = timed(bare_open, 20)
    print(f"open a family after unlock: {o * 1000:.1f} ms (target <= 50 ms)   bare SQLCipher open: "
          f"{b * 1000:.1f} ms   ratio {o / b:.2f}x")

    made = 1
    for n in (1000, args.big):
        clone_families(session, fid, n - made)
        made = n
        s = Vault(root).unlock("admin", "bench passphrase")
        assert len(s.list_families()) == n
        lst = timed(s.list_families, 3)
        print(f"list {n:>6} families: {lst * 1000:.0f} ms ({lst / n * 1e6:.0f} us per family)"
              + ("  (target <= 300 ms)" if n == 1000 else ""))


if __name__ == "__main__":
    main()
