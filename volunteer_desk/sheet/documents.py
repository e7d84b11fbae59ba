"""The requested documents in the family's language, each with the letter's own words kept under it
(the desk where the family brings them recognises the original words).

Where a document is a list item of the letter, the letter's translation already holds it: reused, no
model run. The others go through ``translate_letter`` together (names, numbers and glossary terms
protected the same way). No model for the family's language: the original words only, no error.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from volunteer_desk.core.errors import UserError
from volunteer_desk.translation import coverage
from volunteer_desk.translation.engine import default_engine
from volunteer_desk.translation.letter import translate_letter

log = logging.getLogger(__name__)

_EDGES = re.compile(r"^[\s\-•*–·▪◦]+|[\s;,.:]+$")


@dataclass(frozen=True)
class DocumentLine:
    text: str       # in the family's language, or the letter's words when there is no translation
    original: str   # the letter's words when ``text`` is a translation, else ""


def _core(text: str) -> str:
    """'- une copie de votre carte d'identité ;' → 'une copie de votre carte d'identité'."""
    return _EDGES.sub("", " ".join(text.split()))


def _from_paragraphs(paragraphs: list[dict[str, Any]]) -> dict[str, str]:
    """Letter words → translation, for paragraphs that are one short item (a list line)."""
    return {_core(p.get("source", "")).casefold(): _core(p.get("translation", ""))
            for p in paragraphs if p.get("source") and p.get("translation")}


def _engine_with_route(source: str, lang: str) -> Any:
    """The process-wide engine when installed models lead from ``source`` to ``lang``, else None."""
    engine = default_engine()
    try:
        engine.route(source, lang)
    except UserError:
        return None
    return engine


def _translate(documents: list[str], source: str, lang: str, engine: Any) -> dict[str, str]:
    engine = engine if engine is not None else _engine_with_route(source, lang)
    if engine is None:
        return {}
    try:  # one document per paragraph, all sentences in one batch
        tr = translate_letter("\n\n".join(documents), source, lang, engine=engine)
    except UserError as exc:  # no model / interpreter language / damaged model: originals only
        log.info("requested documents left untranslated: %s", type(exc).__name__)
        return {}
    return {_core(p.source).casefold(): _core(p.translation) for p in tr.paragraphs if p.translation.strip()}


def document_lines(documents: list[str], source: str, lang: str, paragraphs: list[dict[str, Any]] | None = None,
                   engine: Any = None) -> list[DocumentLine]:
    """One line per document: translated with the original under it when a translation exists.

    ``paragraphs``: the letter's translation (``LetterTranslation.to_dict()["paragraphs"]``) to reuse;
    ``engine``: a TranslationEngine for the rest (default: the process-wide one, if a route exists)."""
    if not documents or coverage.model_code(source) == coverage.model_code(lang):
        return [DocumentLine(d, "") for d in documents]
    known = _from_paragraphs(paragraphs or [])
    missing = [d for d in documents if _core(d).casefold() not in known]
    if missing:
        known.update(_translate(missing, source, lang, engine))
    out = []
    for d in documents:
        translated = known.get(_core(d).casefold())
        out.append(DocumentLine(translated, d) if translated else DocumentLine(d, ""))
    return out
