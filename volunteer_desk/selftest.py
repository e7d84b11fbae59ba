"""``volunteer-desk --self-test``: can this PC run Volunteer Desk, and what is missing?

The core is SQLCipher (real, with HMAC-SHA512 page authentication, checked by an encrypted round trip)
and folders we can write privately: without them the exit code is non-zero. OCR, translation, fonts
and speech only warn, with what to install. No check reads or writes family data.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from volunteer_desk import rules
from volunteer_desk.cli.common import print_json
from volunteer_desk.core.errors import UserError, WrongPassphrase
from volunteer_desk.core.i18n import _
from volunteer_desk.core.machine import shared_pc_mode
from volunteer_desk.core.paths import config_dir, data_dir, models_dir, private_dir
from volunteer_desk.modelpack.argos_package import installed_packages
from volunteer_desk.modelpack.locations import (
    app_tessdata_dir,
    default_tessdata,
    find_tesseract,
    folder_languages,
)

OK, WARN, FAIL = "ok", "warning", "fail"
OCR_LANGUAGES = ("fra", "nld", "deu", "eng", "osd")
# Pairs the default model pack brings; fr/nl <-> xx pivots through English.
DEFAULT_PAIRS = tuple(
    [("fr", "en"), ("en", "fr"), ("nl", "en"), ("en", "nl")]
    + [p for lang in ("ar", "fa", "uk", "ru", "tr", "es") for p in (("en", lang), (lang, "en"))]
)
# One sample per script; a font covers the script when it has a glyph for every character.
SCRIPT_SAMPLES = {
    "Latin": "AaÉéèçÇœŒñ€",
    "Arabic": "ابتثجحخدرسشصعغفقكلمنهوي",
    "Cyrillic": "АБВГДЕЖЗИЙКЛабвгдежзиїєґ",
    "Ethiopic": "ሀለሐመሠረሰሸቀበ",
}
VOICES = ("fr", "nl", "en", "ar", "fa", "uk", "ru", "tr", "es")


@dataclass
class Check:
    area: str  # encryption | folders | ocr | translation | fonts | speech | rules
    name: str
    status: str  # ok | warning | fail
    detail: str = ""
    fix: str = ""
    core: bool = False


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Check:
        check = Check(*args, **kwargs)
        self.checks.append(check)
        return check

    @property
    def core_ok(self) -> bool:
        return not any(c.core and c.status == FAIL for c in self.checks)

    def to_dict(self) -> dict:
        return {"core_ok": self.core_ok, "warnings": sum(c.status == WARN for c in self.checks),
                "checks": [asdict(c) for c in self.checks]}


# --- core: encryption ------------------------------------------------------------------------------


def check_encryption(report: Report) -> None:
    try:
        # lazy: the self-test reports a missing SQLCipher instead of failing to start
        from volunteer_desk.vault import sqlcipher as sc

        facts = sc.check_sqlcipher()
    except UserError as exc:
        report.add("encryption", "SQLCipher", FAIL, str(exc),
                   _("Reinstall Volunteer Desk; a Python install needs the package sqlcipher3."), core=True)
        return
    except Exception as exc:  # a broken binary module: say so without a traceback
        report.add("encryption", "SQLCipher", FAIL, type(exc).__name__,
                   _("Reinstall Volunteer Desk; a Python install needs the package sqlcipher3."), core=True)
        return
    report.add("encryption", "SQLCipher", OK,
               _("version {v}, page authentication {h}, crypto {p}").format(
                   v=facts["cipher_version"], h=facts["hmac"], p=facts["provider"]), core=True)
    report.checks.append(_round_trip(sc))


def _round_trip(sc) -> Check:
    """Create an encrypted file, reopen it with the key, fail with a wrong key; remove it all."""
    name = _("Encrypted round trip")
    fix = _("Reinstall Volunteer Desk: its SQLCipher copy does not encrypt correctly.")
    tmp = Path(tempfile.mkdtemp(prefix="vd-selftest-"))  # mkdtemp makes it 0700
    try:
        path = tmp / "probe.db"
        key = secrets.token_bytes(32)
        marker = "selftest-" + secrets.token_hex(8)
        conn = sc.connect(path, key, create=True)
        conn.execute("INSERT INTO meta(key, value) VALUES ('probe', ?)", (marker,))
        conn.close()
        if marker.encode() in path.read_bytes():
            return Check("encryption", name, FAIL, _("the probe value is readable in the file"), fix, True)
        sc.assert_encrypted(path)
        conn = sc.connect(path, key, read_only=True)
        got = conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone()
        problems = sc.integrity_problems(conn)
        conn.close()
        if not got or got[0] != marker or problems:
            return Check("encryption", name, FAIL, _("the probe value did not come back intact"), fix, True)
        try:
            sc.connect(path, secrets.token_bytes(32), read_only=True).close()
        except WrongPassphrase:
            pass
        else:
            return Check("encryption", name, FAIL, _("a wrong key opened the file"), fix, True)
        return Check("encryption", name, OK, _("write, reopen, integrity check, wrong key refused"), core=True)
    except Exception as exc:
        return Check("encryption", name, FAIL, type(exc).__name__, fix, True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- core: folders -----------------------------------------------------------------------------------


def check_folders(report: Report) -> None:
    for label, folder in ((_("data folder"), data_dir()), (_("settings folder"), config_dir())):
        try:
            private_dir(folder)
            probe = folder / f".selftest-{secrets.token_hex(4)}"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            report.add("folders", label, FAIL, _("{path} is not writable ({why})").format(
                path=folder, why=exc.strerror or type(exc).__name__),
                _("Give your account write access to this folder, or free some disk space."), core=True)
            continue
        if os.name == "posix" and folder.stat().st_mode & 0o077:
            report.add("folders", label, WARN, _("{path} can be read by other accounts").format(path=folder),
                       _("Run: chmod 700 {path}").format(path=folder), core=True)
        else:
            report.add("folders", label, OK, str(folder), core=True)

    report.add("folders", _("Shared PC mode"), OK,
               _("on: short idle lock (set by the installer)") if shared_pc_mode() else _("off"))


# --- OCR ---------------------------------------------------------------------------------------------


def check_ocr(report: Report) -> None:
    tesseract = find_tesseract()
    if tesseract is None:
        report.add("ocr", "Tesseract", WARN, _("not found: letters cannot be read automatically"),
                   _("Debian/Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-nld "
                     "tesseract-ocr-deu; Windows: reinstall Volunteer Desk (it bundles Tesseract)."))
        return
    try:
        out = subprocess.run([str(tesseract), "--version"], capture_output=True, text=True, timeout=10)
        version = ((out.stdout or out.stderr).splitlines() or ["?"])[0]
    except (OSError, subprocess.SubprocessError) as exc:
        report.add("ocr", "Tesseract", WARN, _("does not start ({why})").format(why=type(exc).__name__),
                   _("Reinstall Tesseract."))
        return
    report.add("ocr", "Tesseract", OK, f"{version} ({tesseract})")
    _folder, system = default_tessdata(tesseract)
    app = folder_languages(app_tessdata_dir())
    for lang in OCR_LANGUAGES:
        where = [w for w, have in ((_("system"), system), (_("model pack"), app)) if lang in have]
        if where:
            report.add("ocr", _("OCR language {lang}").format(lang=lang), OK, ", ".join(where))
        else:
            report.add("ocr", _("OCR language {lang}").format(lang=lang), WARN, _("missing"),
                       _("Install a model pack (volunteer-desk modelpack install FOLDER) or "
                         "sudo apt install tesseract-ocr-{lang}").format(lang=lang))
    extra = sorted((system | app) - set(OCR_LANGUAGES))
    if extra:
        report.add("ocr", _("Other OCR languages"), OK, ", ".join(extra))


# --- translation -------------------------------------------------------------------------------------


def installed_pairs() -> list[tuple[str, str]]:
    """Installed translation pairs as the translation package sees them; if it cannot be loaded, the
    argos metadata files in the app's models folder."""
    try:
        # lazy: the self-test reports a broken translation package instead of failing to start
        from volunteer_desk.translation.packages import ModelManager

        return sorted(ModelManager().pairs())
    except Exception:  # a broken translation package must not hide the rest of the report
        pass
    return sorted({(p["from_code"], p["to_code"]) for p in installed_packages(models_dir())})


