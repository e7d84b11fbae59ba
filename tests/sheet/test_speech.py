"""Reading the sheet aloud: real espeak-ng through pipes, plausible duration, kept in the family
file, clear message without a voice, and no file in the temp folder."""

from __future__ import annotations

import argparse
import subprocess

import pytest

from volunteer_desk.sheet.content import build_sheet
from volunteer_desk.sheet.render import render_sheet_pdf
from volunteer_desk.sheet.speech import NoVoice, speak, voice_for, wav_duration


def _soxi_seconds(wav: bytes, tmp_path) -> float:
    path = tmp_path / "check.wav"  # test-only copy of synthetic speech, to let sox measure it
    path.write_bytes(wav)
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_audio_has_a_plausible_duration_for_its_text(letter, lang, tmp_path):
    text = build_sheet(letter, None, lang, "Sam", "0470 11 22 33").text()
    wav = speak(text, lang)
    seconds = wav_duration(wav)
    assert 0.03 * len(text) < seconds < 0.3 * len(text)
    assert abs(_soxi_seconds(wav, tmp_path) - seconds) < 0.05   # header sizes fixed after piping


def test_every_listed_voice_exists_in_espeak():
    out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=True).stdout
    installed = {line.split()[1] for line in out.splitlines()[1:]}
    from volunteer_desk.sheet.speech import VOICES

    assert set(VOICES.values()) <= installed


def test_pashto_says_there_is_no_voice_and_the_sheet_still_prints(letter):
    with pytest.raises(NoVoice) as err:
        voice_for("ps")
    assert "No voice for Pashto — the sheet still prints." in str(err.value)
    for lang, name in (("ti", "Tigrinya"), ("so", "Somali")):
        with pytest.raises(NoVoice, match=name):
            speak("x", lang)
    assert render_sheet_pdf(build_sheet(letter, None, "ps", "Sam", "0470")).startswith(b"%PDF")


def test_recording_is_kept_in_the_family_file_and_exported_only_under_a_neutral_name(
        admin_session, demo_family_id, letter, tmp_path):
    from volunteer_desk.sheet.store import export_recording, load_recording, save_recording

    wav = speak("Bonjour. Apportez vos documents.", "fr")
    with admin_session.open_family(demo_family_id) as ff:
        ff.put("letters", letter.to_data(), letter.id)
        save_recording(ff, letter.id, "fr", wav)
        assert load_recording(ff, letter.id, "fr") == wav
        assert not list(tmp_path.glob("*.wav"))
        path = export_recording(ff, letter.id, "fr", tmp_path)
        assert path.name == "recording-1.wav" and path.read_bytes() == wav
        assert export_recording(ff, letter.id, "fr", tmp_path).name == "recording-2.wav"


def test_nothing_lands_in_the_temp_folder(letter, translate, tmp_path, monkeypatch):
    import tempfile

    # The translation runs first: onnxruntime 1.32 (the sentence splitter) drops a '.ses' session-id file in
    # $TMPDIR on its first session — no family data, and the translation's business, not the sheet's.
    translation = translate("ar")
    watched = tmp_path / "watched-tmp"
    watched.mkdir()
    monkeypatch.setenv("TMPDIR", str(watched))
    monkeypatch.setattr(tempfile, "tempdir", None)  # let Python pick up the new TMPDIR
    sheet = build_sheet(letter, None, "ar", "Sam", "0470", translation=translation)
    render_sheet_pdf(sheet)
    speak(sheet.text(), "ar")
    assert list(watched.iterdir()) == []


def test_cli_prints_the_sheet_keeps_the_recording_and_prints_the_dates(admin_session, demo_family_id, letter,
                                                                       tmp_path):
    from datetime import date

    from tests.sheet.conftest import PHONE, pdf_text
    from volunteer_desk.cli import sheet as cli
    from volunteer_desk.family.snapshot import load

    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    with admin_session.open_family(demo_family_id) as ff:
        ff.put("letters", letter.to_data(), letter.id)
        args = parser.parse_args(["sheet", "--family", demo_family_id, "--letter", letter.id, "--lang", "uk",
                                  "--out", str(tmp_path / "s.pdf"), "--audio", str(tmp_path / "s.wav")])
        assert cli.run(ff, args, volunteer_name="Sam", today=date(2025, 3, 10)) == 0
        args = parser.parse_args(["sheet", "--family", demo_family_id, "--deadlines",
                                  "--out", str(tmp_path / "d.pdf")])
        assert cli.run(ff, args, volunteer_name="Sam", today=date(2025, 3, 10)) == 0
        stored = next(lt for lt in load(ff).letters if lt.id == letter.id)
    assert PHONE in pdf_text((tmp_path / "s.pdf").read_bytes())
    assert wav_duration((tmp_path / "s.wav").read_bytes()) > 5
    assert stored.translations["uk"]["recording"]
    assert "هذا الشهر" in pdf_text((tmp_path / "d.pdf").read_bytes())  # the demo family reads Arabic


def _stand_in_player(tmp_path, monkeypatch, name: str, body: str) -> None:
    """This machine has no sound system: a script named like a real player, reading its stdin."""
    import stat

    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(folder))   # only the stand-in: not a real player of this machine


def test_the_recording_is_played_through_a_pipe_never_a_file(tmp_path, monkeypatch):
    import tempfile

    from volunteer_desk.sheet.speech import play, player_command

    wav = speak("Bonjour. Apportez vos documents.", "fr")
    watched = tmp_path / "watched-tmp"
    watched.mkdir()
    monkeypatch.setenv("TMPDIR", str(watched))
    monkeypatch.setattr(tempfile, "tempdir", None)
    got = tmp_path / "got.wav"
    _stand_in_player(tmp_path, monkeypatch, "paplay", f'/bin/cat > "{got}"')
    assert player_command()[0].endswith("/paplay") and player_command()[1:] == []
    play(wav)
    assert got.read_bytes() == wav                 # every byte came through stdin
    assert list(watched.iterdir()) == []           # and nothing went to the temp folder


def test_no_player_says_so_and_stop_kills_the_player(tmp_path, monkeypatch):
    import threading
    import time

    from volunteer_desk.core.errors import Cancelled, MissingDependency
    from volunteer_desk.core.progress import CancelToken
    from volunteer_desk.sheet.speech import play

    wav = speak("Bonjour.", "fr")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingDependency, match="No sound player"):
        play(wav)
    _stand_in_player(tmp_path, monkeypatch, "aplay", "/bin/cat > /dev/null; /bin/sleep 60")
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        play(wav, cancel=token)
    assert time.monotonic() - started < 5


def test_kurdish_voices_kurmanji_reads_sorani_does_not():
    from volunteer_desk.sheet.content import has_voice

    assert voice_for("kmr") == "ku"
    with pytest.raises(NoVoice, match="Sorani"):
        voice_for("ckb")
    assert [lang for lang in ("ps", "prs", "ti", "so", "kmr", "ckb") if not has_voice(lang)] == ["ps", "ti", "so", "ckb"]
