"""Headless verbs over the same services the app uses.

Each capability's verbs live in one module of this package (``cli/<capability>.py: register``), which
imports only what its verb needs (``--version`` imports none of them). Errors a user can fix are
printed as one line on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import TYPE_CHECKING

from volunteer_desk import __version__
from volunteer_desk.core.errors import UserError
from volunteer_desk.core.text import terminal_safe

if TYPE_CHECKING:
    from volunteer_desk.vault.crypto import KdfCost

# Which module registers a verb, so `volunteer-desk ocr …` imports the letters CLI and not the vault,
# reportlab or Qt-adjacent modules of every other verb (issue 21: start-up was ~0.4 s of imports).
# A new module must appear here; a verb missing here whose module does still works (the parser is then
# built from every module).
VERB_MODULES = {
    "vault": "volunteer_desk.cli.vault",
    "volunteer": "volunteer_desk.cli.vault",
    "family": "volunteer_desk.cli.vault",
    "ocr": "volunteer_desk.cli.ocr",
    "facts": "volunteer_desk.cli.facts",
    "models": "volunteer_desk.cli.translation",
    "translate": "volunteer_desk.cli.translation",
    "forms": "volunteer_desk.cli.forms",
    "packet": "volunteer_desk.cli.packet",
    "rights": "volunteer_desk.cli.packet",
    "transfer": "volunteer_desk.cli.packet",
    "trajectory": "volunteer_desk.cli.trajectory",
    "directory": "volunteer_desk.cli.trajectory",
    "modelpack": "volunteer_desk.cli.modelpack",
    "rules": "volunteer_desk.cli.rules",
    "sheet": "volunteer_desk.cli.sheet",
    "demo": "volunteer_desk.demo",
}
# Every module that registers verbs, in the order of the help text.
CAPABILITY_CLIS = tuple(dict.fromkeys(VERB_MODULES.values()))


def modules_for(argv: list[str] | None) -> tuple[str, ...]:
    """The capability CLIs needed to parse ``argv``: one for a known verb, none for ``--version``."""
    args = list(sys.argv[1:] if argv is None else argv)
    verb = next((a for a in args if not a.startswith("-")), None)
    if verb in VERB_MODULES:
        return (VERB_MODULES[verb],)
    if verb is None and "--version" in args and not {"-h", "--help"} & set(args):
        return ()
    return CAPABILITY_CLIS


def build_parser(modules: tuple[str, ...] = CAPABILITY_CLIS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="volunteer-desk",
        description="Volunteer Desk: encrypted family files, letters, translation, forms and packets.",
    )
    parser.add_argument("--version", action="version", version=f"volunteer-desk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress on stderr (no personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):  # not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None, *, kdf_cost: KdfCost | None = None) -> int:
    """``kdf_cost``: what new key derivations cost (None: tuned, as a real vault must be)."""
    # lazy: dispatch: `--version` and each verb import only what they need
    from volunteer_desk.cli.common import safe_terminal_output

    parser = build_parser(modules_for(argv))
    with safe_terminal_output():  # argparse echoes arguments in its errors: escaped too
        args = parser.parse_args(argv)
        args.kdf_cost = kdf_cost  # read by the verbs that make a vault (cli.common.open_session, vault init)
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(levelname)s %(name)s: %(message)s")
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    # lazy: dispatch: `--version` and each verb import only what they need
    from volunteer_desk.cli.common import user_error_for

    try:
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"volunteer-desk: {terminal_safe(str(err))}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("volunteer-desk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the single boundary: anything else is one line too, exit 2
        err = user_error_for(exc, verbose=args.verbose)
        print(f"volunteer-desk: {terminal_safe(str(err))}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
