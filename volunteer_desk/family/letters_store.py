"""How a letter's pages are kept in the family file.

A letter (table ``letters``, see ``model.Letter``) lists its ``page_ids``; each id is a row of the
``pages`` table shaped ``{"letter_id", "order", "original_blob", "clean_blob", "mime"}`` whose blobs are
content-addressed images inside the same encrypted file (``FamilyFile.get_blob``).
"""

from __future__ import annotations

from typing import Any

from volunteer_desk.core.errors import NotFound
from volunteer_desk.vault.store import FamilyFile, new_id, now_iso


def add_letter(ff: FamilyFile, pages: list[bytes], mime: str, title: str = "", *,
               clean_pages: list[bytes] | None = None, **fields: Any) -> str:
    """Store page images (and optional cleaned versions) and the letter record; returns its id.

    ``fields`` are further ``Letter`` fields (text, translations, sender, received_on, …).
    """
    if clean_pages is not None and len(clean_pages) != len(pages):
        raise ValueError("clean_pages must match pages one to one")
    letter_id = fields.pop("id", None) or new_id()
    page_rows = []
    for order, data in enumerate(pages):
        original = ff.put_blob(data, mime)
        clean = ff.put_blob(clean_pages[order], "image/png") if clean_pages else ""
        page_rows.append({"id": new_id(), "letter_id": letter_id, "order": order,
                          "original_blob": original, "clean_blob": clean, "mime": mime})
    ff.put_many("pages", page_rows)
    record = {"title": title, "page_ids": [p["id"] for p in page_rows], "created_at": now_iso(), **fields}
    ff.put("letters", record, letter_id)
    return letter_id


def page_rows(ff: FamilyFile, letter_id: str) -> list[dict[str, Any]]:
    """The letter's page rows in reading order (by ``page_ids``, else by ``order``)."""
    letter = ff.get("letters", letter_id)
    if letter is None:
        raise NotFound("This letter does not exist.")
    rows = {r["id"]: r for r in ff.all("pages") if r.get("letter_id") == letter_id}
    ordered = [rows[pid] for pid in letter.get("page_ids", []) if pid in rows]
    rest = sorted((r for pid, r in rows.items() if pid not in set(letter.get("page_ids", []))),
                  key=lambda r: r.get("order", 0))
    return ordered + rest


def letter_pages(ff: FamilyFile, letter_id: str, *, cleaned: bool = False) -> list[bytes]:
    """Page images of a letter (originals, or the cleaned versions where they exist)."""
    out = []
    for row in page_rows(ff, letter_id):
        blob = (row.get("clean_blob") if cleaned else "") or row.get("original_blob", "")
        out.append(ff.get_blob(blob))
    return out
