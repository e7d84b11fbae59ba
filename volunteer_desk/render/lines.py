"""Measure, wrap and draw lines of text in any script: the one word wrapper of every PDF.

Text is wrapped in logical order, then each line goes through the bidi step (``render.bidi``) and is
drawn run by run, each run with the font of its script (``render.fonts``). Right-to-left lines are
drawn right-aligned in their box.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from volunteer_desk.render.bidi import needs_harfbuzz, shaped_runs, visual
from volunteer_desk.render.fonts import SANS, SANS_BOLD, font_runs, register_fonts
from volunteer_desk.render.scripts import is_plain, is_rtl


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False, rtl_paragraph: bool = False) -> float:
    """Printed width of one line of logical text (shaped first when right-to-left)."""
    if is_plain(text):
        register_fonts()
        return stringWidth(text, SANS_BOLD if bold else SANS, size)
    if needs_harfbuzz(text):
        return sum(run.width for run in shaped_runs(text, size, bold, rtl_paragraph))
    return sum(stringWidth(seg, font, size) for seg, font in font_runs(visual(text, rtl_paragraph), bold))


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of logical text by measured width; a word is never split (a word longer than
    the width gets a line of its own). Each newline starts a new line."""
    space = text_width(" ", size, bold)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, current_w = "", 0.0
        for word in paragraph.split():
            # Widths add up word by word: shaping only joins letters inside a word.
            word_w = text_width(word, size, bold)
            if current and current_w + space + word_w > width:
                lines.append(current)
                current, current_w = word, word_w
            elif current:
                current, current_w = f"{current} {word}", current_w + space + word_w
            else:
                current, current_w = word, word_w
        lines.append(current)
    return lines


def draw_line(canvas: Any, x: float, y: float, line: str, size: float, bold: bool = False,
              rtl_paragraph: bool = False) -> float:
    """Draw one logical line starting at x (its visual left edge); returns its width."""
    if needs_harfbuzz(line):
        start = x
        for run in shaped_runs(line, size, bold, rtl_paragraph):
            canvas.setFont(run.font, size)
            if run.shaped is None:
                canvas.drawString(x, y, run.text)
            else:
                # The glyphs are contextual forms without code points: the span tells text extraction
                # (and screen readers) which letters they are, in the same visual order as the other runs.
                canvas._code.append(f"/Span <</ActualText <FEFF{run.text.encode('utf-16-be').hex().upper()}>>> BDC")
                canvas.drawString(x, y, run.shaped)
                canvas._code.append("EMC")
            x += run.width
        return x - start
    glyphs = visual(line, rtl_paragraph)
    if is_plain(glyphs):
        register_fonts()
        font = SANS_BOLD if bold else SANS
        canvas.setFont(font, size)
        canvas.drawString(x, y, glyphs)
        return stringWidth(glyphs, font, size)
    start = x
    for seg, font in font_runs(glyphs, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, seg)
        x += stringWidth(seg, font, size)
    return x - start


def draw_text(canvas: Any, x: float, y: float, text: str, *, size: float = 10, width: float | None = None,
              bold: bool = False, leading: float | None = None) -> float:
    """Draw ``text`` in the box starting at (x, y) going down; RTL text is shaped and right-aligned.

    Returns the y below the last line. Without ``width`` the text is one line, left-aligned at x.
    """
    leading = leading or size * 1.25
    rtl = is_rtl(text)
    for line in wrap(text, size, width, bold) if width else [text]:
        start = x + width - text_width(line, size, bold) if rtl and width else x
        draw_line(canvas, start, y, line, size, bold)
        y -= leading
    return y
