"""Child process for the crash harness: commits rows and acknowledges each commit on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from volunteer_desk.vault.store import FamilyFile


def main() -> None:
    path, fid, key_hex, start = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    ff = FamilyFile(path, fid, bytes.fromhex(key_hex), "crash-test")
    i = start
    while True:
        ff.put("notes", {"text": f"row {i}", "pad": "x" * (i % 7000)}, f"row-{i}")
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
