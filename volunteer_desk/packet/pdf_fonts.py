"""Fonts for the packet, the consent notice and the personal-data export.

A thin layer over ``volunteer_desk.core.fonts`` (font files, Arabic shaping) that also tells
reportlab which font is the bold of which, so ``<b>`` works inside paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from volunteer_desk.core import fonts as core_fonts

is_rtl = core_fonts.is_rtl
font_for = core_fonts.font_for
# Lines inside a right-to-left paragraph: always reordered, even a line of digits only.
shape_rtl = core_fonts.visual_rtl


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    arabic: str


@lru_cache(maxsize=1)
def register() -> FontSet:
    """Register once per process; raises MissingDependency when no usable font is installed."""
    from reportlab.lib.fonts import addMapping

    fonts = core_fonts.register_fonts()
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(fonts.sans, bold, italic, fonts.bold if bold else fonts.sans)
    return FontSet(regular=fonts.sans, bold=fonts.bold, arabic=fonts.arabic or fonts.sans)