def check_translation(report: Report) -> None:
    missing_modules = []
    for module in ("ctranslate2", "sentencepiece"):  # native code: import for real to see it loads
        try:
            importlib.import_module(module)
        except Exception:
            missing_modules.append(module)
    # argostranslate creates folders in the user's home at import: only look for it.
    if importlib.util.find_spec("argostranslate") is None:
        missing_modules.append("argostranslate")
    if missing_modules:
        report.add("translation", _("Translation engine"), WARN,
                   _("missing: {mods}").format(mods=", ".join(missing_modules)),
                   _("Reinstall Volunteer Desk (the translation engine is part of it)."))
    else:
        report.add("translation", _("Translation engine"), OK, "argostranslate, ctranslate2, sentencepiece")
    pairs = set(installed_pairs())
    if pairs:
        report.add("translation", _("Installed pairs"), OK,
                   ", ".join(f"{a}→{b}" for a, b in sorted(pairs)))
    missing = [p for p in DEFAULT_PAIRS if p not in pairs]
    if missing:
        report.add("translation", _("Default pairs"), WARN,
                   _("missing: {pairs}").format(pairs=", ".join(f"{a}→{b}" for a, b in missing)),
                   _("Copy the association's model pack from a USB stick and run: "
                     "volunteer-desk modelpack install FOLDER"))
    else:
        report.add("translation", _("Default pairs"), OK, _("all {n} present").format(n=len(DEFAULT_PAIRS)))


