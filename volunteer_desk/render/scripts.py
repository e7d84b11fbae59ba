"""Which writing system each character belongs to, and a line cut into runs of one script.

Every PDF draws a run with the font of its script (the Noto script fonts carry no Latin letters, the
Sans font no Arabic or Ethiopic), and right-to-left scripts go through the bidi step. Latin, Cyrillic
and Greek are drawn by the same Sans font.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Script(StrEnum):
    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ARABIC = "arabic"
    HEBREW = "hebrew"
    ETHIOPIC = "ethiopic"
    COMMON = "common"


# (first, last code point, script); Latin is the default for other letters.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0370, 0x03FF, Script.GREEK), (0x1F00, 0x1FFF, Script.GREEK),
    (0x0400, 0x052F, Script.CYRILLIC), (0x1C80, 0x1C8F, Script.CYRILLIC), (0x2DE0, 0x2DFF, Script.CYRILLIC),
    (0xA640, 0xA69F, Script.CYRILLIC),
    (0x0590, 0x05FF, Script.HEBREW), (0xFB1D, 0xFB4F, Script.HEBREW),
    (0x0600, 0x06FF, Script.ARABIC), (0x0750, 0x077F, Script.ARABIC), (0x08A0, 0x08FF, Script.ARABIC),
    (0xFB50, 0xFDFF, Script.ARABIC), (0xFE70, 0xFEFF, Script.ARABIC),
    (0x1200, 0x139F, Script.ETHIOPIC), (0x2D80, 0x2DDF, Script.ETHIOPIC), (0xAB00, 0xAB2F, Script.ETHIOPIC),
)
# Characters the Sans font cannot draw, or that need the bidi step: Hebrew, Arabic (and Syriac,
# Thaana between them), presentation forms, Ethiopic.
_SPECIAL = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]")


def script_of(ch: str) -> Script:
    cp = ord(ch)
    for first, last, script in _RANGES:
        if first <= cp <= last:
            return script
    return Script.LATIN if unicodedata.category(ch)[0] in "LM" else Script.COMMON


def split_scripts(text: str) -> list[tuple[str, Script]]:
    """``text`` cut into maximal runs of one script. A space stays in the run before it, so the words
    of one script make one run; digits and punctuation are runs of their own ("common"), because the
    Noto script fonts do not all carry them."""
    out: list[tuple[str, Script]] = []
    for ch in text:
        script = out[-1][1] if ch == " " and out else script_of(ch)
        if out and out[-1][1] == script:
            out[-1] = (out[-1][0] + ch, script)
        else:
            out.append((ch, script))
    return out


def is_plain(text: str) -> bool:
    """Only characters the Sans font draws left to right (the common case: no runs, no shaping)."""
    return text.isascii() or _SPECIAL.search(text) is None


def has_arabic(text: str) -> bool:
    return any(script_of(ch) is Script.ARABIC for ch in text)


def is_rtl(text: str) -> bool:
    """True when the first strong directional character is right-to-left (Arabic, Hebrew…)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
