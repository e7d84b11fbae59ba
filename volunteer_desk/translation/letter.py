"""Translate a letter paragraph by paragraph, protecting names, numbers and administrative terms.

OCR text → paragraphs (lines joined, end-of-line hyphenation undone, short lines such as address
blocks kept apart) → mask (names, dates, amounts, IBAN, references, glossary terms…) → split into
sentences → translate all sentences of the letter in batches → restore every protected item →
paragraphs side by side with glossary explanations in the family's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.translation import coverage, masking
from volunteer_desk.translation.engine import TranslationEngine, default_engine
from volunteer_desk.translation.glossary import Glossary
from volunteer_desk.translation.sentences import split_long

_BULLET = re.compile(r"^\s*(?:[-•*–]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
_HYPHEN_END = re.compile(r"(\w)[-‐]$")
_NOTHING_TO_TRANSLATE = re.compile(r"^[\W\d_]*$")


@dataclass
class GlossaryHit:
    term_id: str
    text: str          # as written in the letter
    explanation: str   # in the family's language (or the fallback named by explanation_language)
    explanation_language: str


@dataclass
class ParagraphTranslation:
    source: str
    translation: str
    glossary: list[GlossaryHit] = field(default_factory=list)


@dataclass
class LetterTranslation:
    source_language: str
    target_language: str
    paragraphs: list[ParagraphTranslation]
    via_english: bool
    pivot: str | None
    label: str
    warnings: list[str]
    glossary_source: str = ""
    glossary_date: str = ""

    @property
    def glossary(self) -> list[GlossaryHit]:
        """Each term once, in order of first appearance."""
        seen: dict[str, GlossaryHit] = {}
        for p in self.paragraphs:
            for hit in p.glossary:
                seen.setdefault(hit.term_id, hit)
        return list(seen.values())

    def to_dict(self) -> dict:
        return {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "machine_translation": True,
            "label": self.label,
            "via_english": self.via_english,
            "pivot": self.pivot,
            "warnings": self.warnings,
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "glossary": [asdict(h) for h in self.glossary],
            "glossary_source": self.glossary_source,
            "glossary_date": self.glossary_date,
        }


def rebuild_paragraphs(text: str) -> list[str]:
    """Paragraphs from OCR lines: blank lines separate; wrapped lines are joined; short lines
    (address blocks, headings, signatures) and list items stay on their own; 'adminis-\\ntration'
    becomes 'administration' while 'Saint-\\nJean' keeps its hyphen."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")]
    widths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if not widths:
        return []
    wrap_width = widths[int(len(widths) * 0.8)] if len(widths) >= 3 else widths[-1]
    short = max(20, int(wrap_width * 0.6))
    paragraphs: list[str] = []
    current = ""
    prev_short = True
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
            current, prev_short = "", True
            continue
        if current and (prev_short or _BULLET.match(line)) and not _HYPHEN_END.search(current):
            paragraphs.append(current)
            current = ""
        if not current:
            current = line
        elif _HYPHEN_END.search(current) and line[:1].islower():
            current = current[:-1] + line  # end-of-line hyphenation
        elif current.endswith(("-", "‐")):
            current = current + line       # a real compound split at the line end: keep the hyphen
        else:
            current = f"{current} {line}"
        prev_short = len(line) < short
    if current:
        paragraphs.append(current)
    return paragraphs


def translate_letter(
    text: str,
    source: str,
    target: str,
    *,
    names: Iterable[str] = (),
    engine: TranslationEngine | None = None,
    glossary: Glossary | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LetterTranslation:
    """Translate OCR text of a letter. Raises InterpreterNeeded / MissingDependency without a model."""
    engine = engine or default_engine()
    glossary = glossary or Glossary.load()
    names = [n for n in names if n and n.strip()]
    route = engine.route(source, target)
    paragraphs = rebuild_paragraphs(text)

    masked_paras: list[masking.Masked] = []
    hits_per_para: list[list[GlossaryHit]] = []
    next_index = 0
    for para in paragraphs:
        terms = glossary.find_terms(para, coverage.model_code(source))
        extra = [masking.Span(h.start, h.end, "glossary", h.term_id) for h in terms]
        m = masking.mask(para, names=names, extra=extra, first_index=next_index)
        next_index += len(m.items)
        masked_paras.append(m)
        hits: dict[str, GlossaryHit] = {}
        for item in m.items:
            if item.kind == "glossary" and item.term_id not in hits:
                exp = glossary.explain(item.term_id, target)
                hits[item.term_id] = GlossaryHit(item.term_id, item.text, exp.text, exp.language)
        hits_per_para.append(list(hits.values()))

    # Sentences of every paragraph go to the model together (batching), then are put back in place.
    sentence_of: list[tuple[int, str]] = []
    for p_index, m in enumerate(masked_paras):
        for sentence in engine.split_sentences(m.text, route):
            for piece in split_long(sentence):
                sentence_of.append((p_index, piece))
    to_model = [(k, s) for k, (_p, s) in enumerate(sentence_of) if not _NOTHING_TO_TRANSLATE.match(
        masking._PLACEHOLDER.sub("", s))]
    result = engine.translate([s for _k, s in to_model], source, target, progress, cancel, route=route)
    translated = [s for _p, s in sentence_of]  # nothing-to-translate pieces pass through unchanged
    for (k, _s), out in zip(to_model, result.texts, strict=True):
        translated[k] = out

    out_paras: list[ParagraphTranslation] = []
    for p_index, (para, m) in enumerate(zip(paragraphs, masked_paras, strict=True)):
        originals = {item.index: item.text for item in m.items}
        pieces = []
        seen: set[int] = set()
        for k, (owner, src_sentence) in enumerate(sentence_of):
            if owner != p_index:
                continue
            expected = masking.placeholders_in(src_sentence)
            pieces.append(masking.restore(translated[k], expected, originals))
            seen.update(expected)
        lost = [originals[i] for i in sorted(originals) if i not in seen]  # a splitter ate one: never lose it
        if lost:
            pieces.append(" ".join(lost))
        out_paras.append(ParagraphTranslation(para, " ".join(p for p in pieces if p), hits_per_para[p_index]))

    label = _("Machine translation (via English)") if route.via_english else _("Machine translation")
    warnings = [_("Machine translation: it can be wrong. Check deadlines, amounts and decisions with the original.")]
    weak = coverage.weak_warning(target)
    if weak and route.legs:
        warnings.append(weak)
    return LetterTranslation(source, target, out_paras, route.via_english, route.pivot, label, warnings,
                             glossary.source, glossary.date)
