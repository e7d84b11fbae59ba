"""``volunteer-desk demo``: a demo vault with an invented family, and everything built so far run on it.

It is the main job on a machine without a screen: it shows the whole product as it stands and ends
with the path of what it produced. Volunteer ``demo``, passphrase ``demo`` (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from volunteer_desk import rules
from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.paths import resource

DEMO_VOLUNTEER = "demo"
DEMO_PASSPHRASE = "demo"


@dataclass
class DemoContext:
    out: Path
    session: object
    family_id: str
    produced: list[Path] = field(default_factory=list)
    letter_id: str | None = None
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(text, flush=True)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create a demo vault with an invented family and run everything on it")
    p.add_argument("--out", metavar="DIR", help="where to put the demo (default: a new temporary folder)")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="volunteer-desk-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    ctx = run_demo(out)
    print()
    print(f"Demo vault: {out / 'vault'}  (volunteer: {DEMO_VOLUNTEER}, passphrase: {DEMO_PASSPHRASE})")
    for path in ctx.produced:
        print(f"  produced: {path}")
    print(f"Everything the demo produced is in: {out}")
    return 0


def run_demo(out: Path) -> DemoContext:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family import snapshot
    from volunteer_desk.vault import Vault
    from volunteer_desk.vault.crypto import KdfParams

    vault_dir = out / "vault"
    if Vault.exists(vault_dir):
        session = Vault(vault_dir, summarizer=snapshot.index_summary).unlock(DEMO_VOLUNTEER, DEMO_PASSPHRASE)
    else:
        # The demo passphrase is public anyway: use the floor Argon2id parameters to start fast.
        session = Vault.init(vault_dir, DEMO_VOLUNTEER, DEMO_PASSPHRASE, kdf=KdfParams.floor(),
                             summarizer=snapshot.index_summary)
    data = json.loads(resource("demo", "family.json").read_text(encoding="utf-8"))
    fid, code = session.create_family(data["household"]["display_name"],
                                      fill=lambda ff: snapshot.import_into(ff, data))
    ctx = DemoContext(out=out, session=session, family_id=fid)
    ctx.say(f"1. Vault: created the encrypted family file {fid}.vdf (SQLCipher 4, raw 256-bit key,")
    ctx.say("   wrapped for the volunteer with Argon2id + AES-256-GCM).")
    ctx.say(f"   Recovery kit for this family (printed once): {code}")
    for step in STEPS:
        start = time.perf_counter()
        try:
            step(ctx)
        except Exception as exc:  # the demo goes on: say what failed, without personal data
            ctx.say(f"   ! step {step.__name__} failed: {type(exc).__name__}: {exc}")
        if os.environ.get("VOLUNTEER_DESK_DEMO_TIMING"):
            ctx.say(f"   ({step.__name__}: {time.perf_counter() - start:.2f} s)")
    session.close()
    return ctx


def step_family_listing(ctx: DemoContext) -> None:
    families = ctx.session.list_families()
    ctx.say(f"2. Families visible to volunteer '{DEMO_VOLUNTEER}': " + ", ".join(f.name for f in families))


def step_trajectory(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family import directory, snapshot, trajectory

    with ctx.session.open_family(ctx.family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    steps = trajectory.trajectory_for(snap, None, directory.load(ctx.session.vault.root))
    open_steps = [s for s in steps if s.status not in ("done", "not_applicable")]
    ctx.say(f"7. Integration trajectory ({steps[0].region if steps else '?'}): {len(steps)} steps, "
            f"{len(open_steps)} still open. Next deadlines:")
    for d in trajectory.trajectory_deadlines(snap, None, directory.load(ctx.session.vault.root))[:4]:
        ctx.say(f"   {d['due']}  {d['title']}")
    for flag in trajectory.requests_without_decision(snap):
        ctx.say(f"   appeal possible: no CPAS decision on '{flag['request'].what}' since {flag['since']} "
                f"(appeal by {flag['appeal_by']}; {flag['source']})")

    for status in ("refugee", "subsidiary_protection"):   # the same recognition date, per status
        step = next(r for r in trajectory.rules("wallonia", "2026-09-01", "2026-06-15", status)
                    if r.id == "family_reunification")
        ctx.say(f"   family reunification, {status} recognised 2026-06-15: {step.basis}")
    line, stale = rules.staleness_line()
    ctx.say(f"   {line}" + (" (stale)" if stale else "") + f" {len(rules.all_rules())} dated rules with their sources: "
            "'volunteer-desk rules show'.")


def step_letter(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of cv2, numpy, the vault (sqlcipher3), stdnum, PIL
    from volunteer_desk.letters import flow as letter_flow
    from volunteer_desk.letters.samples import render_page, sample_letter_text

    text = sample_letter_text("cpas_decision")
    photo = render_page(text, "phone", seed=7)  # a phone photo under a lamp, invented letter
    t = time.perf_counter()
    with ctx.session.open_family(ctx.family_id) as ff:
        ctx.letter_id = letter_flow.import_letter(ff, [photo], lang="auto")
        letter = ff.get("letters", ctx.letter_id)
    ocr = letter["ocr"]
    ctx.say(f"3. Letter: a phone photo read in {time.perf_counter() - t:.1f} s "
            f"(language {ocr['language']}, mean confidence {ocr['mean_confidence']}); the photo, the "
            "cleaned page and the text are stored inside the encrypted family file.")
    for line in letter["text"].strip().splitlines()[:6]:
        ctx.say("   | " + line)


def step_facts(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of cv2, numpy, the vault (sqlcipher3), stdnum
    from volunteer_desk.letters import flow as letter_flow

    if not ctx.letter_id:
        return
    with ctx.session.open_family(ctx.family_id) as ff:
        proposals = letter_flow.proposed_tasks(ff, ctx.letter_id)
        letter = ff.get("letters", ctx.letter_id)
        for p in proposals:
            letter_flow.confirm_task(ff, ctx.letter_id, p)
        ctx.session.refresh_index(ff)
    facts = letter["facts"]
    amounts = ", ".join(str(a.get("text", a)) if isinstance(a, dict) else str(a) for a in facts.get("amounts_eur", []))
    ctx.say(f"4. Letter facts: sender {facts.get('sender_kind')}, kind {facts.get('kind')}, amounts: {amounts or '-'}")
    for p in proposals:
        ctx.say(f"   task confirmed: {p['due']} {p.get('time') or ''} {p['title']}  [{p.get('basis', '')}]")
    appeal = facts.get("appeal") or {}
    if appeal.get("legal_delay"):
        ctx.say(f"   appeal: legal delay {appeal['legal_delay']} ({appeal.get('legal_source', '')}), due "
                f"{appeal.get('due') or '-'}; warnings: {', '.join(appeal.get('warnings') or []) or 'none'}")


def step_translation(ctx: DemoContext) -> None:
    # lazy: keeps `demo --help` free of the translation engine's modules
    from volunteer_desk.translation.coverage import coverage
    from volunteer_desk.translation.glossary import Glossary
    from volunteer_desk.translation.letter import translate_letter
    from volunteer_desk.translation.packages import ModelManager

    pairs = ModelManager().pairs()
    cov = coverage("ar", source="fr")
    ctx.say(f"5. Translation into Arabic: {cov.status} — {cov.message}")
    for lang in ("ps", "ti"):
        ctx.say(f"   {lang}: {coverage(lang, source='fr').message}")
    if ctx.letter_id:
        glossary = Glossary.load()
        with ctx.session.open_family(ctx.family_id, read_only=True) as ff:
            text = ff.get("letters", ctx.letter_id)["text"]
        seen: set[str] = set()
        for hit in glossary.find_terms(text, "fr"):
            if hit.term_id in seen:
                continue
            seen.add(hit.term_id)
            ctx.say(f"   glossary: {hit.text} → {glossary.explain(hit.term_id, 'ar').text}")
            if len(seen) == 3:
                break
    if not ctx.letter_id or cov.status not in ("machine", "via_english"):
        ctx.say(f"   (installed model pairs: {', '.join(pairs) if pairs else 'none'}; "
                "install a model pack with 'volunteer-desk models install FOLDER')")
        return
    with ctx.session.open_family(ctx.family_id) as ff:
        letter = ff.get("letters", ctx.letter_id)
        result = translate_letter(letter["text"], "fr", "ar")
        letter.setdefault("translations", {})["ar"] = result.to_dict()
        ff.put("letters", letter, ctx.letter_id)
    ctx.say(f"   {result.label}: {len(result.paragraphs)} paragraphs")


def step_forms(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), PIL, reportlab
    from volunteer_desk.family import snapshot
    from volunteer_desk.forms import applicable_forms, fill, render_pdf, save_filled

    folder = ctx.out / "forms"
    folder.mkdir(exist_ok=True)
    with ctx.session.open_family(ctx.family_id) as ff:
        snap = snapshot.load(ff)
        forms = applicable_forms(snap)
        gaps = 0
        for spec in forms:
            filled = fill(spec.id, snap, {"name": "Sam Demo", "organisation": "Association démo"})
            pdf = render_pdf(filled, family_language=snap.household.main_language)
            save_filled(ff, filled, family_language=snap.household.main_language, pdf=pdf)
            atomic_write(folder / f"{spec.id}.pdf", pdf)
            gaps += len(filled.missing)
        first = fill(forms[0].id, snap)
    ctx.produced.append(folder)
    ctx.say(f"6. Forms: {len(forms)} forms for this region filled from the family file "
            f"({gaps} fields still missing in all); PDFs in {folder}")
    for item in first.missing[:3]:
        ctx.say(f"   missing on {forms[0].id}: {item.text()}")


def step_packet(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of PIL, cv2, numpy, pypdfium2, reportlab
    from volunteer_desk.packet.build import packet_for_family
    from volunteer_desk.packet.request import PacketRequest

    request = PacketRequest("cpas", "fr", association={"name": "Association démo", "phone": "+32 4 000 00 00"},
                            volunteer={"name": "Sam Demo", "phone": "+32 470 00 00 00"},
                            reason="Première installation à Liège après le centre d'accueil ; le bénévole passe "
                                   "le relais au référent pour le suivi du PIIS et du logement.",
                            questions="La prime d'installation demandée le 02/10 est-elle en cours ? "
                                      "Une garantie locative peut-elle encore être demandée ?")
    pdf, name = packet_for_family(ctx.session, ctx.family_id, request)
    path = ctx.out / name
    atomic_write(path, pdf)
    ctx.produced.append(path)
    # lazy: keeps `VERB --help` free of pypdfium2
    from volunteer_desk.packet.merge import page_count

    ctx.say(f"8. Handover packet for the CPAS référent (only what the family consented to share): {path} "
            f"({page_count(pdf)} pages, {len(pdf) // 1024} KB): the note with its points of attention, and the forms "
            "addressed to the CPAS not asked for yet")
    # the appeal kit, filled from the family file (the installation grant has had no decision for a month)
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), PIL, reportlab, cv2, numpy, pypdfium2
    from volunteer_desk.family import snapshot
    from volunteer_desk.forms.spec import catalogue
    from volunteer_desk.packet.selection import render_form

    kit = ctx.out / "appeal-kit"
    kit.mkdir(exist_ok=True)
    with ctx.session.open_family(ctx.family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    for spec in (f for f in catalogue() if f.kit == "appeal"):
        atomic_write(kit / f"{spec.id}.pdf", render_form(spec.id, snap, snap.household.main_language or None).pdf)
    ctx.produced.append(kit)
    ctx.say(f"   appeal kit (requête au tribunal du travail, demande d'audition, recours pour absence de décision), "
            f"each with where to send it and the statutory delay from the rules: {kit}")
    try:
        packet_for_family(ctx.session, ctx.family_id, PacketRequest("lawyer", "fr"))
    except Exception as exc:
        ctx.say(f"   a packet for a lawyer is refused: {exc}")


def step_sheet(ctx: DemoContext) -> None:
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3), reportlab, PIL
    from volunteer_desk.family import snapshot
    from volunteer_desk.sheet.content import build_deadlines_sheet, build_sheet
    from volunteer_desk.sheet.render import render_sheet_pdf
    from volunteer_desk.sheet.speech import speak
    from volunteer_desk.sheet.store import save_recording

    if not ctx.letter_id:
        return
    with ctx.session.open_family(ctx.family_id) as ff:
        snap = snapshot.load(ff)
        lang = snap.household.main_language or "fr"
        letter = next(lt for lt in snap.letters if lt.id == ctx.letter_id)
        sheet = build_sheet(letter, snap, lang, "Sam Demo", "+32 470 00 00 00")
        pdf = render_sheet_pdf(sheet)
        wav = speak(sheet.text(), lang)
        save_recording(ff, ctx.letter_id, lang, wav)
        deadlines = render_sheet_pdf(build_deadlines_sheet(snap, lang, date.today(), "Sam Demo", "+32 470 00 00 00"))
        # The same letter for a Tigrinya-reading family: hand-written phrases, Ge'ez script, no voice.
        tigrinya = build_sheet(letter, snap, "ti", "Sam Demo", "+32 470 00 00 00")
        ti_pdf = render_sheet_pdf(tigrinya)
    for name, data in (("family-sheet.pdf", pdf), ("deadlines-sheet.pdf", deadlines), ("family-sheet-ti.pdf", ti_pdf)):
        atomic_write(ctx.out / name, data)
        ctx.produced.append(ctx.out / name)
    meaning = {"good": "good news", "act": "you must act", "info": "for information"}.get(sheet.tone, sheet.tone)
    ctx.say(f"9. Family sheet in '{lang}' — '{meaning}' first, then what to do, the date, what to bring, whom to "
            f"call — and its recording ({len(wav) // 1024} KB WAV, kept inside the family file); a sheet of all "
            "open dates; the same sheet in Tigrinya (no voice: larger pictograms).")


def step_two_laptops(ctx: DemoContext) -> None:
    """The family edited on the office PC and on a laptop at once, as Syncthing leaves it; merged."""
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.vault.check import check_vault
    from volunteer_desk.vault.merge import open_conflicts
    from volunteer_desk.vault.store import FamilyFile

    session, fid = ctx.session, ctx.family_id
    path = session.layout.family(fid)
    laptop_copy = path.with_name(f"{fid}.sync-conflict-20261201-101500-LAPTOP2.vdf")
    shutil.copyfile(path, laptop_copy)
    with FamilyFile(laptop_copy, fid, session.data_key(fid), "laptop-volunteer") as other:
        body = {k: v for k, v in other.get("household", "household").items() if k != "id"}
        other.put("household", {**body, "email": "famille.demo@example.be", "phone": "0499 00 00 02"}, "household")
    with session.open_family(fid) as ff:
        body = {k: v for k, v in ff.get("household", "household").items() if k != "id"}
        ff.put("household", {**body, "phone": "0470 00 00 01"}, "household")
    merged = session.merge_sync_copies(fid)
    with session.open_family(fid, read_only=True) as ff:
        household = ff.get("household", "household")
        conflicts = open_conflicts(ff)
    ctx.say(f"10. Two computers edited the family at once (office: phone; laptop: phone and e-mail): "
            f"{merged} sync copy merged field by field — e-mail kept, and {len(conflicts)} question for the "
            f"volunteer: {conflicts[0]['field'] if conflicts else '-'} = "
            + " or ".join(str(v["value"]) for v in (conflicts[0]["values"] if conflicts else [])))
    report = check_vault(session)
    ctx.say(f"    Vault check: {sum(r.ok for r in report)} of {len(report)} checked without problem; "
            f"registry safety number {session.registry_fingerprint()} (household e-mail now "
            f"{'kept' if household.get('email') else 'LOST'}).")


STEPS: list[Callable[[DemoContext], None]] = [
    step_family_listing, step_letter, step_facts, step_translation, step_forms, step_trajectory, step_packet, step_sheet,
    step_two_laptops,
]


if __name__ == "__main__":
    ns = argparse.Namespace(out=sys.argv[1] if len(sys.argv) > 1 else None)
    sys.exit(cmd_demo(ns))
