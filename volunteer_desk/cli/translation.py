"""Command line: ``models list|install|remove`` and ``translate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from volunteer_desk.cli.common import print_json
from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.core.i18n import _
from volunteer_desk.translation.letter import translate_letter
from volunteer_desk.translation.packages import ModelManager


def register(subparsers: argparse._SubParsersAction) -> None:
    models = subparsers.add_parser("models", help="offline translation models")
    verbs = models.add_subparsers(dest="models_verb", required=True)
    p = verbs.add_parser("list", help="installed language pairs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_list)
    p = verbs.add_parser("install", help="install an .argosmodel file, or every one in a folder")
    p.add_argument("source", metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_install)
    p = verbs.add_parser("remove", help="remove a pair, e.g. fr-en")
    p.add_argument("pair", metavar="PAIR")
    p.set_defaults(func=cmd_models_remove)

    p = subparsers.add_parser("translate", help="machine-translate a letter offline (with glossary)")
    p.add_argument("--from", dest="source", required=True, metavar="LANG", help="language of the letter (fr, nl, de)")
    p.add_argument("--to", dest="target", required=True, metavar="LANG", help="family language (ar, uk, fa...)")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="text file (UTF-8), - for stdin")
    p.add_argument("--json", action="store_true", help="paragraphs, glossary hits, pivot, warnings as JSON")
    p.add_argument("--names", default="", metavar='"A;B"', help="names that must not be translated")
    p.set_defaults(func=cmd_translate)


def cmd_models_list(args: argparse.Namespace) -> int:
    manager = ModelManager()
    models = manager.list_models()
    if args.json:
        print_json({"models": [{"pair": m.pair, "from": m.from_code, "to": m.to_code, "version": m.version}
                               for m in models], "problems": manager.problems()})
        return 0
    if not models:
        print(_("No translation model is installed."))
    for m in models:
        print(f"{m.pair}\t{m.version}")
    for name in manager.problems():
        print(_("Unusable folder in the models folder: {name}").format(name=name), file=sys.stderr)
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    report = ModelManager().install(Path(args.source))
    if args.json:
        print_json({"installed": [m.pair for m in report.installed],
                    "refused": [{"file": f, "reason": r} for f, r in report.refused]})
    else:
        for m in report.installed:
            print(_("Installed {pair} ({version})").format(pair=m.pair, version=m.version))
        for file, reason in report.refused:
            print(_("Refused {file}: {reason}").format(file=file, reason=reason), file=sys.stderr)
    return 0 if report.installed or not report.refused else 2


def cmd_models_remove(args: argparse.Namespace) -> int:
    removed = ModelManager().remove(args.pair)
    print(_("Removed {pair}").format(pair=removed.pair))
    return 0


MAX_TEXT_BYTES = 2 * 1024 * 1024  # a letter is a few KB; a bigger "text" is a mistake or an attack


def _read_text(file: str) -> str:
    if file == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    else:
        path = Path(file)
        if not path.is_file():
            raise NotFound(_("The file to translate does not exist."))
        with path.open("rb") as fh:
            data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise BadInput(_("The text to translate is too long (more than 2 MB)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(_("The text to translate must be UTF-8.")) from exc


def cmd_translate(args: argparse.Namespace) -> int:
    text = _read_text(args.file)
    names = [n.strip() for n in args.names.split(";") if n.strip()]
    result = translate_letter(text, args.source, args.target, names=names)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"[{result.label}]")
    for warning in result.warnings:
        print(f"! {warning}")
    for p in result.paragraphs:
        print()
        print(p.source)
        print(f"  → {p.translation}")
        for hit in p.glossary:
            print(f"  * {hit.text}: {hit.explanation}")
    return 0
