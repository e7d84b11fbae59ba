"""Conventions shared by every capability's command-line module.

Each capability has a module in this package (``cli/<capability>.py``) exposing ``register(subparsers)``,
which adds its verbs with ``parser.set_defaults(func=handler)``; a handler takes the parsed
``argparse.Namespace`` and returns an exit code. ``volunteer_desk.cli`` collects them. Handlers raise ``UserError`` for anything the
user can fix; the dispatcher prints it as one line on stderr (never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import re
import sys
import traceback
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from volunteer_desk.core import errors
from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.text import check_name, terminal_safe


def print_json(data: Any) -> None:
    # json escapes C0 controls itself; bidi overrides, C1 controls and lone surrogates become \uXXXX
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


class _SafeStream:
    """stdout/stderr for the CLI: whatever a verb prints, escape sequences and bidi overrides come out
    as visible text (defence in depth: names are also checked on the way in and escaped per value).
    ``allow_cr`` keeps carriage returns (the progress line on stderr)."""

    def __init__(self, stream: Any, allow_cr: bool = False) -> None:
        self._stream = stream
        self._allow_cr = allow_cr

    def write(self, text: str) -> int:
        if "\r" in text:  # CRLF line ends (a CSV export) stay; a lone CR only on stderr (progress)
            sep = "\r" if self._allow_cr else "\r\n"
            safe = sep.join(terminal_safe(part, keep_newlines=True) for part in text.split(sep))
        else:
            safe = terminal_safe(text, keep_newlines=True)
        return self._stream.write(safe)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def safe_terminal_output() -> Iterator[None]:
    previous = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, _SafeStream):
        sys.stdout = _SafeStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, _SafeStream):
        sys.stderr = _SafeStream(sys.stderr, allow_cr=True)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = previous


def name_arg(value: str) -> str:
    """argparse type for a name typed on the command line (family, volunteer): no control or
    text-direction characters, at most 200 characters; anything else is a one-line usage error."""
    try:
        return check_name(value, "name")
    except BadInput as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def user_error_for(exc: BaseException, *, verbose: bool = False) -> Any:
    """The one line for an error no verb caught (the CLI's single boundary). With ``verbose`` the
    traceback goes to stderr too, as frames and exception types only: messages may hold family data."""
    # lazy: keeps `volunteer-desk --version` start-up free of core.i18n (issue 21)
    from volunteer_desk.core.i18n import _

    if verbose:
        print(safe_traceback(exc), file=sys.stderr, end="")
    name = type(exc).__name__
    if type(exc).__module__.startswith("sqlcipher3") or name in ("DatabaseError", "OperationalError"):
        if "locked" in str(exc).lower():
            return errors.OpenedElsewhere(_("The family file is busy (open in another program); try again."))
        return errors.CorruptFile(_("The family file is damaged or is not a family file; it was left untouched."))
    if isinstance(exc, RecursionError):
        return errors.BadInput(_("The input is nested too deeply to be read."))
    if isinstance(exc, MemoryError):
        return errors.BadInput(_("The input is too large for the memory of this computer."))
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return errors.DiskFull(_("The disk is full; nothing was changed."))
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return errors.AccessDenied(_("A file or folder may not be read or written (permissions)."))
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return errors.NotFound(_("A file or folder does not exist."))
        return errors.UserError(_("A file could not be read or written ({reason}).").format(
            reason=exc.strerror or name))
    if isinstance(exc, UnicodeError):
        return errors.BadInput(_("The input holds text that is not valid Unicode."))
    return errors.UserError(_("Unexpected error ({kind}); run again with -v for details.").format(kind=name))


def safe_traceback(exc: BaseException) -> str:
    """Frames (file, line, function) and exception types of the whole chain, without any message."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        part = ["Traceback (most recent call last, messages withheld: they may hold personal data):"]
        for frame in traceback.extract_tb(current.__traceback__):
            part.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        part.append(f"{type(current).__module__}.{type(current).__qualname__}")
        lines[:0] = part + ([""] if lines else [])
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def iso_date(value: str) -> date:
    """argparse type for dates written YYYY-MM-DD; anything else is a one-line usage error."""
    # lazy: keeps `volunteer-desk --version` start-up free of core.i18n (issue 21)
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
    if getattr(args, "passphrase_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise BadInput("No passphrase on standard input.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise BadInput("No passphrase given: use --passphrase-stdin.")
    import getpass  # lazy: keeps `volunteer-desk --version` start-up free of getpass/termios (issue 21)

    return getpass.getpass(prompt)


def vault_root(args: argparse.Namespace):
    # lazy: keeps `volunteer-desk --version` start-up free of core.paths (issue 21)
    from volunteer_desk.core.paths import default_vault_dir

    return Path(args.vault) if getattr(args, "vault", None) else default_vault_dir()


def open_session(args: argparse.Namespace):
    """Unlock the vault named by --vault/--volunteer/--passphrase-stdin; returns a vault Session."""
    # lazy: keeps `VERB --help` free of the vault (sqlcipher3)
    from volunteer_desk.family.snapshot import index_summary
    from volunteer_desk.vault import Vault

    if not getattr(args, "volunteer", None):
        raise BadInput("Say which volunteer you are: --volunteer NAME.")
    vault = Vault(vault_root(args), summarizer=index_summary, kdf_cost=getattr(args, "kdf_cost", None))
    return vault.unlock(args.volunteer, read_passphrase(args))
