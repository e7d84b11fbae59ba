"""Entry point of the frozen (PyInstaller) build.

A frozen program cannot run ``python -m …``, so child processes the app starts with its own
executable arrive here with a marker argument and are dispatched before the app is imported.
"""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:2] == ["--letters-parse-child"]:
        # letters/sandbox.py starts the PDF/image parser as a separate process (crash and memory limits).
        from volunteer_desk.letters.sandbox_child import main as child_main

        del sys.argv[1]
        return child_main()
    from volunteer_desk.__main__ import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
