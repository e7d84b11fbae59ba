"""Run the real CLI in a subprocess inside a sandbox folder and judge it as a user would.

Every hostile input must give: exit code 2, exactly one line on stderr starting ``volunteer-desk:``,
no traceback, no raw control character, done within 10 s, and no file written anywhere but where
the command may write (nothing at all for a refused input).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.fast_cli import COMMAND as FAST_CLI

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
TIMEOUT_S = 10.0
PASSPHRASE = "a long hostile passphrase"
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Sandbox:
    root: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOLUNTEER_DESK_")}
        env.update(
            PYTHONPATH=str(ROOT), HOME=str(self.root / "home"), TMPDIR=str(self.root / "tmp"),
            VOLUNTEER_DESK_DATA=str(self.root / "data"), VOLUNTEER_DESK_CONFIG=str(self.root / "config"),
            XDG_DATA_HOME=str(self.root / "xdg"), XDG_CONFIG_HOME=str(self.root / "xdg"),
            XDG_CACHE_HOME=str(self.root / "xdg"), OMP_THREAD_LIMIT="1",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def make(self) -> Sandbox:
        for name in ("home", "tmp", "data", "config", "xdg"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        return self

    def files(self) -> dict[str, tuple[int, int]]:
        """Every regular file under the sandbox with (size, mtime): what a command wrote shows here."""
        found = {}
        for path in self.root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                stat = path.stat()
                found[str(path.relative_to(self.root))] = (stat.st_size, stat.st_mtime_ns)
        return found

    def run(self, *args: str, stdin: str = "", timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess:
        return subprocess.run([*FAST_CLI, *args], input=stdin.encode(),
                              capture_output=True, timeout=timeout, env=self.env, cwd=self.root / "home")


def assert_one_clean_line(proc: subprocess.CompletedProcess, *, expect_code: int = 2) -> str:
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err[-3000:]
    lines = err.strip("\n").split("\n")
    assert proc.returncode == expect_code, (proc.returncode, err[-2000:])
    assert len(lines) == 1, err[-2000:]
    assert lines[0].startswith("volunteer-desk: "), lines[0]
    assert not _RAW_CONTROL.search(err + out), repr(err[-500:])
    return lines[0]
