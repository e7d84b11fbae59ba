"""A marker written into a family never appears in clear anywhere on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

MARKER = "ZZQX-MARKER-Ünïcode-7731"


def _files_containing(root: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(path))
    return hits


def test_marker_absent_from_vault_temp_and_config(tmp_path):
    vault, tmp, config, data = tmp_path / "vault", tmp_path / "tmp", tmp_path / "config", tmp_path / "data"
    for d in (tmp, config, data):
        d.mkdir()
    script = textwrap.dedent(f"""
        from pathlib import Path
        from volunteer_desk.vault import Vault
        from volunteer_desk.family import snapshot
        from volunteer_desk.family.model import Member, Note
        from volunteer_desk.vault.crypto import FLOOR_COST
        s = Vault.init(Path({str(vault)!r}), "admin", "a passphrase", kdf_cost=FLOOR_COST)
        fid, _ = s.create_family("Famille {MARKER}")
        with s.open_family(fid) as ff:
            snapshot.save(ff, Member(first_name="{MARKER}", niss="{MARKER}"))
            snapshot.save(ff, Note(text="{MARKER} " * 50))
            ff.put_blob(("{MARKER}" * 1000).encode(), "text/plain")
            s.refresh_index(ff)
        with s.open_family(fid) as ff:
            ff.delete("notes", ff.all("notes")[0]["id"])
        s.list_families()
    """)
    env = {**os.environ, "TMPDIR": str(tmp), "VOLUNTEER_DESK_CONFIG": str(config),
           "VOLUNTEER_DESK_DATA": str(data), "XDG_CONFIG_HOME": str(config), "XDG_CACHE_HOME": str(config)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)
    needles = [MARKER.encode("utf-8"), MARKER.encode("utf-16-le"), b"ZZQX-MARKER"]
    assert list(vault.rglob("*.vdf")), "the family file exists"
    for root in (vault, tmp, config, data):
        assert _files_containing(root, needles) == [], f"plaintext marker leaked under {root}"
    assert list(tmp.iterdir()) == []
