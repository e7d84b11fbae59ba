"""Hostile translation packages and model packs, through the real CLI: refused in one line, and the
model that worked before still works.

Packages are real (tests/fixtures/argos_builder.py) and then damaged the way an attacker would: a
100-byte model.bin, a bad CRC, a central directory that lies about sizes, a real zip bomb, links and
escaping paths. Packs are signed with the tests' own key, added as trusted the way an association adds
its key (``modelpack trust add``).
"""

from __future__ import annotations

import hashlib
import os
import struct
import zipfile
from pathlib import Path

import pytest

from tests.hostile.helpers import Sandbox, assert_one_clean_line
from volunteer_desk.modelpack import signing
from volunteer_desk.modelpack.manifest import Manifest, PackItem

MODEL_BIN = "translate-fr_en-fixture/model/model.bin"


@pytest.fixture
def box(tmp_path) -> Sandbox:
    return Sandbox(tmp_path / "box").make()


@pytest.fixture
def installed(box, argos_packages) -> Sandbox:
    """A sandbox where a working fr→en model (it says "Hello") is installed."""
    proc = box.run("models", "install", str(argos_packages["fr_en_hello"]), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return box


def _translate(box: Sandbox) -> str:
    proc = box.run("translate", "--from", "fr", "--to", "en", "-", stdin="Bonjour.", timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return proc.stdout.decode()


def _rewrite(src: Path, dst: Path, *, replace=None, extra=None, rename=None, mode=None) -> Path:
    """Copy a package zip with members replaced/renamed/added; ``mode`` sets unix mode bits of ``extra``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            name = (rename or {}).get(info.filename, info.filename)
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zi = zipfile.ZipInfo(name)
            if mode is not None:
                zi.external_attr = mode << 16
            zout.writestr(zi, data)
    return dst


def _bump_version(src: Path, dst: Path, **kw) -> Path:
    """Same package, newer version: it would replace the installed one if it were accepted."""
    with zipfile.ZipFile(src) as zf:
        meta = zf.read("translate-fr_en-fixture/metadata.json").replace(b'"0.0.1"', b'"9.9"')
    replace = {"translate-fr_en-fixture/metadata.json": meta, **kw.pop("replace", {})}
    return _rewrite(src, dst, replace=replace, **kw)


def _patch_central_size(path: Path, member: str, size: int) -> None:
    """Make the central directory lie about one member's uncompressed size."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_len] == name:
            struct.pack_into("<I", data, pos + 24, size)
            path.write_bytes(bytes(data))
            return
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError("member not found")


def _flip_in_member(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x55
    path.write_bytes(bytes(data))


def _model_bin_size(box: Sandbox) -> dict[str, int]:
    models = box.root / "data" / "models"
    return {p.parent.parent.name: p.stat().st_size for p in models.glob("*/model/model.bin")}


def test_a_100_byte_fake_model_is_refused_and_the_installed_model_kept(installed, argos_packages, tmp_path):
    before = _model_bin_size(installed)
    fake = _bump_version(argos_packages["fr_en_hello"], tmp_path / "fake.argosmodel",
                         replace={MODEL_BIN: os.urandom(100)})
    line = assert_one_clean_line(installed.run("models", "install", str(fake)))  # within 10 s, probe included
    assert "does not work" in line
    assert _model_bin_size(installed) == before  # the old folder, untouched
    assert not [p for p in (installed.root / "data" / "models").iterdir() if p.name.startswith(".")]
    assert "Hello" in _translate(installed)


@pytest.mark.parametrize("case", ["bad-crc", "declared-2.5-GB", "declared-smaller-than-real", "real-bomb-300MB",
                                  "symlink", "device", "traversal", "absolute", "not-zip", "empty", "too-many-files"])
def test_damaged_or_hostile_packages_are_one_line_and_change_nothing(installed, argos_packages, tmp_path, case):
    good = argos_packages["fr_en_hello"]
    bad = tmp_path / f"{case}.argosmodel"
    expect = {"bad-crc": "damaged", "declared-2.5-GB": "implausible size", "declared-smaller-than-real": "damaged",
              "real-bomb-300MB": "implausible size", "symlink": "symbolic link", "device": "symbolic link",
              "traversal": "unsafe file path", "absolute": "unsafe file path", "not-zip": "not a zip",
              "empty": "not a zip", "too-many-files": "too many files"}[case]
    if case == "bad-crc":
        _bump_version(good, bad)
        _flip_in_member(bad, MODEL_BIN)
    elif case == "declared-2.5-GB":
        _bump_version(good, bad)
        _patch_central_size(bad, MODEL_BIN, 2_500_000_000)
    elif case == "declared-smaller-than-real":
        _bump_version(good, bad)
        _patch_central_size(bad, MODEL_BIN, 1000)
    elif case == "real-bomb-300MB":
        _bump_version(good, bad)
        with zipfile.ZipFile(bad, "a", zipfile.ZIP_DEFLATED) as zf, \
                zf.open("translate-fr_en-fixture/padding.bin", "w", force_zip64=True) as fh:
            zero = bytes(1 << 20)
            for _ in range(300):
                fh.write(zero)
    elif case == "symlink":
        _bump_version(good, bad, extra={"translate-fr_en-fixture/link": b"/etc/passwd"}, mode=0o120777)
    elif case == "device":
        _bump_version(good, bad, extra={"translate-fr_en-fixture/dev": b""}, mode=0o020666)
    elif case == "traversal":
        _bump_version(good, bad, extra={"translate-fr_en-fixture/../../evil.txt": b"x"})
    elif case == "absolute":
        _bump_version(good, bad, extra={"/tmp/evil.txt": b"x"})
    elif case == "not-zip":
        bad.write_bytes(os.urandom(4096))
    elif case == "empty":
        bad.write_bytes(b"")
    elif case == "too-many-files":
        _bump_version(good, bad, extra={f"translate-fr_en-fixture/f{i}": b"" for i in range(2100)})
    before_models = _model_bin_size(installed)
    before_files = installed.files()
    line = assert_one_clean_line(installed.run("models", "install", str(bad)))
    assert expect in line
    assert _model_bin_size(installed) == before_models
    after = installed.files()
    assert {k: v for k, v in after.items() if not k.startswith("data/argos")} == \
        {k: v for k, v in before_files.items() if not k.startswith("data/argos")}
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_special_files_as_packages(box, tmp_path, special):
    if special == "fifo":
        special = str(tmp_path / "pkg.argosmodel")
        os.mkfifo(special)
    assert_one_clean_line(box.run("models", "install", special))


# -- signed packs ---------------------------------------------------------------------------------
def _pack(folder: Path, package: Path, key: Path | None) -> Path:
    folder.mkdir(parents=True)
    rel = "argos/translate-fr_en.argosmodel"
    (folder / "argos").mkdir()
    (folder / rel).write_bytes(package.read_bytes())
    data = (folder / rel).read_bytes()
    item = PackItem(kind="argos", name="translate-fr_en", version="9.9", file=rel,
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data), licence="test",
                    from_code="fr", to_code="en")
    (folder / "manifest.json").write_text(Manifest("test pack", "1", items=[item]).to_json())
    if key is not None:
        signing.sign_pack(folder, key.read_bytes())
    return folder


@pytest.fixture
def keys(tmp_path) -> dict[str, Path]:
    out = {}
    for name in ("association", "stranger"):
        private, public = signing.new_key_pair()
        (tmp_path / f"{name}.pem").write_bytes(private)
        (tmp_path / f"{name}.pub.pem").write_bytes(public)
        out[name] = tmp_path / f"{name}.pem"
    return out


def test_unsigned_pack_needs_allow_unsigned(box, argos_packages, tmp_path):
    pack = _pack(tmp_path / "usb", argos_packages["fr_en_hello"], None)
    line = assert_one_clean_line(box.run("modelpack", "install", str(pack)))
    assert "not signed" in line and "--allow-unsigned" in line
    assert not (box.root / "data" / "models").exists() or not any((box.root / "data" / "models").iterdir())
    proc = box.run("modelpack", "install", str(pack), "--allow-unsigned", timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "not signed by a trusted publisher" in proc.stderr.decode()
    assert "Hello" in _translate(box)


def test_pack_signed_by_a_key_added_in_settings_installs(box, argos_packages, tmp_path, keys):
    pack = _pack(tmp_path / "usb", argos_packages["fr_en_hello"], keys["association"])
    line = assert_one_clean_line(box.run("modelpack", "install", str(pack)))
    assert "does not trust" in line  # not trusted yet
    added = box.run("modelpack", "trust", "add", str(keys["association"].with_name("association.pub.pem")),
                    "--name", "our-association")
    assert added.returncode == 0, added.stderr.decode()
    listed = box.run("modelpack", "trust", "list", "--json").stdout.decode()
    assert "our-association" in listed and "volunteer-desk-project" in listed  # the shipped project key
    proc = box.run("modelpack", "install", str(pack), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "signed by: our-association" in proc.stdout.decode()


def test_tampered_or_strangers_pack_is_refused_even_with_allow_unsigned(box, argos_packages, tmp_path, keys):
    box.run("modelpack", "trust", "add", str(keys["association"].with_name("association.pub.pem")),
            "--name", "our-association")
    pack = _pack(tmp_path / "usb", argos_packages["fr_en_hello"], keys["association"])
    manifest = (pack / "manifest.json").read_text().replace('"licence": "test"', '"licence": "tset"')
    (pack / "manifest.json").write_text(manifest)
    line = assert_one_clean_line(box.run("modelpack", "install", str(pack), "--allow-unsigned"))
    assert "changed after it was signed" in line
    stranger = _pack(tmp_path / "usb2", argos_packages["fr_en_hello"], keys["stranger"])
    assert "does not trust" in assert_one_clean_line(box.run("modelpack", "install", str(stranger)))
    (stranger / "manifest.sig").write_text('{"format": 1, "algorithm": "ed25519", "key_id": "\\u001b[2J", "signature": 5}')
    assert "nothing was installed" in assert_one_clean_line(box.run("modelpack", "install", str(stranger)))


def test_signed_pack_with_a_fake_model_keeps_the_installed_one(installed, argos_packages, tmp_path, keys):
    installed.run("modelpack", "trust", "add", str(keys["association"].with_name("association.pub.pem")),
                  "--name", "our-association")
    fake = _bump_version(argos_packages["fr_en_hello"], tmp_path / "fake.argosmodel",
                         replace={MODEL_BIN: os.urandom(100)})
    pack = _pack(tmp_path / "usb", fake, keys["association"])
    proc = installed.run("modelpack", "install", str(pack), timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
    assert "REFUSED" in proc.stdout.decode() and "does not work" in proc.stdout.decode()
    assert "Hello" in _translate(installed)


def test_verify_pack_is_the_public_check(argos_packages, tmp_path, keys):
    """The function other packs (rules) build on: manifest + signer, or a clear refusal."""
    from volunteer_desk.core.errors import CorruptFile
    from volunteer_desk.modelpack.verify import TrustedKey, UntrustedPack, verify_pack

    pack = _pack(tmp_path / "usb", argos_packages["fr_en_hello"], keys["association"])
    raw = signing.public_key_raw(keys["association"].read_bytes())
    manifest = verify_pack(pack, [TrustedKey("assoc", raw, "added")], allow_unsigned=False)
    assert manifest.signer == "assoc" and [i.name for i in manifest.items] == ["translate-fr_en"]
    with pytest.raises(UntrustedPack):
        verify_pack(pack, [], allow_unsigned=False)
    assert verify_pack(pack, [], allow_unsigned=True).signer == ""
    (pack / "manifest.json").write_text((pack / "manifest.json").read_text() + " ")
    with pytest.raises(CorruptFile):
        verify_pack(pack, [TrustedKey("assoc", raw, "added")], allow_unsigned=True)
