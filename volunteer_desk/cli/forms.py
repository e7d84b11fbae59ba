"""`forms list` and `forms fill` on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from volunteer_desk.cli.common import add_vault_options, open_session, print_json
from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput, NotFound
from volunteer_desk.core.i18n import _
from volunteer_desk.family import snapshot as snap
from volunteer_desk.forms.fill import fill
from volunteer_desk.forms.render import render_pdf
from volunteer_desk.forms.sources import VolunteerInfo
from volunteer_desk.forms.spec import catalogue, get_form
from volunteer_desk.forms.store import save_edits, save_filled, stored_edits


def register(subparsers: argparse._SubParsersAction) -> None:
    forms = subparsers.add_parser("forms", help="standard CPAS and housing forms, filled from the family file")
    verbs = forms.add_subparsers(dest="forms_command", metavar="VERB")

    lst = verbs.add_parser("list", help="list the forms in the catalogue")
    lst.add_argument("--region", choices=("wallonia", "brussels", "flanders"), help="only forms for this region")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)

    fl = verbs.add_parser("fill", help="fill a form from a family file and write the PDF")
    fl.add_argument("form_id", metavar="FORM_ID")
    fl.add_argument("--family", required=True, metavar="ID", help="family id")
    fl.add_argument("--out", metavar="FILE.pdf", help="where to write the PDF")
    fl.add_argument("--missing", action="store_true", help="print what is missing instead of writing the PDF")
    fl.add_argument("--lang", metavar="CODE", help="helper lines in the family's language (e.g. ar, uk, fa)")
    fl.add_argument("--as-name", metavar="NAME", help="the volunteer's full name as printed (procuration)")
    fl.add_argument("--organisation", metavar="NAME", default="", help="the volunteer's association")
    fl.add_argument("--json", action="store_true", help="with --missing: machine-readable output")
    fl.add_argument("--no-save", action="store_true", help="do not keep a copy of the filled values in the family file")
    fl.add_argument("--set", action="append", metavar="FIELD=VALUE", dest="set_values",
                    help="type a value or tick a box (yes/no), kept in the family file: tribunal=Liège, interpreter=yes")
    fl.add_argument("--choose", action="append", metavar="ROLE=MEMBER_ID",
                    help="a member the form asks you to choose, e.g. allocataire=m-lina (family allowances)")
    add_vault_options(fl)
    fl.set_defaults(func=cmd_fill)
    forms.set_defaults(func=lambda args: (forms.print_help(), 2)[1])


def cmd_list(args: argparse.Namespace) -> int:
    forms = catalogue(args.region)
    if args.json:
        print_json([{"id": f.id, "title": f.title.fr, "title_nl": f.title.nl, "body": f.body.fr,
                     "regions": list(f.regions), "source": f.source, "source_date": f.source_date,
                     "prints_niss": f.print_sensitive,
                     "attachments": [a.label.fr for a in f.attachments], "submit": f.submit.fr} for f in forms])
        return 0
    width = max(len(f.id) for f in forms) if forms else 0
    for f in forms:
        print(f"{f.id.ljust(width)}  {f.title.fr}  [{', '.join(f.regions)}]")
    return 0


def _chosen(args: argparse.Namespace) -> dict[str, str]:
    out = {}
    for item in getattr(args, "choose", None) or []:
        role, sep, member = item.partition("=")
        if not sep or not role or not member:
            raise BadInput(_("--choose takes ROLE=MEMBER_ID, e.g. allocataire=m-lina."))
        out[role] = member
    return out


def _typed(args: argparse.Namespace, form) -> dict[str, object]:  # noqa: ANN001 - FormSpec
    out: dict[str, object] = {}
    for item in getattr(args, "set_values", None) or []:
        field_id, sep, value = item.partition("=")
        if not sep or not field_id:
            raise BadInput(_("--set takes FIELD=VALUE, e.g. tribunal=Liège."))
        try:
            spec = form.field(field_id)
        except KeyError:
            raise BadInput(_("This form has no field {field}.").format(field=field_id)) from None
        out[field_id] = value.strip().lower() in ("1", "yes", "true", "oui", "ja", "x") \
            if spec.kind == "checkbox" else value.strip()
    return out


def cmd_fill(args: argparse.Namespace) -> int:
    form = get_form(args.form_id)  # fail before asking for the passphrase
    typed = _typed(args, form)
    if not args.missing and not args.out:
        raise BadInput(_("Say where to write the PDF: --out FILE.pdf (or use --missing)."))
    session = open_session(args)
    try:
        if not session.has_access(args.family):
            raise NotFound(_("No family with this id is open to you."))
        volunteer = VolunteerInfo(name=args.as_name or session.volunteer.name, organisation=args.organisation)
        with session.open_family(args.family, read_only=args.missing or args.no_save) as ff:
            snapshot = snap.load(ff)
            if typed:
                typed = {**stored_edits(snapshot, args.form_id), **typed}
                if not (args.missing or args.no_save):
                    save_edits(ff, args.form_id, typed)
            filled = fill(args.form_id, snapshot, volunteer, chosen=_chosen(args), edits=typed or None)
            if args.missing:
                _print_missing(filled, args.json)
                return 0
            pdf = render_pdf(filled, args.lang)
            _write(Path(args.out), pdf)
            if not args.no_save:
                save_filled(ff, filled, args.lang, pdf)
    finally:
        session.close()
    if filled.missing:
        print(_("{n} item(s) missing or invalid: see --missing.").format(n=len(filled.missing)), file=sys.stderr)
    return 0


def _print_missing(filled, as_json: bool) -> None:
    if as_json:
        print_json({"form_id": filled.spec.id, "missing": [m.to_data() for m in filled.missing],
                    "warnings": [w.to_data() for w in filled.warnings],
                    "attachments": [{"label": a.label.fr, "where": where} for a, where in filled.attachments]})
        return
    print(_("Missing or invalid:") if filled.missing else _("Nothing missing in the family file."))
    for item in filled.missing:
        print(f"  - {item.text()}")
    for item in filled.warnings:
        print(f"  ! {item.text()}")
    print(_("Documents to attach:"))
    for attachment, where in filled.attachments:
        print(f"  [ ] {attachment.label.fr}" + (f" — {where}" if where else ""))


def _write(path: Path, pdf: bytes) -> None:
    if not path.parent.exists():
        raise BadInput(_("The folder for --out does not exist."))
    atomic_write(path, pdf)
