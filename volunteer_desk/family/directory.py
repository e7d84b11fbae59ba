"""Directory of local actors: packaged starting data plus the association's own list.

The association list is not family data: it holds public contact data of organisations only, so it
is a plain JSON file in the vault folder (``<vault>/directory.json``, written atomically) that
travels with the vault between volunteers and PCs. An association entry with the same id as a
packaged one replaces it. CSV import/export lets the association edit the list in a spreadsheet;
rows identical to the packaged data are not copied into the association list, so later packaged
updates still reach them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.core.paths import resource
from volunteer_desk.core.safejson import loads_limited, read_limited
from volunteer_desk.core.text import line_problem, multiline_problem, name_problem
from volunteer_desk.family.contact_roles import role_for_kind
from volunteer_desk.family.model import Contact
from volunteer_desk.family.validation import region_for_postcode

KINDS = ("cpas", "cri", "bapa", "ili", "ais", "baj", "setis", "mutuelle", "family_allowances", "school",
         "commune", "employment", "equivalence", "housing", "other")
AREAS = ("wallonia", "brussels", "belgium")
DIRECTORY_FILE = "directory.json"
FORMAT = 1
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 2_000
MAX_DIRECTORY_BYTES = 20 * 1024 * 1024
_MULTILINE = {"address", "hours", "notes"}  # spreadsheet cells may hold line breaks there
LIST_SEP = "|"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PHONE_LIKE = re.compile(r"^[+-][\d\s./()-]*$")


@dataclass
class DirectoryEntry:
    id: str = ""
    kind: str = ""
    name: str = ""
    commune: str = ""
    postcode: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    languages: list[str] = field(default_factory=list)
    serves: list[str] = field(default_factory=list)   # communes, or wallonia/brussels/belgium
    contact_person: str = ""                          # a function or public desk, e.g. "accueil"
    notes: str = ""
    source: str = ""
    source_date: str = ""
    checked_on: str = ""          # when a person compared it with the official source
    verify_by: str = ""           # check again before this date
    origin: str = "packaged"      # packaged | association (not exported)

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any], origin: str) -> DirectoryEntry:
        known = {f.name for f in fields(cls)}
        entry = cls(**{k: v for k, v in data.items() if k in known})
        entry.origin = origin
        return entry

    def needs_check(self, today: date) -> bool:
        """True when nobody checked it yet or its 'verify by' date has passed."""
        return not self.checked_on or (bool(self.verify_by) and self.verify_by < today.isoformat())

    def one_line(self) -> str:
        return " · ".join(p for p in (self.name, self.address, self.phone, self.website) if p)


CSV_COLUMNS = [f.name for f in fields(DirectoryEntry) if f.name != "origin"]


# -- packaged data --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _packaged_raw() -> tuple[dict[str, Any], ...]:
    path = resource("directory", "actors.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile("The packaged directory of actors is missing or damaged.") from exc
    return tuple(data.get("entry", []))


def packaged_entries() -> list[DirectoryEntry]:
    return [DirectoryEntry.from_data(dict(d), "packaged") for d in _packaged_raw()]


# -- the association's list -----------------------------------------------------------------------
def directory_path(vault_root: Path | str) -> Path:
    return Path(vault_root) / DIRECTORY_FILE


def load_association(vault_root: Path | str | None) -> list[DirectoryEntry]:
    if vault_root is None:
        return []
    path = directory_path(vault_root)
    if not path.exists():
        return []

    try:  # the vault folder may be shared or synced: read it as outside data
        data = loads_limited(read_limited(path, MAX_DIRECTORY_BYTES), max_bytes=MAX_DIRECTORY_BYTES, max_depth=6)
        rows = data["entries"]
        if not isinstance(rows, list):
            raise TypeError
        return [_entry_from_stored(r) for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorruptFile("The association's directory file is damaged; it was left untouched.") from exc


def _entry_from_stored(row: Any) -> DirectoryEntry:
    """An association entry as stored; wrong types are refused like a damaged file (TypeError)."""
    if not isinstance(row, dict):
        raise TypeError
    entry = DirectoryEntry.from_data(row, "association")
    for f in fields(DirectoryEntry):
        value = getattr(entry, f.name)
        if f.name in ("languages", "serves"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError
        elif not isinstance(value, str):
            raise TypeError
    return entry


def save_association(vault_root: Path | str, entries: list[DirectoryEntry]) -> None:
    root = Path(vault_root)
    if not root.is_dir():
        raise NotFound("No vault in this folder.", hint="Give the vault folder with --vault.")
    rows = []
    for e in sorted(entries, key=lambda e: e.id):
        data = e.to_data()
        data.pop("origin")
        rows.append(data)
    body = {"format": FORMAT, "entries": rows}
    atomic_write(directory_path(root), json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))


def load(vault_root: Path | str | None = None) -> list[DirectoryEntry]:
    """Packaged entries, replaced or completed by the association's list."""
    merged = {e.id: e for e in packaged_entries()}
    for e in load_association(vault_root):
        merged[e.id] = e
    return sorted(merged.values(), key=lambda e: (e.commune or "~", e.kind, e.name))


