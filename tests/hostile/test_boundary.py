"""The CLI's single error boundary: whatever escapes a verb is one line and exit 2; ``-v`` adds a
traceback made of frames and exception types only (messages may hold family data)."""

from __future__ import annotations

import errno
import random

import pytest

from tests.hostile.helpers import PASSPHRASE, Sandbox, assert_one_clean_line
from volunteer_desk import cli
from volunteer_desk.core import errors

SECRET = "Rami Haddad 88000012376"


@pytest.mark.parametrize(("exc", "kind"), [
    (RecursionError(SECRET), errors.BadInput),
    (MemoryError(SECRET), errors.BadInput),
    (OSError(errno.ENOSPC, SECRET), errors.DiskFull),
    (OSError(errno.EACCES, SECRET), errors.AccessDenied),
    (OSError(errno.ENOENT, SECRET), errors.NotFound),
    (OSError(errno.EIO, "Input/output error"), errors.UserError),
    (UnicodeEncodeError("utf-8", SECRET, 0, 1, "surrogates"), errors.BadInput),
    (ValueError(SECRET), errors.UserError),
    (KeyError(SECRET), errors.UserError),
])
def test_every_unexpected_error_is_one_line_without_its_message(monkeypatch, capsys, exc, kind):
    from volunteer_desk.cli import translation as translation_cli

    def boom(args):
        raise exc

    monkeypatch.setattr(translation_cli, "cmd_models_list", boom)
    assert cli.main(["models", "list"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("volunteer-desk: ")
    assert "Rami" not in err and "Traceback" not in err

    assert cli.main(["-v", "models", "list"]) == 2
    verbose = capsys.readouterr().err
    assert "Traceback" in verbose and "boom" in verbose and type(exc).__name__ in verbose
    assert "Rami" not in verbose and "88000012376" not in verbose
    assert verbose.strip().splitlines()[-1].startswith("volunteer-desk: ")
    assert isinstance(cli_error(exc), kind)


def cli_error(exc):
    from volunteer_desk.cli.common import user_error_for

    return user_error_for(exc)


def test_sqlcipher_errors_become_corrupt_file():
    import sqlcipher3

    assert isinstance(cli_error(sqlcipher3.dbapi2.DatabaseError("file is not a database")), errors.CorruptFile)
    assert isinstance(cli_error(sqlcipher3.dbapi2.OperationalError("database is locked")), errors.OpenedElsewhere)


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    box = Sandbox(tmp_path_factory.mktemp("boundary")).make()
    common = ["--vault", str(box.root / "vault"), "--volunteer", "anna", "--passphrase-stdin"]
    assert box.run("vault", "init", *common, stdin=PASSPHRASE + "\n", timeout=60).returncode == 0
    proc = box.run("family", "new", "--name", "Famille Test", *common, stdin=PASSPHRASE + "\n", timeout=60)
    assert proc.returncode == 0, proc.stderr
    return box, common, proc.stdout.decode().strip()


@pytest.mark.parametrize("damage", ["zero-length", "flipped-pages", "garbage", "truncated"])
def test_a_damaged_family_file_is_one_line_and_left_as_it_is(vault, damage):
    box, common, fid = vault
    path = box.root / "vault" / "families" / f"{fid}.vdf"
    if not path.exists():
        path = next((box.root / "vault").rglob(f"{fid}.vdf"))
    original = path.read_bytes()
    try:
        if damage == "zero-length":
            damaged = b""
        elif damage == "flipped-pages":
            data = bytearray(original)
            rnd = random.Random(12)
            for page in range(len(data) // 4096):  # one byte in every page, the header page included
                data[page * 4096 + rnd.randrange(4096)] ^= 0xFF
            damaged = bytes(data)
        elif damage == "garbage":
            damaged = bytes(random.Random(3).randrange(256) for _ in range(len(original)))
        else:
            damaged = original[: len(original) // 2]
        path.write_bytes(damaged)
        proc = box.run("family", "show", fid, *common, stdin=PASSPHRASE + "\n", timeout=30)
        line = assert_one_clean_line(proc)
        assert "damaged" in line or "missing" in line or "not a family file" in line
        assert path.read_bytes() == damaged  # never deleted, never re-created
    finally:
        path.write_bytes(original)
