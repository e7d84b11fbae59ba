"""Reading a letter's pages over the cores so that no core idles at the end (issue 21).

One reader thread per core feeds pages to tesseracts started earlier (each loads its model while the
page before is read); one more thread cleans the next pages meanwhile, so a reader that finishes a
page has the next one ready. Pages are read whole while more work waits; the last piece of work is
cut between two text lines so that every reader finishes at about the same time — its share is
estimated from its dark pixels at the pace tesseract read the earlier pieces. A one-page letter is
thus read in bands, one per core.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from volunteer_desk.core.errors import Cancelled
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.letters.clean import CleanedPage, CleanOptions
from volunteer_desk.letters.intake import Page
from volunteer_desk.letters.ocr import (
    AUTO_FIRST_GUESS,
    CLEANED_UNITS,
    UNITS_PER_PAGE,
    PageText,
    Word,
    clean_for_ocr,
    cut_near,
    cut_rows,
    detect_language,
    encode_for_tesseract,
    finish_page,
    ink_per_row,
    is_binarised,
    join_bands,
    parse_tsv,
)
from volunteer_desk.letters.tesseract import TesseractProcess, recognition_args, start_tesseract

# A piece is cut off the last work only when the rest is worth this much reading: an extra tesseract
# costs ~0.15 s of CPU for its model.
MIN_REST_S = 0.3
# Seconds of tesseract per dark pixel before this session has measured its own (one thread, ~2020s
# laptop core); updated from every piece read.
FIRST_PACE_S = 4e-6
_pace = [FIRST_PACE_S]
_pace_lock = threading.Lock()


@dataclass
class _Piece:
    page: int
    top: int
    bottom: int
    ink: int  # dark pixels in these rows: its reading time is estimated from them


@dataclass
class _Cleaned:
    page: CleanedPage
    osd_done: bool
    ink: np.ndarray  # dark pixels per row
    gaps: np.ndarray  # rows where the page may be cut (none when it is not black and white)
    unread: int = 1  # pieces not yet read
    units: int = 0  # progress units given for the pieces read
    parts: dict[int, tuple[str, list[Word]]] = field(default_factory=dict)  # top row → text, words


class LetterReader:
    def __init__(self, pages: Sequence[Page], lang: str, advance: Callable[[int], None], cancel: CancelToken | None,
                 options: CleanOptions, cores: int) -> None:
        self.pages, self.lang, self.advance, self.options, self.cores = pages, lang, advance, options, cores
        self.args = recognition_args(AUTO_FIRST_GUESS if lang == "auto" else lang)
        self.stop = CancelToken()
        self.cancel = cancel
        self.results: list[PageText | None] = [None] * len(pages)
        self.to_clean: deque[int] = deque()
        for i, page in enumerate(pages):
            if page.text_layer is None:
                self.to_clean.append(i)
            else:
                language = detect_language(page.text_layer)[0] if lang == "auto" else lang
                self.results[i] = PageText(page.text_layer.strip(), language, 100.0, [], 0, 0.0, "text_layer")
        self.unfinished = len(self.to_clean)
        self.cleaning = 0
        self.cleaned: dict[int, _Cleaned] = {}
        self.queue: deque[_Piece] = deque()
        self.reading: dict[int, tuple[_Piece, float]] = {}  # reader → piece, when it was fed
        self.spares: list[TesseractProcess] = []
        self.read_s = self.read_ink = 0.0
        self.error: BaseException | None = None
        self.cond = threading.Condition()

    # --- the threads -----------------------------------------------------------------------------

    def run(self) -> list[PageText]:
        text_layers = len(self.pages) - self.unfinished
        if text_layers:
            self.advance(UNITS_PER_PAGE * text_layers)
        if self.unfinished:
            unlink = self.cancel.on_cancel(self.stop.cancel) if self.cancel is not None else (lambda: None)
            try:
                # Tesseract loads its model while the first pages are cleaned: one per core.
                self.spares = [start_tesseract(self.args, self.stop) for _ in range(self.cores)]
                self.stop.on_cancel(self._wake)
                threads = [threading.Thread(target=self._guard, args=(self._reader,), name=f"vd-ocr-read-{n}")
                           for n in range(self.cores)]
                if self.cores > 1:  # one core: nothing to overlap the cleaning with
                    threads.append(threading.Thread(target=self._guard, args=(self._cleaner,), name="vd-ocr-clean"))
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            finally:
                unlink()
                for spare in self.spares:
                    spare.kill()
            if self.cancel is not None:
                self.cancel.raise_if_cancelled()
            if self.error is not None:
                raise self.error
        assert all(r is not None for r in self.results)  # every page read, or an error raised above
        return [r for r in self.results if r is not None]

    def _guard(self, body: Callable[[], None]) -> None:
        try:
            body()
        except BaseException as exc:  # noqa: BLE001 - the first one is raised by run(); the others stop
            with self.cond:
                if self.error is None or isinstance(self.error, Cancelled):
                    self.error = exc
            self.stop.cancel()  # kills the tesseracts still reading and wakes the waiting threads

    def _wake(self) -> None:
        with self.cond:
            self.cond.notify_all()

    def _cleaner(self) -> None:
        while True:
            with self.cond:
                # A page cleaned (or being cleaned) ahead per reader is enough for a reader never to wait.
                while len(self.queue) + self.cleaning >= self.cores and self.to_clean and not self.stop.cancelled:
                    self.cond.wait(0.5)
                if not self.to_clean or self.stop.cancelled:
                    return
                index = self.to_clean.popleft()
                self.cleaning += 1
            self._clean(index)

    def _reader(self) -> None:
        me = threading.get_ident()
        piece: _Piece | None
        while True:
            with self.cond:
                while True:
                    if self.stop.cancelled or not self.unfinished:
                        return
                    if self.queue:
                        piece, index = self._take(), -1
                        break
                    if self.to_clean and self.cleaning < self.cores:  # nothing to read: clean a page
                        piece, index = None, self.to_clean.popleft()
                        self.cleaning += 1
                        break
                    self.cond.wait(0.5)
            if piece is None:
                self._clean(index)
            else:
                self._read(me, piece)

    # --- the work ---------------------------------------------------------------------------------

    def _clean(self, index: int) -> None:
        try:
            cleaned, osd_done = clean_for_ocr(self.pages[index], self.stop, self.options)
            ink = ink_per_row(cleaned.image)
            gaps = cut_rows(ink) if is_binarised(cleaned) else np.empty(0, np.int64)
            with self.cond:
                self.cleaned[index] = _Cleaned(cleaned, osd_done, ink, gaps)
                self.queue.append(_Piece(index, 0, len(ink), int(ink.sum())))
        finally:
            with self.cond:
                self.cleaning -= 1
                self.cond.notify_all()
        self.advance(CLEANED_UNITS)

    def _pace(self) -> float:
        if self.read_ink:
            return self.read_s / self.read_ink
        with _pace_lock:
            return _pace[0]

    def _take(self) -> _Piece:
        """The next piece (called holding the lock), cut to this reader's fair share of the work left
        once every page is cleaned (in practice: the last page, or the one before when it is long)."""
        piece = self.queue.popleft()
        page = self.cleaned[piece.page]
        if self.cores < 2 or self.to_clean or self.cleaning or not len(page.gaps):
            return piece
        now, pace = time.monotonic(), self._pace()
        cost = piece.ink * pace
        busy = sorted((max(0.0, p.ink * pace - (now - fed)) for p, fed in self.reading.values()), reverse=True)
        # Share the work left so that all readers finish together; a reader busy past that is left out.
        total, readers = cost + sum(busy) + sum(p.ink for p in self.queue) * pace, self.cores
        for left in busy:
            if left <= total / readers:
                break
            total, readers = total - left, readers - 1
        share = total / readers
        if cost - share < MIN_REST_S:
            return piece
        inked = np.cumsum(page.ink[piece.top:piece.bottom])
        ideal = piece.top + int(np.searchsorted(inked, piece.ink * share / cost))
        cut = cut_near(page.gaps, ideal, piece.top, piece.bottom, (piece.bottom - piece.top) * 0.15)
        if cut is None:
            return piece
        head = int(page.ink[piece.top:cut].sum())
        self.queue.appendleft(_Piece(piece.page, cut, piece.bottom, piece.ink - head))
        page.unread += 1
        self.cond.notify_all()
        return replace(piece, bottom=cut, ink=head)

    def _read(self, me: int, piece: _Piece) -> None:
        with self.cond:
            process = self.spares.pop() if self.spares else None
            page = self.cleaned[piece.page]
            waiting = len(self.queue) + len(self.to_clean) + self.cleaning
            spare = waiting > len(self.spares) and len(self.spares) < self.cores
        process = process or start_tesseract(self.args, self.stop)
        if spare:  # the next piece's tesseract loads its model while this one reads
            started = start_tesseract(self.args, self.stop)
            with self.cond:
                self.spares.append(started)
        band = page.page.image if piece.top == 0 and piece.bottom == len(page.ink) else \
            np.ascontiguousarray(page.page.image[piece.top:piece.bottom])
        data = encode_for_tesseract(band, binary=is_binarised(page.page))
        fed = time.monotonic()
        with self.cond:
            self.reading[me] = (piece, fed)
        try:
            run = process.finish(data, self.stop)
        finally:
            with self.cond:
                del self.reading[me]
        text, words = parse_tsv(run.stdout, page.page, piece.top)
        with self.cond:
            self.read_s += time.monotonic() - fed
            self.read_ink += piece.ink
            page.parts[piece.top] = (text, words)
            page.unread -= 1
            last = page.unread == 0
            # Progress as the page's share read; its last piece gives what is left of the page's units.
            read_units = UNITS_PER_PAGE - CLEANED_UNITS
            units = read_units - page.units if last else read_units * piece.ink // max(1, int(page.ink.sum()))
            page.units += units
        self.advance(units)
        if not last:
            return
        self.results[piece.page] = self._finish(page)
        with self.cond:
            self.unfinished -= 1
            if not self.unfinished:
                with _pace_lock:
                    if self.read_ink:
                        _pace[0] = self.read_s / self.read_ink
            self.cond.notify_all()

    def _finish(self, page: _Cleaned) -> PageText:
        text, words = join_bands([page.parts[top] for top in sorted(page.parts)])
        return finish_page(page.page, text, words, self.lang, self.stop, self.options, page.osd_done)
