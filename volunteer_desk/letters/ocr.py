"""OCR of a letter's pages: clean each page, recognise it with tesseract, mark doubtful words.

Pages run in parallel, one single-threaded tesseract process per core (``ocr_letter.py``); the last
page is cut between text lines into bands read at once, so that no core idles at the end (a one-page
letter too: an extra tesseract costs ~0.15 s CPU for its model, the wait nearly halves). Per word we keep tesseract's
confidence and its box (in the cleaned page and mapped back onto the original photo), so the
volunteer can check doubtful words — above all amounts and dates — against the paper.

Orientation: ``clean`` turns sideways and upside-down pages from projection profiles; tesseract OSD
(as costly as recognition) runs only when that was unsure or the recognised text has low confidence.
Language ``auto``: recognise in French (most letters here), count stopwords, and redo the page in
Dutch, German or English when the text clearly is.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from volunteer_desk.core.errors import BadInput, CorruptFile
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken, Progress, no_progress, run_parallel
from volunteer_desk.letters.clean import CleanedPage, CleanOptions, clean_page, rotate_quarter, shrink
from volunteer_desk.letters.intake import Page
from volunteer_desk.letters.tesseract import (
    LANGUAGES,
    TesseractProcess,
    TesseractRun,
    recognition_args,
    require_languages,
    run_tesseract,
    start_tesseract,
)

LOW_CONFIDENCE = 70.0
# A wrong digit in an amount or a date is worse than none: doubt numbers sooner.
LOW_CONFIDENCE_DIGITS = 85.0
# Below this mean confidence a page may be upside down (or not text at all): ask OSD.
SUSPICIOUS_MEAN = 65.0
AUTO_FIRST_GUESS = "fra"
# Progress units of a page: cleaning is about a fifth of a page's time, recognition the rest.
UNITS_PER_PAGE = 5
CLEANED_UNITS = 1
DEFAULT_CLEAN = CleanOptions()

STOPWORDS = {
    "fra": set(
        ["le", "la", "les", "de", "des", "du", "et", "est", "un", "une", "pour", "que", "qui", "dans", "vous", "nous", "votre", "vos", "sur", "pas", "au", "aux", "ce", "cette", "avec", "par", "en", "il", "elle", "sont", "être", "à", "ne", "se", "sa", "son", "ses", "leur"]
    ),
    "nld": set(
        ["de", "het", "een", "van", "en", "is", "dat", "die", "niet", "op", "te", "voor", "met", "zijn", "u", "uw", "ons", "aan", "bij", "als", "wordt", "worden", "deze", "naar", "om", "ook", "of", "er", "kan", "heeft"]
    ),
    "deu": set(
        ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "sie", "ihr", "ihnen", "sich", "für", "auf", "dem", "des", "im", "werden", "wird", "oder", "auch", "bei", "nach", "ihre"]
    ),
    "eng": set(
        ["the", "and", "of", "to", "is", "in", "that", "for", "you", "your", "with", "this", "are", "be", "on", "we", "please", "will", "our", "from", "by", "as", "not", "have", "has", "an"]
    ),
}


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0–100, tesseract's
    box: tuple[int, int, int, int]  # x, y, w, h in the cleaned page
    quad: list[list[float]]  # the same box on the original page image: 4 corners [x, y]
    line: int  # running line number on the page (0-based)

    def to_json(self) -> dict:
        return {"text": self.text, "confidence": round(self.confidence, 1), "box": list(self.box), "quad": self.quad}


@dataclass
class PageText:
    """What OCR found on one page."""

    text: str
    language: str
    mean_confidence: float
    words: list[Word]
    orientation: int  # degrees the page was turned clockwise to read it
    skew: float  # tilt corrected, degrees, counterclockwise positive
    source: str  # "ocr" or "text_layer"
    steps: list[str] = field(default_factory=list)
    _cleaned: np.ndarray | None = field(default=None, repr=False)

    @property
    def low_confidence_words(self) -> list[Word]:
        return [w for w in self.words if is_doubtful(w)]

    def cleaned_png(self) -> bytes | None:
        """The cleaned page as PNG bytes (kept in the family file next to the original)."""
        if self._cleaned is None:
            return None
        ok, buf = cv2.imencode(".png", self._cleaned)
        return buf.tobytes() if ok else None

    def to_json(self, words: bool = False) -> dict:
        data = {
            "text": self.text,
            "language": self.language,
            "mean_confidence": round(self.mean_confidence, 1),
            "low_confidence_words": [w.to_json() for w in self.low_confidence_words],
            "orientation": self.orientation,
            "skew": self.skew,
            "source": self.source,
        }
        if words:
            data["words"] = [w.to_json() for w in self.words]
        return data


@dataclass
class OcrResult:
    pages: list[PageText]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def language(self) -> str:
        """The language of most of the text."""
        weights: dict[str, int] = {}
        for p in self.pages:
            weights[p.language] = weights.get(p.language, 0) + len(p.text)
        return max(weights, key=weights.__getitem__) if weights else AUTO_FIRST_GUESS

    @property
    def mean_confidence(self) -> float:
        total = sum(len(p.text) for p in self.pages)
        return sum(p.mean_confidence * len(p.text) for p in self.pages) / total if total else 0.0

    def to_json(self, words: bool = False) -> dict:
        return {
            "language": self.language,
            "mean_confidence": round(self.mean_confidence, 1),
            "pages": [p.to_json(words) for p in self.pages],
        }


def is_doubtful(word: Word) -> bool:
    limit = LOW_CONFIDENCE_DIGITS if any(ch.isdigit() for ch in word.text) else LOW_CONFIDENCE
    return word.confidence < limit


def detect_language(text: str) -> tuple[str, float]:
    """(language code, share of tokens that are its stopwords)."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if not tokens:
        return AUTO_FIRST_GUESS, 0.0
    scores = {lang: sum(t in words for t in tokens) / len(tokens) for lang, words in STOPWORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


# --- tesseract output -------------------------------------------------------------------------------


def parse_tsv(tsv: str, page: CleanedPage | None, top: int = 0) -> tuple[str, list[Word]]:
    """Text (lines and blank lines between paragraphs) and words from tesseract's TSV output.

    ``top``: the TSV is of a band of ``page`` starting at that row (boxes are given in the whole page).
    """
    words: list[Word] = []
    lines: list[str] = []
    current: list[str] = []
    last_line = last_par = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
        if (block, par, line) != last_line:
            if current:
                lines.append(" ".join(current))
                current = []
            if last_par is not None and (block, par) != last_par:
                lines.append("")
            last_line, last_par = (block, par, line), (block, par)
        current.append(text)
        x, y, w, h = (int(c) for c in cols[6:10])
        y += top
        quad: list[list[float]] = page.map_box_to_original(x, y, w, h) if page is not None else [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
        words.append(Word(text, float(cols[10]), (x, y, w, h), quad, len(lines)))
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines), words


_FRENCH_MONTHS = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
                  "septembre", "octobre", "novembre", "décembre", "decembre")
