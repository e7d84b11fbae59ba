"""The font registry of every PDF we print (forms, packets, family sheets, consent and data exports).

reportlab's built-in fonts are Latin-1 only and are not embedded, so we register TrueType fonts
(embedded as subsets), once per process. We look in ``resources/fonts`` first (a frozen build can ship
them), then in the usual system folders (Debian: fonts-dejavu-core, fonts-noto-core). Each role has a
fallback list. Each script (``render.scripts``) is drawn by its role's font; Latin, Cyrillic, Greek,
digits and punctuation by the Sans font.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from volunteer_desk.core.errors import MissingDependency
from volunteer_desk.core.paths import resource
from volunteer_desk.render.scripts import Script, split_scripts

# Role -> reportlab font name, and candidate file names in order of preference.
SANS, SANS_BOLD, ARABIC, HEBREW, ETHIOPIC = "VD-Sans", "VD-Sans-Bold", "VD-Arabic", "VD-Hebrew", "VD-Ethiopic"
CANDIDATES: dict[str, tuple[str, ...]] = {
    SANS: ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "Arial.ttf", "arial.ttf"),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "DejaVuSans.ttf"),
    HEBREW: ("NotoSansHebrew-Regular.ttf", "DejaVuSans.ttf", "arial.ttf"),
    ETHIOPIC: ("NotoSansEthiopic-Regular.ttf", "NotoSerifEthiopic-Regular.ttf", "nyala.ttf"),
}
REQUIRED = (SANS, SANS_BOLD)
# The scripts with a font of their own; the others are drawn by the Sans font.
SCRIPT_ROLE = {Script.ARABIC: ARABIC, Script.HEBREW: HEBREW, Script.ETHIOPIC: ETHIOPIC}


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
             Path("/usr/share/fonts/noto"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/truetype")]
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

    def for_script(self, script: Script, bold: bool = False) -> str:
        role = SCRIPT_ROLE.get(script)
        if role is not None and role in self.files:
            return role
        return self.bold if bold else self.sans


_lock = threading.Lock()
_fonts: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the fonts with reportlab once per process; raises MissingDependency without a Sans.

    Each font is also mapped as its own bold/italic (the Sans to its bold), so ``<b>`` works in
    paragraphs, also around a run of Arabic or Ethiopic.
    """
    global _fonts
    with _lock:
        if _fonts is not None:
            return _fonts
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
            if role != SANS_BOLD:  # the plain style last: reportlab reads a face's style from its last mapping
                for bold in (1, 0):
                    for italic in (1, 0):
                        addMapping(role, bold, italic, SANS_BOLD if role == SANS and bold else role)
        _fonts = FontSet(sans=SANS, bold=SANS_BOLD, arabic=ARABIC if ARABIC in files else None,
                         ethiopic=ETHIOPIC if ETHIOPIC in files else None, files=files)
        return _fonts


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """(segment, font) runs of a line, each drawable by its font: Arabic, Hebrew and Ethiopic letters
    get their script's font, the rest (Latin, Cyrillic, digits, punctuation) the Sans font, because the
    Noto script fonts carry no Latin letters (a "CPAS" inside an Arabic line would vanish)."""
    fonts = register_fonts()
    out: list[tuple[str, str]] = []
    for segment, script in split_scripts(text):
        font = fonts.for_script(script, bold)
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + segment, font)
        else:
            out.append((segment, font))
    return out
