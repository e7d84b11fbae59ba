"""``python -m tests.fast_cli VERB …``: ``python -m volunteer_desk`` with the floor KDF cost.

Tests that spawn the command line run this instead. The cost is a parameter of
``volunteer_desk.__main__.main`` (default: tuned to the machine), so production code reads no
test switch from the environment; a vault made through this entry records the floor parameters it
used and opens like any other.
"""

from __future__ import annotations

import sys

from volunteer_desk.__main__ import main
from volunteer_desk.vault.crypto import FLOOR_COST

# The command every CLI-spawning test uses (cwd or PYTHONPATH must reach the project root).
COMMAND = [sys.executable, "-m", "tests.fast_cli"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], kdf_cost=FLOOR_COST))
