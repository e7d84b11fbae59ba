"""Page-by-page CER of our pipeline only (no bare tesseract, no timing): to check a speed change reads the same.

Corpus: bench_ocr.py's 24 pages (clean, skewed noisy, phone, sideways; seeds 0–5) and
bench_ocr_process.py's 6 (phone and clean, seeds 100–102). ``--save FILE`` writes the per-page CER;
``--against FILE`` prints the pages whose CER changed and the mean before and after.

    .venv/bin/python bench/ocr_cer_check.py [--save before.json] [--against before.json] [--tree DIR] [--one-by-one]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--save", type=Path)
parser.add_argument("--against", type=Path)
parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
parser.add_argument("--one-by-one", action="store_true",
                    help="each page as a one-page letter (as the ocr verb reads it: in bands over the cores)")
args = parser.parse_args()
sys.path.insert(0, str(args.tree.resolve()))

from volunteer_desk.letters.intake import load_pages  # noqa: E402
from volunteer_desk.letters.ocr import ocr_pages  # noqa: E402
from volunteer_desk.letters.samples import cer, render_sample, sample_letter_text  # noqa: E402

BENCH_OCR = {"clean scan": ["clean"], "skewed noisy scan": ["scan_skewed"], "phone photo": ["phone"],
             "sideways": ["sideways_90", "sideways_180", "sideways_270"]}
FRENCH = ("cpas_decision", "cpas_convocation", "rent_notice")


def corpus() -> list[tuple[str, str, bytes]]:
    items = []
    for variants in BENCH_OCR.values():
        for i in range(6):
            sample = render_sample(sample_letter_text(FRENCH[i % 3]), variants[i % len(variants)], seed=i)
            items.append((f"{variants[i % len(variants)]}-{i}", sample.text, sample.image))
    for variant in ("phone", "clean"):
        for i in range(3):
            sample = render_sample(sample_letter_text(FRENCH[i % 3]), variant, seed=100 + i)
            items.append((f"{variant}-{100 + i}", sample.text, sample.image))
    return items


def main() -> None:
    items = corpus()
    if args.one_by_one:
        texts = [ocr_pages(load_pages([image], grey=True), lang="fra").text for _, _, image in items]
    else:
        texts = [page.text for page in ocr_pages(load_pages([image for _, _, image in items], grey=True), lang="fra").pages]
    scores = {name: cer(truth, text) for (name, truth, _), text in zip(items, texts, strict=True)}
    first24 = list(scores)[:24]
    print(f"tree {args.tree}: mean CER {statistics.mean(scores.values()):.3%} on {len(scores)} pages; "
          f"bench_ocr's 24: {statistics.mean(scores[n] for n in first24):.3%}; "
          f"bench_ocr_process's 6: {statistics.mean(scores[n] for n in list(scores)[24:]):.3%}")
    if args.against:
        before = json.loads(args.against.read_text())
        changed = [(n, before[n], s) for n, s in scores.items() if abs(before.get(n, -1) - s) > 1e-9]
        for name, old, new in changed:
            print(f"  {name:16} {old:.3%} → {new:.3%}")
        print(f"  {len(changed)} page(s) changed; mean before {statistics.mean(before.values()):.3%}, "
              f"after {statistics.mean(scores.values()):.3%}")
    if args.save:
        args.save.write_text(json.dumps(scores, indent=1))


if __name__ == "__main__":
    main()