_FIRST_MISREAD = re.compile(rf"(?<![\w.,])[lI](er|re|ère)(?=\s+(?:{'|'.join(_FRENCH_MONTHS)})\b)", re.IGNORECASE)
_MISREAD_WORD = re.compile(r"[lI](er|re|ère)", re.IGNORECASE)
# Tesseract reads the "1" of "1er février" as "l" on some pages (1 vs l in a serif font): "ler" is no
# French word, and the date (an effect date, a deadline) would be lost to the facts finder.
FIRST_FIXED_CONFIDENCE = 60.0  # a corrected word is shown as doubtful: the volunteer checks it on paper


def fix_french_first(text: str, words: list[Word]) -> tuple[str, list[Word]]:
    """"ler février" → "1er février" (and "lère"), in the text and in its word list."""
    if not _FIRST_MISREAD.search(text):
        return text, words
    fixed = list(words)
    for i, word in enumerate(words[:-1]):
        if _MISREAD_WORD.fullmatch(word.text) and words[i + 1].text.lower().rstrip(".,;:") in _FRENCH_MONTHS:
            fixed[i] = replace(word, text="1" + word.text[1:], confidence=min(word.confidence, FIRST_FIXED_CONFIDENCE))
    return _FIRST_MISREAD.sub(lambda m: "1" + m.group(1), text), fixed


