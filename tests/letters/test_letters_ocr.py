"""OCR with the real tesseract: known text comes back, pages are fixed, nothing leaks to disk."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

import pytest
from letters_fixtures import text_pdf

from volunteer_desk.cli import ocr as cli
from volunteer_desk.core.errors import Cancelled, MissingDependency
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.letters.intake import load_pages
from volunteer_desk.letters.ocr import (
    Word,
    detect_language,
    fix_french_first,
    ocr_page,
    ocr_pages,
    split_rows,
)
from volunteer_desk.letters.samples import cer, render_sample, sample_letter_text
from volunteer_desk.letters.tesseract import TESSERACT_ENV


def test_clean_scan_gives_the_known_text(letter_samples) -> None:
    sample = letter_samples["clean"]
    result = ocr_pages(load_pages([sample.image]), lang="fra")
    page = result.pages[0]
    assert cer(sample.text, page.text) < 0.01
    assert "1.626,61 €" in page.text
    assert "BE68 5390 0754 7034" in page.text
    assert "dans les trois mois" in page.text
    assert page.mean_confidence > 85
    assert page.orientation == 0 and page.source == "ocr"


def test_phone_photo_with_uneven_light_is_read(letter_samples) -> None:
    sample = letter_samples["phone"]
    page = ocr_pages(load_pages([sample.image]), lang="fra").pages[0]
    assert cer(sample.text, page.text) < 0.02
    assert "1.626,61" in page.text


def test_sideways_page_is_turned_and_read(letter_samples) -> None:
    sample = letter_samples["sideways_270"]
    page = ocr_pages(load_pages([sample.image]), lang="fra").pages[0]
    assert page.orientation == 270
    assert cer(sample.text, page.text) < 0.01


def test_skewed_scan_reports_its_skew(letter_samples) -> None:
    sample = letter_samples["scan_skewed"]
    page = ocr_pages(load_pages([sample.image]), lang="fra").pages[0]
    assert 1.0 <= abs(page.skew) <= 4.5
    assert cer(sample.text, page.text) < 0.015


def test_doubtful_words_have_boxes_on_the_original_page(letter_samples) -> None:
    sample = letter_samples["sideways_270"]
    pages = load_pages([sample.image])
    page = ocr_pages(pages, lang="fra").pages[0]
    assert page.words
    width, height = pages[0].width, pages[0].height
    for word in page.words:
        for x, y in word.quad:
            assert -5 <= x <= width + 5 and -5 <= y <= height + 5
    data = page.to_json()
    assert set(data) >= {"text", "mean_confidence", "low_confidence_words", "language", "orientation", "skew"}
    assert all(w["confidence"] < 85 for w in data["low_confidence_words"])


def test_auto_language_finds_dutch_and_pdf_text_layer_skips_ocr() -> None:
    sample = render_sample(sample_letter_text("ocmw_beslissing"), "clean", seed=2)
    layer = text_pdf(["Sehr geehrte Frau, der Sonderausschuss hat beschlossen, Ihnen das Einkommen zu gewähren."])
    result = ocr_pages(load_pages([sample.image, layer]), lang="auto")
    assert result.pages[0].language == "nld"
    assert cer(sample.text, result.pages[0].text) < 0.01
    assert result.pages[1].source == "text_layer" and result.pages[1].language == "deu"
    assert detect_language("Le recours est gratuit et vous pouvez le faire dans les trente jours")[0] == "fra"


def test_missing_language_data_says_what_to_install(tmp_path, monkeypatch, letter_samples) -> None:
    tessdata = Path("/usr/share/tesseract-ocr/5/tessdata")
    for name in ("eng.traineddata", "osd.traineddata"):
        (tmp_path / name).symlink_to(tessdata / name)
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    pages = load_pages([letter_samples["clean"].image])
    with pytest.raises(MissingDependency, match="tesseract-ocr-fra"):
        ocr_pages(pages, lang="fra")


def test_language_data_from_a_model_pack_folder_is_used(tmp_path, monkeypatch, letter_samples) -> None:
    """French exists only in the app's tessdata folder (where model packs install it): OCR still reads."""
    from volunteer_desk.modelpack.locations import app_tessdata_dir

    system = Path("/usr/share/tesseract-ocr/5/tessdata")
    without_fra = tmp_path / "system"
    without_fra.mkdir()
    for name in ("eng.traineddata", "osd.traineddata"):
        (without_fra / name).symlink_to(system / name)
    monkeypatch.setenv("TESSDATA_PREFIX", str(without_fra))
    app = app_tessdata_dir()
    app.mkdir(parents=True)
    (app / "fra.traineddata").symlink_to(system / "fra.traineddata")
    (app / "configs").symlink_to(system / "configs")  # as the model pack installer lays it out
    result = ocr_pages(load_pages([letter_samples["clean"].image]), lang="fra")
    assert "1.626,61" in result.text


