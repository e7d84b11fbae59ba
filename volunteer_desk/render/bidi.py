"""Right-to-left lines in visual order with their letters joined: the one bidi/reshape step.

reportlab's own ``direction='RTL'`` renders Arabic wrongly, so Arabic-script text is shaped with
arabic-reshaper and put in visual order with python-bidi, then drawn run by run. One line at a time:
wrapping is done on the *logical* text first, otherwise the lines of a long sentence come out in the
wrong order.

Pashto (ښ ټ ځ څ ې ۍ…) and Sorani (ڵ ێ ە ڕ…) letters have no Unicode presentation forms, so
arabic-reshaper cannot join them: a line holding one is shaped with HarfBuzz instead (uharfbuzz, through
reportlab's own shaped strings). Arabic and Persian lines keep the reshaper path.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

from volunteer_desk.render.fonts import font_runs, register_fonts
from volunteer_desk.render.scripts import Script, has_arabic, is_plain, is_rtl, script_of

# Joiners have done their work once the reshaper chose the letter forms; not every font draws them.
_JOINERS = str.maketrans("", "", "\u200c\u200d")


@lru_cache(maxsize=4096)
def visual_rtl(text: str) -> str:
    """One line in a right-to-left paragraph, in visual order, letters joined, brackets mirrored.

    The pure-Python ``bidi.algorithm.get_display`` is used because it mirrors brackets on RTL runs;
    the Rust ``bidi.get_display`` turned "(CPAS)" into ")CPAS(".
    """
    return get_display(arabic_reshaper.reshape(text), base_dir="R").translate(_JOINERS)


def visual(line: str, rtl_paragraph: bool = False) -> str:
    """A logical-order line → the glyph string to draw left to right.

    A line of a right-to-left paragraph is always reordered (even one of digits only); elsewhere only
    a line that holds right-to-left letters is. Left-to-right text comes back unchanged.
    """
    if rtl_paragraph or (not is_plain(line) and (is_rtl(line) or has_arabic(line))):
        return visual_rtl(line)
    return line


# -- HarfBuzz shaping for letters arabic-reshaper does not know -----------------------------------------
@lru_cache(maxsize=1)
def shaping_available() -> bool:
    try:
        # lazy: feature probe, HarfBuzz is optional (reportlab shapes through it when it is importable)
        import uharfbuzz  # noqa: F401
        from reportlab.pdfbase.ttfonts import shapeStr  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _unjoinable() -> frozenset[str]:
    """Arabic-script letters arabic-reshaper leaves unjoined (no presentation forms): Pashto, Kurdish…"""
    out = set()
    for cp in [*range(0x0622, 0x064B), *range(0x066E, 0x06D6), *range(0x06EE, 0x0700), *range(0x0750, 0x0780)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "Lo" and ch in arabic_reshaper.reshape(f"\u0628{ch}\u0628"):
            out.add(ch)
    return frozenset(out)


def needs_harfbuzz(text: str) -> bool:
    return not is_plain(text) and shaping_available() and any(ch in _unjoinable() for ch in text)


@dataclass(frozen=True)
class ShapedRun:
    """A run of a line in visual order: ``shaped`` holds HarfBuzz's glyphs for an Arabic-script run."""

    text: str
    font: str
    shaped: object | None
    width: float


def shaped_runs(line: str, size: float, bold: bool, rtl_paragraph: bool = False) -> list[ShapedRun]:
    """The runs of one line in visual order, Arabic-script runs shaped by HarfBuzz. They are put back
    in logical order for HarfBuzz, which returns their glyphs in visual order."""
    # lazy: only importable with uharfbuzz (shaping_available)
    from reportlab.pdfbase.ttfonts import shapeStr

    fonts = register_fonts()
    ordered = get_display(line, base_dir="R" if rtl_paragraph or is_rtl(line) else "L").translate(_JOINERS)
    out: list[ShapedRun] = []
    for arabic, group in groupby(ordered, key=lambda ch: script_of(ch) is Script.ARABIC):
        seg = "".join(group)
        if arabic and fonts.arabic:
            shaped = shapeStr(seg[::-1], fonts.arabic, size, force=True)
            width = sum(g.x_advance for g in shaped.__shapeData__) * size / 1000
            out.append(ShapedRun(seg, fonts.arabic, shaped, width))
        else:
            out += [ShapedRun(s, font, None, stringWidth(s, font, size)) for s, font in font_runs(seg, bold)]
    return out
