"""Prove a freshly unpacked translation model works before it replaces the installed one.

A package can be well-formed and still useless or hostile: a 100-byte ``model.bin``, a tokenizer or
sentence splitter that crashes or eats memory. ``probe_model(folder)`` loads the model in a child
process capped in address space and CPU time (``resource.setrlimit``) and on the wall clock, splits
and translates one sentence, and says yes or no. The app process never loads an unproven model.

Child: ``python -m volunteer_desk.translation.probe FOLDER`` (frozen builds: ``--model-probe-child``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from volunteer_desk.core.limits import cap_child_process
from volunteer_desk.translation.argos_env import argos
from volunteer_desk.translation.installed import read_installed

PROBE_SENTENCE = "Hello. This is a test."
MEMORY_LIMIT = 3 << 30   # address space: a 200 MB model with CTranslate2 and ONNX Runtime fits in 1.5 GB
CPU_LIMIT_S = 120        # backstop; the parent's wall-clock limit comes first
TIMEOUT_S = 90.0         # starting Python and loading a large model on a slow, busy PC
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def child_command(folder: Path) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--model-probe-child", str(folder)]
    return [sys.executable, "-m", "volunteer_desk.translation.probe", str(folder)]


def probe_model(folder: Path, timeout: float = TIMEOUT_S) -> str:
    """Empty when the model in ``folder`` loads and translates; else the reason (English, no data)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = _PACKAGE_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["OMP_THREAD_LIMIT"] = "1"
    try:
        proc = subprocess.run(child_command(folder), capture_output=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return "it took too long to load"
    except OSError:
        return "the check could not start"
    if proc.returncode == 0 and proc.stdout.strip() == b"ok":
        return ""
    if proc.returncode < 0:
        return "the model crashed the check"
    last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return "the model does not load" if not last[0].startswith("probe:") else last[0][6:].strip()


def _limit_resources() -> None:
    cap_child_process(MEMORY_LIMIT, CPU_LIMIT_S)


def child_main(argv: list[str]) -> int:
    _limit_resources()
    folder = Path(argv[0])
    # lazy: keeps ctranslate2 out of start-up until this runs
    import ctranslate2

    model = read_installed(folder)
    if model is None:
        print("probe: the package is incomplete", file=sys.stderr)
        return 3
    package = argos().package.Package(folder)
    if model.splitter == "minisbd":
        sentences = argos().sbd.MiniSBDSentencizer(package).split_sentences(PROBE_SENTENCE)
    else:
        sentences = [PROBE_SENTENCE]
    translator = ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1)
    tokens = [package.tokenizer.encode(s) for s in sentences if s.strip()]
    prefix = package.target_prefix or ""
    results = translator.translate_batch(tokens, target_prefix=[[prefix]] * len(tokens) if prefix else None,
                                         beam_size=1, max_decoding_length=32)
    outputs = [package.tokenizer.decode(r.hypotheses[0]) for r in results]
    if not tokens or len(outputs) != len(tokens):
        print("probe: the model gave no translation", file=sys.stderr)
        return 3
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
