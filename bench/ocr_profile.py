"""Where one page's time goes in `volunteer-desk ocr PAGE` (issue 21): CPU seconds per stage, this checkout.

CPU time, not wall time: on a shared machine CPU seconds move far less with the load than the clock
does (each figure is still the minimum of ``--repeat`` runs). Printed per page kind (phone photo
JPEG, clean scan PNG), next to bare ``tesseract PAGE stdout -l fra`` on the same page:

- start-up: Python with and without ``site``, ``--version``, the imports of the parent (numpy, OpenCV,
  the letters pipeline) and of the parser child (Pillow);
- the parser child: its start, and its CPU to decode a page and send the pixels back;
- the parent: each cleaning step, encoding the page for tesseract;
- tesseract: recognition of our cleaned page (its CPU, from the process's rusage);
- then cProfile's top functions of the parent's whole `ocr` call and of the child's decode.

    .venv/bin/python bench/ocr_profile.py [--repeat 3] [--no-cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from volunteer_desk.letters.samples import render_sample, sample_letter_text  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def env(path: str = str(HERE)) -> dict[str, str]:
    out = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONPATH": path,
           "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "vd-bench-pyc")}
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def process_cpu(cmd: list[str], repeat: int, path: str = str(HERE)) -> float:
    """Least CPU seconds (user + system, with the children it waited for) of ``cmd`` over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(path))
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{cmd} failed")
        best = min(best, usage.ru_utime + usage.ru_stime)
    return best


def pid_cpu(pid: int) -> float:
    """CPU seconds so far of a running process (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup(repeat: int) -> list[tuple[str, float]]:
    from volunteer_desk.letters.sandbox import _child_env, child_command

    py = sys.executable
    child_path = _child_env()["PYTHONPATH"]
    process_cpu([py, "-c", "import volunteer_desk.letters.ocr, volunteer_desk.letters.parse"], 1)  # bytecode cache
    rows = [
        ("python -S -c pass (no site)", [py, "-S", "-c", "pass"]),
        ("python -c pass", [py, "-c", "pass"]),
        ("volunteer-desk --version", [py, "-m", "volunteer_desk", "--version"]),
        ("import numpy", [py, "-c", "import numpy"]),
        ("import cv2 (with numpy)", [py, "-c", "import cv2"]),
        ("import letters.ocr (parent's cleaning + OCR)", [py, "-c", "import volunteer_desk.letters.ocr"]),
        ("import letters.intake (parent's intake)", [py, "-c", "import volunteer_desk.letters.intake"]),
        ("import letters.parse (the child's Pillow), with site", [py, "-c", "import volunteer_desk.letters.parse"]),
    ]
    out = [(name, process_cpu(cmd, repeat)) for name, cmd in rows]
    child = [*child_command()[:-2], "-c", "import volunteer_desk.letters.parse"]
    out.append(("  the same as the child starts (" + " ".join(child_command()[1:-2]) + ")",
                process_cpu(child, repeat, child_path)))
    return out


def stages(path: Path, repeat: int) -> list[tuple[str, float]]:
    """CPU seconds of each stage of one page, minimum over ``repeat`` runs, in this process."""
    from volunteer_desk.letters import clean as c
    from volunteer_desk.letters import ocr as o
    from volunteer_desk.letters.intake import load_pages
    from volunteer_desk.letters.sandbox import ParserPool, SandboxedParser

    best: dict[str, float] = {}

    def keep(name: str, value: float) -> None:
        best[name] = min(best.get(name, float("inf")), value)

    for _ in range(repeat):
        before_children = children_cpu()
        parser = SandboxedParser()
        parser.reader.frames.get()
        parser.ready = True
        keep("parser child: start to ready (its CPU)", pid_cpu(parser.pid))
        parser.close()
        pool = ParserPool(1)
        pool.prewarm()
        child = pool.pids()[0]
        load_pages([path], pool=pool, grey=True)  # the child is warm, as in a session
        start_child = pid_cpu(child)
        t = time.process_time()
        pages = load_pages([path], pool=pool, grey=True)
        keep("intake, parent side (read file, frames, checks)", time.process_time() - t)
        keep("intake, child side (decode, pixels back)", pid_cpu(child) - start_child)
        pool.close()
        t = time.thread_time()
        grey = pages[0].grey()
        keep("greyscale array from the pixels", time.thread_time() - t)
        page = c.CleanedPage(grey, __import__("numpy").eye(3))
        for step in ("_find_paper", "_rescale", "_flatten_light", "_fix_sideways", "_deskew", "_fix_upside_down",
                     "_binarise"):
            t = time.thread_time()
            page = getattr(c, step)(page)
            keep("clean " + step.strip("_"), time.thread_time() - t)
        t = time.thread_time()
        encoded = o.encode_for_tesseract(page.image)
        keep("encode the cleaned page for tesseract (PBM)", time.thread_time() - t)
        ours = children_cpu()
        from volunteer_desk.letters.tesseract import recognition_args, run_tesseract

        run_tesseract(encoded, recognition_args("fra"))
        keep("tesseract on our cleaned page (its CPU)", children_cpu() - ours)
        bare = children_cpu()
        subprocess.run(["tesseract", str(path), "stdout", "-l", "fra"], capture_output=True, env=env(), check=True)
        keep("BARE tesseract on the original page (its CPU)", children_cpu() - bare)
        del before_children
    return list(best.items())


def cprofile_parent(path: Path) -> str:
    """The parent's functions by own time for one page: intake (warm child) then ``ocr_page``, run in
    this thread so cProfile sees them (the verb runs them on worker threads; child and tesseract excluded)."""
    from volunteer_desk.letters.intake import load_pages
    from volunteer_desk.letters.ocr import ocr_page

    def one() -> None:
        ocr_page(load_pages([path], grey=True)[0], "fra")

    one()  # warm: parser child, imports
    profiler = cProfile.Profile()
    out = io.StringIO()
    profiler.runcall(one)
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return _trim(out.getvalue())


def cprofile_child(path: Path) -> str:
    """The child's decode of the page (``parse_bytes`` as the child runs it), by own time."""
    from volunteer_desk.letters.parse import parse_bytes

    data = path.read_bytes()
    list(parse_bytes(data, raw=True, grey=True))
    profiler = cProfile.Profile()
    out = io.StringIO()
    profiler.runcall(lambda: list(parse_bytes(data, raw=True, grey=True)))
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
    return _trim(out.getvalue())