def find(entries: list[DirectoryEntry], entry_id: str) -> DirectoryEntry | None:
    return next((e for e in entries if e.id == entry_id), None)


# -- search --------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case- and accent-insensitive form ("Liège" == "liege")."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _region_of_commune(entries: list[DirectoryEntry], commune: str) -> str | None:
    for e in entries:
        if fold(e.commune) == fold(commune) and e.postcode:
            return region_for_postcode(e.postcode)
    return None


def search(entries: list[DirectoryEntry], *, commune: str | None = None, kind: str | None = None,
           language: str | None = None, region: str | None = None, text: str | None = None,
           ) -> list[DirectoryEntry]:
    """Filter by commune (entries of that commune or serving it, plus region/Belgium-wide ones),
    kind, language (ISO code) and free text. Commune-specific entries come first."""
    if kind and kind not in KINDS:
        raise BadInput("Unknown kind of organisation; use one of: " + ", ".join(KINDS) + ".")
    if commune and not region:
        region = _region_of_commune(entries, commune)
    out: list[tuple[int, DirectoryEntry]] = []
    for e in entries:
        if kind and e.kind != kind:
            continue
        if language and fold(language) not in {fold(x) for x in e.languages}:
            continue
        if text and fold(text) not in fold(" ".join((e.name, e.notes, e.address, e.commune))):
            continue
        rank = 0
        if commune:
            served = {fold(s) for s in e.serves} | {fold(e.commune)}
            if fold(commune) in served:
                rank = 0
            elif (region and region in e.serves) or "belgium" in e.serves:
                rank = 1
            else:
                continue
        elif region:
            entry_region = region_for_postcode(e.postcode) if e.postcode else None
            if region in e.serves or "belgium" in e.serves or entry_region == region:
                rank = 0 if entry_region == region else 1
            else:
                continue
        out.append((rank, e))
    out.sort(key=lambda p: (p[0], p[1].kind, p[1].name))
    return [e for _, e in out]


def suggest(entries: list[DirectoryEntry], kind: str, commune: str, postcode: str) -> DirectoryEntry | None:
    """The best entry of this kind for a family living in this commune (None when there is none)."""
    if kind not in KINDS:
        return None
    found = search(entries, kind=kind, commune=commune or None, region=region_for_postcode(postcode))
    return found[0] if found else None


# -- CSV import / export -------------------------------------------------------------------------
def _cell_out(value: str) -> str:
    # Spreadsheets run cells starting with = + - @ as formulas: quote them, but keep phone numbers.
    if value and (value[0] in "=@\t\r" or (value[0] in "+-" and not _PHONE_LIKE.match(value))):
        return "'" + value
    return value


def _cell_in(value: str) -> str:
    value = (value or "").strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def export_csv(entries: list[DirectoryEntry]) -> str:
    """Semicolon-separated (what Excel expects in Belgium); lists joined with '|'."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        data = e.to_data()
        row = []
        for col in CSV_COLUMNS:
            value = data[col]
            row.append(_cell_out(LIST_SEP.join(value) if isinstance(value, list) else str(value or "")))
        writer.writerow(row)
    return buf.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "entry"


def _split_list(value: str) -> list[str]:
    parts = re.split(r"[|;,]", value) if value else []
    return [p.strip() for p in parts if p.strip()]


def parse_csv(raw: bytes | str) -> list[DirectoryEntry]:
    """Read a CSV written by ``export_csv`` or a spreadsheet (';' or ',' separated, UTF-8 with or
    without BOM). Raises BadInput naming the row and column of the first problem."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_CSV_BYTES:
            raise BadInput("The CSV file is too large for a directory (more than 5 MB).")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput("The CSV file is not UTF-8 text; save it as 'CSV UTF-8' and try again.") from exc
    raw = raw.lstrip("\ufeff")
    if len(raw) > MAX_CSV_BYTES:
        raise BadInput("The CSV file is too large for a directory (more than 5 MB).")
    if "\x00" in raw:
        raise BadInput("The CSV file holds NUL bytes: it is not a text file.")
    try:
        return _parse_rows(raw)
    except csv.Error as exc:  # a cell longer than the csv module's limit, a stray quote…
        raise BadInput("The CSV file is malformed (a cell too long or a quote not closed).") from exc


