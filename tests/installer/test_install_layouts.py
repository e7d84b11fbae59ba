"""The data (resources/) and the compiled catalogues are found however the program is installed: from an
installed wheel and from an editable install, each run from a folder outside the repository. (A source
checkout is what every other test uses; the PyInstaller bundle is tests/installer/test_bundle.py.)
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What a volunteer's first screens need: a form, the glossary, the legal rules, the UI in French.
PROBE = """
import json
import volunteer_desk
from volunteer_desk.core import i18n, paths
from volunteer_desk.forms.spec import catalogue, get_form
from volunteer_desk.rules.store import rule_files
from volunteer_desk.translation.glossary import Glossary

print(json.dumps({
    "package": volunteer_desk.__file__,
    "resources": str(paths.resources_dir()),
    "catalogue": str(paths.locale_dir() / "fr" / "LC_MESSAGES" / "volunteer_desk.mo"),
    "forms": [f.id for f in catalogue()],
    "form_title": get_form("cpas_aide_sociale").title.fr,
    "glossary_terms": len(Glossary.load().terms),
    "rule_domains": [rf.domain for rf in rule_files()],
    "french": i18n.tr("No postcode.", "fr"),
}))
"""


def _probe(python: str, cwd: Path, extra_env: dict[str, str], *flags: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(VOLUNTEER_DESK_DATA=str(cwd / "data"), VOLUNTEER_DESK_CONFIG=str(cwd / "config"), **extra_env)
    proc = subprocess.run([python, *flags, "-c", PROBE], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _assert_everything_found(found: dict, package_dir: Path, resources: Path) -> None:
    assert Path(found["package"]).parent == package_dir
    assert Path(found["resources"]) == resources
    assert Path(found["catalogue"]).is_relative_to(resources) and Path(found["catalogue"]).is_file()
    assert "cpas_aide_sociale" in found["forms"] and len(found["forms"]) > 10 and found["form_title"]
    assert found["glossary_terms"] > 20
    assert {"appeals", "residence", "social_aid"} <= set(found["rule_domains"])
    assert found["french"] == "Pas de code postal."


def _pip(*args: str, cwd: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]


@pytest.mark.slow
def test_an_installed_wheel_carries_resources_and_compiled_catalogues(tmp_path):
    _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(ROOT), cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("volunteer_desk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("fr", "nl", "ar"):
        assert f"volunteer_desk/_resources/locale/{lang}/LC_MESSAGES/volunteer_desk.mo" in names
    assert {"volunteer_desk/_resources/glossary/terms.toml", "volunteer_desk/_resources/demo/family.json",
            "volunteer_desk/_resources/modelpack/trusted_keys/volunteer-desk-project.pem"} <= names
    assert not [n for n in names if n.endswith(".po")], "the wheel carries compiled catalogues only"

    target = tmp_path / "site"
    _pip("install", "--no-deps", "-q", "--target", str(target), str(wheel), cwd=tmp_path)
    # -S: no .pth processing, so the development venv's own editable install cannot answer the import;
    # its site-packages only supplies the dependencies.
    deps = os.pathsep.join(site.getsitepackages())
    found = _probe(sys.executable, tmp_path, {"PYTHONPATH": f"{target}{os.pathsep}{deps}"}, "-S")
    _assert_everything_found(found, target / "volunteer_desk", target / "volunteer_desk" / "_resources")


@pytest.mark.slow
def test_an_editable_install_reads_the_checkout_from_anywhere(tmp_path):
    # A throw-away venv (no pip of its own) that borrows the dependencies of the one running the tests.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    own_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                   capture_output=True, text=True, check=True).stdout.strip())
    (own_site / "_borrowed_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # --ignore-installed: never touch the development venv's own install of the project
    proc = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "install", "-q", "--no-deps",
                           "--no-build-isolation", "--ignore-installed", "-e", str(ROOT)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = _probe(str(python), elsewhere, {})
    _assert_everything_found(found, ROOT / "volunteer_desk", ROOT / "resources")
