"""Damage and tampering are reported; nothing is ever deleted or re-created."""

from __future__ import annotations

import errno
import os

import pytest

from volunteer_desk.core import atomic
from volunteer_desk.core.errors import CorruptFile, DiskFull, UserError, WrongPassphrase
from volunteer_desk.vault.sqlcipher import connect, integrity_problems


def _grow(ff, n=60):
    blob = os.urandom(3000)
    for i in range(n):
        ff.put("notes", {"text": f"note {i}", "pad": blob.hex()})


def test_flipped_byte_in_each_of_20_pages_is_reported(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        _grow(ff)
    path = admin_session.layout.family(demo_family_id)
    key = admin_session.data_key(demo_family_id)
    pristine = path.read_bytes()
    pages = len(pristine) // 4096
    assert pages >= 21
    for page in range(1, 21):  # page 0 holds the salt/header: damage there fails at open instead
        damaged = bytearray(pristine)
        damaged[page * 4096 + 100] ^= 0x5A
        path.write_bytes(bytes(damaged))
        try:
            conn = connect(path, key, read_only=True)
        except (CorruptFile, WrongPassphrase):
            assert path.read_bytes() == bytes(damaged)
            continue
        try:
            problems = integrity_problems(conn)
        finally:
            conn.close()
        assert problems, f"page {page}: flipped byte not detected"
        assert path.read_bytes() == bytes(damaged), "the damaged file must be left as it is"
    path.write_bytes(pristine)
    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        assert ff.integrity_problems() == []


def test_io_error_while_writing_key_header_leaves_original(admin_session, demo_family_id, monkeypatch):
    header = admin_session.layout.header(demo_family_id)
    before = header.read_bytes()
    real_fdopen = os.fdopen

    class FailingFile:
        """Writes 512 bytes, then the device fails (KeePassXC FailDevice)."""

        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            self.fh.write(data[:512])
            raise OSError(errno.EIO, "Input/output error")

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FailingFile(real_fdopen(fd, mode)))
    with pytest.raises(UserError, match="nothing was changed"):
        admin_session.new_recovery_kit(demo_family_id)
    monkeypatch.undo()
    assert header.read_bytes() == before
    leftovers = [p for p in header.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_full_disk_is_reported_as_such(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"old")
    real_replace = os.replace

    def no_space(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", no_space)
    with pytest.raises(DiskFull):
        atomic.atomic_write(target, b"new")
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
