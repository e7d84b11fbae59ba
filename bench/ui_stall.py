"""How long the app's main thread waits while a letter is read (issue 21): not a benchmark of speed.

Runs ``ocr_pages`` as the app does (a ``TaskRunner`` job, progress as queued Qt signals, the
window's idle filter installed) on a one-page scan and on bench_ocr_process.py's four-page letter,
while the main thread beats every 10 ms like the app's watchdog. Prints, per letter, the longest
wait between beats in each run and how many beats waited over 50 and 100 ms. ``--busy N`` keeps N
other processes busy (as a second test worker or a browser would).

    QT_QPA_PLATFORM=offscreen OMP_THREAD_LIMIT=1 .venv/bin/python bench/ui_stall.py [--runs 8] [--busy 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from volunteer_desk.letters.intake import load_pages  # noqa: E402
from volunteer_desk.letters.ocr import ocr_pages  # noqa: E402
from volunteer_desk.letters.samples import render_page, render_sample, sample_letter_text  # noqa: E402
from volunteer_desk.ui.safety import IdleLock  # noqa: E402
from volunteer_desk.ui.tasks import TaskRunner  # noqa: E402

KINDS = ("cpas_decision", "cpas_convocation", "rent_notice", "cpas_decision")
BEAT_MS = 10


def letters(folder: Path) -> dict[str, list[Path]]:
    scan = folder / "scan.png"
    scan.write_bytes(render_page(sample_letter_text("cpas_decision"), "clean", dpi=200))
    photos = []
    for i, kind in enumerate(KINDS):
        path = folder / f"letter-page{i + 1}.jpg"
        path.write_bytes(render_sample(sample_letter_text(kind), "phone", seed=10 + i).image)
        photos.append(path)
    return {"one-page scan": [scan], "four-page letter (photos)": photos}


def one_run(app: QApplication, runner: TaskRunner, pages: list) -> list[float]:
    """The waits (ms, beyond the beat) of the main thread while the letter is read."""
    waits: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        waits.append((now - last[0]) * 1000 - BEAT_MS)
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    done: list[object] = []
    progress: list[int] = []
    job = runner.submit(lambda progress=None, cancel=None: ocr_pages(pages, "fra", progress=progress, cancel=cancel),
                        name="ocr", on_done=done.append, on_error=done.append,
                        on_progress=lambda d, _t, _m: progress.append(d))
    last[0] = time.perf_counter()
    timer.start(BEAT_MS)
    while not done:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    if isinstance(done[0], BaseException):
        raise done[0]
    assert job is not None and progress
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--busy", type=int, default=1, help="other busy processes during the runs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    window = QWidget()
    window.show()
    idle = IdleLock(600_000)
    idle.start()
    runner = TaskRunner()
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(args.busy)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, files in letters(Path(tmp)).items():
                pages = load_pages(files)
                one_run(app, runner, pages)  # warm: the first run pays the imports
                worst, over50, over100 = [], [], []
                for _ in range(args.runs):
                    waits = one_run(app, runner, pages)
                    worst.append(max(waits))
                    over50.append(sum(w > 50 for w in waits))
                    over100.append(sum(w > 100 for w in waits))
                print(f"{label}: longest wait per run (ms) {' '.join(f'{w:.0f}' for w in worst)}; "
                      f"median {statistics.median(worst):.0f}; beats over 50 ms {sum(over50)}, over 100 ms "
                      f"{sum(over100)} in {args.runs} runs (busy processes: {args.busy})")
    finally:
        for process in busy:
            process.kill()
        idle.close()
        runner.shutdown()


if __name__ == "__main__":
    main()
