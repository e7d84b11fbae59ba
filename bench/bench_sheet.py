"""Benchmark: one family sheet (facts → content → PDF) plus its recording, for Arabic and Ukrainian.

Anchor, measured in the same run: bare `espeak-ng` reading the same text to stdout. Target: sheet +
audio ≤ 2 s. Run: .venv/bin/python bench/bench_sheet.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.sheet.conftest import LETTER  # noqa: E402
from volunteer_desk.family.model import Letter  # noqa: E402
from volunteer_desk.sheet.content import build_sheet  # noqa: E402
from volunteer_desk.sheet.render import render_sheet_pdf  # noqa: E402
from volunteer_desk.sheet.speech import VOICES, speak  # noqa: E402

RUNS = 5


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    letter = Letter(id="L", text=LETTER, language="fr")
    render_sheet_pdf(build_sheet(letter, None, "fr", "Sam", "0470"))  # warm-up: fonts, babel, patterns
    print(f"{'lang':5} {'chars':>5} {'content':>8} {'pdf':>7} {'audio':>7} {'total':>7} {'bare espeak':>11} "
          f"{'total/bare':>10} {'audio s':>7}")
    worst = 0.0
    for lang in ("ar", "uk", "fr", "fa"):
        totals, contents, pdfs, audios, bares = [], [], [], [], []
        for _ in range(RUNS):
            t_content, sheet = timed(lambda lang=lang: build_sheet(letter, None, lang, "Sam", "0470 11 22 33"))
            t_pdf, _pdf = timed(lambda sheet=sheet: render_sheet_pdf(sheet))
            text = sheet.text()
            t_audio, wav = timed(lambda text=text, lang=lang: speak(text, lang))
            t_bare, _ = timed(lambda text=text, lang=lang: subprocess.run(
                ["espeak-ng", "-v", VOICES[lang], "--stdin", "--stdout"], input=text.encode(),
                capture_output=True, check=True))
            contents.append(t_content)
            pdfs.append(t_pdf)
            audios.append(t_audio)
            bares.append(t_bare)
            totals.append(t_content + t_pdf + t_audio)
        med = statistics.median
        worst = max(worst, max(totals))
        seconds = (len(wav) - 44) / 44100
        print(f"{lang:5} {len(text):5d} {med(contents):8.3f} {med(pdfs):7.3f} {med(audios):7.3f} "
              f"{med(totals):7.3f} {med(bares):11.3f} {med(totals) / med(bares):10.2f} {seconds:7.1f}")
    print(f"worst sheet+audio over {RUNS} runs per language: {worst:.3f} s (target ≤ 2 s) -> "
          f"{'OK' if worst <= 2 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