# --- fonts and speech --------------------------------------------------------------------------------


def font_candidates() -> list[Path]:
    """The font files the PDFs may print with: the registry's candidates (render.fonts) found here."""
    # lazy: the self-test reports a missing reportlab instead of failing to start
    from volunteer_desk.render.fonts import CANDIDATES, font_dirs

    names = dict.fromkeys(name for role_names in CANDIDATES.values() for name in role_names)
    return [folder / name for name in names for folder in font_dirs() if (folder / name).is_file()]


def check_fonts(report: Report) -> None:
    try:
        # lazy: the self-test reports a missing reportlab instead of failing to start
        from reportlab.pdfbase.ttfonts import TTFontFile
    except ImportError:
        report.add("fonts", _("Fonts"), WARN, _("reportlab is missing"), _("Reinstall Volunteer Desk."))
        return
    coverage: dict[str, str] = {}
    for path in font_candidates():
        if len(coverage) == len(SCRIPT_SAMPLES):
            break
        try:
            glyphs = TTFontFile(str(path)).charToGlyph
        except Exception:
            continue
        for script, sample in SCRIPT_SAMPLES.items():
            if script not in coverage and all(ord(ch) in glyphs for ch in sample):
                coverage[script] = path.name
    for script in SCRIPT_SAMPLES:
        if script in coverage:
            report.add("fonts", _("{script} script").format(script=script), OK, coverage[script])
        else:
            report.add("fonts", _("{script} script").format(script=script), WARN,
                       _("no font found: documents in this script will show empty boxes"),
                       _("Debian/Ubuntu: sudo apt install fonts-noto-core fonts-dejavu-core"))


def check_speech(report: Report) -> None:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        report.add("speech", "espeak-ng", WARN, _("not found (optional: reading texts aloud)"),
                   _("Debian/Ubuntu: sudo apt install espeak-ng"))
        return
    try:
        out = subprocess.run([espeak, "--voices"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        report.add("speech", "espeak-ng", WARN, _("does not start"), _("Reinstall espeak-ng."))
        return
    have = {line.split()[1] for line in out.stdout.splitlines()[1:] if len(line.split()) > 1}
    # espeak lists languages as "fr-fr", "en-gb", "ar": a voice for "fr" is any "fr" or "fr-*".
    voices = [v for v in VOICES if any(h == v or h.startswith(v + "-") for h in have)]
    missing = [v for v in VOICES if v not in voices]
    status = OK if not missing else WARN
    detail = _("voices: {v}").format(v=", ".join(voices) or "-")
    if missing:
        detail += "; " + _("missing: {v}").format(v=", ".join(missing))
    report.add("speech", "espeak-ng", status, detail, _("Install espeak-ng-data") if missing else "")


def check_legal_rules(report: Report) -> None:
    """'Legal rules reviewed on DATE'; a warning once they are older than the staleness limit."""
    line, stale = rules.staleness_line()
    report.add("rules", _("Legal rules"), WARN if stale else OK, line,
               _("Install a newer rules pack: volunteer-desk rules install FOLDER") if stale else "")


# --- entry points ------------------------------------------------------------------------------------

CHECKS = (check_encryption, check_folders, check_ocr, check_translation, check_fonts, check_speech,
          check_legal_rules)


def run_selftest() -> Report:
    report = Report()
    for check in CHECKS:
        try:
            check(report)
        except Exception as exc:  # a check that crashes is itself a finding, never a traceback
            core = check in (check_encryption, check_folders)
            report.add(check.__name__.removeprefix("check_"), check.__name__, FAIL if core else WARN,
                       _("the check itself failed ({why})").format(why=type(exc).__name__), core=core)
    return report


def format_report(report: Report) -> str:
    marks = {OK: "[ ok ]", WARN: "[warn]", FAIL: "[FAIL]"}
    lines = []
    for c in report.checks:
        lines.append(f"{marks[c.status]} {c.name}: {c.detail}".rstrip(": "))
        if c.status != OK and c.fix:
            lines.append("       → " + c.fix)
    warnings = sum(c.status == WARN for c in report.checks)
    if report.core_ok:
        lines.append(_("Core works (encryption and folders). Warnings: {n}.").format(n=warnings))
    else:
        lines.append(_("Volunteer Desk cannot safely store data on this PC: fix the [FAIL] lines above."))
    return "\n".join(lines)


def main_selftest(json_output: bool = False) -> int:
    """Print the report (text or JSON); 0 when the core works, 1 otherwise."""
    report = run_selftest()
    if json_output:
        print_json(report.to_dict())
    else:
        print(format_report(report))
    return 0 if report.core_ok else 1
