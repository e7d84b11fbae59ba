"""The PyInstaller bundle really starts and passes its self-test (slow: only with VD_BUILD_BUNDLE=1).

    VD_BUILD_BUNDLE=1 .venv/bin/pytest tests/installer -q
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "volunteer-desk"
PROGRAM = BUNDLE / "volunteer-desk"

pytestmark = pytest.mark.skipif(os.environ.get("VD_BUILD_BUNDLE") != "1",
                                reason="building the bundle takes minutes: set VD_BUILD_BUNDLE=1")


@pytest.fixture(scope="module")
def bundle():
    proc = subprocess.run(["bash", str(ROOT / "installer" / "build_linux.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return PROGRAM


def _run(args, tmp_path, timeout=120, **kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(VOLUNTEER_DESK_DATA=str(tmp_path / "data"), VOLUNTEER_DESK_CONFIG=str(tmp_path / "config"),
               HOME=str(tmp_path), PATH="/usr/bin:/bin")
    return subprocess.run([str(PROGRAM), *args], capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=tmp_path, **kw)


def test_built_program_passes_self_test(bundle, tmp_path):
    start = time.perf_counter()
    proc = _run(["--self-test", "--json"], tmp_path)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    by_name = {c["name"]: c for c in data["checks"]}
    assert by_name["SQLCipher"]["status"] == "ok" and by_name["Encrypted round trip"]["status"] == "ok"
    assert by_name["Translation engine"]["status"] == "ok"  # ctranslate2/sentencepiece load from the bundle
    assert elapsed < 20, elapsed
    print(f"bundle self-test: {elapsed:.2f} s")  # noqa: T201 - figure for the report


def test_built_program_reads_its_resources_and_compiled_catalogues(bundle, tmp_path):
    """The bundle carries resources/ and the .mo built from translations/ (never the .po), and reads them:
    the demo fills the forms, and its French packet's title exists only in the French catalogue."""
    carried = [p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("volunteer_desk/_resources/**/*")]
    assert any(p.endswith("locale/fr/LC_MESSAGES/volunteer_desk.mo") for p in carried), carried[:20]
    assert any(p.endswith("glossary/terms.toml") for p in carried) and not any(p.endswith(".po") for p in carried)
    proc = _run(["demo", "--out", str(tmp_path / "demo")], tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(list((tmp_path / "demo" / "forms").glob("*.pdf"))) > 10
    packet = next((tmp_path / "demo").glob("note-de-transmission-*.pdf"))
    text = subprocess.run(["pdftotext", str(packet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Note de transmission" in text and "Points d'attention" in text


def test_built_program_installs_a_model_pack(bundle, tmp_path):
    from tests.fixtures.argos_builder import build_argos_package
    from volunteer_desk.modelpack.manifest import Manifest, PackItem, sha256_file

    pack = tmp_path / "usb"
    pkg = build_argos_package(pack / "argos" / "fr_en.argosmodel", "fr", "en", package_version="1.0")
    item = PackItem("argos", "translate-fr_en", "1.0", "argos/fr_en.argosmodel", sha256_file(pkg),
                    pkg.stat().st_size, "test", from_code="fr", to_code="en")
    (pack / "manifest.json").write_text(Manifest("t", "1", items=[item]).to_json())
    proc = _run(["modelpack", "install", str(pack), "--json"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = json.loads(_run(["modelpack", "list", "--json"], tmp_path).stdout)
    assert [(p["from"], p["to"]) for p in listed["translation"]] == [("fr", "en")]


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_deb_package_holds_program_desktop_entry_and_icon(bundle):
    proc = subprocess.run(["bash", str(ROOT / "installer" / "linux" / "build_deb.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800, env={**os.environ, "DEB_COMPRESSION": "zstd"})
    assert proc.returncode == 0, proc.stderr
    deb = next((ROOT / "dist").glob("volunteer-desk_*.deb"))
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./usr/bin/volunteer-desk", "./usr/share/applications/volunteer-desk.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/volunteer-desk.png", "./opt/volunteer-desk/volunteer-desk"):
        assert path in listing, path
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True).stdout
    assert "tesseract-ocr-fra" in fields
