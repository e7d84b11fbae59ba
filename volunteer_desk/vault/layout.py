"""File layout of a vault folder. Nothing here is named after a person.

    vault.json                 vault id, format
    volunteers/<vid>.json      volunteer name, role, public key, passphrase-wrapped private key
    families/<fid>.vdf         SQLCipher 4 family file (random id)
    families/<fid>.keys.json   key-wrap header: data key wrapped per volunteer + recovery
    families/<fid>.lock        who holds the file open for writing (pid, host, token)
    index/<vid>.idx            encrypted per-volunteer index (names, next deadline) for fast listing
    backups/                   encrypted copies taken before schema migrations
    quarantine/                leftovers set aside by open and 'vault check --repair' (never deleted)
"""

from __future__ import annotations

import re
from pathlib import Path

FAMILY_SUFFIX = ".vdf"
HEADER_SUFFIX = ".keys.json"
ID_RE = re.compile(r"^[0-9a-f]{32}$")
CONFLICT_MARKERS = ("conflicted copy", ".sync-conflict-", "conflict")


class Layout:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def meta(self) -> Path:
        return self.root / "vault.json"

    @property
    def volunteers(self) -> Path:
        return self.root / "volunteers"

    @property
    def families(self) -> Path:
        return self.root / "families"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    def volunteer(self, vid: str) -> Path:
        return self.volunteers / f"{vid}.json"

    def family(self, fid: str) -> Path:
        return self.families / f"{fid}{FAMILY_SUFFIX}"

    def header(self, fid: str) -> Path:
        return self.families / f"{fid}{HEADER_SUFFIX}"

    def lock(self, fid: str) -> Path:
        return self.families / f"{fid}.lock"

    def index_file(self, vid: str) -> Path:
        return self.index / f"{vid}.idx"

    def header_conflict_copies(self, fid: str) -> list[Path]:
        """Key-file copies left by sync tools, e.g. ``<fid>.keys.sync-conflict-…json``."""
        if not self.families.exists():
            return []
        return sorted(p for p in self.families.iterdir()
                      if p.name.startswith(fid + ".keys") and p.name.endswith(".json")
                      and p != self.header(fid) and any(m in p.name.lower() for m in CONFLICT_MARKERS))

    def conflict_copies(self, fid: str) -> list[Path]:
        """Copies left by sync tools (Nextcloud/Dropbox 'conflicted copy', Syncthing '.sync-conflict-')."""
        found: list[Path] = []
        if not self.families.exists():
            return found
        for path in self.families.iterdir():
            name = path.name
            if (name.startswith(fid) and name.endswith(FAMILY_SUFFIX) and path != self.family(fid)
                    and any(m in name.lower() for m in CONFLICT_MARKERS)):
                found.append(path)
        return sorted(found)
