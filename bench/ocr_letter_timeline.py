"""Where the four-page letter's time goes (issue 21): a timeline of one OCR job, not a benchmark.

Runs ``ocr_pages`` on bench_ocr_process.py's four-page letter (phone photos, same seeds) in this
process, with the pipeline's own functions wrapped to log when each page's cleaning starts and ends,
when each tesseract is started, fed and done (and its CPU: model load before the feed, total), and
samples ``/proc/stat`` every 10 ms for idle cores. Prints, per run: the events, the CPU of every
tesseract, the idle core-seconds of the job and those of its tail (after the first reader ran out of
work), and each page's bare ``tesseract PHOTO stdout`` time for comparison.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_letter_timeline.py [--repeat 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from volunteer_desk.letters import ocr, tesseract  # noqa: E402
from volunteer_desk.letters.intake import load_pages  # noqa: E402
from volunteer_desk.letters.samples import render_sample, sample_letter_text  # noqa: E402

KINDS = ("cpas_decision", "cpas_convocation", "rent_notice", "cpas_decision")
TICK = os.sysconf("SC_CLK_TCK")


def letter_files(folder: Path) -> list[Path]:
    files = []
    for i, kind in enumerate(KINDS):
        path = folder / f"letter-page{i + 1}.jpg"
        path.write_bytes(render_sample(sample_letter_text(kind), "phone", seed=10 + i).image)
        files.append(path)
    return files


class Recorder:
    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.events: list[tuple[float, str, str]] = []
        self.procs: dict[int, dict] = {}
        self.lock = threading.Lock()
        self.idle: list[tuple[float, float]] = []  # (time, idle core-seconds since the start)
        self.running = True

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def log(self, what: str) -> None:
        with self.lock:
            self.events.append((self.now(), threading.current_thread().name, what))

    def sample(self) -> None:
        first = None
        while self.running:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
            idle = (int(fields[4]) + int(fields[5])) / TICK
            first = idle if first is None else first
            self.idle.append((self.now(), idle - first))
            for pid, info in list(self.procs.items()):
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    info["cpu"] = (int(stat[11]) + int(stat[12])) / TICK
                except OSError:
                    pass
            time.sleep(0.01)


CURRENT: list[Recorder] = []  # the run being recorded (the wrappers are installed once)


def instrument() -> None:
    clean_page, init, finish = ocr.clean_page, tesseract.TesseractProcess.__init__, tesseract.TesseractProcess.finish

    def traced_clean(grey, options=None):  # noqa: ANN001, ANN202
        rec = CURRENT[-1]
        rec.log(f"clean start {grey.shape[1]}x{grey.shape[0]}")
        try:
            return clean_page(grey, options)
        finally:
            rec.log("clean end")

    def traced_init(self, args):  # noqa: ANN001, ANN202
        init(self, args)
        rec = CURRENT[-1]
        kind = "osd" if "0" in args and "--psm" in args and args[args.index("--psm") + 1] == "0" else "rec " + args[1]
        rec.procs[self.proc.pid] = {"kind": kind, "spawn": rec.now(), "cpu": 0.0}
        rec.log(f"spawn tesseract {self.proc.pid} ({kind})")

    def traced_finish(self, image, cancel=None, timeout=tesseract.PAGE_TIMEOUT_S):  # noqa: ANN001, ANN202
        rec = CURRENT[-1]
        info = rec.procs.get(self.proc.pid, {})
        info["fed"], info["cpu_at_feed"], info["bytes"] = rec.now(), info.get("cpu", 0.0), len(image)
        rec.log(f"feed {self.proc.pid} ({len(image) // 1024} KiB)")
        try:
            return finish(self, image, cancel, timeout)
        finally:
            info["done"] = rec.now()
            rec.log(f"done {self.proc.pid}")

    ocr.clean_page = traced_clean
    tesseract.TesseractProcess.__init__ = traced_init
    tesseract.TesseractProcess.finish = traced_finish


def one_run(files: list[Path], workers: int | None) -> tuple[float, Recorder]:
    pages = load_pages(files)
    rec = Recorder()
    CURRENT.append(rec)
    sampler = threading.Thread(target=rec.sample, daemon=True)
    sampler.start()
    time.sleep(0.03)
    rec.t0 = time.perf_counter()
    rec.idle.clear()

    def progress(done: int, total: int, message: str = "") -> None:
        rec.log(f"progress {done}/{total}")

    ocr.ocr_pages(pages, lang="fra", progress=progress, workers=workers)
    wall = rec.now()
    time.sleep(0.03)
    rec.running = False
    sampler.join()
    return wall, rec


def idle_between(rec: Recorder, a: float, b: float) -> float:
    def at(t: float) -> float:
        before = [v for s, v in rec.idle if s <= t]
        return before[-1] if before else 0.0
    return at(b) - at(a)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        files = letter_files(Path(tmp))
        bare = []
        for f in files:
            times = []
            for _ in range(2):
                start = time.perf_counter()
                subprocess.run(["tesseract", str(f), "stdout", "-l", "fra"], capture_output=True, check=True)
                times.append(time.perf_counter() - start)
            bare.append(min(times))
        anchor = sum(bare) / (args.workers or os.cpu_count() or 1)
        print(f"bare tesseract per page (least of 2): {', '.join(f'{b:.2f}' for b in bare)}; anchor Σ/cores {anchor:.2f} s;"
              f" load average {os.getloadavg()[0]:.1f}")
        load_pages(files[:1])  # warm the parser child
        instrument()
        runs = [one_run(files, args.workers) for _ in range(args.repeat)]
        walls = [w for w, _ in runs]
        print(f"OCR job wall: {', '.join(f'{w:.2f}' for w in walls)} s; median {statistics.median(walls):.2f} s → "
              f"{statistics.median(walls) / anchor:.2f}x of the anchor")
        wall, rec = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
        print(f"\nmedian run ({wall:.2f} s), events (s, thread, what):")
        for t, thread, what in rec.events:
            print(f"  {t:5.2f} {thread[-14:]:>14}  {what}")
        print("\ntesseracts: kind, spawned, fed, done, CPU before the feed (model load), CPU total")
        for pid, info in sorted(rec.procs.items(), key=lambda kv: kv[1]["spawn"]):
            print(f"  {pid:>7} {info['kind']:9} {info['spawn']:5.2f} {info.get('fed', float('nan')):5.2f} "
                  f"{info.get('done', float('nan')):5.2f}  {info.get('cpu_at_feed', float('nan')):.2f}  {info['cpu']:.2f}")
        dones = sorted(info["done"] for info in rec.procs.values() if "done" in info)
        print(f"\nidle core-seconds during the job: {idle_between(rec, 0, wall):.2f} (of {wall * (os.cpu_count() or 1):.2f}); "
              f"tesseract CPU total {sum(i['cpu'] for i in rec.procs.values()):.2f} s")
        if len(dones) >= 2:
            print(f"tail: last two tesseracts done at {dones[-2]:.2f} and {dones[-1]:.2f}; idle core-seconds after "
                  f"{dones[-2]:.2f}: {idle_between(rec, dones[-2], wall):.2f}")


if __name__ == "__main__":
    main()
