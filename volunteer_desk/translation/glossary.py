"""Belgian administrative terms: find them in a letter and explain them in the family's language.

Data: ``resources/glossary/terms.toml`` (with its source and date). Acronyms written in capitals
("CPAS", "RIS") match case-sensitively so the French word "cri" is not the CRI; other variants
match case-insensitively, with flexible spaces/apostrophes and an optional plural -s/-x.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from volunteer_desk import rules as legal_rules
from volunteer_desk.core import paths
from volunteer_desk.core.errors import CorruptFile, NotFound

FALLBACK_LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Term:
    id: str
    variants: dict[str, tuple[str, ...]]  # fr/nl/de -> words used in letters
    explanations: dict[str, str]
    rules: tuple[str, ...] = ()  # legal rules (resources/rules) behind every figure the explanation states


@dataclass(frozen=True)
class TermHit:
    term_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Explanation:
    term_id: str
    language: str  # the language the explanation is actually written in (may be a fallback)
    text: str


def _variant_pattern(variant: str) -> re.Pattern[str]:
    words = variant.split()
    body = r"\s+".join(re.escape(w).replace("'", "['’ʼ]") for w in words)
    acronym = variant.isupper() and len(variant.replace("+", "")) <= 6 and " " not in variant
    plural = "" if acronym or variant.endswith(("+", "s", "x")) else "(?:s|x)?"
    flags = 0 if acronym else re.IGNORECASE
    return re.compile(rf"(?<![\w+]){body}{plural}(?![\w+])", flags)


class Glossary:
    def __init__(self, terms: list[Term], meta: dict) -> None:
        self.terms = {t.id: t for t in terms}
        self.meta = meta
        self.required_languages: tuple[str, ...] = tuple(meta.get("required_languages", ()))
        self._patterns: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        """The packaged glossary (cached), or a given file."""
        if path is None:
            return _packaged()
        return cls._from_file(Path(path))

    @classmethod
    def _from_file(cls, path: Path) -> Glossary:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise NotFound("The glossary file is missing.") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CorruptFile("The glossary file is damaged.") from exc
        terms = []
        for raw in data.get("term", []):
            variants = {lang: tuple(raw.get(lang, ())) for lang in ("fr", "nl", "de", "en") if raw.get(lang)}
            terms.append(Term(raw["id"], variants, dict(raw.get("explain", {})), tuple(raw.get("rules", ()))))
        return cls(terms, dict(data.get("meta", {})))

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def date(self) -> str:
        return str(self.meta.get("date", ""))

    def _patterns_for(self, lang: str | None) -> list[tuple[str, re.Pattern[str], int]]:
        key = lang or "*"
        if key not in self._patterns:
            found = []
            for term in self.terms.values():
                langs = term.variants if lang is None else {lang: term.variants.get(lang, ())}
                for variants in langs.values():
                    for v in variants:
                        found.append((term.id, _variant_pattern(v), len(v)))
            found.sort(key=lambda t: -t[2])  # longest variant first: "carte F+" before "carte F"
            self._patterns[key] = found
        return self._patterns[key]

    def find_terms(self, text: str, lang: str | None = "fr") -> list[TermHit]:
        """Non-overlapping term occurrences in ``text`` (variants of ``lang``; None = all languages)."""
        hits: list[TermHit] = []
        for term_id, pattern, _len in self._patterns_for(lang):
            for m in pattern.finditer(text):
                if all(m.end() <= h.start or m.start() >= h.end for h in hits):
                    hits.append(TermHit(term_id, m.start(), m.end(), m.group(0)))
        return sorted(hits, key=lambda h: h.start)

    def explain(self, term_id: str, lang: str) -> Explanation:
        """The plain explanation in ``lang``, else English, else French (``language`` says which)."""
        term = self.terms.get(term_id)
        if term is None:
            raise NotFound("This glossary term does not exist.")
        for candidate in (lang, *FALLBACK_LANGUAGES):
            if term.explanations.get(candidate):
                return Explanation(term_id, candidate, term.explanations[candidate])
        return Explanation(term_id, "", "")

    def legal_basis(self, term_id: str) -> list[str]:
        """'source, article (reviewed DATE)' for each legal rule behind the term's figures."""
        term = self.terms.get(term_id)
        if term is None:
            raise NotFound("This glossary term does not exist.")
        out = []
        for rule_id in term.rules:
            found = [r for r in legal_rules.all_rules() if r.id == rule_id]
            if not found:
                raise CorruptFile(f"The glossary term {term_id} refers to an unknown legal rule.")
            for region in dict.fromkeys(r.region for r in found):   # the latest version per region
                latest = max((r for r in found if r.region == region), key=lambda r: r.valid_from or r.last_reviewed)
                out.append(f"{latest.citation} ({latest.last_reviewed.isoformat()})")
        return out

    def label(self, term_id: str, lang: str = "fr") -> str:
        """The term's main name in a document language (first variant), for headings."""
        term = self.terms[term_id]
        names = term.variants.get(lang) or term.variants.get("fr") or (term_id,)
        return names[0]


@lru_cache(maxsize=1)
def _packaged() -> Glossary:
    return Glossary._from_file(paths.resource("glossary", "terms.toml"))
