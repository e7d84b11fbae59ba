"""Headless verbs over the same services the app uses.

Each capability registers its own verbs (``<package>/cli.py: register``). Errors a user can fix are
printed as one line on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from volunteer_desk import __version__
from volunteer_desk.core.errors import UserError
from volunteer_desk.core.text import terminal_safe

CAPABILITY_CLIS = (
    "volunteer_desk.vault.cli",
    "volunteer_desk.letters.cli",
    "volunteer_desk.letters.facts.cli",
    "volunteer_desk.translation.cli",
    "volunteer_desk.forms.cli",
    "volunteer_desk.packet.cli",
    "volunteer_desk.family.trajectory_cli",
    "volunteer_desk.modelpack.cli",
    "volunteer_desk.rules.cli",
    "volunteer_desk.sheet.cli",
    "volunteer_desk.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="volunteer-desk",
        description="Volunteer Desk: encrypted family files, letters, translation, forms and packets.",
    )
    parser.add_argument("--version", action="version", version=f"volunteer-desk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress on stderr (no personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in CAPABILITY_CLIS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):  # not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from volunteer_desk.cli_common import safe_terminal_output

    parser = build_parser()
    with safe_terminal_output():  # argparse echoes arguments in its errors: escaped too
        args = parser.parse_args(argv)
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(levelname)s %(name)s: %(message)s")
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from volunteer_desk.cli_common import user_error_for

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
