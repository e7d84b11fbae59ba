"""Fuzz intake: N mutated image/PDF files through the hardened parser, and some through the sandbox.

Part 1 (all N cases): the parser the sandbox child runs (``parse.parse_bytes``), in worker processes
with the child's limits (1 GiB address space); a worker that dies is a crash, a case over 10 s a
hang, any exception other than ParseError a bug. Part 2 (``--sandboxed`` cases): the real path, the
session's sandboxed children (``sandbox.parse_in_sandbox``; a fresh child after each failure), counting
how each ended. Expected everywhere: 0 crashes, 0 hangs, 0 escaped exceptions.

    .venv/bin/python bench/fuzz_intake.py [--cases 10000] [--sandboxed 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from volunteer_desk.core.errors import UserError  # noqa: E402
from volunteer_desk.letters.sandbox import parse_in_sandbox  # noqa: E402


def _img(fmt: str, size=(48, 32), mode="RGB", **kw) -> bytes:
    img = Image.new(mode, size, "white")
    ImageDraw.Draw(img).text((2, 2), "1.626,61", fill="black")
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    tiff = io.BytesIO()
    frames = [Image.new("L", (30 + i, 20), 255) for i in range(3)]
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    pdf = io.BytesIO()
    c = canvas.Canvas(pdf, pagesize=(144, 144))
    for text in ("Montant : 1.626,61 EUR", "Recours dans les 30 jours"):
        c.drawString(10, 100, text)
        c.rect(10, 10, 50, 50, fill=1)
        c.showPage()
    c.save()
    exif = Image.Exif()
    exif[0x0112] = 6
    return {
        "jpeg": _img("JPEG", quality=80, exif=exif),
        "jpeg-progressive": _img("JPEG", progressive=True),
        "png": _img("PNG"),
        "png-palette": _img("PNG", mode="P"),
        "tiff": tiff.getvalue(),
        "webp": _img("WEBP"),
        "pdf": pdf.getvalue(),
    }


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        pos = rng.randrange(len(out))
        op = rng.random()
        if op < 0.35:
            out[pos] ^= 1 << rng.randrange(8)
        elif op < 0.5:
            out[pos] = rng.choice([0, 0xFF, 0x7F, 0x80])
        elif op < 0.6:
            del out[max(8, pos):]
        elif op < 0.75:
            out[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif op < 0.85:
            out[pos:pos] = out[pos : pos + rng.randint(1, 128)]
        elif op < 0.95:
            del out[pos : pos + rng.randint(1, 32)]
        else:  # big numbers in headers: sizes, counts, offsets
            out[pos : pos + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff", b"\x00\x00\x00\x00"])
    return bytes(out)


def run_case(data: bytes) -> str:
    try:
        pages = list(parse_in_sandbox(data))
        return f"ok ({'pages' if len(pages) != 1 else 'page'})"
    except UserError as exc:
        return getattr(exc, "parse_kind", type(exc).__name__)
    except Exception as exc:  # a bug: something escaped as a traceback
        return f"BUG {type(exc).__name__}"


def _worker_init() -> None:
    from volunteer_desk.letters.sandbox_child import _limit_resources

    _limit_resources()


def parse_case(data: bytes) -> str:
    """Runs in a worker process: the same code and limits as the sandbox child."""
    from volunteer_desk.letters.parse import ParseError, parse_bytes

    try:
        pages = list(parse_bytes(data))
        return f"ok ({'pages' if len(pages) != 1 else 'page'})"
    except ParseError as exc:
        return exc.kind
    except MemoryError:
        return "too_large"
    except Exception as exc:
        return f"BUG {type(exc).__name__}"


def run_pooled(cases: list[tuple[str, bytes]], workers: int) -> tuple[collections.Counter[str], float]:
    """All cases through the parser in worker processes; a dead worker = crash, > 10 s = hang."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    tally: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    i = 0
    chunk = 200
    while i < len(cases):
        batch = cases[i : i + chunk]
        pool = ProcessPoolExecutor(workers, initializer=_worker_init)
        futures = [pool.submit(parse_case, data) for _, data in batch]
        broken = False
        for j, future in enumerate(futures):
            try:
                tally[future.result(timeout=10 * 3)] += 1
            except FutureTimeout:
                tally["timeout"] += 1
                broken = True
            except BrokenProcessPool:
                # Re-run the rest of the batch one by one to find which case killed the worker.
                for _, data in batch[j:]:
                    single = ProcessPoolExecutor(1, initializer=_worker_init)
                    try:
                        tally[single.submit(parse_case, data).result(timeout=30)] += 1
                    except BrokenProcessPool:
                        tally["crashed"] += 1
                    except FutureTimeout:
                        tally["timeout"] += 1
                    single.shutdown(wait=False, cancel_futures=True)
                broken = True
                break
        pool.shutdown(wait=not broken, cancel_futures=True)
        i += chunk
        if i % 2000 == 0:
            print(f"  {i} cases, {time.perf_counter() - start:.0f} s", flush=True)
    return tally, time.perf_counter() - start


def report(tally: collections.Counter[str]) -> None:
    for outcome, count in tally.most_common():
        print(f"  {outcome:20} {count:6}")
    bugs = sum(v for k, v in tally.items() if k.startswith("BUG"))
    print(f"  => crashes: {tally['crashed']}  hangs: {tally['timeout']}  escaped exceptions: {bugs}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--sandboxed", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = seeds()
    names = sorted(base)
    cases = []
    for _ in range(args.cases):
        name = rng.choice(names)
        cases.append((name, mutate(base[name], rng)))
    workers = os.cpu_count() or 1
    print(f"part 1: {args.cases} cases over {len(names)} seed files, parser in {workers} limited worker processes")
    tally, elapsed = run_pooled(cases, workers)
    print(f"done in {elapsed:.0f} s ({elapsed / args.cases * 1000:.1f} ms a case)")
    report(tally)

    sandboxed = cases[: args.sandboxed]
    print(f"\npart 2: {len(sandboxed)} of these cases through the real sandbox, {workers} children at a time")
    start = time.perf_counter()
    tally = collections.Counter()
    per_format: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    slowest = 0.0

    def timed(case: tuple[str, bytes]) -> tuple[str, str, float]:
        t = time.perf_counter()
        outcome = run_case(case[1])
        return case[0], outcome, time.perf_counter() - t

    with ThreadPoolExecutor(workers) as pool:
        for i, (name, outcome, seconds) in enumerate(pool.map(timed, sandboxed), 1):
            tally[outcome] += 1
            per_format[name][outcome] += 1
            slowest = max(slowest, seconds)
            if i % 500 == 0:
                print(f"  {i} cases, {time.perf_counter() - start:.0f} s", flush=True)
    elapsed = time.perf_counter() - start
    if sandboxed:
        print(f"done in {elapsed:.0f} s ({elapsed / len(sandboxed) * 1000:.0f} ms a case, slowest {slowest:.1f} s)")
    report(tally)
    for name in names:
        print(f"  {name:17} " + ", ".join(f"{k} {v}" for k, v in per_format[name].most_common()))


if __name__ == "__main__":
    main()
