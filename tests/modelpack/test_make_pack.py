"""installer/make_model_pack.py fetches for real (urllib) from a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from tests.modelpack.conftest import MAKE_PACK, _no_proxy_env


def test_pack_holds_the_chosen_files_with_true_checksums(built_pack, pack_server):
    _base, handler = pack_server
    manifest = json.loads((built_pack / "manifest.json").read_text())
    assert manifest["format"] == 1 and manifest["version"] == "2026.11.24"
    items = {(i["kind"], i["name"]): i for i in manifest["items"]}
    assert set(items) == {("argos", "translate-fr_en"), ("argos", "translate-en_ar"), ("tessdata", "fra")}
    for item in items.values():
        data = (built_pack / item["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert len(data) == item["size"] and item["licence"]
    # the newest index entry was chosen, after a dead link; the ipfs link was never tried
    assert items[("argos", "translate-fr_en")]["version"] == "1.0"
    assert items[("argos", "translate-fr_en")]["source"].endswith("/v1/translate-fr_en-1_0.argosmodel")
    assert "/missing/translate-fr_en-1_0.argosmodel" in handler.requests_seen
    assert "/v1/old.argosmodel" not in handler.requests_seen
    assert items[("tessdata", "fra")]["licence"].startswith("Apache-2.0")
    assert not list(built_pack.rglob("*.part"))


def test_rerun_reuses_files_and_strict_fails_on_missing_pair(built_pack, pack_server, tmp_path):
    base, handler = pack_server
    before = len(handler.requests_seen)
    args = [sys.executable, str(MAKE_PACK), "--out", str(built_pack), "--index", f"{base}/index.json",
            "--tessdata-base", f"{base}/tessdata/", "--pairs", "fr-en", "--langs", "fra"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60, env=_no_proxy_env())
    assert proc.returncode == 0, proc.stderr
    assert handler.requests_seen[before:] == ["/index.json"]  # packages already there: not fetched again

    strict = subprocess.run(args[:-4] + ["--pairs", "fr-en,ps-en", "--langs", "fra", "--strict",
                                         "--out", str(tmp_path / "p")],
                            capture_output=True, text=True, timeout=60, env=_no_proxy_env())
    assert strict.returncode == 1 and "ps-en" in strict.stderr and "Traceback" not in strict.stderr


def test_unreachable_source_is_one_clear_line(tmp_path, pack_server):
    base, _ = pack_server
    proc = subprocess.run(
        [sys.executable, str(MAKE_PACK), "--out", str(tmp_path / "p"), "--index", f"{base}/index.json",
         "--tessdata-base", f"{base}/nowhere/", "--pairs", "fr-en", "--langs", "xyz"],
        capture_output=True, text=True, timeout=60, env=_no_proxy_env())
    assert proc.returncode == 1
    assert "xyz.traineddata" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "p" / "manifest.json").exists()


def test_ocr_only_pack_needs_no_index(tmp_path, pack_server):
    """The Windows build prepares Tesseract's languages this way (installer/README.md)."""
    base, handler = pack_server
    before = len(handler.requests_seen)
    proc = subprocess.run(
        [sys.executable, str(MAKE_PACK), "--out", str(tmp_path / "ocr"), "--index", f"{base}/gone.json",
         "--tessdata-base", f"{base}/tessdata", "--pairs", "", "--langs", "fra"],
        capture_output=True, text=True, timeout=60, env=_no_proxy_env())
    assert proc.returncode == 0, proc.stderr
    assert handler.requests_seen[before:] == ["/tessdata/fra.traineddata"]
    items = json.loads((tmp_path / "ocr" / "manifest.json").read_text())["items"]
    assert [(i["kind"], i["name"]) for i in items] == [("tessdata", "fra")]
