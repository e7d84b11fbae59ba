"""Fonts for every PDF we print (forms, packets, family sheets), and right-to-left text.

reportlab's built-in fonts are Latin-1 only and are not embedded, so we register TrueType fonts
(embedded as subsets). We look in ``resources/fonts`` first (a frozen build can ship them), then in
the usual system folders (Debian: fonts-dejavu-core, fonts-noto-core). Each role has a fallback list.

Right-to-left: reportlab's own ``direction='RTL'`` renders Arabic wrongly, so Arabic-script text is
shaped with arabic-reshaper and put in visual order with python-bidi, then drawn right-aligned.
Wrapping is done on the *logical* text first and each line is reordered on its own, otherwise the
lines of a long sentence come out in the wrong order.

Pashto (ښ ټ ځ څ ې ۍ…) and Sorani (ڵ ێ ە ڕ…) letters have no Unicode presentation forms, so
arabic-reshaper cannot join them: a line holding one is shaped with HarfBuzz instead (uharfbuzz, through
reportlab's own shaped strings), each shaped run wrapped in an /ActualText span so the PDF's text
layer still says the letters. Arabic and Persian lines keep the reshaper path (unchanged output).
"""

from __future__ import annotations

import os
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from volunteer_desk.core.errors import MissingDependency
from volunteer_desk.core.paths import resource

# Role -> reportlab font name, and candidate file names in order of preference.
SANS, SANS_BOLD, ARABIC, ETHIOPIC = "VD-Sans", "VD-Sans-Bold", "VD-Arabic", "VD-Ethiopic"
CANDIDATES: dict[str, tuple[str, ...]] = {
    SANS: ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "Arial.ttf", "arial.ttf"),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "DejaVuSans.ttf"),
    ETHIOPIC: ("NotoSansEthiopic-Regular.ttf", "NotoSerifEthiopic-Regular.ttf", "nyala.ttf"),
}
REQUIRED = (SANS, SANS_BOLD)


def font_dirs() -> list[Path]:
    """Where to look for .ttf files, most specific first."""
    dirs = [resource("fonts")]
    extra = os.environ.get("VOLUNTEER_DESK_FONTS")
    if extra:
        dirs.insert(0, Path(extra))
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    dirs += [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"),
             Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/TTF"),
             Path("/usr/share/fonts/truetype")]
    return dirs


def find_font_file(names: tuple[str, ...]) -> Path | None:
    for name in names:
        for folder in font_dirs():
            path = folder / name
            if path.is_file():
                return path
    return None


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names; ``files`` says which file backs each role (for reports)."""

    sans: str
    bold: str
    arabic: str | None
    ethiopic: str | None
    files: dict[str, str]


_lock = threading.Lock()
_fonts: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the fonts with reportlab once per process; raises MissingDependency without a Sans."""
    global _fonts
    with _lock:
        if _fonts is not None:
            return _fonts
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        files: dict[str, str] = {}
        for role, names in CANDIDATES.items():
            path = find_font_file(names)
            if path is None:
                if role in REQUIRED:
                    raise MissingDependency(
                        "No usable font was found for printing.",
                        hint="Install DejaVu or Noto fonts (Debian: fonts-dejavu-core fonts-noto-core).")
                continue
            pdfmetrics.registerFont(TTFont(role, str(path)))
            files[role] = str(path)
        _fonts = FontSet(sans=SANS, bold=SANS_BOLD, arabic=ARABIC if ARABIC in files else None,
                         ethiopic=ETHIOPIC if ETHIOPIC in files else None, files=files)
        return _fonts


# -- scripts ---------------------------------------------------------------------------------------
def _is_arabic_char(ch: str) -> bool:
    cp = ord(ch)
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


def _is_ethiopic_char(ch: str) -> bool:
    cp = ord(ch)
    return 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F


def is_rtl(text: str) -> bool:
    """True when the first strong directional character is right-to-left (Arabic, Hebrew…)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def font_for(text: str, bold: bool = False) -> str:
    """The registered font that can draw ``text`` (by its script); Latin/Cyrillic/Greek → Sans."""
    fonts = register_fonts()
    for ch in text:
        if _is_arabic_char(ch) and fonts.arabic:
            return fonts.arabic
        if _is_ethiopic_char(ch) and fonts.ethiopic:
            return fonts.ethiopic
    return fonts.bold if bold else fonts.sans


@lru_cache(maxsize=4096)
def visual_rtl(text: str) -> str:
    """One line of right-to-left text in visual order, letters joined, brackets mirrored.

    The pure-Python ``bidi.algorithm.get_display`` is used because it mirrors brackets on RTL runs;
    the Rust ``bidi.get_display`` turned "(CPAS)" into ")CPAS(".
    """
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def shape_rtl(text: str) -> str:
    """Logical-order text → visual-order glyph string ready for ``drawString``/``drawRightString``.

    Arabic letters are replaced by their contextual presentation forms (reshaper) and the line is
    reordered (bidi). Left-to-right text is returned unchanged. One line at a time: wrap first.
    """
    if not is_rtl(text) and not any(_is_arabic_char(c) for c in text):
        return text
    return visual_rtl(text)


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split a (visual-order) string into (segment, font) runs: Arabic and Ethiopic letters get their
    script's font, everything else (Latin, Cyrillic, digits, spaces) the Sans font, because the Noto
    script fonts carry no Latin letters (a "CPAS" inside an Arabic line would vanish)."""
    fonts = register_fonts()
    base = fonts.bold if bold else fonts.sans
    out: list[tuple[str, str]] = []
    for ch in text:
        if _is_arabic_char(ch) and fonts.arabic:
            font = fonts.arabic
        elif _is_ethiopic_char(ch) and fonts.ethiopic:
            font = fonts.ethiopic
        elif ch == " " and out:
            font = out[-1][1]  # keep words of one script in one run
        else:
            font = base
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + ch, font)
        else:
            out.append((ch, font))
    return out


