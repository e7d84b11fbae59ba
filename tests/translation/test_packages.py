"""Installing, listing and removing real .argosmodel packages; bad ones refused without harm."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from volunteer_desk.core.errors import CorruptFile, NotFound
from volunteer_desk.translation.engine import TranslationEngine
from volunteer_desk.translation.packages import ModelManager, check_package


def _rewrite(src, dst, *, rename=None, drop=(), replace=None, add=None):
    """Copy a package zip with changes: rename(name)->name, drop suffixes, replace {suffix: bytes}."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            name = info.filename
            if any(name.endswith(d) or f"/{d}/" in name for d in drop):
                continue
            data = zin.read(name)
            for suffix, new in (replace or {}).items():
                if name.endswith(suffix):
                    data = new
            zout.writestr(rename(name) if rename else name, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def test_install_list_remove(install, argos_packages):
    manager = install("fr_en_hello", "en_ar_random")
    assert [m.pair for m in manager.list_models()] == ["en-ar", "fr-en"]
    assert manager.list_models()[0].splitter == "minisbd"
    manager.remove("fr_en")
    assert manager.pairs() == {("en", "ar")}
    with pytest.raises(NotFound):
        manager.remove("fr-en")


def test_reinstalling_a_pair_replaces_it(install, argos_packages):
    manager = install("fr_en_hello", "fr_en_copy")
    assert len(manager.list_models()) == 1


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("not_zip", "not a zip"),
        ("two_tops", "exactly one top-level folder"),
        ("bad_meta", "not valid JSON"),
        ("no_codes", "language codes"),
        ("no_model", "model.bin"),
        ("no_splitter", "sentence splitter"),
        ("traversal", "unsafe file path"),
        ("bad_spm", "tokenizer"),
    ],
)
def test_bad_packages_are_refused_with_a_reason(tmp_path, argos_packages, case, reason):
    good = argos_packages["fr_en_hello"]
    bad = tmp_path / f"{case}.argosmodel"
    if case == "not_zip":
        bad.write_bytes(b"hello, not a zip")
    elif case == "two_tops":
        _rewrite(good, bad, add={"other/readme.txt": b"x"})
    elif case == "bad_meta":
        _rewrite(good, bad, replace={"metadata.json": b"{not json"})
    elif case == "no_codes":
        _rewrite(good, bad, replace={"metadata.json": json.dumps({"type": "translate"}).encode()})
    elif case == "no_model":
        _rewrite(good, bad, drop=("model.bin",))
    elif case == "no_splitter":
        _rewrite(good, bad, drop=("minisbd",))
    elif case == "traversal":
        _rewrite(good, bad, rename=lambda n: n.replace("translate-fr_en-fixture/README.md",
                                                       "translate-fr_en-fixture/../../evil.txt"))
    elif case == "bad_spm":
        _rewrite(good, bad, replace={"sentencepiece.model": b"\x00garbage"})
    with pytest.raises(CorruptFile, match=reason):
        check_package(bad)
    manager = ModelManager()
    with pytest.raises(CorruptFile):
        manager.install(bad)
    assert manager.list_models() == []
    assert not [p for p in manager.root.iterdir()]  # nothing left behind, not even staging folders
    assert not (tmp_path.parent / "evil.txt").exists()


def test_folder_install_skips_bad_packages_and_others_still_translate(tmp_path, argos_packages):
    pack = tmp_path / "usb"
    (pack / "sub").mkdir(parents=True)
    (pack / "fr_en.argosmodel").write_bytes(argos_packages["fr_en_hello"].read_bytes())
    (pack / "sub" / "en_uk.argosmodel").write_bytes(argos_packages["en_uk_hello"].read_bytes())
    _rewrite(argos_packages["en_ar_random"], pack / "broken.argosmodel", drop=("minisbd",))
    manager = ModelManager()
    report = manager.install(pack)
    assert sorted(m.pair for m in report.installed) == ["en-uk", "fr-en"]
    assert [f for f, _r in report.refused] == ["broken.argosmodel"]
    # A damaged folder dropped by hand into the models folder does not break the others either.
    junk = manager.root / "translate-xx_yy"
    (junk / "model").mkdir(parents=True)
    (junk / "metadata.json").write_text("{oops")
    assert manager.problems() == ["translate-xx_yy"]
    result = TranslationEngine(manager).translate(["Bonjour."], "fr", "uk")
    assert result.texts == ["Привіт"]
    assert result.route.via_english


def test_argos_itself_loads_our_packages_offline(install):
    """Our folder and our packages are plain argos: its own translate() works on them."""
    install("fr_en_hello")
    from volunteer_desk.translation.argos_env import argos

    settings = argos().settings  # points argos at this test's models folder
    from volunteer_desk.core import paths

    assert settings.package_dirs == [paths.models_dir()]
    assert settings.model_provider == settings.ModelProvider.OPENNMT
    assert not str(settings.data_dir).startswith(str(Path.home() / ".local"))
    from argostranslate import translate as argos_translate

    argos_translate.get_installed_languages.cache_clear()
    argos_translate.installed_translates.clear()
    assert argos_translate.translate("Bonjour. Ça va ?", "fr", "en") == "Hello Hello"