def mean_confidence(words: Sequence[Word]) -> float:
    chars = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / chars if chars else 0.0


def encode_for_tesseract(image: np.ndarray, binary: bool | None = None) -> bytes:
    # A binarised page goes as 1-bit PBM: tiny, no compression cost, and tesseract reads it fastest.
    # ``binary``: known by the caller (cleaning binarised it), else checked pixel by pixel (~10 ms).
    if binary is None:
        binary = image.dtype == np.uint8 and np.count_nonzero((image != 0) & (image != 255)) == 0
    ok, buf = cv2.imencode(".pbm" if binary else ".pgm", image)
    if not ok:
        raise CorruptFile(_("A page image could not be prepared for OCR."))
    return buf.tobytes()


def is_binarised(page: CleanedPage) -> bool | None:
    """True when the last step made the page black and white (turns after it keep it so); else unknown."""
    steps = [s for s in page.steps if not s.startswith("rotate")]
    return True if steps and steps[-1] == "binarise" else None


def _recognise(page: CleanedPage, lang: str, cancel: CancelToken | None,
               started: TesseractProcess | None = None,
               helpers: Sequence[TesseractProcess] = ()) -> tuple[str, list[Word]]:
    """Tesseract's text and words for the page; with ``helpers`` (started tesseracts, one per idle
    core) the page is cut across blank rows into bands read at the same time, one per process."""
    process = started or start_tesseract(recognition_args(lang), cancel)
    binary = is_binarised(page)
    cuts = split_rows(page.image, 1 + len(helpers)) if helpers and binary else []
    for spare in helpers[len(cuts):]:
        spare.kill()
    if not cuts:
        run = process.finish(encode_for_tesseract(page.image, binary=binary), cancel)
        return parse_tsv(run.stdout, page)
    tops = [0, *cuts]
    bottoms = [*cuts, page.image.shape[0]]
    processes = [process, *helpers[: len(cuts)]]

    def read(i: int, stop: CancelToken) -> TesseractRun:
        band = np.ascontiguousarray(page.image[tops[i]:bottoms[i]])
        return processes[i].finish(encode_for_tesseract(band, binary=binary), stop)

    # A failing band stops the others (their tesseracts are killed); ocr_page's cleanup ends any left.
    results = run_parallel(read, range(len(processes)), workers=len(processes), message="", cancel=cancel)
    return join_bands([parse_tsv(result.stdout, page, top) for result, top in zip(results, tops, strict=True)])


_ENDS_PARAGRAPH = re.compile(r"[.!?:»]\W*$")


def join_bands(bands: Sequence[tuple[str, list[Word]]]) -> tuple[str, list[Word]]:
    """One page's text and words from its bands, top first. A band cut inside a paragraph goes on
    with the next line, so that a sentence split by the cut stays one sentence for the facts finder
    (a deadline keeps its "recours"); after a sentence's end it starts a new paragraph."""
    text = ""
    words: list[Word] = []
    for band_text, band_words in bands:
        if not band_text:
            continue
        if text:
            text += "\n\n" if _ENDS_PARAGRAPH.search(text) else "\n"
        offset = text.count("\n")
        text += band_text
        words.extend(replace(w, line=w.line + offset) for w in band_words)
    return text, words


# A band cut is made only in a white gap at least this many rows high (~1.3 mm at 300 dpi: between
# two lines of text, never through one).
MIN_CUT_GAP_ROWS = 16


