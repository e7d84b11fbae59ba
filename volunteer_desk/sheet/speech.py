"""Read a sheet aloud with espeak-ng: text piped in on stdin, WAV out on stdout (no files at all)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import threading

from volunteer_desk.core.errors import BadInput, MissingDependency
from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import name_in
from volunteer_desk.core.progress import CancelToken

# Family language -> espeak-ng voice (checked against `espeak-ng --voices` on Debian 12).
VOICES = {
    "ar": "ar", "fa": "fa", "prs": "fa", "uk": "uk", "ru": "ru", "tr": "tr", "ku": "ku", "am": "am",
    "kmr": "ku", "ur": "ur", "sw": "sw", "es": "es", "en": "en-gb", "fr": "fr-be", "nl": "nl", "de": "de",
}
# No espeak-ng voice (Debian 12) for Pashto, Tigrinya, Somali, Sorani: Amharic ("am") or Kurmanji ("ku")
# would read them wrongly, so none is used.
TIMEOUT_S = 60
# espeak-ng loads an audio library even with --stdout, and libpulse then makes a runtime folder in
# $TMPDIR; pointing it at a server that cannot exist keeps the temp folder untouched.
NO_AUDIO_ENV = {"PULSE_SERVER": "unix:/dev/null/no-audio-device"}
SPEED_WPM = 150  # a little slower than espeak's 175: clearer for listeners new to the voice


class NoVoice(MissingDependency):
    """No offline voice for this language; the sheet still prints."""


def voice_for(lang: str) -> str:
    voice = VOICES.get(lang)
    if voice is None:
        name = name_in(lang, ui_language()) or lang
        raise NoVoice(_("No voice for {name} — the sheet still prints.").format(name=name),
                      hint=_("Read the sheet to the family, or ask an interpreter."))
    return voice


def espeak_path() -> str:
    path = shutil.which("espeak-ng")
    if path is None:
        raise MissingDependency("The speech engine espeak-ng is not installed; the sheet still prints.",
                                hint="Debian/Ubuntu: apt install espeak-ng.")
    return path


def speak(text: str, lang: str, *, speed: int = SPEED_WPM) -> bytes:
    """WAV bytes of ``text`` read in ``lang``. Raises NoVoice for languages without a voice."""
    voice = voice_for(lang)
    if not text.strip():
        raise BadInput("There is nothing to read aloud.")
    try:
        done = subprocess.run([espeak_path(), "-v", voice, "-s", str(speed), "--stdin", "--stdout"],
                              input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_S, check=False,
                              env={**os.environ, **NO_AUDIO_ENV})
    except subprocess.TimeoutExpired as exc:
        raise MissingDependency("The speech engine did not answer in time.") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        raise MissingDependency("The speech engine failed to read the sheet.")
    return _fix_sizes(done.stdout)


def _fix_sizes(wav: bytes) -> bytes:
    """espeak writing to a pipe cannot seek back, so RIFF/data sizes say 0x7fffffff: set the real ones."""
    if len(wav) < 44 or wav[12:16] != b"fmt ":
        return wav
    fmt_len = struct.unpack_from("<I", wav, 16)[0]
    pos = 20 + fmt_len
    while pos + 8 <= len(wav):
        chunk, _size = wav[pos:pos + 4], struct.unpack_from("<I", wav, pos + 4)[0]
        if chunk == b"data":
            data_len = len(wav) - pos - 8
            out = bytearray(wav)
            struct.pack_into("<I", out, 4, len(wav) - 8)
            struct.pack_into("<I", out, pos + 4, data_len)
            return bytes(out)
        pos += 8 + _size
    return wav


def wav_duration(wav: bytes) -> float:
    """Seconds of audio in a PCM WAV (from the header and the data length)."""
    if len(wav) < 44 or not wav.startswith(b"RIFF"):
        raise BadInput("This is not a WAV recording.")
    channels, rate = struct.unpack_from("<HI", wav, 22)
    bits = struct.unpack_from("<H", wav, 34)[0]
    pos = 12
    while pos + 8 <= len(wav):
        chunk, size = wav[pos:pos + 4], struct.unpack_from("<I", wav, pos + 4)[0]
        if chunk == b"data":
            size = min(size, len(wav) - pos - 8)
            return size / (rate * channels * bits / 8)
        pos += 8 + size
    return 0.0


# -- playing a recording on this laptop ---------------------------------------------------------------
# Linux players that read a WAV from stdin (the recording never goes to a file), best first:
# PipeWire, PulseAudio, then ALSA directly.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ("-",)), ("paplay", ()), ("aplay", ("-q", "-")),
)


def player_command() -> list[str] | None:
    """The command line of the first sound player found on PATH (Linux), or None."""
    for name, args in PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


def can_play() -> bool:
    return sys.platform.startswith("win") or player_command() is not None


def play(wav: bytes, cancel: CancelToken | None = None) -> None:
    """Play ``wav`` through the sound system; returns when it has been played (or raises Cancelled).

    Windows: the standard library's ``winsound`` from memory. Linux: the WAV is fed to the player
    through a pipe, so no plaintext copy of the recording touches the disk."""
    if not wav.startswith(b"RIFF"):
        raise BadInput("This is not a WAV recording.")
    if sys.platform.startswith("win"):
        # lazy: winsound exists only on Windows
        import winsound  # type: ignore[import-not-found]  # Windows only

        winsound.PlaySound(wav, winsound.SND_MEMORY)
        return
    cmd = player_command()
    if cmd is None:
        raise MissingDependency(_("No sound player was found on this computer; the sheet still prints."),
                                hint=_("Debian/Ubuntu: install pipewire-bin, pulseaudio-utils or alsa-utils."))
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    unhook = cancel.on_cancel(proc.kill) if cancel is not None else None

    def feed() -> None:
        try:
            proc.stdin.write(wav)  # type: ignore[union-attr]
            proc.stdin.close()     # type: ignore[union-attr]
        except (BrokenPipeError, OSError, ValueError):  # player stopped (cancel) or closed early
            pass

    writer = threading.Thread(target=feed, name="vd-play-feed", daemon=True)
    writer.start()
    try:
        returncode = proc.wait(timeout=TIMEOUT_S + wav_duration(wav))
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        raise MissingDependency(_("The sound player did not finish.")) from exc
    finally:
        writer.join(timeout=2)
        if unhook is not None:
            unhook()
    if cancel is not None:
        cancel.raise_if_cancelled()
    if returncode != 0:
        raise MissingDependency(_("The sound player could not play the recording (is a speaker connected?)."))
