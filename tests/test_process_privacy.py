"""What the process leaves behind: no core dumps, and logs without personal data."""

from __future__ import annotations

import json
import subprocess
import sys

from volunteer_desk.core.paths import resource

DEMO_JSON = resource("demo", "family.json")


def test_the_program_turns_core_dumps_off():
    code = ("import resource, sys\n"
            "from volunteer_desk.__main__ import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(resource.getrlimit(resource.RLIMIT_CORE))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "(0, 0)"


def test_verbose_logs_of_the_whole_demo_carry_no_personal_data(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "volunteer_desk", "-v", "demo", "--out", str(tmp_path / "demo")],
                          capture_output=True, text=True, timeout=300)  # the demo vault uses the floor KDF itself
    assert proc.returncode == 0, proc.stderr[-2000:]
    family = json.loads(DEMO_JSON.read_text())
    personal = [family["household"]["display_name"], family["household"]["iban"], family["household"]["phone"],
                *(m["first_name"] for m in family["members"]), *(m["last_name"] for m in family["members"]),
                *(m.get("niss", "") for m in family["members"] if m.get("niss")),
                "1.626,61", "RIS/2024/08731"]  # an amount and a file reference from the demo letter
    assert "Haddad" in proc.stdout  # the demo itself shows the (invented) family to the user…
    leaked = [p for p in personal if p and p in proc.stderr]
    assert leaked == [], f"…but the log must not: {leaked}"
