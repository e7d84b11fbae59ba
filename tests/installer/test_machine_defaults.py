"""Shared-PC mode as written by the Windows installer's [INI] section is read back by the app."""

from __future__ import annotations

import re
from pathlib import Path

from volunteer_desk.core.machine import ENV_OVERRIDE, FILE_NAME, shared_pc_mode

ISS = Path(__file__).resolve().parents[2] / "installer" / "windows" / "volunteer-desk.iss"


def _ini_lines_written_by_installer() -> str:
    """Render the [INI] entries of the Inno Setup script as the file Inno would write."""
    text = ISS.read_text(encoding="utf-8")
    section = text.split("[INI]", 1)[1].split("\n[", 1)[0]
    out: dict[str, list[str]] = {}
    for line in section.splitlines():
        if not line.startswith("Filename:"):
            continue
        fields = dict(re.findall(r'(\w+): "([^"]*)"', line))
        assert fields["Filename"].endswith("\\" + FILE_NAME)
        out.setdefault(fields["Section"], []).append(f"{fields['Key']} = {fields['String']}")
    return "".join(f"[{s}]\n" + "\n".join(keys) + "\n" for s, keys in out.items())


def test_installer_ini_turns_shared_pc_mode_on(tmp_path, monkeypatch):
    ini = tmp_path / FILE_NAME
    monkeypatch.setenv(ENV_OVERRIDE, str(ini))
    assert shared_pc_mode() is False  # no file: personal laptop default
    ini.write_text(_ini_lines_written_by_installer())
    assert shared_pc_mode() is True
    ini.write_text("[shared_pc]\nenabled = maybe\n")  # damaged by hand: never locks anybody out
    assert shared_pc_mode() is False


def test_installer_bundles_tesseract_with_the_letter_languages():
    text = ISS.read_text(encoding="utf-8")
    assert "PrivilegesRequiredOverridesAllowed=dialog" in text
    for lang in ("fra", "nld", "deu", "eng", "osd"):
        assert f"{lang}.traineddata" in text
    # every file the script takes from the repository exists
    for rel in re.findall(r'#define \w+File "([^"]+)"', text):
        assert (ISS.parent / rel).is_file(), rel
