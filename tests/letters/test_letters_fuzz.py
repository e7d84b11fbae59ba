"""Hypothesis fuzzing of every parser: mutated small valid files never raise anything but ParseError.

The hardened parser runs in-process here (fast: hundreds of cases a second); a smaller batch goes
through the real sandbox to prove that whatever the parser does becomes a ``UserError``.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letters_fixtures import encode, multipage_tiff, small_image, text_pdf
from PIL import Image

from volunteer_desk.core.errors import UserError
from volunteer_desk.letters.intake import load_pages
from volunteer_desk.letters.parse import MAX_PIXELS, ParseError, parse_bytes

SEEDS = {
    "jpeg": encode(small_image(size=(24, 16)), "JPEG", quality=80),
    "png": encode(small_image("RGBA", (24, 16)), "PNG"),
    "tiff": multipage_tiff(2, (20, 12)),
    "webp": encode(small_image(size=(24, 16)), "WEBP"),
    "pdf": text_pdf(["Montant : 1.626,61 EUR", "Recours dans les 30 jours"], pagesize=(144, 144)),
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "set", "truncate", "insert", "duplicate", "delete"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[pos] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x01]))
        elif op == "truncate":
            del data[max(8, pos) :]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "duplicate":
            end = min(len(data), pos + draw(st.integers(1, 64)))
            data[pos:pos] = data[pos:end]
        else:
            del data[pos : pos + draw(st.integers(1, 32))]
    return bytes(data)


def check_parser(data: bytes) -> None:
    try:
        for page in parse_bytes(data, pdf_dpi=12):
            assert 0 < page.width * page.height <= MAX_PIXELS
            with Image.open(io.BytesIO(page.image)) as img:
                assert img.size == (page.width, page.height)
                assert img.mode in ("L", "RGB")
    except ParseError as exc:
        assert exc.kind in {"unsupported", "corrupt", "too_large", "protected", "empty"}


FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("fmt", ["jpeg", "png", "tiff", "webp"])
def test_fuzz_image_parser(fmt: str) -> None:
    @FUZZ
    @given(mutated(SEEDS[fmt]))
    def run(data: bytes) -> None:
        check_parser(data)

    run()


@FUZZ
@given(mutated(SEEDS["pdf"]))
def test_fuzz_pdf_parser(data: bytes) -> None:
    check_parser(data)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(SEEDS)).flatmap(lambda fmt: mutated(SEEDS[fmt])))
def test_fuzz_through_the_sandbox_only_user_errors(data: bytes) -> None:
    try:
        pages = load_pages([data])
    except UserError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert pages


# --- regression corpus: hostile paths given to intake (issue 15) ---------------------------------


def _hostile_paths(tmp_path) -> dict[str, object]:
    import os
    import socket

    cases: dict[str, object] = {"folder": tmp_path, "empty file": tmp_path / "empty.jpg"}
    (tmp_path / "empty.jpg").write_bytes(b"")
    for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
        if os.path.exists(device):
            cases[device] = device
            link = tmp_path / f"photo-{os.path.basename(device)}.jpg"
            link.symlink_to(device)
            cases[f"symlink to {device}"] = link
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.png")
        cases["fifo"] = tmp_path / "fifo.png"
    if hasattr(socket, "AF_UNIX"):
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(tmp_path / "sock.pdf"))
        cases["socket"] = tmp_path / "sock.pdf"
    loop = tmp_path / "loop.jpg"
    loop.symlink_to(loop)
    cases["symlink loop"] = loop
    return cases


def test_hostile_paths_give_one_line_each_and_never_hang(tmp_path) -> None:
    import time

    for name, path in _hostile_paths(tmp_path).items():
        start = time.monotonic()
        with pytest.raises(UserError) as err:
            load_pages([path])
        message = str(err.value)
        assert message and "\n" not in message and "Traceback" not in message, name
        assert time.monotonic() - start < 5, name
