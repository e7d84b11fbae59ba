"""vault / volunteer / family verbs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from volunteer_desk.cli.common import add_vault_options, open_session, print_json, read_passphrase, vault_root
from volunteer_desk.core.errors import BadInput
from volunteer_desk.family import snapshot
from volunteer_desk.family.mask import masked_niss
from volunteer_desk.vault import Vault
from volunteer_desk.vault.check import check_vault
from volunteer_desk.vault.merge import open_conflicts, resolve_conflict
from volunteer_desk.vault.sync import resolve_header_conflicts


def register(sub: argparse._SubParsersAction) -> None:
    vault = sub.add_parser("vault", help="create or check a vault").add_subparsers(dest="vault_cmd", required=True)
    p = vault.add_parser("init", help="create a vault; the first volunteer is the admin")
    add_vault_options(p)
    p.set_defaults(func=cmd_vault_init)
    p = vault.add_parser("check", help="check every family file this volunteer can open (integrity)")
    add_vault_options(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--repair", action="store_true",
                   help="finish interrupted revokes; move leftovers to quarantine/ (nothing is deleted)")
    p.set_defaults(func=cmd_vault_check)

    vol = sub.add_parser("volunteer", help="manage volunteers").add_subparsers(dest="vol_cmd", required=True)
    p = vol.add_parser("add", help="add a volunteer (admin); their passphrase is the second stdin line")
    add_vault_options(p)
    p.add_argument("name")
    p.add_argument("--role", choices=["volunteer", "admin"], default="volunteer")
    p.set_defaults(func=cmd_volunteer_add)
    p = vol.add_parser("list", help="list volunteers (with --volunteer: which records are signed, and the "
                       "registry's safety number to compare by phone)")
    add_vault_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_volunteer_list)

    fam = sub.add_parser("family", help="families").add_subparsers(dest="family_cmd", required=True)
    p = fam.add_parser("new", help="create a family file")
    add_vault_options(p)
    p.add_argument("--name", help="how volunteers call the family, e.g. 'Famille H.'")
    p.add_argument("--from-json", metavar="FILE", help="household, members, contacts… (docs/family-json.md)")
    p.set_defaults(func=cmd_family_new)
    p = fam.add_parser("update", help="change a family from a partial family JSON (one transaction)")
    add_vault_options(p)
    p.add_argument("family_id")
    p.add_argument("--from-json", metavar="FILE", required=True,
                   help="only the fields it names change; list items are added (or updated by id)")
    p.add_argument("--break-lock", action="store_true", help="break a lock left by a computer that is gone")
    p.set_defaults(func=cmd_family_update)
    p = fam.add_parser("list", help="families you can open")
    add_vault_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_family_list)
    p = fam.add_parser("show", help="show one family")
    add_vault_options(p)
    p.add_argument("family_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_family_show)
    for verb, helptext in (("grant", "give a volunteer access"), ("revoke", "remove access (rekeys the file)")):
        p = fam.add_parser(verb, help=helptext)
        add_vault_options(p)
        p.add_argument("family_id")
        p.add_argument("--to", required=True, metavar="NAME", help="volunteer name")
        p.set_defaults(func=cmd_family_grant if verb == "grant" else cmd_family_revoke)
    p = fam.add_parser("recovery-kit", help="issue a new recovery kit (shown once; the old one stops working)")
    add_vault_options(p)
    p.add_argument("family_id")
    p.set_defaults(func=cmd_family_recovery_kit)
    p = fam.add_parser("merge-conflicts", help="merge copies left by sync tools into the family file; "
                       "list the fields edited on two computers")
    add_vault_options(p)
    p.add_argument("family_id")
    p.add_argument("--resolve", metavar="CONFLICT_ID", help="settle one conflict…")
    p.add_argument("--keep", type=int, choices=[1, 2], help="…keeping value 1 or 2 as listed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_family_merge_conflicts)


def cmd_vault_init(args) -> int:
    if not args.volunteer:
        raise BadInput("Give the admin's name: --volunteer NAME.")
    root = vault_root(args)
    session = Vault.init(root, args.volunteer, read_passphrase(args), kdf_cost=getattr(args, "kdf_cost", None))
    print(f"Vault created in {root}; {session.volunteer.name} is its admin.")
    return 0


def cmd_vault_check(args) -> int:
    report = check_vault(open_session(args), repair=args.repair)
    if args.json:
        print_json([{"id": r.id, "ok": r.ok, "problems": r.problems, "repaired": r.repaired,
                     "conflict_copies": r.conflict_copies} for r in report])
    else:
        for r in report:
            status = "ok" if r.ok else "PROBLEM: " + "; ".join(r.problems[:3])
            print(f"{r.id}  {status}" + "".join(f"\n    repaired: {x}" for x in r.repaired)
                  + (f"\n    {r.conflict_copies} conflict copies (family merge-conflicts)" if r.conflict_copies else ""))
        bad = sum(1 for r in report if not r.ok)
        print(f"{len(report)} checked, {bad} with problems.")
    return 0 if all(r.ok for r in report) else 1


def cmd_volunteer_add(args) -> int:
    session = open_session(args)
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise BadInput("Give the new volunteer's passphrase on the second line of stdin.")
    vol = session.add_volunteer(args.name, line, role=args.role)
    print(f"Volunteer {vol.name} added ({vol.role}).")
    return 0


def cmd_volunteer_list(args) -> int:
    session = open_session(args) if args.volunteer else None
    vols = session.vault.volunteers() if session else Vault(vault_root(args)).volunteers()
    good = session.verified_ids() if session else None
    rows: list[dict[str, Any]] = [{"id": v.id, "name": v.name, "role": v.role,  # JSON output
             **({"signed": v.id in good} if good is not None else {})} for v in vols]
    if args.json:
        print_json({"volunteers": rows, "fingerprint": session.registry_fingerprint() if session else None})
    else:
        for r in rows:
            mark = "" if good is None else ("\tsigned" if r["signed"] else "\tNOT SIGNED: ignored")
            print(f"{printable(r['name'])}\t{r['role']}{mark}")
        if session:
            print(f"Registry safety number (compare it by phone with your admin): {session.registry_fingerprint()}")
    return 0


def cmd_family_new(args) -> int:
    data = snapshot.load_import_file(Path(args.from_json)) if args.from_json else {}
    name = args.name or (data.get("household") or {}).get("display_name") or data.get("display_name")
    if not name:
        raise BadInput("Give the family a name: --name or household.display_name in the JSON.")
    session = open_session(args)
    # the whole document was checked above; the file only gets its name once everything is written
    fid, code = session.create_family(name, fill=(lambda ff: snapshot.import_into(ff, data)) if data else None)
    print(fid)
    print(f"Recovery kit (print it now; it is shown only once): {code}", file=sys.stderr)
    return 0


def cmd_family_update(args) -> int:
    data = snapshot.load_import_file(Path(args.from_json), partial=True)
    session = open_session(args)
    with session.open_family(args.family_id, break_lock=args.break_lock) as ff:
        with ff.transaction():
            changed = snapshot.update_from(ff, data)
        session.refresh_index(ff)
    print(f"{changed} records changed.")
    return 0


def cmd_family_list(args) -> int:
    session = open_session(args)
    families = session.list_families()
    if args.json:
        print_json([{"id": f.id, "name": f.name, "next_deadline": f.next_deadline,
                     "conflict_copies": f.conflicts} for f in families])
    else:
        for f in families:
            print(f"{f.id}  {printable(f.name)}  {f.next_deadline or '-'}")
    return 0


def cmd_family_show(args) -> int:
    session = open_session(args)
    with session.open_family(args.family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    data = snap.to_json()
    for m in data["members"]:  # national register numbers are shown masked
        m["niss"] = masked_niss(m.get("niss", ""))
    if args.json:
        print_json(data)
    else:
        h = snap.household
        print(printable(h.display_name))
        print(printable("  " + h.address_obj.one_line()))
        for m in snap.members:
            print(printable(f"  - {m.full_name} ({m.relation or '?'}, {m.birth_date or '?'}) "
                            f"{m.residence_status} {m.card_type}"))
        for t in snap.open_deadlines():
            print(printable(f"  [{t.due or '----------'}] {t.title}"))
        for where in snap.unreadable:
            print(printable(f"  ! stored value unusable (shown empty): {where}"))
    return 0


def cmd_family_grant(args) -> int:
    open_session(args).grant(args.family_id, args.to)
    print(f"Access granted to {args.to}.")
    return 0


def cmd_family_revoke(args) -> int:
    open_session(args).revoke(args.family_id, args.to)
    print(f"Access revoked for {args.to}; the file was re-encrypted with a new key.")
    return 0


def cmd_family_recovery_kit(args) -> int:
    code = open_session(args).new_recovery_kit(args.family_id)
    print(code)
    return 0


def cmd_family_merge_conflicts(args) -> int:
    session = open_session(args)
    if args.resolve:
        if not args.keep:
            raise BadInput("Say which value to keep: --keep 1 or --keep 2.")
        with session.open_family(args.family_id) as ff:
            resolve_conflict(ff, args.resolve, args.keep)
            session.refresh_index(ff)
        print("Conflict settled.")
        return 0
    headers = resolve_header_conflicts(session, args.family_id)
    merged = []
    for copy in session.layout.conflict_copies(args.family_id):
        merged.append({"copy": copy.name, "rows_merged": session.merge_conflict_copy(args.family_id, copy)})
    with session.open_family(args.family_id, read_only=True) as ff:
        conflicts = open_conflicts(ff)
    if args.json:
        print_json({"key_files_merged": headers, "copies": merged, "conflicts": conflicts})
        return 0
    if not merged and not headers:
        print("No conflict copies.")
    for m in merged:
        print(f"merged {m['copy']}: {m['rows_merged']} records")
    for c in conflicts:
        print(f"conflict {c['id']}: {c['table']}.{c['field']} was changed on two computers:")
        for n, v in enumerate(c["values"], start=1):
            print(f"    {n}) {'(removed)' if v.get('absent') else printable(json.dumps(v['value'], ensure_ascii=False))}")
    if conflicts:
        print("Keep one with: family merge-conflicts ID --resolve CONFLICT_ID --keep 1|2")
    return 0


def printable(text: str) -> str:
    """No control or bidi-override characters on the terminal (they can fake or hide lines)."""
    return "".join(ch if ch.isprintable() and ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                   else "\ufffd" for ch in text)
