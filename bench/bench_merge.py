"""Merging a sync conflict copy of a family with 20 letters (each with a page image) into the file.

Anchor, measured in the same run: a bare copy of every row and blob of the same copy into a fresh
SQLCipher file (what any merge must at least read and write). Prints the merge time and its ratio.
Run: .venv/bin/python bench/bench_merge.py
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from volunteer_desk.core.paths import resource  # noqa: E402
from volunteer_desk.family import snapshot  # noqa: E402
from volunteer_desk.vault import Vault  # noqa: E402
from volunteer_desk.vault.crypto import FLOOR_COST  # noqa: E402
from volunteer_desk.vault.merge import merge_rows  # noqa: E402
from volunteer_desk.vault.schema import ENTITY_TABLES  # noqa: E402
from volunteer_desk.vault.store import FamilyFile  # noqa: E402

DEMO = resource("demo", "family.json")


def build(root: Path) -> tuple:
    session = Vault.init(root, "admin", "bench passphrase", kdf_cost=FLOOR_COST)  # unlock cost is not measured
    fid, _ = session.create_family("Famille bench",
                                   fill=lambda ff: snapshot.import_into(ff, json.loads(DEMO.read_text())))
    with session.open_family(fid) as ff:
        for i in range(20):
            blob = ff.put_blob(os.urandom(150_000), "image/png")  # a scanned page's size
            letter = ff.put("letters", {"title": f"Lettre {i}", "text": "Madame, Monsieur, " * 200,
                                        "received_on": "2026-11-01"})
            ff.put("pages", {"letter_id": letter, "blob": blob, "order": 0})
    return session, fid


def edit_both(session, fid: str, copy: Path) -> None:
    shutil.copyfile(session.layout.family(fid), copy)
    key = session.data_key(fid)
    with FamilyFile(copy, fid, key, "laptop-b") as other:
        for letter in other.all("letters")[:10]:
            other.put("letters", {**{k: v for k, v in letter.items() if k != "id"}, "note": "vu"}, letter["id"])
    with session.open_family(fid) as ff:
        for letter in ff.all("letters")[10:]:
            ff.put("letters", {**{k: v for k, v in letter.items() if k != "id"}, "note": "lu"}, letter["id"])


def anchor(session, fid: str, copy: Path, tmp: Path) -> float:
    key = session.data_key(fid)
    target = tmp / f"anchor-{time.monotonic_ns()}.vdf"
    t = time.perf_counter()
    with FamilyFile(copy, fid, key, "x", read_only=True) as src, FamilyFile(target, fid, key, "x", create=True) as dst:
        rows = [r for table in ENTITY_TABLES for r in src.rows(table)]
        with dst.transaction():
            dst.import_blobs(list(src.blob_rows()))
            dst.apply_rows(rows)
    return time.perf_counter() - t


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    session, fid = build(tmp / "vault")
    merges, anchors, pure = [], [], []
    for _ in range(5):
        copy = session.layout.families / f"{fid}.sync-conflict-20261201-101500-BBBBBBB.vdf"
        edit_both(session, fid, copy)
        anchors.append(anchor(session, fid, copy, tmp))
        key = session.data_key(fid)
        with FamilyFile(copy, fid, key, "x", read_only=True) as src, \
                FamilyFile(session.layout.family(fid), fid, key, "x", read_only=True) as dst:
            a = [r for t in ENTITY_TABLES for r in dst.rows(t)]
            b = [r for t in ENTITY_TABLES for r in src.rows(t)]
            t = time.perf_counter()
            merge_rows(a, b)
            pure.append(time.perf_counter() - t)
        t = time.perf_counter()
        session.merge_conflict_copy(fid, copy)
        merges.append(time.perf_counter() - t)
    with session.open_family(fid, read_only=True) as ff:
        notes = {letter.get("note") for letter in ff.all("letters")}
    assert notes == {"vu", "lu"}, notes  # both laptops' edits kept
    m, a, p = (statistics.median(x) for x in (merges, anchors, pure))
    print(f"merge of a conflict copy (20 letters, 20 page images, 10 letters edited on each side): "
          f"{m * 1000:.0f} ms median of 5")
    print(f"  of which the field-level merge of the rows: {p * 1000:.1f} ms")
    print(f"  anchor (bare copy of the same rows and blobs into a new file): {a * 1000:.0f} ms; ratio {m / a:.2f}x")


if __name__ == "__main__":
    main()
