"""Handover packet benchmark: 10 two-page letters (synthetic scans and phone photos at 200 dpi) and
3 catalogue forms, built from an encrypted family file. Target: ≤ 3 s, ≤ 400 KB per scanned page.

Anchor (same run): rendering one small catalogue form (reportlab, 2 pages) — the packet's cost is
reported as a multiple of it. Run: .venv/bin/python bench/bench_packet.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from volunteer_desk.core.paths import resource  # noqa: E402
from volunteer_desk.family import snapshot  # noqa: E402
from volunteer_desk.family.letters_store import add_letter  # noqa: E402
from volunteer_desk.letters.samples import KINDS, render_page, sample_letter_text  # noqa: E402
from volunteer_desk.packet.build import build_packet  # noqa: E402
from volunteer_desk.packet.merge import page_count  # noqa: E402
from volunteer_desk.packet.request import PacketRequest  # noqa: E402
from volunteer_desk.packet.selection import render_form  # noqa: E402
from volunteer_desk.vault import Vault  # noqa: E402
from volunteer_desk.vault.crypto import FLOOR_COST  # noqa: E402

DEMO = resource("demo", "family.json")
FORMS = ("cpas_aide_sociale", "cpas_prime_installation", "aide_juridique_baj")
VARIANTS = ("clean", "scan_skewed", "phone")
TODAY = date(2026, 11, 20)


def median_time(fn, repeat: int = 3) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), result


def cpu_time(fn) -> float:
    """CPU seconds of this process (all threads): what the build costs, whatever else the machine runs."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        session = Vault.init(Path(tmp) / "vault", "admin", "bench passphrase", kdf_cost=FLOOR_COST)
        fid, _ = session.create_family("Famille Bench")
        t = time.perf_counter()
        with session.open_family(fid) as ff:
            snapshot.import_into(ff, json.loads(DEMO.read_text()))
            raw_sizes = []
            for n in range(10):
                text = sample_letter_text(KINDS[n % len(KINDS)])
                pages = [render_page(text, VARIANTS[(n + k) % 3], seed=n * 2 + k, dpi=200) for k in range(2)]
                raw_sizes += [len(p) for p in pages]
                add_letter(ff, pages, "image/png", f"Courrier {n + 1}", text=text, received_on=f"2026-10-{n + 1:02d}",
                           sender="CPAS", translations={"ar": {"paragraphs": [
                               {"source": p, "translation": "ترجمة آلية للفقرة."} for p in text.split("\n\n")]}})
            snap = snapshot.load(ff)
        setup = time.perf_counter() - t

        render_form(FORMS[1], snap)  # warm fonts and the form catalogue once, like a running app
        anchor, _ = median_time(lambda: render_form(FORMS[1], snap))
        # everything ticked
        picked = PacketRequest("cpas", "fr", TODAY, letter_ids=tuple(lt.id for lt in snap.letters), form_ids=FORMS)
        with session.open_family(fid, read_only=True) as ff:
            build_packet(snap, ff, picked)  # warm-up (imports, font subsets)
            elapsed, pdf = median_time(lambda: build_packet(snap, ff, picked))
            cpu = cpu_time(lambda: build_packet(snap, ff, picked))

        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        doc = pdfium.PdfDocument(pdf)
        image_sizes = [len(obj.get_data(decode_simple=False)) for page in doc
                       for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
        doc.close()
        print(f"setup (render 20 synthetic pages at 200 dpi, store encrypted): {setup:.2f} s")
        print(f"input page images: {len(raw_sizes)}, median {statistics.median(raw_sizes) / 1024:.0f} KB, "
              f"max {max(raw_sizes) / 1024:.0f} KB")
        print(f"anchor: one 2-page catalogue form rendered: {anchor * 1000:.0f} ms")
        print(f"packet: {elapsed:.2f} s (target ≤ 3 s) = {elapsed / anchor:.1f}× anchor; "
              f"{page_count(pdf)} pages, {len(pdf) / 1024:.0f} KB")
        print(f"packet CPU time (all threads): {cpu:.2f} s; load average now: {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
        print(f"scanned pages in the packet: {len(image_sizes)}, median {statistics.median(image_sizes) / 1024:.0f} KB, "
              f"max {max(image_sizes) / 1024:.0f} KB (target ≤ 400 KB)")
        busy = os.getloadavg()[0] > (os.cpu_count() or 1)
        fast = elapsed <= 3.0 or (busy and cpu <= 3.0)  # on a busy machine, judge the CPU it costs
        ok = fast and max(image_sizes) <= 400 * 1024 and len(image_sizes) == 20
        print(("OK" if ok else "OVER TARGET") + (" (machine busy: judged on CPU time)" if busy and elapsed > 3 else ""))
        session.close()
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
