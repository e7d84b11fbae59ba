"""Offline translation engine: argos packages, loaded once, batched through CTranslate2, via English.

argos gives us the package format (metadata, tokenizer, packaged sentence splitter); we drive
CTranslate2 ourselves so a whole letter goes through in a few batches (argos translates paragraph by
paragraph), with progress per sentence and cancellation between batches. A loaded model stays in
memory, so the second letter pays no reload. Nothing here touches the network.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from volunteer_desk.core.errors import MissingDependency
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.translation import coverage
from volunteer_desk.translation.argos_env import argos
from volunteer_desk.translation.packages import InstalledModel, ModelManager
from volunteer_desk.translation.sentences import merge_abbreviations, split_regex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    legs: tuple[InstalledModel, ...]

    @property
    def via_english(self) -> bool:
        return len(self.legs) == 2

    @property
    def pivot(self) -> str | None:
        return coverage.PIVOT if self.via_english else None


@dataclass
class LoadedModel:
    model: InstalledModel
    package: Any      # argostranslate.package.Package
    translator: Any   # ctranslate2.Translator
    _splitter: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def split(self, text: str) -> list[str]:
        """The package's own sentence splitter (MiniSBD), or our regex for stanza-only packages."""
        if self.model.splitter != "minisbd":
            return split_regex(text)
        with self._lock:
            if self._splitter is None:
                self._splitter = argos().sbd.MiniSBDSentencizer(self.package)
            parts = self._splitter.split_sentences(text)
        if not _covers(text, parts):  # a splitter that drops words would drop them from the translation
            log.warning("the sentence splitter of %s lost text; using the regex splitter", self.model.pair)
            return split_regex(text)
        return merge_abbreviations(parts)


def _covers(text: str, parts: list[str]) -> bool:
    """True when the sentences hold every character of ``text`` in order (whitespace aside)."""
    return "".join("".join(parts).split()) == "".join(text.split())


@dataclass(frozen=True)
class EngineResult:
    texts: list[str]
    route: Route


