"""Command line for the integration trajectory and the directory of local actors.

    trajectory --family ID [--json]                 (same as: trajectory show --family ID)
    trajectory show --family ID [--json] [--today YYYY-MM-DD]
    trajectory rules --region wallonia|brussels --registered YYYY-MM-DD
                     [--recognised YYYY-MM-DD] [--status refugee|subsidiary_protection|…] [--json]
    trajectory set --family ID --step STEP [--status S] [--done-on D] [--proof LETTER_ID] [--note T]
    directory list [--commune X] [--kind K] [--language L] [--json] [--vault DIR]
    directory import FILE.csv [--vault DIR]
    directory export FILE.csv [--association-only] [--vault DIR]

The vault options (--vault, --volunteer, --passphrase-stdin) may come before or after the
sub-verb. The directory needs no passphrase: it holds public data of organisations only.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from volunteer_desk import rules as legal_rules
from volunteer_desk.cli.common import add_vault_options, iso_date, open_session, print_json, vault_root
from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.core.i18n import _
from volunteer_desk.core.safejson import UnsafeJson, read_limited
from volunteer_desk.family import directory, trajectory

STATUS_MARK = {"todo": "[ ]", "in_progress": "[~]", "done": "[x]", "not_applicable": "[-]"}


def _sub_vault_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a sub-verb must not reset what was given before it ("trajectory --vault X show").
    s = argparse.SUPPRESS
    parser.add_argument("--vault", metavar="DIR", default=s, help="vault folder")
    parser.add_argument("--volunteer", metavar="NAME", default=s, help="volunteer name")
    parser.add_argument("--passphrase-stdin", action="store_true", default=s,
                        help="read the passphrase from the first line of stdin")


def _family_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument("--family", metavar="ID", default=default, help="family id")
    parser.add_argument("--json", action="store_true", default=default if default is not None else False,
                        help="machine-readable output")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("trajectory", help="integration trajectory checklist of a family, or the rules",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_vault_options(p)
    _family_option(p)
    p.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_show)
    verbs = p.add_subparsers(dest="trajectory_verb", metavar="{show,rules,set}", required=False)

    show = verbs.add_parser("show", help="a family's checklist (the default)")
    _sub_vault_options(show)
    _family_option(show, argparse.SUPPRESS)
    show.add_argument("--today", type=iso_date, default=argparse.SUPPRESS, help="compute as of this day")
    show.set_defaults(func=cmd_show)

    rules = verbs.add_parser("rules", help="steps and computed deadlines without a family")
    rules.add_argument("--region", required=True, choices=trajectory.REGIONS)
    rules.add_argument("--registered", required=True, type=iso_date, help="commune registration date")
    rules.add_argument("--recognised", type=iso_date, help="date of the protection decision")
    rules.add_argument("--status", help="residence status (refugee, subsidiary_protection, …)")
    rules.add_argument("--today", type=iso_date, default=None, help="compute with the law in force on this day")
    rules.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    rules.set_defaults(func=cmd_rules)

    setp = verbs.add_parser("set", help="record a step's status, date, proof")
    _sub_vault_options(setp)
    setp.add_argument("--family", metavar="ID", default=argparse.SUPPRESS)
    setp.add_argument("--step", required=True, help="step id (see 'trajectory show --json')")
    setp.add_argument("--status", choices=trajectory.STATUSES)
    setp.add_argument("--done-on", type=iso_date)
    setp.add_argument("--proof", help="letter id or document that proves it")
    setp.add_argument("--note")
    setp.add_argument("--contact", dest="contact_id", help="directory entry id")
    setp.set_defaults(func=cmd_set)

    d = subparsers.add_parser("directory", help="directory of local actors (CPAS, CRI/BAPA, ILI, legal aid…)")
    dverbs = d.add_subparsers(dest="directory_verb", metavar="{list,import,export}", required=True)
    lst = dverbs.add_parser("list", help="list or search the directory")
    lst.add_argument("--commune")
    lst.add_argument("--kind", choices=directory.KINDS)
    lst.add_argument("--language", help="ISO code, e.g. fr, nl, ar")
    lst.add_argument("--region", choices=trajectory.REGIONS)
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--vault", metavar="DIR", help="vault folder (holds the association's list)")
    lst.set_defaults(func=cmd_directory_list)
    imp = dverbs.add_parser("import", help="merge a CSV into the association's list")
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--vault", metavar="DIR")
    imp.set_defaults(func=cmd_directory_import)
    exp = dverbs.add_parser("export", help="write the directory as CSV (';' separated, UTF-8)")
    exp.add_argument("file", metavar="FILE.csv")
    exp.add_argument("--association-only", action="store_true", help="only the association's own entries")
    exp.add_argument("--vault", metavar="DIR")
    exp.set_defaults(func=cmd_directory_export)


# -- trajectory ------------------------------------------------------------------------------------
def _load_family(args: argparse.Namespace):
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family.snapshot import load

    if not getattr(args, "family", None):
        raise BadInput("Say which family: --family ID.")
    session = open_session(args)
    try:
        with session.open_family(args.family, read_only=True) as ff:
            return load(ff), session.vault.root
    finally:
        close = getattr(session, "close", None)
        if close:
            close()


def _print_steps(steps: list[trajectory.Step]) -> None:
    for s in steps:
        due = s.due or (s.done_on if s.status == "done" else "")
        flags = "".join(((" " + _("OVERDUE")) if s.overdue else "",
                         (" " + _("(estimated)")) if s.estimated else "",
                         (" " + _("(to verify)")) if s.verify and s.due else ""))
        line = f"{STATUS_MARK.get(s.status, '[?]')} {due:10}  {s.title}{flags}"
        if s.contact_label and s.is_open:
            line += f"  → {s.contact_label}"
        print(line)


def cmd_show(args: argparse.Namespace) -> int:
    snap, root = _load_family(args)
    today = getattr(args, "today", None) or date.today()
    entries = directory.load(root)
    steps = trajectory.trajectory_for(snap, today, entries)
    if getattr(args, "json", False):
        print_json({"family": snap.id, "today": today.isoformat(), "region": steps[0].region if steps else "",
                    "rules": trajectory.data_meta(), "steps": [s.to_json() for s in steps],
                    "deadlines": trajectory.trajectory_deadlines(snap, today, entries),
                    "legal_rules": legal_rules.status(today),
                    "cpas_requests_without_decision": [
                        {**{k: v for k, v in flag.items() if k != "request"}, "request_id": flag["request"].id,
                         "what": flag["request"].what, "appeal_possible": True}
                        for flag in trajectory.requests_without_decision(snap, today)]})
    else:
        _print_steps(steps)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    found = trajectory.rules(args.region, args.registered, args.recognised, args.status, today=args.today)
    if getattr(args, "json", False):
        reunification = next((r.to_json() for r in found if r.id == "family_reunification"), None)
        print_json({"region": args.region, "registered": args.registered.isoformat(),
                    "recognised": args.recognised.isoformat() if args.recognised else None, "status": args.status,
                    "rules": trajectory.data_meta(), "legal_rules": legal_rules.status(),
                    "family_reunification": reunification, "steps": [r.to_json() for r in found]})
    else:
        for r in found:
            when = r.due.isoformat() if r.due else (">= " + r.not_before.isoformat() if r.not_before else "")
            print(f"{when:10}  {r.title}" + (f"  ({r.basis})" if r.basis else ""))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    if not getattr(args, "family", None):
        raise BadInput("Say which family: --family ID.")
    session = open_session(args)
    try:
        with session.open_family(args.family) as ff:
            kwargs = {"status": args.status, "proof": args.proof, "note": args.note, "contact_id": args.contact_id}
            if args.done_on is not None:
                kwargs["done_on"] = args.done_on
            row = trajectory.update_step(ff, args.step, **kwargs)
    finally:
        close = getattr(session, "close", None)
        if close:
            close()
    print_json(row)
    return 0


# -- directory -------------------------------------------------------------------------------------
def _root(args: argparse.Namespace) -> Path:
    return vault_root(args)


def cmd_directory_list(args: argparse.Namespace) -> int:
    root = _root(args)
    entries = directory.load(root if root.is_dir() else None)
    if args.commune or args.kind or args.language or args.region:
        entries = directory.search(entries, commune=args.commune, kind=args.kind, language=args.language,
                                   region=args.region)
    if args.json:
        print_json([e.to_data() for e in entries])
        return 0
    today = date.today()
    for e in entries:
        mark = " " + _("(to verify)") if e.needs_check(today) else ""
        print(f"{e.id:28} {e.kind:18} {e.name}{mark}")
        if e.address or e.website:
            print(f"{'':48}{e.address or e.website}")
    return 0


def cmd_directory_import(args: argparse.Namespace) -> int:
    root = _root(args)
    if not root.is_dir():
        raise NotFound("No vault in this folder.", hint="Give the vault folder with --vault.")

    try:
        raw = read_limited(Path(args.file), directory.MAX_CSV_BYTES)
    except UnsafeJson as exc:  # not a regular file, or too large
        raise BadInput(_("The CSV file cannot be used: {reason}.").format(reason=exc)) from None
    except OSError as exc:
        raise BadInput("Cannot read the CSV file.") from exc
    added, updated = directory.import_csv(root, raw)
    print(_("{added} added, {updated} updated.").format(added=added, updated=updated))
    return 0


def cmd_directory_export(args: argparse.Namespace) -> int:
    root = _root(args)
    entries = (directory.load_association(root) if args.association_only
               else directory.load(root if root.is_dir() else None))
    text = directory.export_csv(entries)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        atomic_write(Path(args.file), text.encode("utf-8-sig"), mode=0o644)
    return 0