# Hebrew, Arabic, Syriac, Thaana…, Arabic presentation forms, Ethiopic.
_SPECIAL = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]")


def _plain(text: str) -> bool:
    """Only characters the Sans font draws left to right (the common case: skip runs and shaping)."""
    return text.isascii() or _SPECIAL.search(text) is None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of one line of logical text (shaped first when right-to-left)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if _plain(text):
        return stringWidth(text, SANS_BOLD if bold else SANS, size)
    if needs_harfbuzz(text):
        return sum(width for _seg, _font, _shaped, width in _shaped_runs(text, size, bold))
    return sum(stringWidth(seg, font, size) for seg, font in runs(shape_rtl(text), bold))


def wrap(text: str, font: str, size: float, width: float, bold: bool | None = None) -> list[str]:
    """Greedy word wrap of logical text by measured width (long words are kept whole).

    ``font`` only says whether the bold face is meant (the actual fonts follow the script).
    """
    is_bold = bold if bold is not None else font == SANS_BOLD
    space = text_width(" ", size, is_bold)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, current_w = "", 0.0
        for word in paragraph.split():
            # Widths add up word by word: shaping only joins letters inside a word.
            word_w = text_width(word, size, is_bold)
            if current and current_w + space + word_w > width:
                lines.append(current)
                current, current_w = word, word_w
            elif current:
                current, current_w = f"{current} {word}", current_w + space + word_w
            else:
                current, current_w = word, word_w
        lines.append(current)
    return lines


def _draw_runs(canvas, x: float, y: float, visual: str, size: float, bold: bool) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if _plain(visual):
        canvas.setFont(SANS_BOLD if bold else SANS, size)
        canvas.drawString(x, y, visual)
        return
    for seg, font in runs(visual, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, seg)
        x += stringWidth(seg, font, size)


def draw_text(canvas, x: float, y: float, text: str, *, size: float = 10, width: float | None = None,
              bold: bool = False, leading: float | None = None) -> float:
    """Draw ``text`` in the box starting at (x, y) going down; RTL text is shaped and right-aligned.

    Returns the y below the last line. Without ``width`` the text is one line, left-aligned at x.
    Mixed scripts are drawn run by run, each with a font that has its glyphs.
    """
    leading = leading or size * 1.25
    rtl = is_rtl(text)
    lines = wrap(text, SANS_BOLD if bold else SANS, size, width, bold) if width else [text]
    for line in lines:
        if needs_harfbuzz(line):
            start = x + width - text_width(line, size, bold) if rtl and width else x
            _draw_shaped(canvas, start, y, line, size, bold)
        elif rtl and width:
            visual = shape_rtl(line)
            _draw_runs(canvas, x + width - text_width(line, size, bold), y, visual, size, bold)
        else:
            _draw_runs(canvas, x, y, shape_rtl(line), size, bold)
        y -= leading
    return y


# -- HarfBuzz shaping for letters arabic-reshaper does not know -----------------------------------------
@lru_cache(maxsize=1)
def shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401 - reportlab shapes through it when it is importable
        from reportlab.pdfbase.ttfonts import shapeStr  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _unjoinable() -> frozenset[str]:
    """Arabic-script letters arabic-reshaper leaves unjoined (no presentation forms): Pashto, Kurdish…"""
    import arabic_reshaper

    out = set()
    for cp in [*range(0x0622, 0x064B), *range(0x066E, 0x06D6), *range(0x06EE, 0x0700), *range(0x0750, 0x0780)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "Lo" and ch in arabic_reshaper.reshape(f"\u0628{ch}\u0628"):
            out.add(ch)
    return frozenset(out)


def needs_harfbuzz(text: str) -> bool:
    return not _plain(text) and shaping_available() and any(ch in _unjoinable() for ch in text)


def _shaped_runs(text: str, size: float, bold: bool) -> list[tuple[str, str, object, float]]:
    """(visual segment, font, shaped string or None, width) of one line in visual order. Arabic-script runs
    are put back in logical order for HarfBuzz, which returns their glyphs in visual order."""
    from bidi.algorithm import get_display
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import shapeStr

    fonts = register_fonts()
    visual = get_display(text, base_dir="R" if is_rtl(text) else "L")
    out: list[tuple[str, str, object, float]] = []
    for arabic, group in groupby(visual, key=_is_arabic_char):
        seg = "".join(group)
        if arabic and fonts.arabic:
            shaped = shapeStr(seg[::-1], fonts.arabic, size, force=True)
            out.append((seg, fonts.arabic, shaped, sum(g.x_advance for g in shaped.__shapeData__) * size / 1000))
        else:
            out += [(s, font, None, stringWidth(s, font, size)) for s, font in runs(seg, bold)]
    return out


def _draw_shaped(canvas, x: float, y: float, line: str, size: float, bold: bool) -> None:
    for seg, font, shaped, width in _shaped_runs(line, size, bold):
        canvas.setFont(font, size)
        if shaped is None:
            canvas.drawString(x, y, seg)
        else:
            # The glyphs are contextual forms without code points: the span tells text extraction (and
            # screen readers) which letters they are, in the same visual order as the other runs.
            canvas._code.append(f"/Span <</ActualText <FEFF{seg.encode('utf-16-be').hex().upper()}>>> BDC")
            canvas.drawString(x, y, shaped)
            canvas._code.append("EMC")
        x += width
