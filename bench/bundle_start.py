"""Start time of the built program (dist/volunteer-desk), against the same code run from the .venv.

Needs a bundle (installer/build_linux.sh). Figures: --self-test, `--version` (CLI), and time until the
main window is mapped on a virtual X screen (Xvfb, polled with xwininfo). Each run uses fresh folders.

    .venv/bin/python bench/bundle_start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "volunteer-desk" / "volunteer-desk"
VENV = [sys.executable, "-m", "volunteer_desk"]


def _env(scratch: Path, display: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(VOLUNTEER_DESK_DATA=str(scratch / "data"), VOLUNTEER_DESK_CONFIG=str(scratch / "config"),
               PYTHONPATH=str(ROOT))
    if display:
        env["DISPLAY"] = display
    return env


def time_command(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        scratch = Path(tempfile.mkdtemp())
        t0 = time.perf_counter()
        subprocess.run(cmd, env=_env(scratch), capture_output=True, check=True, timeout=120)
        times.append(time.perf_counter() - t0)
        shutil.rmtree(scratch, ignore_errors=True)
    return statistics.median(times)


WINDOW = re.compile(r'"Volunteer Desk[^"]*": \(.*?\)\s+(\d+)x(\d+)')


def _window_up(display: str) -> bool:
    """The main window (not Qt's 1x1 group leader) exists on the virtual screen."""
    out = subprocess.run(["xwininfo", "-root", "-tree"], env={"DISPLAY": display}, capture_output=True,
                         text=True).stdout
    return any(int(w) >= 300 and int(h) >= 200 for w, h in WINDOW.findall(out))


def time_window(cmd: list[str], runs: int, display: str = ":97") -> float | None:
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        times = []
        for _ in range(runs):
            scratch = Path(tempfile.mkdtemp())
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, env=_env(scratch, display), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            try:
                while time.perf_counter() - t0 < 60:
                    if _window_up(display):
                        times.append(time.perf_counter() - t0)
                        break
                    if proc.poll() is not None:
                        break
                    time.sleep(0.05)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
                shutil.rmtree(scratch, ignore_errors=True)
        return statistics.median(times) if times else None
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not BUNDLE.is_file():
        print("no bundle: run installer/build_linux.sh first", file=sys.stderr)
        return 1
    rows = []
    for label, extra in (("--self-test", ["--self-test"]), ("--version", ["--version"])):
        frozen = time_command([str(BUNDLE), *extra], args.runs)
        venv = time_command([*VENV, *extra], args.runs)
        rows.append((label, frozen, venv))
    frozen_w = time_window([str(BUNDLE)], args.runs)
    venv_w = time_window([*VENV], args.runs)
    rows.append(("main window shown", frozen_w, venv_w))
    size = sum(f.stat().st_size for f in BUNDLE.parent.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB")
    print(f"{'start':<20}{'bundle s':>10}{'.venv s (anchor)':>18}{'ratio':>8}")
    for label, frozen, venv in rows:
        if frozen is None or venv is None:
            print(f"{label:<20}{'n/a':>10}{'n/a':>18}")
            continue
        print(f"{label:<20}{frozen:>10.2f}{venv:>18.2f}{frozen / venv:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
