"""Without real SQLCipher, nothing starts and nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.fast_cli import COMMAND as FAST_CLI


def test_refuses_to_create_a_vault_without_sqlcipher(tmp_path):
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(textwrap.dedent("""
        import sys
        class _Block:
            def find_spec(self, name, path=None, target=None):
                if name == "sqlcipher3" or name.startswith("sqlcipher3."):
                    raise ImportError("hidden for the test")
        sys.meta_path.insert(0, _Block())
    """))
    vault = tmp_path / "vault"
    env = {**os.environ, "PYTHONPATH": f"{hide}{os.pathsep}{os.getcwd()}"}
    proc = subprocess.run(
        [*FAST_CLI, "vault", "init", "--vault", str(vault), "--volunteer", "a",
         "--passphrase-stdin"], input="a passphrase\n", capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode != 0
    assert "SQLCipher" in proc.stderr and "Traceback" not in proc.stderr
    assert not vault.exists() or not any(vault.rglob("*.vdf"))


def test_core_never_imports_qt():
    code = textwrap.dedent("""
        import sys
        import volunteer_desk.cli, volunteer_desk.demo
        import pkgutil, importlib, volunteer_desk
        for pkg in ("core", "vault", "family", "letters", "translation", "forms", "packet"):
            mod = importlib.import_module("volunteer_desk." + pkg)
            for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
                importlib.import_module(info.name)
        volunteer_desk.cli.build_parser()
        assert not any(m.startswith("PySide6") for m in sys.modules), [m for m in sys.modules if "PySide" in m]
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