def test_missing_tesseract_says_what_to_install(monkeypatch, letter_samples) -> None:
    monkeypatch.setenv(TESSERACT_ENV, "/nonexistent/tesseract")
    with pytest.raises(MissingDependency, match="apt install tesseract-ocr"):
        ocr_pages(load_pages([letter_samples["clean"].image]), lang="fra")


def _tesseract_children() -> list[int]:
    me = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[1] == me and "tesseract" in stat.split(")")[0]:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list child processes")
def test_ocr_leaves_no_file_in_temp_even_when_cancelled(tmp_path, monkeypatch, letter_samples) -> None:
    watched = tmp_path / "tmp"
    watched.mkdir()
    for var in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(var, str(watched))
    monkeypatch.setattr(tempfile, "tempdir", None)
    pages = load_pages([letter_samples["clean"].image, letter_samples["phone"].image])
    ocr_pages(pages, lang="fra")
    assert list(watched.iterdir()) == []

    cancel = CancelToken()
    threading.Timer(0.6, cancel.cancel).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        ocr_pages(pages * 2, lang="fra", cancel=cancel)
    assert time.monotonic() - start < 3  # killed midway, not waited for
    time.sleep(0.2)
    assert _tesseract_children() == []
    assert list(watched.iterdir()) == []


def test_cli_ocr_prints_text_and_json(tmp_path, capsys, letter_samples) -> None:
    photo = tmp_path / "page1.png"
    photo.write_bytes(letter_samples["clean"].image)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["ocr", str(photo), "--lang", "fra"])
    assert args.func(args) == 0
    assert "1.626,61 €" in capsys.readouterr().out
    args = parser.parse_args(["ocr", str(photo), "--json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    page = data["pages"][0]
    assert page["language"] == "fra" and page["orientation"] == 0
    assert "dans les trois mois" in page["text"]
    assert isinstance(page["low_confidence_words"], list) and page["mean_confidence"] > 85


def test_progress_moves_with_each_page_not_only_at_the_end(letter_samples) -> None:
    """Issue 21: the bar sat at 0 % and jumped. Now: a step when a page is cleaned, then when it is read."""
    pages = load_pages([letter_samples["clean"].image, letter_samples["phone"].image])
    events: list[tuple[int, int]] = []
    ocr_pages(pages, lang="fra", workers=1, progress=lambda done, total, message="": events.append((done, total)))
    done = [d for d, _ in events]
    assert {t for _, t in events} == {10} and done == sorted(done)
    assert done[0] == 0 and done[-1] == 10
    assert 1 in done and 5 in done  # the first page's cleaning, then its text, before the second page
    assert len(set(done)) >= 5


def test_first_of_the_month_misread_as_ler_is_read_as_1er_and_shown_doubtful() -> None:
    """Tesseract reads "1er février" as "ler février" on some pages: the date would be lost to the facts."""
    words = [Word(t, 96.0, (0, 0, 1, 1), [], 0) for t in ["à", "partir", "du", "ler", "février", "2024,", "aller", "mars"]]
    text, fixed = fix_french_first(" ".join(w.text for w in words), words)
    assert text == "à partir du 1er février 2024, aller mars"
    assert [w.text for w in fixed][3] == "1er" and fixed[3].confidence < 70  # flagged for the volunteer
    assert fixed[6].text == "aller" and fixed[6].confidence == 96.0


def test_clean_scan_reads_the_first_of_february() -> None:
    page = render_sample(sample_letter_text("cpas_decision"), "clean", seed=100)  # a serif font: tesseract says "ler"
    result = ocr_pages(load_pages([page.image]), lang="fra")
    assert "1er février 2024" in result.text


def test_a_lone_page_is_read_in_two_bands_with_every_word_once_at_its_place(letter_samples) -> None:
    """Issue 21: a one-page letter leaves a core idle; its page is read as two bands at once, cut
    between text lines: the same words, once each, with their boxes on the whole page."""
    from volunteer_desk.letters.clean import clean_page

    page = load_pages([letter_samples["phone"].image])[0]
    assert split_rows(clean_page(page.grey()).image, 2)  # this page is cut: the test below means something
    whole = ocr_page(page, "fra", bands=1)
    banded = ocr_page(page, "fra", bands=2)
    assert [w.text for w in banded.words] == [w.text for w in whole.words]
    for a, b in zip(banded.words, whole.words, strict=True):
        assert all(abs(p - q) <= 3 for p, q in zip(a.box, b.box, strict=True)), (a, b)
        assert all(abs(p - q) <= 5 for pa, pb in zip(a.quad, b.quad, strict=True) for p, q in zip(pa, pb, strict=True))
    assert banded.text.split() == whole.text.split()


def test_a_page_is_cut_only_in_a_blank_gap_between_text_lines() -> None:
    import numpy as np

    page = np.full((1200, 800), 255, np.uint8)
    for top in range(100, 1100, 60):  # text lines 30 rows high, 30-row gaps
        page[top:top + 30, 100:700] = 0
    cut = split_rows(page, 2)
    assert len(cut) == 1 and 500 < cut[0] < 700
    assert page[cut[0] - 8:cut[0] + 8].min() == 255  # in a gap, clear of both lines
    solid = np.full((1200, 800), 255, np.uint8)
    solid[100:1100:2] = 0  # no gap tall enough anywhere: never cut through text
    assert split_rows(solid, 2) == []


@pytest.mark.skipif(not Path("/proc").is_dir() or (os.cpu_count() or 1) < 2, reason="needs /proc and two cores")
def test_a_multi_page_letter_has_two_tesseracts_working_at_once(letter_samples) -> None:
    """Issue 21: both cores busy on a letter: two pages' tesseracts gain CPU time in the same moment."""
    pages = load_pages([letter_samples["clean"].image, letter_samples["phone"].image])
    samples: list[dict[int, int]] = []
    done = threading.Event()

    def cpu_ticks(pid: int) -> int:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return -1
        return int(fields[11]) + int(fields[12])

    def watch() -> None:
        while not done.is_set():
            samples.append({pid: cpu_ticks(pid) for pid in _tesseract_children()})
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        result = ocr_pages(pages, lang="fra", workers=2)
    finally:
        done.set()
        watcher.join()
    assert all("dans les trois mois" in p.text for p in result.pages)
    both_working = [
        after for before, after in zip(samples, samples[1:], strict=False)
        if sum(1 for pid, ticks in after.items() if ticks > before.get(pid, ticks) >= 0) >= 2
    ]
    assert both_working, "the two pages were never read at the same time"


def test_a_lone_page_read_over_two_cores_gives_the_same_words_as_on_one(letter_samples) -> None:
    """Issue 21: the letter reader cuts its last page between the cores; the text is that of the whole page."""
    pages = load_pages([letter_samples["phone"].image])
    one = ocr_pages(pages, lang="fra", workers=1).pages[0]
    two = ocr_pages(pages, lang="fra", workers=2).pages[0]
    assert [w.text for w in two.words] == [w.text for w in one.words]
    for a, b in zip(two.words, one.words, strict=True):
        assert all(abs(p - q) <= 3 for p, q in zip(a.box, b.box, strict=True)), (a, b)
    assert two.text.split() == one.text.split()


@pytest.mark.parametrize(("other_left", "head"), [(0.0, 0.5), (0.25, 0.625), (1.0, None)])
def test_the_last_page_is_cut_so_that_both_cores_finish_together(letter_samples, other_left, head) -> None:
    """Issue 21: when the other core still has ``other_left`` of a page to read, the reader taking the
    last page reads only its share of it (``head`` of the page's ink), the rest goes to the other core
    once free; no cut when the other core is as busy as the whole page would keep this one."""
    from volunteer_desk.letters.clean import CleanOptions
    from volunteer_desk.letters.ocr_letter import LetterReader, _Piece

    page = load_pages([letter_samples["phone"].image])[0]
    reader = LetterReader([page, page], "fra", lambda n: None, None, CleanOptions(), cores=2)
    reader.to_clean.clear()
    reader.cleaning = 1  # taken to clean, as by a reader
    reader._clean(1)
    cleaned = reader.cleaned[1]
    ink = int(cleaned.ink.sum())
    reader.read_s, reader.read_ink = 1.0, ink  # the pace measured: one page of this ink a second
    reader.reading[0] = (_Piece(0, 0, len(cleaned.ink), round(ink * other_left)), time.monotonic())
    with reader.cond:
        taken = reader._take()
    if head is None:
        assert (taken.top, taken.bottom) == (0, len(cleaned.ink)) and not reader.queue
        return
    rest = reader.queue[0]
    assert taken.top == 0 and taken.bottom == rest.top and rest.bottom == len(cleaned.ink)
    assert abs(taken.ink / ink - head) < 0.1
    assert cleaned.page.image[taken.bottom - 6:taken.bottom + 6].min() == 255  # cut between text lines
    assert cleaned.unread == 2


def test_a_sentence_cut_between_two_bands_stays_one_sentence_for_the_facts() -> None:
    """A band may be cut inside a paragraph (the cut follows each core's share of the work): the
    appeal sentence split across two bands must still say "recours" next to its delay, or the facts
    list shows the deadline without what it is for (seen in the app's intake test)."""
    from volunteer_desk.letters.clean import clean_page
    from volunteer_desk.letters.facts.extract import extract_facts
    from volunteer_desk.letters.ocr import cut_rows, encode_for_tesseract, ink_per_row, join_bands, parse_tsv
    from volunteer_desk.letters.samples import render_page
    from volunteer_desk.letters.tesseract import recognition_args, run_tesseract

    page = load_pages([render_page(sample_letter_text("cpas_decision"), "clean", dpi=200)])[0]
    cleaned = clean_page(page.grey())
    image = cleaned.image

    def read(top: int, bottom: int) -> tuple[str, list[Word]]:
        band = image[top:bottom].copy()
        return parse_tsv(run_tesseract(encode_for_tesseract(band), recognition_args("fra")).stdout, cleaned, top)

    whole_text, whole_words = read(0, len(image))
    recours = next(w for w in whole_words if w.text.startswith("recours"))
    later = [w for w in whole_words if w.line > recours.line and "mois" in w.text]
    assert later, whole_text  # the delay is on a later line of the same sentence
    gaps = cut_rows(ink_per_row(image))
    cut = int(next(g for g in gaps if recours.box[1] < g < later[0].box[1]))
    text, words = join_bands([read(0, cut), read(cut, len(image))])
    appeal = [d for d in extract_facts(text, "fr").deadlines if d.action == "appeal"]
    assert appeal and "recours" in appeal[0].source.text and "mois" in appeal[0].source.text
    assert text.split() == whole_text.split()
    assert [w.text for w in words] == [w.text for w in whole_words]
    lines = text.splitlines()
    assert all(w.text in lines[w.line] for w in words)  # each word on the line it says
