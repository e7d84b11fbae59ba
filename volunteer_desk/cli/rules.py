"""``volunteer-desk rules show [--json] [--id ID] [--on DATE] [--region R]`` and ``rules install FOLDER``."""

from __future__ import annotations

import argparse
from datetime import date

from volunteer_desk import rules
from volunteer_desk.cli.common import iso_date, print_json
from volunteer_desk.core.i18n import _
from volunteer_desk.rules.pack import install_rules_pack


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rules", help=_("the legal rules the app uses: delays, amounts, sources"))
    verbs = parser.add_subparsers(dest="rules_command", metavar="VERB", required=True)
    show = verbs.add_parser("show", help=_("list the rules in force, with their sources and review dates"))
    show.add_argument("--id", help=_("one rule id, e.g. appeal.cpas.social_aid"))
    show.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD", help=_("the law in force on this day"))
    show.add_argument("--region", choices=("wallonia", "brussels"))
    show.add_argument("--lang", default="en", choices=("fr", "nl", "en", "ar"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    install = verbs.add_parser("install", help=_("install newer rules from a rules pack folder"))
    install.add_argument("folder", metavar="FOLDER")
    install.add_argument("--json", action="store_true")
    install.add_argument("--allow-unsigned", action="store_true",
                         help="install a pack without a trusted signature (you vouch for who made it)")
    install.set_defaults(func=cmd_install)


def cmd_show(args: argparse.Namespace) -> int:
    on = args.on or date.today()
    if args.id:
        found = [rules.get(args.id, on=on, region=args.region)]
    else:
        found = [r for r in rules.all_rules() if r.applies_on(on)
                 and (args.region is None or r.region in ("be", args.region))]
    if args.json:
        print_json({**rules.status(), "on": on.isoformat(), "rules": [r.to_dict() for r in found]})
        return 0
    line, _warn = rules.staleness_line()
    print(line)
    for r in found:
        print(f"{r.id}  [{r.region}]  {r.value}  — {r.citation}  ({_('reviewed')} {r.last_reviewed.isoformat()}"
              + (", " + _("to verify") if r.verify else "") + ")")
        print("    " + r.explanation(args.lang))
    return 0


def cmd_install(args: argparse.Namespace) -> int:
    report = install_rules_pack(args.folder, allow_unsigned=args.allow_unsigned)
    if args.json:
        print_json({**report.to_dict(), "reviewed_on": rules.reviewed_on().isoformat()})
    else:
        for o in report.outcomes:
            print(f"  {o.status}: {o.name} {o.version} {o.reason}".rstrip())
        print(rules.staleness_line()[0])
    return 0 if report.ok else 1
