"""Letter facts: precision/recall on the held-out letters and time per letter.

Run: .venv/bin/python bench/bench_facts.py
Anchor (same run): one pass of a bare numeric-date regex over each letter; the extractor's time is
reported as a ratio to it, so figures compare across machines.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from volunteer_desk.letters.facts import extract_facts  # noqa: E402
from volunteer_desk.letters.facts.evaluate import evaluate_folder, summary  # noqa: E402

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "letters" / "facts_corpus" / "heldout"
ROUNDS = 20


def main() -> None:
    scores = evaluate_folder(HELDOUT)  # also warms caches (compiled patterns, JSON data)
    s = summary(scores)
    print(f"held-out letters: {s['letters']}")
    print(f"deadlines   recall {s['deadline_recall']:.1%}  precision {s['deadline_precision']:.1%}  "
          f"max false per letter {s['max_false_deadlines_per_letter']}")
    print(f"appointments recall {s['appointment_recall']:.1%}  precision {s['appointment_precision']:.1%}")
    print(f"amounts     recall {s['amount_recall']:.1%}")
    for key in ("letter_date", "sender_kind", "kind", "ibans", "appeal"):
        print(f"{key:<12} accuracy {s[key + '_accuracy']:.1%}")
    for sc in scores:
        if sc.matched_deadlines < sc.expected_deadlines or sc.false_deadlines or sc.missing_amounts:
            print(f"  miss: {sc.name}: deadlines {sc.matched_deadlines}/{sc.expected_deadlines}, "
                  f"false {sc.false_deadlines}, missing amounts {sc.missing_amounts}")

    texts = [p.read_text(encoding="utf-8") for p in sorted(HELDOUT.glob("*.txt"))]
    anchor_rx = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
    anchor, full = [], []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for t in texts:
            anchor_rx.findall(t)
        anchor.append((time.perf_counter() - t0) / len(texts))
        t0 = time.perf_counter()
        for t in texts:
            extract_facts(t)
        full.append((time.perf_counter() - t0) / len(texts))
    a, f = statistics.median(anchor), statistics.median(full)
    chars = statistics.mean(len(t) for t in texts)
    print(f"time per letter (median of {ROUNDS} rounds, {chars:.0f} chars avg): {f * 1000:.2f} ms; "
          f"anchor regex scan {a * 1e6:.1f} µs; ratio {f / a:.0f}x")


if __name__ == "__main__":
    main()
