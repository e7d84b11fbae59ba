"""Benchmark: a one-page letter through the project vs raw CTranslate2 on the same model, same run.

Builds a fixture model big enough to measure (random weights: 4+4 layers, d_model 256, ffn 1024),
installs it in a throw-away data folder, then times:
  project  translate_letter(): paragraphs, masking, MiniSBD splitting, tokenizing, batches, restore
  raw      Translator.translate_batch() on the very sentences the project sent, pre-tokenized
           (same model folder, threads, beam, length penalty and decoding cap)
and the first letter (includes loading) against a second, different letter (must not reload).

Run: .venv/bin/python bench/bench_translate.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["VOLUNTEER_DESK_DATA"] = tempfile.mkdtemp(prefix="vd_bench_")

from tests.fixtures.argos_builder import build_argos_package  # noqa: E402
from volunteer_desk.translation.engine import TranslationEngine  # noqa: E402
from volunteer_desk.translation.letter import translate_letter  # noqa: E402
from volunteer_desk.translation.packages import ModelManager  # noqa: E402

PARAGRAPHS = [
    "CPAS de Liège\nService social\nPlace Saint-Jacques 13\n4000 Liège",
    "Madame Amina HADDAD\nRue de la Station 12 bte 3\n4020 Liège",
    "Liège, le 14 mars 2025\nN/Réf. : SS/2025/00417 – Dossier n° 88213",
    "Objet : décision relative à votre demande de revenu d'intégration sociale",
    "Madame,",
    "Suite à votre demande du 3 février 2025 et à l'enquête sociale réalisée à votre domicile, le Comité "
    "spécial du service social a décidé de vous octroyer le revenu d'intégration au taux famille à charge, "
    "soit un montant mensuel de 1.626,61 €, à partir du 1er mars 2025. Ce montant sera versé chaque mois "
    "sur votre compte BE68 5390 0754 7034. Votre NISS 85.07.30-033.61 figure sur la décision.",
    "Cette aide est liée à la signature d'un projet individualisé d'intégration sociale (PIIS). Votre "
    "assistante sociale, Mme Dupont, vous attend le 24 mars 2025 à 10h00 pour en discuter. Merci "
    "d'apporter votre titre de séjour, une composition de ménage récente et vos extraits de compte des "
    "trois derniers mois. Si vous ne pouvez pas venir, prévenez-nous au 04 220 58 11.",
    "Le CPAS accepte également de prendre en charge la garantie locative de 1 400,00 € sous forme de "
    "garantie bancaire, ainsi qu'une prime d'installation. Les frais de dossier de 11,20 EUR restent à "
    "votre charge. Vous devez informer le CPAS de tout changement de votre situation.",
    "Vous pouvez introduire un recours contre cette décision auprès du tribunal du travail de Liège, "
    "dans les trois mois de sa notification. Le recours est gratuit. Vous pouvez aussi demander des "
    "explications à votre assistante sociale ou au service de médiation de dettes.",
    "Veuillez agréer, Madame, l'expression de nos salutations distinguées.",
    "Le Secrétaire général,                  Le Président,\nJ. Martin                              P. Lambert",
]
LETTER_1 = "\n\n".join(PARAGRAPHS)
LETTER_2 = LETTER_1.replace("revenu d'intégration", "aide sociale").replace("Amina HADDAD", "Olena KOVALENKO")
NAMES = ["Amina Haddad", "Olena Kovalenko"]
REPEATS = 7
MAX_DECODE = 96  # same cap for both paths: random weights rarely stop early


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vd_bench_pkg_"))
    t0 = time.perf_counter()
    pkg = build_argos_package(tmp / "fr_en_big.argosmodel", "fr", "en", mode="random", layers=4, d_model=256,
                              heads=4, d_ff=1024, vocab_size=1000, seed=1)
    build_s = time.perf_counter() - t0
    manager = ModelManager()
    model = manager.install(pkg).installed[0]
    params = sum(f.stat().st_size for f in (model.path / "model").glob("model.bin")) / 4 / 1e6
    print(f"fixture model: 4+4 layers, d_model 256, ffn 1024, ~{params:.1f} M params "
          f"({pkg.stat().st_size / 1e6:.1f} MB package, built in {build_s:.1f} s)")

    engine = TranslationEngine(manager, max_decoding_length=MAX_DECODE)
    sent: list[list[str]] = []
    original = engine.translate

    def recording(sentences, *a, **kw):
        sent.append(list(sentences))
        return original(sentences, *a, **kw)

    engine.translate = recording  # type: ignore[method-assign]
    t0 = time.perf_counter()
    translate_letter(LETTER_1, "fr", "en", names=NAMES, engine=engine)
    first_s = time.perf_counter() - t0
    loads_after_first = engine.loads
    t0 = time.perf_counter()
    translate_letter(LETTER_2, "fr", "en", names=NAMES, engine=engine)
    second_s = time.perf_counter() - t0
    loads_after_second = engine.loads
    engine.translate = original  # type: ignore[method-assign]

    import ctranslate2

    loaded = engine.load(model)
    sentences = sent[0]
    tokens = [loaded.package.tokenizer.encode(s) for s in sentences]
    raw = ctranslate2.Translator(str(model.path / "model"), device="cpu", inter_threads=1,
                                 intra_threads=engine.threads, compute_type="auto")

    def run_raw() -> None:
        raw.translate_batch(tokens, beam_size=engine.beam_size, num_hypotheses=1, replace_unknowns=True,
                            length_penalty=0.2, max_decoding_length=MAX_DECODE)

    def run_project() -> None:
        translate_letter(LETTER_1, "fr", "en", names=NAMES, engine=engine)

    run_raw()  # warm-up
    project_times, raw_times = [], []
    for _ in range(REPEATS):  # interleaved so drift hits both alike
        t0 = time.perf_counter()
        run_project()
        project_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        run_raw()
        raw_times.append(time.perf_counter() - t0)
    p, r = statistics.median(project_times), statistics.median(raw_times)
    n_tokens = sum(len(t) for t in tokens)
    print(f"letter: {len(LETTER_1)} chars, {len(PARAGRAPHS)} blocks, {len(sentences)} sentences to the model, "
          f"{n_tokens} source tokens; beam {engine.beam_size}, {engine.threads} threads, cap {MAX_DECODE}")
    print(f"raw ctranslate2 translate_batch (anchor): median {r * 1000:.0f} ms over {REPEATS}")
    print(f"project translate_letter:                median {p * 1000:.0f} ms over {REPEATS}")
    print(f"ratio project / raw: {p / r:.2f}x   (target <= 1.15x)")
    print(f"first letter (loads model): {first_s * 1000:.0f} ms, loads={loads_after_first}; "
          f"second letter: {second_s * 1000:.0f} ms, loads={loads_after_second} "
          f"({'no reload' if loads_after_second == loads_after_first else 'RELOADED'})")


if __name__ == "__main__":
    main()
