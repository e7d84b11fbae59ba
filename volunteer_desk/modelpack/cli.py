"""``volunteer-desk modelpack install FOLDER [--json]`` and ``modelpack list [--json]``."""

from __future__ import annotations

import argparse
import sys

from volunteer_desk.core.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("modelpack", help="install translation and OCR data from a model pack folder")
    verbs = parser.add_subparsers(dest="modelpack_command", metavar="VERB", required=True)

    install = verbs.add_parser("install", help="check a model pack folder (USB stick) and install what is new")
    install.add_argument("folder", metavar="FOLDER")
    install.add_argument("--json", action="store_true", help="print the report as JSON")
    install.set_defaults(func=cmd_install)

    listing = verbs.add_parser("list", help="show installed translation pairs and OCR languages")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)


def _stderr_progress(done: int, total: int, message: str) -> None:
    if total and sys.stderr.isatty():
        print(f"\r{100 * done // total:3d}% {message[:60]:<60}", end="", file=sys.stderr, flush=True)


def cmd_install(args: argparse.Namespace) -> int:
    from volunteer_desk.cli_common import print_json
    from volunteer_desk.modelpack.install import install_model_pack

    report = install_model_pack(args.folder, progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(_("Model pack {name} {version}").format(name=report.pack_name or "?",
                                                      version=report.pack_version or ""))
        for o in report.installed:
            print("  " + _("{status}: {kind} {name} {version}").format(
                status=_("installed") if o.status == "installed" else _("updated"),
                kind=o.kind, name=o.name, version=o.version))
        for o in report.already:
            print("  " + _("already there: {kind} {name} {version}").format(kind=o.kind, name=o.name,
                                                                           version=o.version))
        for o in report.refused:
            print("  " + _("REFUSED: {kind} {name}: {reason}").format(kind=o.kind, name=o.name, reason=o.reason))
        print(_("{i} installed, {a} already there, {r} refused.").format(
            i=len(report.installed), a=len(report.already), r=len(report.refused)))
    return 0 if report.ok else 1


def cmd_list(args: argparse.Namespace) -> int:
    from volunteer_desk.cli_common import print_json
    from volunteer_desk.modelpack.locations import app_tessdata_dir, default_tessdata, folder_languages
    from volunteer_desk.translation.packages import ModelManager

    pairs = [{"from": m.from_code, "to": m.to_code, "version": m.version} for m in ModelManager().list_models()]
    _folder, system = default_tessdata()
    data = {"translation": pairs, "ocr": {"system": sorted(system),
                                          "model_pack": sorted(folder_languages(app_tessdata_dir()))}}
    if args.json:
        print_json(data)
    else:
        print(_("Translation pairs: {pairs}").format(
            pairs=", ".join(f"{p['from']}→{p['to']} ({p['version']})" for p in pairs) or "-"))
        print(_("OCR languages (system): {langs}").format(langs=", ".join(data["ocr"]["system"]) or "-"))
        print(_("OCR languages (model pack): {langs}").format(langs=", ".join(data["ocr"]["model_pack"]) or "-"))
    return 0
