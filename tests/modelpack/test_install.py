"""Installing a model pack offline: checksums, refusals with reasons, real argos/tesseract afterwards."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests.modelpack.conftest import resign
from volunteer_desk.cli import modelpack as modelpack_cli
from volunteer_desk.core.errors import Cancelled, CorruptFile
from volunteer_desk.core.paths import models_dir
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.modelpack.install import install_model_pack
from volunteer_desk.modelpack.locations import app_tessdata_dir, folder_languages, tessdata_dir_for
from volunteer_desk.selftest import installed_pairs
from volunteer_desk.translation.packages import ModelManager


def _manifest(pack):
    return json.loads((pack / "manifest.json").read_text())


def _write_manifest(pack, data):
    (pack / "manifest.json").write_text(json.dumps(data))
    resign(pack, _KEY[0])


_KEY: list = []


@pytest.fixture(autouse=True)
def _publisher_key(signing_key):
    _KEY[:] = [signing_key]


def _argos_translate(text, src, dst):
    """Translate with the real argostranslate over the app's models folder, in a fresh process."""
    # the lean install has no stanza; fixture packages carry their own splitter, so a stub module will do
    code = ("import sys, types; sys.modules['stanza'] = types.ModuleType('stanza'); "
            "import argostranslate.translate as t; "
            f"print(t.translate({text!r}, {src!r}, {dst!r}))")
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(models_dir()), ARGOS_PACKAGE_INDEX="offline://disabled/")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def _page_png(word):
    import io

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (600, 160), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 64)
    ImageDraw.Draw(img).text((30, 40), word, font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_install_then_translate_and_ocr_data_usable(pack):
    seen = []
    report = install_model_pack(pack, models=ModelManager(), progress=lambda d, t, m: seen.append((d, t)))
    assert report.ok and len(report.installed) == 3 and not report.refused
    assert seen[-1][0] == seen[-1][1] > 0  # progress reached 100 %
    assert installed_pairs() == [("en", "ar"), ("fr", "en")]
    assert _argos_translate("Bonjour.", "fr", "en") == "Hello"
    # tesseract data sits in the app folder, completed with the system's languages for mixed pages
    assert {"fra", "eng", "osd"} <= folder_languages(app_tessdata_dir())
    assert tessdata_dir_for(["fra", "eng"]) == app_tessdata_dir()
    listed = subprocess.run(["tesseract", "--tessdata-dir", str(app_tessdata_dir()), "--list-langs"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "fra" in listed
    tsv = subprocess.run(["tesseract", "--tessdata-dir", str(app_tessdata_dir()), "stdin", "stdout",
                          "-l", "fra+eng", "tsv"], input=_page_png("Madame"), capture_output=True, check=True)
    assert tsv.stdout.startswith(b"level\tpage_num") and b"Madame" in tsv.stdout  # configs/ came along
    # nothing but the two package folders in the models folder: argos loads every folder it finds there
    assert len([p for p in models_dir().iterdir() if not p.name.startswith(".")]) == 2

    again = install_model_pack(pack, models=ModelManager())
    assert again.ok and not again.installed and len(again.already) == 3


def test_checksum_mismatch_is_refused_and_the_rest_installed(pack):
    item = next(i for i in _manifest(pack)["items"] if i["name"] == "translate-fr_en")
    path = pack / item["file"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one flipped byte
    path.write_bytes(bytes(data))
    report = install_model_pack(pack, models=ModelManager())
    assert [(o.name, "checksum" in o.reason) for o in report.refused] == [("translate-fr_en", True)]
    assert installed_pairs() == [("en", "ar")]
    assert {o.name for o in report.installed} == {"translate-en_ar", "fra"}


def test_unreadable_manifest_installs_nothing(pack):
    (pack / "manifest.json").write_text("{not json")
    with pytest.raises(CorruptFile, match="nothing was installed"):
        install_model_pack(pack, models=ModelManager())
    (pack / "manifest.json").unlink()
    with pytest.raises(CorruptFile, match="no manifest.json"):
        install_model_pack(pack, models=ModelManager())
    assert not models_dir().exists() and not app_tessdata_dir().exists()


def test_bad_entries_unknown_kind_and_duplicates_each_refused_with_reason(pack, tmp_path):
    data = _manifest(pack)
    fr_en = next(i for i in data["items"] if i["name"] == "translate-fr_en")
    outside = tmp_path / "secret.bin"
    outside.write_bytes(b"x")
    data["items"] += [
        dict(fr_en),  # duplicate
        {**fr_en, "name": "weights", "kind": "pytorch"},  # unknown kind
        {**fr_en, "name": "escape", "file": "../secret.bin"},  # path outside the pack
        {"kind": "tessdata", "name": "ara"},  # fields missing
    ]
    _write_manifest(pack, data)
    report = install_model_pack(pack, models=ModelManager())
    reasons = {o.name: o.reason for o in report.refused}
    assert set(reasons) == {"translate-fr_en", "weights", "escape", "ara"}
    assert "duplicate" in reasons["translate-fr_en"]
    assert "unknown kind" in reasons["weights"]
    assert "inside the pack" in reasons["escape"]
    assert "lacks" in reasons["ara"]
    assert len(report.installed) == 3  # the good entries still went in


def _repack(pack, name, mutate):
    """Rewrite a package zip with ``mutate(zip_out, original_names_and_bytes)``; fix the manifest."""
    data = _manifest(pack)
    item = next(i for i in data["items"] if i["name"] == name)
    path = pack / item["file"]
    with zipfile.ZipFile(path) as zf:
        entries = [(n, zf.read(n)) for n in zf.namelist()]
    with zipfile.ZipFile(path, "w") as zf:
        mutate(zf, entries)
    import hashlib

    item["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    item["size"] = path.stat().st_size
    _write_manifest(pack, data)


def test_malformed_package_and_wrong_pair_are_refused_before_reaching_models(pack):
    def two_tops(zf, entries):
        for n, b in entries:
            zf.writestr(n, b)
        zf.writestr("stray/metadata.json", b"{}")

    def swap_pair(zf, entries):
        for n, b in entries:
            if n.endswith("metadata.json"):
                meta = json.loads(b)
                meta["from_code"], meta["to_code"] = "de", "en"
                b = json.dumps(meta).encode()
            zf.writestr(n, b)

    _repack(pack, "translate-fr_en", two_tops)
    _repack(pack, "translate-en_ar", swap_pair)
    report = install_model_pack(pack, models=ModelManager())
    reasons = {o.name: o.reason for o in report.refused}
    assert "one top-level folder" in reasons["translate-fr_en"]
    assert "another language pair" in reasons["translate-en_ar"]
    assert installed_pairs() == []
    assert not any(models_dir().iterdir())


def test_newer_package_replaces_older(pack, tmp_path):
    from tests.fixtures.argos_builder import build_argos_package

    install_model_pack(pack, models=ModelManager())
    data = _manifest(pack)
    item = next(i for i in data["items"] if i["name"] == "translate-fr_en")
    build_argos_package(pack / item["file"], "fr", "en", mode="hello", target_word="Hi",
                        package_version="1.1")
    import hashlib

    item.update(version="1.1", sha256=hashlib.sha256((pack / item["file"]).read_bytes()).hexdigest(),
                size=(pack / item["file"]).stat().st_size)
    _write_manifest(pack, data)
    report = install_model_pack(pack, models=ModelManager())
    assert [(o.name, o.status) for o in report.installed] == [("translate-fr_en", "updated")]
    assert _argos_translate("Bonjour.", "fr", "en") == "Hi"


def test_cancel_stops_before_anything_half_installed(pack):
    token = CancelToken()
    calls = []

    def progress(done, total, message):
        calls.append(done)
        if done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        install_model_pack(pack, models=ModelManager(), progress=progress, cancel=token)
    # the item being checked when cancel came finishes whole; nothing after it starts
    leftovers = [p.name for p in models_dir().parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert installed_pairs() == [("fr", "en")]
    assert not app_tessdata_dir().exists()


def _cli(argv):
    parser = argparse.ArgumentParser()
    modelpack_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_install_json_exit_code(pack, capsys):
    item = next(i for i in _manifest(pack)["items"] if i["kind"] == "tessdata")
    (pack / item["file"]).write_bytes(b"truncated")
    assert _cli(["modelpack", "install", str(pack), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["refused"][0]["name"] == "fra"
    assert "size differs" in out["refused"][0]["reason"]
    assert _cli(["modelpack", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(p["from"], p["to"]) for p in listed["translation"]} == {("fr", "en"), ("en", "ar")}
