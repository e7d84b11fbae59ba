"""Fill empty catalogue entries (translations/<lang>.po) from a JSON file {lang: {msgid: msgstr}}.

Used when several changes each bring new strings: translations are written once in a small JSON
next to the change, and never by hand-merging .po files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"  # <lang>.po


def fill(translations: dict[str, dict[str, str]]) -> int:
    filled = 0
    for lang, table in translations.items():
        path = TRANSLATIONS / f"{lang}.po"
        with path.open("rb") as fh:
            catalogue = read_po(fh, locale=lang)
        for message in catalogue:
            if message.id and isinstance(message.id, str) and message.id in table and \
                    (not message.string or message.fuzzy):
                message.string = table[message.id]
                message.flags.discard("fuzzy")
                filled += 1
        with path.open("wb") as fh:
            write_po(fh, catalogue, width=100)
    return filled


if __name__ == "__main__":
    total = 0
    for name in sys.argv[1:]:
        total += fill(json.loads(Path(name).read_text(encoding="utf-8")))
    print(f"{total} entries filled")
