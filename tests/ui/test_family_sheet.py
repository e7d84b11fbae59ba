"""'Sheet for the family' from a letter and from the tasks tab: a real PDF previewed with pypdfium2,
printed through a QPrinter, and read aloud through a sound player fed by a pipe."""

from __future__ import annotations

import os
import stat
import subprocess
import unicodedata

import pytest
from ui_helpers import assert_no_freeze, open_demo_family, unlock, wait_idle

from volunteer_desk.letters.samples import sample_letter_text


@pytest.fixture
def family_view(window, qtbot, demo_family_id):
    unlock(qtbot, window)
    return open_demo_family(qtbot, window, demo_family_id)


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFKC", out.decode("utf-8"))
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())


def _add_letter(qtbot, view, text: str) -> str:
    from volunteer_desk.family.letters_store import add_letter

    done: list[str] = []
    view.model.write(lambda ff: add_letter(ff, [], "image/png", "Décision CPAS", language="fr", text=text),
                     "letters", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    return done[0]


def _player(tmp_path, monkeypatch, body: str) -> None:
    """A stand-in for aplay (this machine has no sound system): a script on PATH reading stdin."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / "aplay"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def _open_letter_sheet(qtbot, family_view, letter_id):
    letters = family_view.letters
    family_view.show_tab("letters")
    letters.select_letter(letter_id)
    qtbot.waitUntil(lambda: letters.view.detail is not None and letters.view.detail.letter.id == letter_id,
                    timeout=10_000)
    wait_idle(qtbot, letters.view.services)   # the letter view's own jobs (facts, highlights) are done
    letters.view.services.watchdog.blocks.clear()   # from here on, the main thread's pauses are the sheet's
    letters.view.sheet_button.click()
    dialog = letters.view.sheet_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.count >= 1, timeout=30_000)
    return dialog


def test_letter_sheet_previews_in_the_family_language_prints_and_reads_aloud(
        family_view, qtbot, services, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    # The demo family (Arabic, followed by the CPAS of Liège) gets a granted RIS decision from Namur.
    letter_id = _add_letter(qtbot, family_view, sample_letter_text("cpas_decision"))
    dialog = _open_letter_sheet(qtbot, family_view, letter_id)
    assert dialog.lang == "ar" and dialog.pdf.startswith(b"%PDF")
    text = _pdf_text(dialog.pdf)
    assert "خبر جيد" in text and "دخل الاندماج" in text          # good news: the integration income
    assert "الطعن" not in text                                     # not "you can appeal" as a threat
    assert "CPAS de Namur" in text and "220 58 11" not in text     # never the Liège social worker
    assert dialog.voice.text() == "" and dialog.read_button.isEnabled()

    # Read aloud: espeak-ng's WAV reaches the player through its stdin.
    received = tmp_path / "received"
    _player(tmp_path, monkeypatch, f'head -c 4 > "{received}.head"; cat | wc -c > "{received}"')
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Finished reading.", timeout=60_000)
    assert (tmp_path / "received.head").read_bytes() == b"RIFF"
    assert int(received.read_text()) > 50_000                     # seconds of speech, not an empty pipe

    # Another language: Tigrinya has no voice; the dialog says so and does not read.
    dialog.language.setCurrentIndex(dialog.language.findData("ti"))
    qtbot.waitUntil(lambda: dialog.message.text() == "Sheet ready.", timeout=30_000)
    assert "ትግርኛ" in dialog.voice.text() and "larger" in dialog.voice.text()
    assert not dialog.read_button.isEnabled()
    assert "ጽቡቕ ዜና" in _pdf_text(dialog.pdf)                       # good news, in Tigrinya
    wait_idle(qtbot, services)
    assert_no_freeze(services)

    # Print (last: painting a 300 dpi page on a PDF printer is slow here): the same page goes to the printer (here a PDF printer, to look at what came out).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    job = dialog.print_to(printer)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.error is None and (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_stop_ends_the_reading_and_closing_cancels(family_view, qtbot, services, tmp_path, monkeypatch):
    letter_id = _add_letter(qtbot, family_view, sample_letter_text("cpas_convocation"))
    dialog = _open_letter_sheet(qtbot, family_view, letter_id)
    _player(tmp_path, monkeypatch, "cat > /dev/null; sleep 60")
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.stop_button.isEnabled(), timeout=10_000)
    dialog.stop_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Reading stopped.", timeout=15_000)
    assert dialog.read_button.isEnabled()
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.play_job is not None, timeout=5_000)
    dialog.reject()                                                # the job dies with the dialog
    wait_idle(qtbot, services, timeout=15_000)


def test_tasks_tab_prints_the_open_dates_in_arabic_without_english(family_view, qtbot, services):
    family_view.show_tab("tasks")
    tab = family_view.tasks
    assert tab.sheet_button.isEnabled()
    tab.sheet_button.click()
    dialog = tab.sheet_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.count >= 1, timeout=30_000)
    text = _pdf_text(dialog.pdf)
    assert "مواعيدك" in text                                       # "your dates"
    assert not {"Register", "the", "with", "CRI", "Integration"} & set(text.split())
    wait_idle(qtbot, services)


def test_the_tasks_tab_opens_without_loading_the_pdf_stack():
    """The tasks tab holds the sheet button: importing it (on the main thread, the first time the tab is
    shown) loads neither reportlab nor PIL; the sheet's worker job imports them when it builds."""
    import sys

    probe = ("import sys\n"
             "import volunteer_desk.ui.families.tasks_tab\n"
             "print(sorted(m for m in ('reportlab', 'PIL') if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