def ink_per_row(image: np.ndarray) -> np.ndarray:
    """Dark pixels in each row (counted in whole pixels on a binarised page): what reading a band costs."""
    sums = cv2.reduce(image, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.int64)
    return (image.shape[1] * 255 - sums) // 255


def cut_rows(ink: np.ndarray) -> np.ndarray:
    """Centres of the blank gaps between text lines (never a margin) where a page may be cut."""
    h = len(ink)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], (ink == 0).astype(np.int8), [0]])))
    starts, ends = edges[::2], edges[1::2]
    keep = (ends - starts >= MIN_CUT_GAP_ROWS) & (starts > 0) & (ends < h)  # gaps between text, not margins
    return (starts[keep] + ends[keep]) // 2


def cut_near(gaps: np.ndarray, ideal: int, top: int, bottom: int, slack: float) -> int | None:
    """The gap nearest to row ``ideal`` strictly inside (top, bottom), at most ``slack`` rows away."""
    inside = gaps[(gaps > top + 100) & (gaps < bottom - 100)]
    if not len(inside):
        return None
    best = int(inside[np.argmin(np.abs(inside - ideal))])
    return best if abs(best - ideal) <= slack else None


def split_rows(image: np.ndarray, parts: int) -> list[int]:
    """Rows where to cut a binarised page into ``parts`` bands holding similar amounts of text, each
    cut in the blank gap between text lines nearest to that share; [] when there is no such gap."""
    h = image.shape[0]
    if parts < 2 or h < 200 * parts:
        return []
    ink = ink_per_row(image)
    inked = np.cumsum(ink > 0)
    if inked[-1] < 50 * parts:
        return []
    gaps = cut_rows(ink)
    cuts: list[int] = []
    for k in range(1, parts):
        ideal = int(np.searchsorted(inked, inked[-1] * k / parts))
        best = cut_near(gaps, ideal, cuts[-1] if cuts else 0, h, h * 0.15)
        if best is None:
            return []
        cuts.append(best)
    return cuts


