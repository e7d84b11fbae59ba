"""``volunteer-desk modelpack install FOLDER [--json]`` and ``modelpack list [--json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from volunteer_desk.cli.common import print_json
from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.i18n import _
from volunteer_desk.core.safejson import UnsafeJson, read_limited
from volunteer_desk.modelpack.install import install_model_pack
from volunteer_desk.modelpack.locations import app_tessdata_dir, default_tessdata, folder_languages
from volunteer_desk.modelpack.verify import add_trusted_key, remove_trusted_key, trusted_keys
from volunteer_desk.translation.packages import ModelManager


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("modelpack", help="install translation and OCR data from a model pack folder")
    verbs = parser.add_subparsers(dest="modelpack_command", metavar="VERB", required=True)

    install = verbs.add_parser("install", help="check a model pack folder (USB stick) and install what is new")
    install.add_argument("folder", metavar="FOLDER")
    install.add_argument("--json", action="store_true", help="print the report as JSON")
    install.add_argument("--allow-unsigned", action="store_true",
                         help="install even if no trusted key signed the pack (only if you trust its source)")
    install.set_defaults(func=cmd_install)

    trust = verbs.add_parser("trust", help="publisher keys whose signed packs install without a question")
    trust_verbs = trust.add_subparsers(dest="trust_command", metavar="VERB", required=True)
    p = trust_verbs.add_parser("add", help="trust an association's public key (PEM file) on this computer")
    p.add_argument("key_file", metavar="KEY.pem")
    p.add_argument("--name", required=True, help="a short name for the key, e.g. my-association")
    p.set_defaults(func=cmd_trust_add)
    p = trust_verbs.add_parser("list", help="keys trusted here, with their fingerprints")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trust_list)
    p = trust_verbs.add_parser("remove", help="stop trusting a key added on this computer")
    p.add_argument("name")
    p.set_defaults(func=cmd_trust_remove)

    listing = verbs.add_parser("list", help="show installed translation pairs and OCR languages")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)


def _stderr_progress(done: int, total: int, message: str) -> None:
    if total and sys.stderr.isatty():
        print(f"\r{100 * done // total:3d}% {message[:60]:<60}", end="", file=sys.stderr, flush=True)


def cmd_install(args: argparse.Namespace) -> int:
    report = install_model_pack(args.folder, progress=_stderr_progress, models=ModelManager(),
                                allow_unsigned=args.allow_unsigned)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if not report.signer:
        print(_("Warning: this model pack is not signed by a trusted publisher; installed because "
                "--allow-unsigned was given."), file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(_("Model pack {name} {version}").format(name=report.pack_name or "?",
                                                      version=report.pack_version or ""))
        if report.signer:
            print("  " + _("signed by: {key}").format(key=report.signer))
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
    pairs = [{"from": m.from_code, "to": m.to_code, "version": m.version} for m in ModelManager().list_models()]
    _folder, system = default_tessdata()
    data: dict[str, Any] = {"translation": pairs, "ocr": {"system": sorted(system),  # JSON output
                                          "model_pack": sorted(folder_languages(app_tessdata_dir()))}}
    if args.json:
        print_json(data)
    else:
        print(_("Translation pairs: {pairs}").format(
            pairs=", ".join(f"{p['from']}→{p['to']} ({p['version']})" for p in pairs) or "-"))
        print(_("OCR languages (system): {langs}").format(langs=", ".join(data["ocr"]["system"]) or "-"))
        print(_("OCR languages (model pack): {langs}").format(langs=", ".join(data["ocr"]["model_pack"]) or "-"))
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    try:
        pem = read_limited(Path(args.key_file), 16 << 10)
    except (OSError, UnsafeJson) as exc:
        raise BadInput(_("Cannot read the key file.")) from exc
    key = add_trusted_key(pem, args.name)
    print(_("Packs signed by {name} ({fingerprint}) are now trusted on this computer.").format(
        name=key.name, fingerprint=key.fingerprint))
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    keys = trusted_keys()
    if args.json:
        print_json([{"name": k.name, "fingerprint": k.fingerprint, "origin": k.origin} for k in keys])
    else:
        for k in keys:
            print(f"{k.name}\t{k.fingerprint}\t{k.origin}")
    return 0


def cmd_trust_remove(args: argparse.Namespace) -> int:
    remove_trusted_key(args.name)
    print(_("Key {name} removed.").format(name=args.name))
    return 0
