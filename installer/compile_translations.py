"""Compile the gettext catalogues (translations/<lang>.po → resources/locale/<lang>/LC_MESSAGES/*.mo), with babel.

    .venv/bin/python installer/compile_translations.py            # compile every catalogue
    .venv/bin/python installer/compile_translations.py --update   # re-extract _() strings, merge, compile
    .venv/bin/python installer/compile_translations.py --out DIR  # compile into DIR/<lang>/LC_MESSAGES

``--update`` keeps existing translations and adds new strings untranslated (they show in English
until translated). Fuzzy entries are not compiled. The documents' words (contexts "packet", "form",
"document") go into the French and Dutch catalogues only: documents are written in those two languages.

The .mo files are built, never committed: installer/bootstrap.sh (set-up, ./run, ./run-tests), the
wheel build (setup.py) and the bundle build (installer/volunteer_desk.spec) run this.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "volunteer_desk"
TRANSLATIONS = ROOT / "translations"  # the .po sources, one per language
LOCALE = ROOT / "resources" / "locale"  # where a checkout's app reads the compiled .mo (core.paths.locale_dir)
DOMAIN = "volunteer_desk"
LANGUAGES = ("fr", "nl", "en", "ar")
# _() and N_(): UI strings; C_("context", "…"): words with a context, in every catalogue (contact roles…).
UI_KEYWORDS = {"_": None, "N_": None, "C_": ((1, "c"), 2)}
# The documents' words, in the documents' languages' catalogues only (a packet or a printed form is
# written in French or Dutch): (msgctxt, folder, files, marker keywords).
DOCUMENT_LANGUAGES = ("fr", "nl")
PACKET_FILES = ("note.py", "document.py", "build.py", "attention.py", "wording.py", "labels.py")  # builders calling t()/section()
PACKET_KEYWORDS = {"L": None, "P_": None, "t": None, "section": None, "h1": None}
DOCUMENT_SOURCES = (
    ("packet", "packet", PACKET_FILES, PACKET_KEYWORDS),
    ("document", "family", ("code_words.py",), {"D_": None}),
    ("form", "forms", ("render.py",), {"F_": None}),
)


def extract():  # noqa: ANN201 - babel Catalog
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Volunteer Desk", msgid_bugs_address="", charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map, keywords=UI_KEYWORDS, comment_tags=("TRANSLATORS:",)):
        catalog.add(message, None, [(str(Path("volunteer_desk") / filename), lineno)],
                    auto_comments=comments, context=context)
    return catalog


def extract_documents(contexts: tuple[str, ...] | None = None):  # noqa: ANN201 - babel Catalog
    """The documents' words (packet, forms, the family file's codes), each in its context."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Volunteer Desk", msgid_bugs_address="", charset="utf-8")
    for context, folder_name, files, keywords in DOCUMENT_SOURCES:
        if contexts is not None and context not in contexts:
            continue
        method_map = [(name, "python") for name in files]
        for filename, lineno, message, comments, _context in extract_from_dir(
                str(PACKAGE / folder_name), method_map, keywords=keywords, comment_tags=("TRANSLATORS:",)):
            if isinstance(message, str) and message:
                catalog.add(message, None, [(str(Path("volunteer_desk") / folder_name / filename), lineno)],
                            auto_comments=comments, context=context)
    return catalog


def extract_packet():  # noqa: ANN201 - babel Catalog
    """The packet's document labels, in context "packet"."""
    return extract_documents(("packet",))


def _with_documents(template):  # noqa: ANN001, ANN202 - babel Catalogs
    from babel.messages.catalog import Catalog

    merged = Catalog(project="Volunteer Desk", msgid_bugs_address="", charset="utf-8")
    for source in (template, extract_documents()):
        for message in source:
            if message.id:
                merged.add(message.id, None, message.locations, auto_comments=message.auto_comments,
                           context=message.context)
    return merged


def po_path(lang: str) -> Path:
    return TRANSLATIONS / f"{lang}.po"


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    ui_template = extract()
    document_template = _with_documents(ui_template)
    for lang in LANGUAGES:
        template = document_template if lang in DOCUMENT_LANGUAGES else ui_template
        source = po_path(lang)
        if source.exists():
            with source.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Volunteer Desk", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        buf = io.BytesIO()
        write_po(buf, catalog, width=100, omit_header=False, ignore_obsolete=True)
        source.write_bytes(buf.getvalue())


def compile_all(out: Path = LOCALE, quiet: bool = False) -> int:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    count = 0
    for source in sorted(TRANSLATIONS.glob("*.po")):
        lang = source.stem
        with source.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        errors = [(m.id, e) for m, errs in catalog.check() for e in errs]
        for msgid, err in errors:
            print(f"{lang}: {msgid!r}: {err}", file=sys.stderr)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        target = out / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".mo.part")  # a running app or test never reads a half-written file
        partial.write_bytes(buf.getvalue())
        os.replace(partial, target)
        translated = sum(1 for m in catalog if m.id and m.string)
        if not quiet:
            print(f"{lang}: {translated}/{len([m for m in catalog if m.id])} strings translated")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="re-extract strings and merge before compiling")
    parser.add_argument("--out", type=Path, default=LOCALE, help=f"folder for the .mo files (default {LOCALE})")
    args = parser.parse_args(argv)
    if args.update:
        update()
    return 0 if compile_all(args.out) else 1


if __name__ == "__main__":
    sys.exit(main())
