"""``volunteer-desk`` / ``python -m volunteer_desk``: the app, or a command-line verb.

- no arguments: the desktop app; with no screen, the demo runs instead (and says so);
- ``--self-test [--json]``: checks encryption, OCR, models, fonts, folders;
- ``--screenshots DIR``: saves a PNG of each main screen on a demo vault;
- anything else: the command-line verbs (``volunteer-desk --help``).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from volunteer_desk.vault.crypto import KdfCost


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def no_core_dumps() -> None:
    """A crash must not write the process memory (decrypted family data, keys) to a core file."""
    try:
        # lazy: the resource module exists only on POSIX
        import resource
    except ImportError:  # Windows: no core files; WER dumps are a system setting
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


def main(argv: list[str] | None = None, *, kdf_cost: KdfCost | None = None) -> int:
    """``kdf_cost``: what new key derivations cost (default: tuned to this machine; tests/fast_cli.py
    passes the floor so the suites spawning the CLI stay quick)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    no_core_dumps()
    if argv[:1] == ["--letters-parse-child"]:  # frozen builds start the sandboxed parser this way
        # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
        from volunteer_desk.letters.sandbox_child import main as parse_child

        return parse_child() or 0
    if argv[:1] == ["--model-probe-child"]:  # frozen builds prove a new translation model this way
        # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
        from volunteer_desk.translation.probe import child_main as probe_child

        return probe_child(argv[1:])
    if argv[:1] == ["--self-test"]:
        # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
        from volunteer_desk.selftest import main_selftest

        return main_selftest(json_output="--json" in argv)
    if argv[:1] == ["--screenshots"]:
        if len(argv) < 2:
            print("volunteer-desk: --screenshots needs a folder.", file=sys.stderr)
            return 2
        # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
        from volunteer_desk.ui.screenshots import run_screenshots

        return run_screenshots(argv[1])
    if not argv or argv[0].startswith("-platform") or argv[0] in ("--gui", "--vault"):
        if _has_display() or os.environ.get("QT_QPA_PLATFORM"):
            # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
            from volunteer_desk.ui.main import run_gui

            return run_gui(argv)
        print("No screen found: running the demo instead (volunteer-desk demo).", file=sys.stderr)
        argv = ["demo"]
    # lazy: dispatch: imports only the entry point in use (app, CLI verb, child process)
    from volunteer_desk.cli import main as cli_main

    return cli_main(argv, kdf_cost=kdf_cost)


if __name__ == "__main__":
    sys.exit(main())
