"""Fill empty catalogue entries (translations/<lang>.po) from a JSON file {lang: {msgid: msgstr}}.

A key "context\u0004msgid" (gettext's own separator) fills only the entry of that context
(msgctxt), before any plain key of any file: the same English word may need other words in
another context ("Lawyer" as a contact role, "lawyer" in a packet sentence).

Used when several changes each bring new strings: translations are written once in a small JSON
next to the change, and never by hand-merging .po files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CONTEXT_SEPARATOR = "\x04"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"  # <lang>.po


def fill(translations: dict[str, dict[str, str]]) -> int:
    filled = 0
    for lang, table in translations.items():
        path = TRANSLATIONS / f"{lang}.po"
        with path.open("rb") as fh:
            catalogue = read_po(fh, locale=lang)
        for message in catalogue:
            if not message.id or not isinstance(message.id, str) or (message.string and not message.fuzzy):
                continue
            key = f"{message.context}{CONTEXT_SEPARATOR}{message.id}" if message.context else None
            text = table.get(key) if key in table else table.get(message.id)
            if text:
                message.string = text
                message.flags.discard("fuzzy")
                filled += 1
        with path.open("wb") as fh:
            write_po(fh, catalogue, width=100)
    return filled


def fill_files(names: list[str]) -> int:
    tables = [json.loads(Path(name).read_text(encoding="utf-8")) for name in names]
    with_context = {lang: {k: v for t in tables for k, v in t.get(lang, {}).items() if CONTEXT_SEPARATOR in k}
                    for lang in {lang for t in tables for lang in t}}
    return fill(with_context) + sum(fill(t) for t in tables)


if __name__ == "__main__":
    print(f"{fill_files(sys.argv[1:])} entries filled")