def _trim(report: str) -> str:
    lines = report.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    return "\n".join("    " + line[:130] for line in lines[start:] if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-cprofile", action="store_true")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; CPU seconds, least of {args.repeat}")
    print("\nstart-up (whole processes):")
    for name, cpu in startup(args.repeat):
        print(f"  {name:52} {cpu:6.3f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        pages = []
        for variant in ("phone", "clean"):
            sample = render_sample(sample_letter_text("cpas_decision"), variant, seed=100)
            suffix = "jpg" if sample.image.startswith(b"\xff\xd8\xff") else "png"
            path = Path(tmp_name) / f"{variant}.{suffix}"
            path.write_bytes(sample.image)
            pages.append(path)
        results = {path.name: dict(stages(path, args.repeat)) for path in pages}
        names = list(next(iter(results.values())))
        print("\none page, stage by stage:")
        print(f"  {'':52} " + " ".join(f"{name:>10}" for name in results))
        for name in names:
            print(f"  {name:52} " + " ".join(f"{results[page][name]:10.3f}" for page in results))
        outside = [n for n in names if not n.startswith(("tesseract", "BARE"))]
        print(f"  {'outside tesseract, after start-up (sum)':52} "
              + " ".join(f"{sum(results[p][n] for n in outside):10.3f}" for p in results))
        if not args.no_cprofile:
            for path in pages:
                print(f"\ncProfile, parent reading {path.name} (own time; waiting for tesseract shows as acquire/communicate):")
                print(cprofile_parent(path))
                print(f"\ncProfile, the child's decode of {path.name}:")
                print(cprofile_child(path))


if __name__ == "__main__":
    main()