class TranslationEngine:
    """Keep one per process (see ``default_engine``): it owns the loaded models."""

    # A batch is decoded as one: a one-page letter (~20-40 sentences) in a single batch costs what raw
    # CTranslate2 costs (16 made two decoding passes: 1.54x); cancel and progress stay per batch.
    def __init__(self, manager: ModelManager | None = None, *, beam_size: int = 4, batch_size: int = 48,
                 threads: int | None = None, max_decoding_length: int | None = None) -> None:
        self.manager = manager or ModelManager()
        self.beam_size = beam_size
        self.batch_size = batch_size
        self.threads = threads or min(4, os.cpu_count() or 1)
        self.max_decoding_length = max_decoding_length  # None: from the source length (decoding_limit)
        self._loaded: dict[tuple[str, int], LoadedModel] = {}
        self._lock = threading.Lock()
        self.loads = 0  # how many times a model was read from disk (tests, benchmark)

    # ------------------------------------------------------------------ routes ---
    def route(self, source: str, target: str) -> Route:
        """How to go from source to target with installed models; a clear error if there is no way."""
        models = {(m.from_code, m.to_code): m for m in self.manager.list_models()}
        legs = coverage.route_pairs(source, target, set(models))
        if legs is not None:
            return Route(source, target, tuple(models[leg] for leg in legs))
        for code in (target, source):
            info = coverage.language(code)
            if info is not None and not info.argos:
                raise coverage.InterpreterNeeded(coverage.coverage(code, source).message)
        src, dst = coverage.model_code(source), coverage.model_code(target)
        missing = [f"{a}-{b}" for a, b in ((src, coverage.PIVOT), (coverage.PIVOT, dst)) if (a, b) not in models]
        raise MissingDependency(
            _("No translation model for {source} → {target} is installed (missing: {missing}).").format(
                source=coverage.display_name(source), target=coverage.display_name(target),
                missing=", ".join(missing)),
            hint=_("Install a model pack: models install FILE_OR_FOLDER."),
        )

    # ------------------------------------------------------------------ models ---
    def load(self, model: InstalledModel) -> LoadedModel:
        """The loaded model, from the cache when the package on disk is unchanged."""
        try:
            stamp = (model.path / "metadata.json").stat().st_mtime_ns
        except OSError as exc:
            raise MissingDependency(_("A translation model was removed while in use.")) from exc
        key = (str(model.path), stamp)
        with self._lock:
            cached = self._loaded.get(key)
            if cached is not None:
                return cached
            # lazy: keeps ctranslate2 out of start-up until this runs
            import ctranslate2

            try:
                package = argos().package.Package(model.path)
                translator = ctranslate2.Translator(
                    str(model.path / "model"), device="cpu", inter_threads=1, intra_threads=self.threads,
                    compute_type="auto")
            except Exception as exc:  # ctranslate2/argos raise RuntimeError/ValueError/OSError alike
                raise MissingDependency(
                    _("The translation model {pair} could not be loaded; reinstall it.").format(pair=model.pair)
                ) from exc
            # Drop stale entries for the same folder (package replaced on disk).
            for old in [k for k in self._loaded if k[0] == key[0]]:
                del self._loaded[old]
            loaded = LoadedModel(model, package, translator)
            self._loaded[key] = loaded
            self.loads += 1
            return loaded

    def unload_all(self) -> None:
        with self._lock:
            self._loaded.clear()

    # ----------------------------------------------------------- translating ---
    def split_sentences(self, text: str, route: Route) -> list[str]:
        if not route.legs:
            return split_regex(text)
        return self.load(route.legs[0]).split(text)

    def translate(self, sentences: Sequence[str], source: str, target: str, progress: Progress = no_progress,
                  cancel: CancelToken | None = None, route: Route | None = None) -> EngineResult:
        """Translate sentences (already split), through English if needed. Order is kept."""
        route = route or self.route(source, target)
        texts = list(sentences)
        total = len(texts) * max(1, len(route.legs))
        done = 0
        for leg in route.legs:
            loaded = self.load(leg)

            def step(n: int, base: int = done) -> None:
                progress(base + n, total, _("Translating"))

            texts = self._run(loaded, texts, step, cancel)
            done += len(texts)
        progress(total, total, _("Translating"))
        return EngineResult(texts, route)

    def _run(self, loaded: LoadedModel, texts: list[str], step: Callable[[int], None],
             cancel: CancelToken | None) -> list[str]:
        pkg = loaded.package
        tokens = [pkg.tokenizer.encode(t) if t.strip() else [] for t in texts]
        todo = sorted((i for i, t in enumerate(tokens) if t), key=lambda i: len(tokens[i]))  # less padding
        out = [""] * len(texts)
        finished = len(texts) - len(todo)
        prefix = pkg.target_prefix or ""
        for start in range(0, len(todo), self.batch_size):
            if cancel is not None:
                cancel.raise_if_cancelled()
            chunk = todo[start:start + self.batch_size]
            batch = [tokens[i] for i in chunk]
            results = loaded.translator.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                beam_size=self.beam_size,
                num_hypotheses=1,
                replace_unknowns=True,
                length_penalty=0.2,
                max_decoding_length=self.max_decoding_length or decoding_limit(batch),
            )
            for i, result in zip(chunk, results, strict=True):
                out[i] = _decode(pkg, result.hypotheses[0], prefix)
            finished += len(chunk)
            step(finished)
        if cancel is not None:
            cancel.raise_if_cancelled()
        return out


def decoding_limit(batch: list[list[str]]) -> int:
    """Cap the output length: a translation is rarely 2× its source; a confused model must stop."""
    return min(512, 2 * max(len(t) for t in batch) + 16)


def _decode(pkg: Any, tokens: list[str], prefix: str) -> str:
    value = pkg.tokenizer.decode(tokens)
    if prefix and value.startswith(prefix):
        value = value[len(prefix):]
    return value.lstrip(" ")


_default: TranslationEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> TranslationEngine:
    """The process-wide engine (the UI, CLI and packet share its loaded models)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = TranslationEngine()
        return _default
