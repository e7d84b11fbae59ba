"""Time from process start to the first frame of the main window, against a bare Qt window.

    .venv/bin/python bench/ui_startup.py

Anchor: a process that only imports PySide6, shows a QLabel and processes its first paint. The
ratio says what Volunteer Desk adds on top of Qt itself (target: first frame ≤ 1 s).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

ANCHOR = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([]); w = QLabel("x"); w.show(); app.processEvents(); w.grab()
print(time.perf_counter() - t0)
"""
APP = """
import time; t0 = time.perf_counter()
from volunteer_desk.ui.main import build_services, build_window, make_app
from volunteer_desk.ui.language import apply_language
import sys
app = make_app([]); services = build_services(sys.argv[1]); apply_language(app, "fr")
w = build_window(services); w.show(); app.processEvents(); w.grab()
print(time.perf_counter() - t0)
"""


def run(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VOLUNTEER_DESK_CONFIG"] = tmp
        anchor = [run(ANCHOR) for _ in range(5)]
        app = [run(APP, tmp + "/vault") for _ in range(5)]
    a, b = statistics.median(anchor), statistics.median(app)
    print(f"bare Qt window, first frame:       {a * 1000:.0f} ms (median of 5)")
    print(f"Volunteer Desk window, first frame: {b * 1000:.0f} ms (median of 5)")
    print(f"ratio app / bare Qt: {b / a:.2f}   target: app ≤ 1000 ms -> {'OK' if b <= 1.0 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
