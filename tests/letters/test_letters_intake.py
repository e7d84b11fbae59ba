"""Intake: every accepted format, EXIF orientation, limits, broken and hostile files, the sandbox."""

from __future__ import annotations

import io
import os
import threading
import time

import pytest
from letters_fixtures import encode, image_pdf, multipage_tiff, png_bomb, small_image, text_pdf
from PIL import Image

from volunteer_desk.core.errors import BadInput, Cancelled, CorruptFile, NotFound, UserError
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.letters.intake import load_pages, text_layer_is_good
from volunteer_desk.letters.sandbox import ParserPool, parse_in_sandbox


def decoded(page) -> Image.Image:
    return Image.open(io.BytesIO(page.image))


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/png"), ("TIFF", "image/png")],
)
def test_single_image_formats_are_accepted(fmt: str, mime: str) -> None:
    pages = load_pages([encode(small_image(), fmt)])
    assert len(pages) == 1
    page = pages[0]
    assert (page.width, page.height) == (64, 48)
    assert page.mime == mime
    assert decoded(page).size == (64, 48)
    assert page.source_format == fmt.lower()


def test_multipage_tiff_gives_every_page_in_order() -> None:
    pages = load_pages([multipage_tiff(3)])
    assert [p.width for p in pages] == [64, 65, 66]
    assert [p.source_page for p in pages] == [0, 1, 2]


def test_several_photos_form_one_letter_in_the_given_order(tmp_path) -> None:
    a = encode(small_image(size=(40, 30)), "JPEG")
    b = tmp_path / "page2.png"
    b.write_bytes(encode(small_image(size=(50, 30)), "PNG"))
    pages = load_pages([a, b, multipage_tiff(2)])
    assert [(p.source_index, p.width) for p in pages] == [(0, 40), (1, 50), (2, 64), (2, 65)]


def test_pdf_text_layer_is_used_when_good() -> None:
    text = "Le CPAS a décidé de vous octroyer un montant de 1.626,61 € par mois.\nRecours dans les 30 jours."
    pages = load_pages([text_pdf([text, "Page deux : votre assistante sociale vous recevra mardi prochain."])])
    assert len(pages) == 2
    assert "1.626,61" in pages[0].text_layer
    assert "assistante sociale" in pages[1].text_layer
    # Rendered at 300 dpi for the packet and the photo view.
    assert (pages[0].width, pages[0].height) == (2481, 3508)


def test_scanned_pdf_has_no_text_layer_and_is_rendered() -> None:
    pages = load_pages([image_pdf(encode(small_image(size=(200, 280)), "PNG"))])
    assert len(pages) == 1 and pages[0].text_layer is None
    assert pages[0].source_format == "pdf"


def test_text_layer_quality_check() -> None:
    assert text_layer_is_good("Le CPAS a décidé de vous octroyer le revenu d'intégration sociale.")
    assert not text_layer_is_good("")
    assert not text_layer_is_good("(cid:12)(cid:13)(cid:14) " * 10)
    assert not text_layer_is_good("\ue001\ue002\ue003 " * 20)  # private-use glyphs: broken font map
    assert not text_layer_is_good("Xrtvk bnmpq zrtkl wxcvb qsdfg hjklm " * 3)  # consonant soup


def _exif_jpeg(orientation: int) -> bytes:
    img = Image.new("RGB", (200, 100), "white")
    img.paste((0, 0, 0), (0, 0, 100, 100))  # left half black
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {2: (50.0, 28.0, 0.0)}  # GPS: must not survive intake
    return encode(img, "JPEG", exif=exif, quality=95)


def test_exif_orientation_is_honoured_and_metadata_dropped() -> None:
    # Orientation 6: the camera was turned; viewers rotate 90° clockwise to show it.
    page = load_pages([_exif_jpeg(6)])[0]
    assert (page.width, page.height) == (100, 200)
    img = decoded(page).convert("L")
    assert img.getpixel((50, 20)) < 60  # the black half is now on top
    assert img.getpixel((50, 180)) > 200
    assert not img.getexif()  # no orientation, no GPS


