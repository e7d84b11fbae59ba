"""Conventions shared by every capability's command-line module.

Each capability has a ``cli.py`` exposing ``register(subparsers)``, which adds its verbs with
``parser.set_defaults(func=handler)``; a handler takes the parsed ``argparse.Namespace`` and returns
an exit code. ``volunteer_desk.cli`` collects them. Handlers raise ``UserError`` for anything the
user can fix; the dispatcher prints it as one line on stderr (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def iso_date(value: str) -> date:
    """argparse type for dates written YYYY-MM-DD; anything else is a one-line usage error."""
    from volunteer_desk.core.i18n import _

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(_("use a date written YYYY-MM-DD, like 2027-03-04"))


def add_vault_options(parser: argparse.ArgumentParser) -> None:
    """--vault DIR --volunteer NAME --passphrase-stdin, taken by every command that opens the vault."""
    parser.add_argument("--vault", metavar="DIR", help="vault folder (default: the user data folder)")
    parser.add_argument("--volunteer", metavar="NAME", help="volunteer name")
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help="read the passphrase from the first line of stdin"
    )


def read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    """First line of stdin with --passphrase-stdin; else ask on the terminal (never echoed)."""
    from volunteer_desk.core.errors import BadInput

    if getattr(args, "passphrase_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise BadInput("No passphrase on standard input.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise BadInput("No passphrase given: use --passphrase-stdin.")
    import getpass

    return getpass.getpass(prompt)


def vault_root(args: argparse.Namespace):
    from pathlib import Path

    from volunteer_desk.core.paths import default_vault_dir

    return Path(args.vault) if getattr(args, "vault", None) else default_vault_dir()


def open_session(args: argparse.Namespace):
    """Unlock the vault named by --vault/--volunteer/--passphrase-stdin; returns a vault Session."""
    from volunteer_desk.core.errors import BadInput
    from volunteer_desk.vault import Vault

    if not getattr(args, "volunteer", None):
        raise BadInput("Say which volunteer you are: --volunteer NAME.")
    vault = Vault(vault_root(args))
    return vault.unlock(args.volunteer, read_passphrase(args))
