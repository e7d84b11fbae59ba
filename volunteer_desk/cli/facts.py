"""`facts FILE`: print the facts of a letter (text file, `-` for stdin, or a page image / PDF via OCR)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from volunteer_desk.cli.common import iso_date, print_json
from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.core.i18n import _
from volunteer_desk.letters.facts.extract import extract_facts, facts_language
from volunteer_desk.letters.facts.legal import appeal_summary
from volunteer_desk.letters.facts.tasks import facts_to_tasks
from volunteer_desk.letters.facts.workdays import NotificationRule
from volunteer_desk.letters.intake import load_pages

MAX_BYTES = 200 * 1024 * 1024
_OCR_LANG = {"fr": "fra", "nl": "nld", "de": "deu"}
_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("facts", help=_("deadlines, appointments, amounts and references in a letter"))
    p.add_argument("file", metavar="FILE", help=_("a .txt file, '-' for stdin, or a page image / PDF"))
    p.add_argument("--lang", choices=("fr", "nl", "de"), help=_("language of the letter (default: detect)"))
    p.add_argument("--letter-date", type=iso_date, metavar="YYYY-MM-DD", help=_("date of the letter, if not readable"))
    p.add_argument("--notification-date", type=iso_date, metavar="YYYY-MM-DD",
                   help=_("day the letter was received or notified; relative deadlines count from it"))
    p.add_argument("--not-posted", action="store_true",
                   help=_("handed over, not posted: received on the letter date"))
    p.add_argument("--working-days", type=int, default=3, metavar="N",
                   help=_("a posted letter counts as received N working days after its date (default 3)"))
    p.add_argument("--no-extend", action="store_true",
                   help=_("do not move a deadline falling on a weekend or public holiday"))
    p.add_argument("--unspecified-start", choices=("letter", "notification"), default="letter",
                   help=_("start of 'within 14 days' when the letter does not say (default: letter date)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=handle)


def read_letter(file: str, lang: str | None) -> tuple[str, str | None]:
    """(text, language found by OCR or None). Images and PDFs go through the OCR module."""
    if file == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(file)
        if not path.is_file():
            raise NotFound(_("The letter file does not exist."))
        if path.stat().st_size > MAX_BYTES:
            raise BadInput(_("The letter file is too large (more than 200 MB)."))
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise BadInput(_("The letter is too large (more than 200 MB)."))
    if data.startswith(_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        # lazy: keeps `VERB --help` free of cv2, numpy
        from volunteer_desk.letters.ocr import ocr_pages

        result = ocr_pages(load_pages([data]), lang=_OCR_LANG.get(lang or "", "auto"))
        return result.text, facts_language(result.language)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), None


def handle(args: argparse.Namespace) -> int:
    if args.working_days < 0 or args.working_days > 30:
        raise BadInput(_("--working-days must be between 0 and 30."))
    text, ocr_lang = read_letter(args.file, args.lang)
    rule = NotificationRule(postal=not args.not_posted, working_days_after_sending=args.working_days,
                            extend_to_working_day=not args.no_extend, unspecified_start=args.unspecified_start)
    facts = extract_facts(text, lang=args.lang or ocr_lang, letter_date=args.letter_date,
                          notification_date=args.notification_date, rules=rule)
    if args.json:
        data = facts.to_dict()
        data["tasks"] = facts_to_tasks(facts)
        print_json(data)
        return 0
    _print_human(facts)
    return 0


def _print_human(facts) -> None:  # noqa: ANN001 - LetterFacts
    d = facts.to_dict()
    print(_("Letter of {date} from {sender} ({kind}, {sk})").format(
        date=d["letter_date"] or "?", sender=d["sender"] or "?", kind=d["kind"], sk=d["sender_kind"]))
    for x in d["deadlines"]:
        print(_("  deadline {due}: {what}").format(due=x["due"] or "?", what=x["what"]))
        print(_("      ({basis})").format(basis=x["basis"]))
    for x in d["appointments"]:
        print(_("  appointment {when}: {where}").format(when=x["when"], where=x["where"]))
    for x in d["amounts_eur"]:
        print(_("  amount: {text}").format(text=x["text"]))
    for x in d["ibans"]:
        print(_("  IBAN: {iban}").format(iban=x["formatted"]))
    for x in d["references"]:
        print(_("  {label} {value}").format(label=x["label"], value=x["value"]))
    for x in d["documents_requested"]:
        print(_("  to send: {text}").format(text=x["text"]))
    if d["appeal"]["possible"]:
        print(_("  appeal: {where} {within}").format(where=d["appeal"]["where"], within=d["appeal"]["within"]))

    summary, _warn = appeal_summary(facts.appeal)
    for line in summary.splitlines():
        print("  " + line)
