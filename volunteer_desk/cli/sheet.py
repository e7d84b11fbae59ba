"""`sheet`: print a family sheet for a letter (optionally its recording) or the page of open dates."""

from __future__ import annotations

import argparse
from datetime import date

from volunteer_desk.cli.common import add_vault_options, open_session
from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput, NotFound


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sheet", help="print a family sheet (one letter, or all open dates)")
    add_vault_options(p)
    p.add_argument("--family", required=True, metavar="ID")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--letter", metavar="LETTER_ID")
    what.add_argument("--deadlines", action="store_true", help="one page with the family's open dates")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", metavar="xx", help="language of the sheet (default: the family's main language)")
    p.add_argument("--audio", metavar="FILE.wav", help="also read the sheet aloud into this file")
    p.add_argument("--volunteer-phone", default="", metavar="PHONE", help="printed on the sheet")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    session = open_session(args)
    with session.open_family(args.family, read_only=False) as ff:
        return run(ff, args, volunteer_name=args.volunteer or "")


def run(ff, args: argparse.Namespace, volunteer_name: str, today: date | None = None) -> int:
    """The work of the verb on an open family file (split out so tests need no passphrase)."""
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), reportlab, PIL
    from volunteer_desk.family.snapshot import load
    from volunteer_desk.sheet.content import build_deadlines_sheet, build_sheet
    from volunteer_desk.sheet.render import render_sheet_pdf
    from volunteer_desk.sheet.speech import speak
    from volunteer_desk.sheet.store import save_recording

    snapshot = load(ff)
    lang = args.lang or snapshot.household.main_language or "fr"
    phone = getattr(args, "volunteer_phone", "") or ""
    if args.deadlines:
        if args.audio:
            raise BadInput("--audio goes with --letter.")
        sheet = build_deadlines_sheet(snapshot, lang, today or date.today(), volunteer_name, phone)
    else:
        letter = next((lt for lt in snapshot.letters if lt.id == args.letter), None)
        if letter is None:
            raise NotFound("This letter is not in the family file.")
        sheet = build_sheet(letter, snapshot, lang, volunteer_name, phone, today=today)
    atomic_write(args.out, render_sheet_pdf(sheet))
    ff.audit("sheet_print", args.letter or "deadlines")
    if args.audio:
        wav = speak(sheet.text(), lang)
        save_recording(ff, args.letter, lang, wav)
        atomic_write(args.audio, wav)
    return 0
