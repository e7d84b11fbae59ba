"""Command-line verbs: ``packet``, ``rights …`` and ``transfer …``.

    packet --family ID --out FILE.pdf|DIR [--lang fr|nl] [--to cpas|cri|lawyer] [--letters ID,ID]
           [--forms FORM_ID,FORM_ID] [--full-niss] [--reason TEXT] [--questions TEXT]
    rights export-person --family ID --member ID --out FILE.json|FILE.pdf
    rights anonymise --family ID --yes
    rights erase --family ID --yes
    rights retention --days N
    rights notice --lang ar --out FILE.pdf
    transfer export --family ID --out FILE.vdt [--transfer-passphrase-file F]
    transfer import FILE.vdt --transfer-passphrase-file F [--into ID]
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from volunteer_desk.cli.common import add_vault_options, iso_date, open_session, print_json
from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput
from volunteer_desk.packet.labels import PACKET_LANGUAGES
from volunteer_desk.packet.request import RECIPIENTS, PacketRequest


def _read_secret_file(path: str) -> str:
    try:
        line = Path(path).read_text(encoding="utf-8").splitlines()[0].strip()
    except (OSError, IndexError) as exc:
        raise BadInput("Cannot read the transfer passphrase file.") from exc
    return line


def _read_snapshot(args: argparse.Namespace, snapshot):  # noqa: ANN001, ANN202 - the family.snapshot module
    """The family named by --family, read once (read-only) and the session closed again."""
    session = open_session(args)
    try:
        with session.open_family(args.family, read_only=True) as ff:
            return snapshot.load(ff)
    finally:
        session.close()


# -- packet ------------------------------------------------------------------------------------------
def _print_plan(args: argparse.Namespace) -> int:
    """The letters and forms that can be ticked, with their page counts and the default choice."""
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), PIL, cv2, numpy, pypdfium2, reportlab
    from volunteer_desk.family import snapshot
    from volunteer_desk.packet.selection import packet_plan

    snap = _read_snapshot(args, snapshot)
    print_json(packet_plan(snap, args.to, count_pages=True))
    return 0


def _id_list(value: str | None) -> list[str] | None:
    """'a,b' → ['a', 'b']; None (option not given) keeps the default; '' or 'none' → nothing."""
    if value is None:
        return None
    return [p.strip() for p in value.split(",") if p.strip() and p.strip().lower() != "none"]


def cmd_packet(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of PIL, cv2, numpy, pypdfium2, reportlab
    from volunteer_desk.packet.build import free_path, packet_for_family

    if args.plan:
        return _print_plan(args)
    association = {"name": args.association or "", "phone": args.association_phone or "",
                   "email": args.association_email or ""}
    if not args.out:
        raise BadInput("Say where to write the packet: --out FILE.pdf or a folder (or use --plan).")
    form_ids = _id_list(args.forms)
    request = PacketRequest(args.to, args.lang, args.date or date.today(), association=association,
                            letter_ids=tuple(_id_list(args.letters) or ()),
                            form_ids=tuple(form_ids) if form_ids is not None else None,
                            show_niss=args.full_niss, reason=args.reason or "", questions=args.questions or "")
    session = open_session(args)
    try:
        pdf, name = packet_for_family(session, args.family, request)
    finally:
        session.close()
    out = Path(args.out)
    if out.is_dir():
        out = free_path(out, name)
    atomic_write(out, pdf)
    # lazy: keeps `VERB --help` free of pypdfium2
    from volunteer_desk.packet.merge import page_count

    print_json({"out": str(out), "pages": page_count(pdf), "bytes": len(pdf)})
    return 0


# -- rights ------------------------------------------------------------------------------------------
def cmd_export_person(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), PIL, reportlab
    from volunteer_desk.family import rights, snapshot
    from volunteer_desk.packet.person_export import export_person_pdf

    snap = _read_snapshot(args, snapshot)
    out = Path(args.out)
    data = (export_person_pdf if out.suffix.lower() == ".pdf" else rights.export_person_json)(snap, args.member)
    atomic_write(out, data)
    print_json({"out": str(out), "bytes": len(data)})
    return 0


def _require_yes(args: argparse.Namespace, what: str) -> None:
    if not args.yes:
        raise BadInput(f"This {what} cannot be undone: add --yes to confirm.")


def cmd_anonymise(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family.rights import anonymise_family

    _require_yes(args, "anonymisation")
    session = open_session(args)
    try:
        with session.open_family(args.family) as ff:
            stats = anonymise_family(ff, args.date)
            session.refresh_index(ff)
    finally:
        session.close()
    print_json({"anonymised": args.family, "kept_counts": stats})
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family.rights import erase_family

    _require_yes(args, "erasure")
    session = open_session(args)
    try:
        removed = erase_family(session, args.family)
    finally:
        session.close()
    print_json({"erased": args.family, "files_removed": len(removed)})
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family.rights import retention_candidates

    session = open_session(args)
    try:
        found = retention_candidates(session, args.days, args.date)
    finally:
        session.close()
    print_json([{"family": c.family_id, "name": c.name, "last_activity": c.last_activity,
                 "idle_days": c.idle_days} for c in found])
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of PIL, reportlab
    from volunteer_desk.packet.notice import notice_pdf

    pdf = notice_pdf(args.lang, association=args.association or "")
    atomic_write(Path(args.out), pdf)
    print_json({"out": args.out, "bytes": len(pdf)})
    return 0


# -- transfer ------------------------------------------------------------------------------------------
def cmd_transfer_export(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.packet.transfer import export_bytes, suggest_passphrase

    generated = not args.transfer_passphrase_file
    passphrase = suggest_passphrase() if generated else _read_secret_file(args.transfer_passphrase_file)
    session = open_session(args)
    try:
        with session.open_family(args.family) as ff:
            data = export_bytes(ff, passphrase, session.vault.kdf_cost)
            ff.audit("transfer.export")
    finally:
        session.close()
    atomic_write(Path(args.out), data)
    result = {"out": args.out, "bytes": len(data)}
    if generated:
        result["transfer_passphrase"] = passphrase  # shown once; give it separately from the file
    print_json(result)
    return 0


def cmd_transfer_import(args: argparse.Namespace) -> int:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.packet.transfer import import_transfer

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise BadInput("Cannot read the transfer file.") from exc
    passphrase = _read_secret_file(args.transfer_passphrase_file)
    session = open_session(args)
    try:
        result = import_transfer(session, data, passphrase, into=args.into)
    finally:
        session.close()
    out = {"family": result.family_id, "created": result.created, "rows_changed": result.rows_changed}
    if result.recovery_code:
        out["recovery_code"] = result.recovery_code
    print_json(out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("packet", help="print the handover packet for the CPAS référent (or CRI, lawyer)")
    add_vault_options(p)
    p.add_argument("--family", required=True, metavar="ID")
    p.add_argument("--out", metavar="FILE.pdf", help="file, or a folder (neutral name chosen)")
    p.add_argument("--plan", action="store_true",
                   help="list the letters and forms that can be ticked (ids, pages, default) instead of building")
    p.add_argument("--lang", choices=PACKET_LANGUAGES, default="fr")
    p.add_argument("--to", choices=RECIPIENTS, default="cpas")
    p.add_argument("--association", metavar="NAME")
    p.add_argument("--association-phone", metavar="PHONE")
    p.add_argument("--association-email", metavar="EMAIL")
    p.add_argument("--letters", metavar="ID,ID", help="letters to enclose (default: none, the note alone)")
    p.add_argument("--forms", metavar="FORM_ID,FORM_ID",
                   help="forms to fill and enclose (default: those addressed to the recipient not asked for yet; "
                        "'none' for none); of alternative forms only the first is kept")
    p.add_argument("--reason", metavar="TEXT", help="why the family is handed over (page 1 of the note)")
    p.add_argument("--questions", metavar="TEXT", help="the volunteer's questions for the référent")
    p.add_argument("--full-niss", "--show-niss", dest="full_niss", action="store_true",
                   help="print national register numbers in full (masked by default, form pages included)")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_packet)

    rights = subparsers.add_parser("rights", help="the family's data rights: export, anonymise, erase")
    rsub = rights.add_subparsers(dest="rights_verb", required=True)
    e = rsub.add_parser("export-person", help="one person's data (JSON or PDF), without the others'")
    add_vault_options(e)
    e.add_argument("--family", required=True, metavar="ID")
    e.add_argument("--member", required=True, metavar="ID")
    e.add_argument("--out", required=True, metavar="FILE.json|FILE.pdf")
    e.set_defaults(func=cmd_export_person)
    a = rsub.add_parser("anonymise", help="close the file and anonymise it (counts are kept)")
    add_vault_options(a)
    a.add_argument("--family", required=True, metavar="ID")
    a.add_argument("--yes", action="store_true")
    a.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    a.set_defaults(func=cmd_anonymise)
    x = rsub.add_parser("erase", help="erase the family for good (admin)")
    add_vault_options(x)
    x.add_argument("--family", required=True, metavar="ID")
    x.add_argument("--yes", action="store_true")
    x.set_defaults(func=cmd_erase)
    r = rsub.add_parser("retention", help="families untouched for N days, proposed for closing")
    add_vault_options(r)
    r.add_argument("--days", type=int, default=730)
    r.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_retention)
    n = rsub.add_parser("notice", help="printable consent notice in the family's language")
    n.add_argument("--lang", required=True)
    n.add_argument("--out", required=True, metavar="FILE.pdf")
    n.add_argument("--association", metavar="NAME")
    n.set_defaults(func=cmd_notice)

    t = subparsers.add_parser("transfer", help="encrypted transfer of a family to another volunteer/association")
    tsub = t.add_subparsers(dest="transfer_verb", required=True)
    te = tsub.add_parser("export", help="write one encrypted file (.vdt) holding the whole family")
    add_vault_options(te)
    te.add_argument("--family", required=True, metavar="ID")
    te.add_argument("--out", required=True, metavar="FILE.vdt")
    te.add_argument("--transfer-passphrase-file", metavar="FILE",
                    help="first line = the passphrase (default: one is generated and printed once)")
    te.set_defaults(func=cmd_transfer_export)
    ti = tsub.add_parser("import", help="import a transfer file, merging with an existing copy")
    add_vault_options(ti)
    ti.add_argument("file", metavar="FILE.vdt")
    ti.add_argument("--transfer-passphrase-file", required=True, metavar="FILE")
    ti.add_argument("--into", metavar="ID", help="merge into this family (default: found automatically)")
    ti.set_defaults(func=cmd_transfer_import)
