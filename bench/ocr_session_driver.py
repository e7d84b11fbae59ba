"""Helper of ``bench_ocr_process.py``: one app session reading letters on request (not a benchmark).

Started with PYTHONPATH pointing at the source tree under test. Imports the letters pipeline once,
then for each JSON line on stdin ``{"files": [...], "lang": "fra", "workers": N}`` prints one JSON
line: the text, the wall time of intake + OCR, and the progress reports seen (time, done, total).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from volunteer_desk.letters.intake import load_pages
    from volunteer_desk.letters.ocr import ocr_pages

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        events: list[tuple[float, int, int]] = []
        start = time.perf_counter()

        def progress(done: int, total: int, message: str = "", start: float = start,
                     events: list = events) -> None:
            events.append((round(time.perf_counter() - start, 3), done, total))

        pages = load_pages(request["files"])
        mid = time.perf_counter()
        result = ocr_pages(pages, lang=request.get("lang", "fra"), progress=progress,
                           workers=request.get("workers"))
        end = time.perf_counter()
        print(json.dumps({"text": result.text, "intake_s": mid - start, "ocr_s": end - mid, "total_s": end - start,
                          "progress": events}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
