"""Keep the volunteer's edit and the recording inside the family file (letter record + blob);
export the recording only when asked, under a neutral file name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import NotFound

WAV_MIME = "audio/wav"


def _letter(ff: Any, letter_id: str) -> dict[str, Any]:
    data = ff.get("letters", letter_id)
    if data is None:
        raise NotFound("This letter is not in the family file.")
    return data


def _put_translation(ff: Any, letter_id: str, lang: str, **values: Any) -> dict[str, Any]:
    data = _letter(ff, letter_id)
    translations = dict(data.get("translations") or {})
    entry = dict(translations.get(lang) or {})
    entry.update(values)
    translations[lang] = entry
    data["translations"] = translations
    ff.put("letters", data, letter_id)
    return entry


def save_sheet_edit(ff: Any, letter_id: str, lang: str, text: str, reviewed_on: date | str | None) -> None:
    """Store the volunteer's corrected text for the sheet; ``reviewed_on`` sets the 'checked' mark."""
    day = reviewed_on.isoformat() if isinstance(reviewed_on, date) else (reviewed_on or "")
    _put_translation(ff, letter_id, lang, sheet_text=text, reviewed_on=day)
    ff.audit("sheet_edit", letter_id)


def save_recording(ff: Any, letter_id: str, lang: str, wav: bytes) -> str:
    """Keep the recording as a blob of the family file, referenced from the letter; returns the blob id."""
    blob_id = ff.put_blob(wav, WAV_MIME)
    _put_translation(ff, letter_id, lang, recording=blob_id)
    ff.audit("sheet_recording", letter_id)
    return blob_id


def load_recording(ff: Any, letter_id: str, lang: str) -> bytes | None:
    blob_id = ((_letter(ff, letter_id).get("translations") or {}).get(lang) or {}).get("recording")
    return ff.get_blob(blob_id) if blob_id else None


def export_recording(ff: Any, letter_id: str, lang: str, folder: Path | str) -> Path:
    """Write the kept recording to ``folder`` as 'recording-N.wav' (no names, no letter title)."""
    wav = load_recording(ff, letter_id, lang)
    if wav is None:
        raise NotFound("There is no recording for this letter yet.")
    folder = Path(folder)
    n = 1
    while (folder / f"recording-{n}.wav").exists():
        n += 1
    path = folder / f"recording-{n}.wav"
    atomic_write(path, wav)
    ff.audit("sheet_recording_export", letter_id)
    return path
