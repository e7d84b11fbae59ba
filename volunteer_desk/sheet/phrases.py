"""Fixed short phrases of the sheet per language (resources/sheet/phrases.toml), English fallback."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from volunteer_desk.core import paths
from volunteer_desk.core.errors import CorruptFile

FALLBACK = "en"


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, Any]]:
    try:
        return tomllib.loads(paths.resource("sheet", "phrases.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile("The sheet phrases file is missing or damaged.") from exc


def languages() -> list[str]:
    return sorted(_all())


def has(lang: str) -> bool:
    return lang in _all()


class Phrases:
    """``p("s_from", sender=...)``, ``p.kind("decision")``, ``p.sender("cpas")``, ``p.action("pay")``."""

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
        return own.get(key) or own.get("other") or en.get(key) or en["other"]

    def kind(self, key: str) -> str:
        return self._table("kind", key)

    def sender(self, key: str) -> str:
        return self._table("sender", key)

    def action(self, key: str) -> str:
        return self._table("action", key)
