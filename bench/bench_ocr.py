"""OCR benchmark: the project's pipeline vs bare `tesseract IMAGE stdout -l fra` on the same images.

Corpus: synthetic letter pages with known text (volunteer_desk.letters.samples) in four categories —
clean 300 dpi scans, skewed noisy scans, phone photos (uneven light, shadow, perspective, JPEG) and
pages turned sideways (90/180/270). Prints CER and time per category for both, the median time
ratio, what each cleaning step is worth (CER with the step switched off), and whether a four-page
letter keeps both cores busy (wall time vs the sum of CPU time of the tesseract children).

    .venv/bin/python bench/bench_ocr.py [--pages-per-category 6] [--no-ablation]

Targets (issue 3): mean CER ≤ 1.5% overall, ≤ 2% phone photos, ≤ 1% sideways; median time per page
≤ 1.3× bare tesseract; a four-page letter uses both cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from volunteer_desk.letters.clean import CleanOptions  # noqa: E402
from volunteer_desk.letters.intake import load_pages  # noqa: E402
from volunteer_desk.letters.ocr import ocr_pages  # noqa: E402
from volunteer_desk.letters.samples import KINDS, cer, render_sample, sample_letter_text  # noqa: E402

CATEGORIES = {
    "clean scan": ["clean"],
    "skewed noisy scan": ["scan_skewed"],
    "phone photo": ["phone"],
    "sideways": ["sideways_90", "sideways_180", "sideways_270"],
}
FRENCH_KINDS = [k for k in KINDS if k in ("cpas_decision", "cpas_convocation", "rent_notice")]


def corpus(per_category: int) -> list[tuple[str, str, bytes]]:
    items = []
    for category, variants in CATEGORIES.items():
        for i in range(per_category):
            kind = FRENCH_KINDS[i % len(FRENCH_KINDS)]
            sample = render_sample(sample_letter_text(kind), variants[i % len(variants)], seed=i)
            items.append((category, sample.text, sample.image))
    return items


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_tesseract(image: bytes, folder: Path) -> tuple[str, float]:
    path = folder / "page.img"
    path.write_bytes(image)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    out = subprocess.run(["tesseract", str(path), "stdout", "-l", "fra"], capture_output=True, env=env, check=True)
    return out.stdout.decode(), time.perf_counter() - start


def ours(image: bytes, options: CleanOptions | None = None) -> tuple[str, float, float]:
    """(text, seconds for clean+OCR, seconds including sandboxed intake)."""
    start = time.perf_counter()
    pages = load_pages([image])
    mid = time.perf_counter()
    result = ocr_pages(pages, lang="fra", options=options or CleanOptions(), workers=1)
    end = time.perf_counter()
    return result.text, end - mid, end - start


def tesseract_children() -> int:
    """How many tesseract processes of ours are running right now (Linux /proc)."""
    me, n = str(os.getpid()), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            n += tail.split()[1] == me and "tesseract" in head
    return n


def four_page_letter() -> None:
    print("\nfour-page letter (phone photos), pages in parallel:")
    letter = [render_sample(sample_letter_text(k), "phone", seed=10 + i).image for i, k in enumerate(FRENCH_KINDS + ["cpas_decision"])]
    pages = load_pages(letter)
    peak = [0]
    running = [True]

    def watch() -> None:
        while running[0]:
            peak[0] = max(peak[0], tesseract_children())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    cpu0, self0, start = children_cpu(), time.process_time(), time.perf_counter()
    result = ocr_pages(pages, lang="fra")
    wall = time.perf_counter() - start
    cpu = children_cpu() - cpu0 + time.process_time() - self0
    running[0] = False
    watcher.join()
    print(f"  wall {wall:.2f} s, CPU (tesseract + cleaning) {cpu:.2f} s → {cpu / wall:.2f} cores busy on average; "
          f"peak {peak[0]} tesseract processes at once ({len(result.pages)} pages, {os.cpu_count()} cores)")
    start = time.perf_counter()
    ocr_pages(pages, lang="fra", workers=1)
    serial = time.perf_counter() - start
    print(f"  same letter one page at a time: {serial:.2f} s → parallel speed-up {serial / wall:.2f}x")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  (load average during the run: {load:.1f} — other work on the machine lowers these figures)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages-per-category", type=int, default=6)
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--letter-only", action="store_true", help="only the four-page parallel run")
    args = parser.parse_args()
    if args.letter_only:
        four_page_letter()
        return

    print(f"cores: {os.cpu_count()}; rendering corpus ({args.pages_per_category} pages per category)...")
    items = corpus(args.pages_per_category)
    ours(items[0][2])  # warm-up (OpenCV, page cache), not timed

    rows: dict[str, list[tuple[float, float, float, float, float]]] = {c: [] for c in CATEGORIES}
    with tempfile.TemporaryDirectory() as tmp:
        for category, truth, image in items:
            bare_text, bare_s = bare_tesseract(image, Path(tmp))
            text, ocr_s, full_s = ours(image)
            rows[category].append((cer(truth, bare_text), bare_s, cer(truth, text), ocr_s, full_s))

    print()
    print(f"{'category':20} {'n':>2} | {'bare CER':>8} {'bare s':>6} | {'ours CER':>8} {'ours s':>6} {'+intake':>7} | ratio")
    all_rows = []
    for category, r in rows.items():
        all_rows += r
        bc, bs = statistics.mean(x[0] for x in r), statistics.median(x[1] for x in r)
        oc, os_, fs = statistics.mean(x[2] for x in r), statistics.median(x[3] for x in r), statistics.median(x[4] for x in r)
        print(f"{category:20} {len(r):>2} | {bc:8.2%} {bs:6.2f} | {oc:8.2%} {os_:6.2f} {fs:7.2f} | {os_ / bs:5.2f}x")
    ratios = [x[3] / x[1] for x in all_rows]
    ratios_full = [x[4] / x[1] for x in all_rows]
    print(
        f"{'all':20} {len(all_rows):>2} | {statistics.mean(x[0] for x in all_rows):8.2%} "
        f"{statistics.median(x[1] for x in all_rows):6.2f} | {statistics.mean(x[2] for x in all_rows):8.2%} "
        f"{statistics.median(x[3] for x in all_rows):6.2f} {statistics.median(x[4] for x in all_rows):7.2f} |"
    )
    print(f"median time ratio ours/bare per page: {statistics.median(ratios):.2f}x (clean+OCR), "
          f"{statistics.median(ratios_full):.2f}x (including sandboxed intake)")
    worst = max(all_rows, key=lambda x: x[2])
    print(f"worst page CER (ours): {worst[2]:.2%}")

    if not args.no_ablation:
        print("\nwhat each cleaning step is worth (mean CER of ours with the step OFF; phone + sideways + skewed):")
        subset = [it for it in items if it[0] != "clean scan"][:: max(1, args.pages_per_category // 3)]
        base = statistics.mean(cer(t, ours(img)[0]) for _, t, img in subset)
        print(f"  all steps on            : {base:.2%}")
        for step in ("paper", "light", "orientation", "deskew", "binarise", "rescale"):
            opts = replace(CleanOptions(), **{step: False})
            by_cat: dict[str, list[float]] = {}
            for category, truth, img in subset:
                by_cat.setdefault(category, []).append(cer(truth, ours(img, opts)[0]))
            detail = ", ".join(f"{c} {statistics.mean(v):.2%}" for c, v in by_cat.items())
            print(f"  without {step:15}: {statistics.mean(v for vs in by_cat.values() for v in vs):.2%}  ({detail})")

    four_page_letter()


if __name__ == "__main__":
    main()