def test_decompression_bomb_is_refused_clearly() -> None:
    bomb = png_bomb(10000, 10000)
    assert len(bomb) == 65
    with pytest.raises(BadInput, match="too large"):
        load_pages([bomb])
    # Between 40 and 80 Mpx Pillow only warns: we turn the warning into the same error.
    with pytest.raises(BadInput, match="too large"):
        load_pages([png_bomb(8000, 6000)])


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "WEBP"])
def test_truncated_image_gives_a_clear_error(fmt: str) -> None:
    data = encode(small_image(size=(300, 200)), fmt)
    with pytest.raises(UserError) as err:
        load_pages([data[: len(data) // 2]])
    assert isinstance(err.value, CorruptFile | BadInput)
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)


def test_truncated_pdf_gives_a_clear_error() -> None:
    data = text_pdf(["Bonjour"])
    with pytest.raises(CorruptFile):
        load_pages([data[:300]])


def test_garbage_and_unknown_types_are_refused() -> None:
    with pytest.raises(BadInput, match="not supported"):
        load_pages([b"hello, this is not a picture" * 10])
    with pytest.raises(BadInput, match="not supported"):
        load_pages([b""])
    with pytest.raises(BadInput, match="not supported"):
        load_pages([b"GIF89a" + b"\x00" * 100])


def test_error_names_the_file_by_number_not_by_name(tmp_path) -> None:
    good = encode(small_image(), "PNG")
    secret = tmp_path / "Famille Dupont - CPAS.jpg"
    secret.write_bytes(b"\xff\xd8\xff" + b"\x00" * 50)
    with pytest.raises(UserError) as err:
        load_pages([good, secret])
    assert "File 2" in str(err.value)
    assert "Dupont" not in str(err.value)
    with pytest.raises(NotFound):
        load_pages([tmp_path / "missing.jpg"])


# --- the sandbox: a crashing, hanging or memory-hungry parser ------------------------------------


@pytest.fixture
def faulty_pool():
    """A parser pool whose children stage the given failure (the test's own, not the session's)."""
    pools: list[ParserPool] = []

    def make(fault: str) -> ParserPool:
        pools.append(ParserPool(1, fault=fault))
        return pools[-1]

    yield make
    for pool in pools:
        pool.close()


def test_parser_segfault_becomes_a_clear_error(faulty_pool) -> None:
    with pytest.raises(CorruptFile, match="damaged"):
        load_pages([encode(small_image(), "PNG")], pool=faulty_pool("start:segv"))


def test_parser_crash_on_a_later_page_is_caught(faulty_pool) -> None:
    with pytest.raises(CorruptFile, match="damaged"):
        list(parse_in_sandbox(multipage_tiff(3), pool=faulty_pool("page1:segv")))


def test_hanging_parser_is_killed_after_the_page_time_limit(faulty_pool) -> None:
    pool = faulty_pool("page1:hang")
    start = time.monotonic()
    with pytest.raises(CorruptFile, match="too long"):
        list(parse_in_sandbox(multipage_tiff(3), page_timeout=1.0, pool=pool))
    assert time.monotonic() - start < 8


@pytest.mark.skipif(not hasattr(os, "fork"), reason="memory cap uses POSIX rlimits")
def test_parser_memory_is_capped(faulty_pool) -> None:
    with pytest.raises(BadInput, match="too large"):
        load_pages([encode(small_image(), "PNG")], pool=faulty_pool("start:oom"))


def test_cancel_kills_the_parser(faulty_pool) -> None:
    pool = faulty_pool("start:hang")
    cancel = CancelToken()
    threading.Timer(0.5, cancel.cancel).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        load_pages([encode(small_image(), "PNG")], cancel=cancel, pool=pool)
    assert time.monotonic() - start < 5


# --- hostile paths: devices, pipes, folders (issue 15) -------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_refused_at_once() -> None:
    start = time.monotonic()
    with pytest.raises(BadInput, match="not a regular file"):
        load_pages(["/dev/zero"])
    assert time.monotonic() - start < 2  # refused, not read until memory runs out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path) -> None:
    fifo = tmp_path / "letter.jpg"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(BadInput, match="not a regular file"):
        load_pages([encode(small_image(), "PNG"), fifo])
    assert time.monotonic() - start < 5


def test_folder_and_oversized_file_are_refused_in_one_line(tmp_path) -> None:
    with pytest.raises(BadInput, match="folder"):
        load_pages([tmp_path])
    from volunteer_desk.letters.intake import read_regular_file

    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    with pytest.raises(BadInput, match="too large"):
        read_regular_file(big, 0, limit=1000)
    assert read_regular_file(big, 0, limit=5000) == big.read_bytes()


# --- the long-lived parser: reused, replaced after a failure, dies with its parent ----------------


def test_parser_child_is_reused_and_replaced_after_a_failure() -> None:
    pool = ParserPool(1)
    try:
        png = encode(small_image(), "PNG")
        assert len(list(parse_in_sandbox(png, pool=pool))) == 1
        first = pool.pids()
        assert len(list(parse_in_sandbox(png, pool=pool))) == 1
        assert pool.pids() == first  # the same child read both files
        pool.fault = "start:segv"  # the next file crashes the child
        with pytest.raises(CorruptFile, match="damaged"):
            list(parse_in_sandbox(png, pool=pool))
        pool.fault = ""
        assert pool.pids() == []
        assert len(list(parse_in_sandbox(png, pool=pool))) == 1  # a fresh child after the crash
        assert pool.pids() and pool.pids() != first
    finally:
        pool.close()
    assert pool.pids() == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to watch the child")
@pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy-parsing"])
def test_parser_child_dies_with_a_killed_parent(tmp_path, busy: bool) -> None:
    """SIGKILL the app: its parser child goes too (it used to linger ~12 s holding page pixels)."""
    import signal
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from volunteer_desk.letters.sandbox import ParserPool, parse_in_sandbox\n"
        "pool = ParserPool(1, fault=sys.argv[2])\n"
        "pool.prewarm()\n"
        "print(pool.pids()[0], flush=True)\n"
        "if sys.argv[1] == 'busy':\n"
        "    list(parse_in_sandbox(b'\\x89PNG\\r\\n\\x1a\\n', pool=pool))\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, "busy" if busy else "idle", "start:hang" if busy else ""],
                              stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert _alive(child)
        time.sleep(1.0)  # the child has started (and, busy, is stuck in its "parse")
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 3
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_page_pixels_become_an_image_once_and_stay_readable_for_ocr() -> None:
    """The child sends pixels; the app encodes a page only when it keeps it (thumbnail, family file)."""
    page = load_pages([encode(small_image(size=(64, 48)), "JPEG")])[0]
    grey_before = page.grey()
    assert grey_before.shape == (48, 64)
    assert page.raw is not None  # nothing encoded yet: the ocr verb never pays for it
    data = page.image
    assert data.startswith(b"\xff\xd8\xff") and page.raw is None
    assert decoded(page).size == (64, 48)
    assert abs(int(page.grey().mean()) - int(grey_before.mean())) <= 3  # decoded back from the JPEG


def test_a_confused_child_reply_is_a_crash_not_a_wrong_page() -> None:
    from volunteer_desk.letters.sandbox import _checked_page

    meta = {"mime": "image/png", "width": 4, "height": 2, "source_format": "png", "mode": "L"}
    assert _checked_page(meta, b"\x00" * 8).width == 4
    for bad in ({**meta, "mode": "CMYK"}, {**meta, "width": -4}, {**meta, "height": 10**9}):
        with pytest.raises(CorruptFile, match="damaged"):
            _checked_page(bad, b"\x00" * 8)
    with pytest.raises(CorruptFile, match="damaged"):
        _checked_page(meta, b"\x00" * 7)


def test_grey_intake_for_reading_only_keeps_orientation_and_size() -> None:
    colour = load_pages([_exif_jpeg(6)])[0]
    grey = load_pages([_exif_jpeg(6)], grey=True)[0]
    assert grey.mode == "L" and colour.mode == "RGB"
    assert (grey.width, grey.height) == (colour.width, colour.height) == (100, 200)
    assert grey.grey()[20, 50] < 60 and grey.grey()[180, 50] > 200  # turned upright like the colour page
