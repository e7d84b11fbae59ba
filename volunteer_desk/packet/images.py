"""Scanned pages for print: at most 150 dpi on A4, JPEG, at most 400 KB each, all in memory."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
from PIL import Image

from volunteer_desk.core.errors import CorruptFile

MAX_BYTES = 400 * 1024
MAX_LONG_SIDE = 1754    # A4 long side at 150 dpi: legible on paper, light in the PDF
QUALITIES = (70, 55, 42, 32)
MAX_PIXELS = 40_000_000  # as at intake (security notes, test 17)


def _looks_grey(arr: np.ndarray) -> bool:
    """True when no channel differs much from another (black-on-white paper, even if photographed)."""
    sample = arr[::8, ::8].astype(np.int16)
    spread = np.abs(sample[..., 0] - sample[..., 1]) + np.abs(sample[..., 0] - sample[..., 2])
    return float(np.percentile(spread, 99)) < 24


def _decode(data: bytes) -> np.ndarray:
    try:  # header only: refuse decompression bombs before decoding anything
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CorruptFile("A page image in the family file cannot be read.") from exc
    if width * height > MAX_PIXELS:
        raise CorruptFile("A page image in the family file is too large to print.")
    # OpenCV decodes straight into an array (no copy through Pillow) and applies EXIF orientation.
    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_ANYCOLOR)
    if arr is None:
        raise CorruptFile("A page image in the family file cannot be read.")
    return arr


def compress_page(data: bytes, max_bytes: int = MAX_BYTES) -> tuple[bytes, tuple[int, int]]:
    """Return (JPEG bytes ≤ max_bytes, pixel size). Colour is kept only when the page has colour."""
    arr = _decode(data)
    if arr.ndim == 3 and _looks_grey(arr):
        arr = cv2.cvtColor(arr, cv2.COLOR_BGR2GRAY)
    height, width = arr.shape[:2]
    scale = min(1.0, MAX_LONG_SIDE / max(height, width))
    while True:
        if scale < 1.0:  # INTER_AREA averages properly when shrinking
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            small = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
        else:
            small = arr
        for quality in QUALITIES:
            ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
            if ok and len(encoded) <= max_bytes:
                return encoded.tobytes(), (small.shape[1], small.shape[0])
        scale *= 0.75


def page_shape(data: bytes) -> tuple[int, int]:
    """(width, height) as the page will be printed, from the header only (EXIF rotation applied)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if probe.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # rotated by 90°: sides swap
                width, height = height, width
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CorruptFile("A page image in the family file cannot be read.") from exc
    return width, height


def compress_pages(pages: list[bytes], workers: int = 2) -> list[tuple[bytes, tuple[int, int]]]:
    """Compress several pages in parallel (OpenCV releases the GIL while decoding and encoding)."""
    if len(pages) <= 1:
        return [compress_page(p) for p in pages]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(compress_page, pages))
