"""`volunteer-desk ocr FILE... [--lang fra|nld|deu|eng|auto] [--json]` — works without a vault.

All files together form ONE letter (several photos of its pages, or a PDF); the recognised text of
the pages is printed in order. ``--json`` adds per page: mean confidence, low-confidence words (with
boxes on the cleaned page and on the original image), language, orientation and skew.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from volunteer_desk.cli.common import print_json
from volunteer_desk.core.progress import CancelToken

LANG_CHOICES = ("auto", "fra", "nld", "deu", "eng")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ocr",
        help="read the text of a letter (photos, scans or a PDF)",
        description="Read the text of one letter from its photos, scans (JPEG, PNG, TIFF, WebP) or PDF.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the letter's pages, in order")
    parser.add_argument("--lang", choices=LANG_CHOICES, default="auto", help="language of the letter (default: detect)")
    parser.add_argument("--json", action="store_true", help="print JSON with confidence and doubtful words per page")
    parser.set_defaults(func=handle_ocr)


def _quietly(work: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):
        work()


def handle_ocr(args: argparse.Namespace) -> int:
    # Start-up is arranged so that the slow parts overlap on the cores: the sandboxed parser child and a
    # tesseract (loading its model) start first, the files go to the child on a thread, and only then
    # does this process import OpenCV/numpy for cleaning (deferred to here for that reason).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's BLAS pool: unused here, slow to start
    # lazy: keeps `volunteer-desk ocr` start-up free of letters.intake, letters.sandbox, letters.tesseract (issue 21)
    from volunteer_desk.letters.intake import load_pages
    from volunteer_desk.letters.sandbox import parser_pool
    from volunteer_desk.letters.tesseract import installed_languages, prewarm, recognition_args

    parser_pool().prewarm()
    prewarm(recognition_args("fra" if args.lang == "auto" else args.lang))
    # `tesseract --list-langs` (the language check before OCR) runs now, not between intake and cleaning;
    # any error is raised again, with its message, when ocr_pages checks (the answer is cached).
    threading.Thread(target=_quietly, args=(installed_languages,), daemon=True, name="vd-ocr-langs").start()
    cancel = CancelToken()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vd-ocr-intake") as pool:
        reading = pool.submit(load_pages, args.files, cancel=cancel, grey=True)  # no page is kept
        try:
            # lazy: keeps `VERB --help` free of cv2, numpy
            from volunteer_desk.letters.ocr import ocr_pages

            pages = reading.result()
            result = ocr_pages(pages, lang=args.lang, cancel=cancel)
        except KeyboardInterrupt:
            cancel.cancel()
            return 130
    if args.json:
        data = result.to_json()
        for page_json, page in zip(data["pages"], pages, strict=True):
            page_json["source"] = {**page.to_json(), "text_from": page_json.pop("source")}
        print_json(data)
    else:
        sys.stdout.write(result.text.rstrip("\n") + "\n")
    return 0
