"""Shared fixtures: one template vault per test session, copied per test (the KDF is slow on purpose)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from volunteer_desk.core.paths import resource
from volunteer_desk.vault.crypto import FLOOR_COST  # floor Argon2id params (t=3, 64 MiB): still real

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_JSON = resource("demo", "family.json")
ADMIN, ADMIN_PASS = "admin", "correct horse battery"
VOLUNTEER, VOLUNTEER_PASS = "sam", "staple lemon tree"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    # The .mo catalogues are built, not committed (installer/bootstrap.sh builds them): a fresh checkout
    # or a merge that changed a translations/*.po is compiled here first, once (not in xdist workers).
    if hasattr(config, "workerinput"):
        return
    built = ROOT / "resources" / "locale"
    if any(not (mo := built / po.stem / "LC_MESSAGES" / "volunteer_desk.mo").exists()
           or mo.stat().st_mtime < po.stat().st_mtime for po in (ROOT / "translations").glob("*.po")):
        subprocess.run([sys.executable, str(ROOT / "installer" / "compile_translations.py")], check=True,
                       capture_output=True)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VOLUNTEER_DESK_DATA", str(home / "data"))
    monkeypatch.setenv("VOLUNTEER_DESK_CONFIG", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory) -> Path:
    from volunteer_desk.family import snapshot
    from volunteer_desk.vault import Vault

    root = tmp_path_factory.mktemp("template") / "vault"
    session = Vault.init(root, ADMIN, ADMIN_PASS, summarizer=snapshot.index_summary, kdf_cost=FLOOR_COST)
    session.add_volunteer(VOLUNTEER, VOLUNTEER_PASS)
    fid, code = session.create_family("Famille Haddad (démo)")
    with session.open_family(fid) as ff:
        snapshot.import_into(ff, json.loads(DEMO_JSON.read_text()))
        session.refresh_index(ff)
    (root.parent / "meta.json").write_text(json.dumps({"family_id": fid, "recovery": code}))
    return root


@pytest.fixture
def vault_dir(template_vault, tmp_path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(template_vault, dest)
    return dest


@pytest.fixture
def demo_family_id(template_vault) -> str:
    return json.loads((template_vault.parent / "meta.json").read_text())["family_id"]


@pytest.fixture
def recovery_code(template_vault) -> str:
    return json.loads((template_vault.parent / "meta.json").read_text())["recovery"]


@pytest.fixture
def admin_session(vault_dir):
    from volunteer_desk.family.snapshot import index_summary
    from volunteer_desk.vault import Vault

    session = Vault(vault_dir, summarizer=index_summary, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    yield session
    session.close()


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory):
    """Real fixture .argosmodel files (tests/fixtures/argos_builder.py), built once per session on demand."""
    from tests.fixtures.argos_builder import FixturePackages

    return FixturePackages(tmp_path_factory.mktemp("argos_packages"))
