"""Fixed short phrases of the sheet, one file per language (resources/sheet/phrases/<lang>.toml).

Each file says who wrote it and who reviewed it (``[meta]``); until a native speaker has checked it,
the sheet prints the file's own "to be checked" line, and the French one beside it. Every file holds
every phrase (a test checks it), so a sheet never falls back to English in the middle; a language
with no file at all gets the English phrases and says so (``Phrases.lang``).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from volunteer_desk.core import paths
from volunteer_desk.core.errors import CorruptFile

FALLBACK = "en"
TABLES = ("kind", "sender", "action", "keep", "benefit", "document", "picto", "step")


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, Any]]:
    folder = paths.resource("sheet", "phrases")
    out: dict[str, dict[str, Any]] = {}
    try:
        for path in sorted(folder.glob("*.toml")):
            out[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile("The sheet phrases file is missing or damaged.") from exc
    if FALLBACK not in out:
        raise CorruptFile("The sheet phrases file is missing or damaged.")
    return out


def languages() -> list[str]:
    return sorted(_all())


def meta(lang: str) -> dict[str, str]:
    return dict(_all().get(lang, {}).get("meta", {}))


class Phrases:
    """``p("s_from", sender=...)``, ``p.kind("decision")``, ``p.sender("cpas")``, ``p.action("pay")``,
    ``p.document("id_card")``, ``p.step("cri_registration")``, ``p.picto("phone")``."""

    def __init__(self, lang: str) -> None:
        data = _all()
        self.lang = lang if lang in data else FALLBACK
        self._own = data[self.lang]
        self._en = data[FALLBACK]

    def __call__(self, key: str, **values: str) -> str:
        text = self._own.get(key) or self._en[key]
        return text.format(**values) if values else text

    def _table(self, table: str, key: str) -> str:
        own, en = self._own.get(table, {}), self._en[table]
        return own.get(key) or own.get("other") or en.get(key) or en.get("other", key)

    def kind(self, key: str) -> str:
        return self._table("kind", key)

    def sender(self, key: str) -> str:
        return self._table("sender", key)

    def action(self, key: str) -> str:
        return self._table("action", key)

    def keep(self, key: str) -> str:
        return self._table("keep", key)

    def benefit(self, key: str) -> str:
        return self._table("benefit", key)

    def document(self, key: str) -> str:
        return self._table("document", key)

    def step(self, key: str) -> str:
        return self._table("step", key)

    def picto(self, key: str) -> str:
        """Alt text of a pictogram: its own entry, or the document it stands for."""
        return self._own.get("picto", {}).get(key) or self._own.get("document", {}).get(key) or self._table(
            "picto", key)

    @property
    def reviewed(self) -> bool:
        m = self._own.get("meta", {})
        return bool(m.get("reviewed_by") and m.get("reviewed_on"))

    def check_lines(self) -> list[str]:
        """'To be checked by a native speaker' in this language and in French, until reviewed."""
        if self.reviewed:
            return []
        own = self("check_native")
        french = Phrases("fr")("check_native")
        return [own] if own == french else [own, french]