def _check_cell(n: int, col: str, value: str) -> None:
    if len(value) > MAX_CELL:
        raise BadInput(f"Row {n}: '{col}' is too long (at most {MAX_CELL} characters).")
    check = name_problem if col == "name" else multiline_problem if col in _MULTILINE else line_problem
    problem = check(value)
    if problem:
        raise BadInput(f"Row {n}: '{col}' holds control or text-direction characters.")


def _parse_rows(raw: str) -> list[DirectoryEntry]:
    first = raw.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(raw), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header or "kind" not in header:
        raise BadInput("The CSV file needs at least the columns 'name' and 'kind' in its first line.")
    reader.fieldnames = header
    entries: list[DirectoryEntry] = []
    seen: set[str] = set()
    for n, row in enumerate(reader, start=2):
        if n > MAX_ROWS + 1:
            raise BadInput("The CSV file has too many rows for a directory.")
        values = {k: _cell_in(v) for k, v in row.items() if k in CSV_COLUMNS and isinstance(v, str)}
        for col, value in values.items():
            _check_cell(n, col, value)
        if not any(values.values()):
            continue
        if not values.get("name"):
            raise BadInput(f"Row {n}: the name is empty.")
        kind = values.get("kind", "").lower()
        if kind not in KINDS:
            raise BadInput(f"Row {n}: unknown kind; use one of: " + ", ".join(KINDS) + ".")
        values["kind"] = kind
        for col in ("source_date", "checked_on", "verify_by"):
            if values.get(col) and not _is_date(values[col]):
                raise BadInput(f"Row {n}: '{col}' must be a date written YYYY-MM-DD.")
        data: dict[str, Any] = dict(values)
        data["languages"] = [x.lower() for x in _split_list(values.get("languages", ""))]
        data["serves"] = _split_list(values.get("serves", ""))
        entry = DirectoryEntry.from_data(data, "association")
        if not entry.id:
            base = _slug(f"{entry.commune}-{entry.kind}-{entry.name}")
            entry.id, k = base, 2
            while entry.id in seen:
                entry.id, k = f"{base}-{k}", k + 1
        if entry.id in seen:
            raise BadInput(f"Row {n}: the id is used twice in the file.")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _same_content(a: DirectoryEntry, b: DirectoryEntry) -> bool:
    da, db = a.to_data(), b.to_data()
    da.pop("origin")
    db.pop("origin")
    return da == db


def import_csv(vault_root: Path | str, raw: bytes | str) -> tuple[int, int]:
    """Merge a CSV into the association list; returns (added, updated). Rows identical to the
    packaged data are skipped; rows with an id already in the list replace it."""
    incoming = parse_csv(raw)
    packaged = {e.id: e for e in packaged_entries()}
    current = {e.id: e for e in load_association(vault_root)}
    added = updated = 0
    for e in incoming:
        if e.id in packaged and e.id not in current and _same_content(e, packaged[e.id]):
            continue
        if e.id in current:
            if not _same_content(e, current[e.id]):
                updated += 1
        elif e.id in packaged:
            updated += 1
        else:
            added += 1
        current[e.id] = e
    save_association(vault_root, list(current.values()))
    return added, updated


def upsert(vault_root: Path | str, entry: DirectoryEntry) -> DirectoryEntry:
    """Add or edit one entry of the association's list (the UI's edit dialog)."""
    if entry.kind not in KINDS:
        raise BadInput("Unknown kind of organisation.")
    if not entry.name.strip():
        raise BadInput("An organisation needs a name.")
    current = {e.id: e for e in load_association(vault_root)}
    if not entry.id:
        base = _slug(f"{entry.commune}-{entry.kind}-{entry.name}")
        entry.id, k = base, 2
        while entry.id in current or any(p.id == entry.id for p in packaged_entries()):
            entry.id, k = f"{base}-{k}", k + 1
    entry.origin = "association"
    current[entry.id] = entry
    save_association(vault_root, list(current.values()))
    return entry


def remove(vault_root: Path | str, entry_id: str) -> None:
    """Remove an entry of the association's list (packaged entries come back if it replaced one)."""
    current = {e.id: e for e in load_association(vault_root)}
    if entry_id not in current:
        raise NotFound("This entry is not in the association's list.")
    del current[entry_id]
    save_association(vault_root, list(current.values()))


# -- family contacts -----------------------------------------------------------------------------
def contact_from_entry(entry: DirectoryEntry, role: str = ""):
    """A family Contact pointing at this directory entry (the volunteer adds the person's name)."""
    return Contact(role=role or role_for_kind(entry.kind), organisation=entry.name,
                   phone=entry.phone, email=entry.email, address=entry.address,
                   language=" ".join(entry.languages), directory_id=entry.id)
