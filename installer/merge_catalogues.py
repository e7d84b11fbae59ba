"""After a git merge that conflicted in the catalogues: keep every translation from both sides.

Takes our .po (HEAD), re-extracts and merges the strings of the merged code
(compile_translations.py --update), then fills each empty entry from either side's catalogue,
matching by (context, msgid); compiles. Run it in the middle of the merge, then ``git add``.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
REL = "translations/{lang}.po"
OLD_REL = "volunteer_desk/resources/locale/{lang}/LC_MESSAGES/volunteer_desk.po"  # a branch from before the move


def _side(rev: str, lang: str) -> dict:
    raw = b""
    for rel in (REL, OLD_REL):
        raw = raw or subprocess.run(["git", "show", f"{rev}:{rel.format(lang=lang)}"], cwd=ROOT,
                                    capture_output=True).stdout
    if not raw or b"<<<<<<<" in raw:
        return {}
    catalogue = read_po(io.BytesIO(raw), locale=lang)
    return {(m.context, m.id): m.string for m in catalogue if m.id and m.string and not m.fuzzy}


def main() -> int:
    langs = sorted(p.stem for p in TRANSLATIONS.glob("*.po"))
    known = {lang: {**_side("MERGE_HEAD", lang), **_side("HEAD", lang)} for lang in langs}
    for lang in langs:
        subprocess.run(["git", "checkout", "--ours", REL.format(lang=lang)], cwd=ROOT, check=True)
    subprocess.run([sys.executable, str(ROOT / "installer" / "compile_translations.py"), "--update"], cwd=ROOT,
                   check=True, capture_output=True)
    filled = 0
    for lang in langs:
        path = TRANSLATIONS / f"{lang}.po"
        with path.open("rb") as fh:
            catalogue = read_po(fh, locale=lang)
        for m in catalogue:
            if m.id and (not m.string or m.fuzzy) and (m.context, m.id) in known[lang]:
                m.string = known[lang][(m.context, m.id)]
                m.flags.discard("fuzzy")
                filled += 1
        with path.open("wb") as fh:
            write_po(fh, catalogue, width=100, ignore_obsolete=True)
    out = subprocess.run([sys.executable, str(ROOT / "installer" / "compile_translations.py")], cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    print(f"{filled} entries filled from both sides\n{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
