"""Running the tesseract program: bytes on stdin, results on stdout, never a temp file.

pytesseract's image functions write the page (and its text) as plaintext temp files that survive a
kill; here the image is piped in and the TSV read back. One OpenMP thread per process
(``OMP_THREAD_LIMIT=1``): several single-threaded processes over the cores are ~5× faster than
tesseract's own threads. Cancel kills the process.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache

from volunteer_desk.core.errors import Cancelled, CorruptFile, MissingDependency
from volunteer_desk.core.i18n import _
from volunteer_desk.core.progress import CancelToken
from volunteer_desk.modelpack.locations import (  # where tesseract and the model packs' data live
    TESSERACT_ENV,
    app_tessdata_dir,
    find_tesseract,
    folder_languages,
    tessdata_dir_for,
)

__all__ = ["LANGUAGES", "TESSERACT_ENV", "TesseractProcess", "installed_languages", "missing_language", "prewarm",
           "recognition_args", "require_languages", "run_tesseract", "start_tesseract", "tesseract_program"]

LANGUAGES = {"fra": "French", "nld": "Dutch", "deu": "German", "eng": "English"}
PAGE_TIMEOUT_S = 180.0


def tesseract_program() -> str:
    """The program to run: env override, the copy beside a frozen build, PATH, the Windows default."""
    found = find_tesseract()
    if found is None:
        raise _missing_program()
    return str(found)


def _missing_program() -> MissingDependency:
    return MissingDependency(
        _("The OCR program (tesseract) is not installed."),
        hint=_(
            "Install it: on Debian/Ubuntu `apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-nld "
            "tesseract-ocr-deu`; on Windows the Tesseract installer from UB Mannheim; on macOS `brew install tesseract tesseract-lang`."
        ),
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@lru_cache(maxsize=8)
def _installed_languages(program: str, tessdata: str | None) -> frozenset[str]:
    try:
        out = subprocess.run(
            [program, "--list-langs"], capture_output=True, timeout=30, env=_env(), check=False
        )
    except OSError:
        raise _missing_program() from None
    lines = (out.stdout + out.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def installed_languages() -> frozenset[str]:
    """Tesseract's own languages plus those a model pack put in the app's tessdata folder."""
    own = _installed_languages(tesseract_program(), os.environ.get("TESSDATA_PREFIX"))
    return own | folder_languages(app_tessdata_dir())


def _tessdata_args(args: list[str]) -> list[str]:
    """``--tessdata-dir`` when the app's folder (filled by model packs) holds the languages asked for."""
    if "-l" not in args:
        return []
    langs = args[args.index("-l") + 1].split("+")
    folder = tessdata_dir_for(langs)
    return ["--tessdata-dir", str(folder)] if folder else []


def require_languages(langs: list[str]) -> None:
    """Raise MissingDependency naming the Debian package (and what it is) for any missing language."""
    have = installed_languages()
    for lang in langs:
        if lang not in have:
            raise missing_language(lang)


def missing_language(lang: str) -> MissingDependency:
    name = LANGUAGES.get(lang, lang)
    if lang == "osd":
        name = "orientation detection"
    return MissingDependency(
        _("The OCR language data for {name} ({code}) is not installed.").format(name=name, code=lang),
        hint=_("Install it: on Debian/Ubuntu `apt install tesseract-ocr-{code}`; on Windows re-run the Tesseract installer and tick {name}.").format(
            code=lang.replace("_", "-").lower(), name=name
        ),
    )


@dataclass(frozen=True)
class TesseractRun:
    stdout: str
    stderr: str


def recognition_args(lang: str) -> list[str]:
    """Arguments of the recognition run (page segmentation with layout, 300 dpi pages, TSV out)."""
    return ["-l", lang, "--psm", "3", "--dpi", "300", "-c", "tessedit_do_invert=0", "tsv"]


class TesseractProcess:
    """A started ``tesseract stdin stdout ARGS``: it loads its language model while we clean the page.

    Tesseract reads stdin only once its model is loaded (~0.2 s), so starting it first takes that
    time off a page's critical path. ``finish(image)`` feeds the page and collects the result.
    """

    def __init__(self, args: list[str]) -> None:
        self.args = list(args)
        try:
            self.proc = subprocess.Popen(
                [tesseract_program(), "stdin", "stdout", *_tessdata_args(args), *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_env(),
            )
        except OSError:
            raise _missing_program() from None

    def kill(self) -> None:
        """End this tesseract (waiting or running); harmless when it is over already."""
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(ValueError, OSError):  # pipes closed by an earlier finish()
            self.proc.communicate()

    def finish(self, image: bytes, cancel: CancelToken | None = None, timeout: float = PAGE_TIMEOUT_S) -> TesseractRun:
        proc = self.proc
        if cancel is not None and cancel.cancelled:
            self.kill()
            raise Cancelled()
        unregister = cancel.on_cancel(proc.kill) if cancel is not None else (lambda: None)
        try:
            out, err = proc.communicate(image, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise CorruptFile(_("Reading the text of a page took too long and was abandoned.")) from None
        finally:
            unregister()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        stderr = err.decode("utf-8", "replace")
        if proc.returncode != 0:
            if "Failed loading language" in stderr or "Error opening data file" in stderr:
                raise missing_language(_failed_language(stderr, self.args))
            raise CorruptFile(_("The OCR program could not read a page (exit code {code}).").format(code=proc.returncode))
        return TesseractRun(out.decode("utf-8", "replace"), stderr)


_warm: dict[tuple[str, ...], list[TesseractProcess]] = {}
_warm_lock = threading.Lock()


def prewarm(args: list[str]) -> None:
    """Start one tesseract for ``args`` now, for the next ``start_tesseract`` with the same arguments."""
    process = TesseractProcess(args)
    with _warm_lock:
        _warm.setdefault(tuple(args), []).append(process)


def start_tesseract(args: list[str], cancel: CancelToken | None = None) -> TesseractProcess:
    """A running tesseract waiting for its page: a prewarmed one when there is one, else a new one."""
    if cancel is not None:
        cancel.raise_if_cancelled()
    with _warm_lock:
        waiting = _warm.get(tuple(args), [])
        while waiting:
            process = waiting.pop()
            if process.proc.poll() is None:
                return process
    return TesseractProcess(args)


def run_tesseract(image: bytes, args: list[str], cancel: CancelToken | None = None, timeout: float = PAGE_TIMEOUT_S) -> TesseractRun:
    """``tesseract stdin stdout ARGS`` with ``image`` on stdin. Killed on cancel or after ``timeout``."""
    return start_tesseract(args, cancel).finish(image, cancel, timeout)


def _failed_language(stderr: str, args: list[str]) -> str:
    for line in stderr.splitlines():
        if "Failed loading language '" in line:
            return line.split("'")[1]
    if "-l" in args:
        return args[args.index("-l") + 1].split("+")[0]
    return "osd"