def detect_orientation(image: np.ndarray, cancel: CancelToken | None = None) -> tuple[int, float] | None:
    """Tesseract OSD on a half-size copy: (degrees to turn clockwise, confidence), or None."""
    h, w = image.shape[:2]
    small = shrink(image, (w // 2, h // 2))
    try:
        run = run_tesseract(encode_for_tesseract(small), ["--psm", "0", "--dpi", "150"], cancel)
    except CorruptFile:  # "Too few characters": nothing to orient by
        return None
    rotate = re.search(r"Rotate:\s*(\d+)", run.stdout)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", run.stdout)
    if not rotate or not conf:
        return None
    return int(rotate.group(1)) % 360, float(conf.group(1))


# --- one page ------------------------------------------------------------------------------------------


def ocr_page(
    page: Page,
    lang: str = "auto",
    cancel: CancelToken | None = None,
    options: CleanOptions = DEFAULT_CLEAN,
    on_cleaned: Callable[[], None] | None = None,
    bands: int = 1,
) -> PageText:
    """Recognise one page (``lang`` is fra, nld, deu, eng, a tesseract "a+b" list, or auto).

    ``bands`` > 1: cores are idle (a one-page letter), so the page is read as that many bands at once.
    """
    if page.text_layer is not None:
        language = detect_language(page.text_layer)[0] if lang == "auto" else lang
        return PageText(page.text_layer.strip(), language, 100.0, [], 0, 0.0, "text_layer")
    first = AUTO_FIRST_GUESS if lang == "auto" else lang
    # Tesseract loads its model while we clean the page: that load is off the page's critical path.
    started: TesseractProcess | None = start_tesseract(recognition_args(first), cancel)
    helpers = [start_tesseract(recognition_args(first), cancel) for _ in range(bands - 1)]
    try:
        cleaned, osd_done = clean_for_ocr(page, cancel, options)
        if on_cleaned is not None:
            on_cleaned()
        text, words = _recognise(cleaned, first, cancel, started, helpers)
        started, helpers = None, []
    finally:
        for waiting in [started, *helpers]:  # cleaning failed or was cancelled: the waiting tesseracts go
            if waiting is not None:
                waiting.kill()
    return finish_page(cleaned, text, words, lang, cancel, options, osd_done)


def finish_page(cleaned: CleanedPage, text: str, words: list[Word], lang: str, cancel: CancelToken | None,
                options: CleanOptions = DEFAULT_CLEAN, osd_done: bool = False) -> PageText:
    """The page's text once recognised in ``lang`` (auto: in French first): read again turned when the
    text looks upside down, in another language when it clearly is, and "ler février" made "1er"."""
    first = AUTO_FIRST_GUESS if lang == "auto" else lang
    conf = mean_confidence(words)
    if options.orientation and not osd_done and (conf < SUSPICIOUS_MEAN or len(words) < 3):
        found = detect_orientation(cleaned.image, cancel)
        if found and found[0] != 0 and found[1] >= 1.0:
            turned = rotate_quarter(cleaned, found[0])
            t2, w2 = _recognise(turned, first, cancel)
            if mean_confidence(w2) > conf:
                cleaned, text, words, conf = turned, t2, w2, mean_confidence(w2)
    language = first
    if lang == "auto":
        detected, share = detect_language(text)
        language = detected
        if detected != first and share >= 0.05:
            t2, w2 = _recognise(cleaned, detected, cancel)
            if mean_confidence(w2) >= conf - 2:
                text, words, conf = t2, w2, mean_confidence(w2)
            else:
                language = first
    if "fra" in language.split("+"):
        text, words = fix_french_first(text, words)
    return PageText(text, language, conf, words, cleaned.orientation, cleaned.skew, "ocr", cleaned.steps, cleaned.image)


def clean_for_ocr(page: Page, cancel: CancelToken | None, options: CleanOptions = DEFAULT_CLEAN) -> tuple[CleanedPage, bool]:
    """The page cleaned for tesseract, turned by OSD when cleaning was unsure; (page, OSD ran)."""
    grey = page.grey()
    if cancel is not None:
        cancel.raise_if_cancelled()
    cleaned = clean_page(grey, options)
    if "orientation?" not in cleaned.steps:
        return cleaned, False
    found = detect_orientation(cleaned.image, cancel)
    if found and found[1] >= 1.0:
        cleaned = rotate_quarter(cleaned, found[0])
    return cleaned, True


# --- a letter ------------------------------------------------------------------------------------------


def languages_for(lang: str) -> list[str]:
    if lang == "auto":
        return list(LANGUAGES)
    parts = lang.split("+")
    for part in parts:
        if not re.fullmatch(r"[a-z]{3}(_[a-z]+)?", part):
            raise BadInput(_("Unknown OCR language {code}: use fra, nld, deu, eng or auto.").format(code=part))
    return parts


def ocr_pages(
    pages: Sequence[Page],
    lang: str = "auto",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    options: CleanOptions = DEFAULT_CLEAN,
    workers: int | None = None,
) -> OcrResult:
    """OCR all pages, in parallel over the cores; results in page order."""
    if not pages:
        raise BadInput(_("There is no page to read."))
    if any(p.text_layer is None for p in pages):
        require_languages(["osd", *languages_for(lang)] if options.orientation else languages_for(lang))
    # Progress per page, in the order pages finish: a step when a page is cleaned, the rest when its
    # text is read (recognition is most of a page's time), so the bar moves with each page.
    units = len(pages) * UNITS_PER_PAGE
    done = [0]
    lock = threading.Lock()
    message = _("Reading the text")

    def advance(n: int) -> None:
        with lock:  # held while reporting: reports come from several threads, in order
            done[0] += n
            progress(done[0], units, message)

    # lazy: the letter's scheduler builds on this module's page functions (a cycle at the top)
    from volunteer_desk.letters.ocr_letter import LetterReader

    progress(0, units, message)
    results = LetterReader(pages, lang, advance, cancel, options, workers or os.cpu_count() or 1).run()
    return OcrResult(results)
