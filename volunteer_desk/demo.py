"""``volunteer-desk demo``: a demo vault with an invented family, and everything built so far run on it.

It is the main job on a machine without a screen: it shows the whole product as it stands and ends
with the path of what it produced. Volunteer ``demo``, passphrase ``demo`` (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    from volunteer_desk.family import snapshot
    from volunteer_desk.vault import Vault
    from volunteer_desk.vault.crypto import KdfParams

    vault_dir = out / "vault"
    if Vault.exists(vault_dir):
        session = Vault(vault_dir).unlock(DEMO_VOLUNTEER, DEMO_PASSPHRASE)
    else:
        # The demo passphrase is public anyway: use the floor Argon2id parameters to start fast.
        session = Vault.init(vault_dir, DEMO_VOLUNTEER, DEMO_PASSPHRASE, kdf=KdfParams.floor())
    data = json.loads(resource("demo", "family.json").read_text(encoding="utf-8"))
    fid, code = session.create_family(data["household"]["display_name"])
    with session.open_family(fid) as ff:
        snapshot.import_into(ff, data)
        session.refresh_index(ff)
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


def _available(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def step_family_listing(ctx: DemoContext) -> None:
    families = ctx.session.list_families()
    ctx.say(f"2. Families visible to volunteer '{DEMO_VOLUNTEER}': " + ", ".join(f.name for f in families))


def step_trajectory(ctx: DemoContext) -> None:
    from volunteer_desk.family import directory, snapshot, trajectory

    with ctx.session.open_family(ctx.family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    steps = trajectory.trajectory_for(snap, None, directory.load(ctx.session.vault.root))
    open_steps = [s for s in steps if s.status not in ("done", "not_applicable")]
    ctx.say(f"T. Integration trajectory ({steps[0].region if steps else '?'}): {len(steps)} steps, "
            f"{len(open_steps)} still open. Next deadlines:")
    for d in trajectory.trajectory_deadlines(snap, None, directory.load(ctx.session.vault.root))[:4]:
        ctx.say(f"   {d['due']}  {d['title']}")


STEPS: list[Callable[[DemoContext], None]] = [step_family_listing, step_trajectory]


if __name__ == "__main__":
    ns = argparse.Namespace(out=sys.argv[1] if len(sys.argv) > 1 else None)
    sys.exit(cmd_demo(ns))
