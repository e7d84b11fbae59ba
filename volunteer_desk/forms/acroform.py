"""Fill an official fillable PDF (AcroForm) when an association drops one in its forms folder.

The folder (``<data dir>/forms``) holds ``<form_id>.pdf`` and ``<form_id>.map.toml``. The mapping says
which PDF field takes which value of the filled form::

    form_id = "cpas_aide_sociale"
    source = "CPAS de Liège, demande d'aide, version 2024"   # where the PDF came from
    [text]
    "Nom" = "last_name"                 # a field id of the form
    "Enfant1" = "members[2].name"       # a cell of the members / incomes table
    "Date" = "today"
    [checkbox]
    "CaseRIS" = { field = "aid_kind", equals = "ris" }
    "CaseHandicap" = { field = "disability" }   # ticked when the value is true

Values are the printed ones (a NISS only where the form's spec prints it). The result keeps its
fields editable so the volunteer can correct them in any PDF reader.
"""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from volunteer_desk.core.errors import CorruptFile
from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.paths import data_dir
from volunteer_desk.forms.fill import FilledForm


@dataclass
class Mapping:
    form_id: str
    text: dict[str, str] = field(default_factory=dict)
    checkbox: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def parse(cls, raw: bytes | str) -> Mapping:
        try:
            data = tomllib.loads(raw.decode() if isinstance(raw, bytes) else raw)
            boxes = {}
            for name, spec in data.get("checkbox", {}).items():
                boxes[name] = (spec["field"], spec.get("equals")) if isinstance(spec, dict) else (str(spec), None)
            return cls(form_id=data["form_id"], text={k: str(v) for k, v in data.get("text", {}).items()},
                       checkbox=boxes, source=data.get("source", ""))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
            raise CorruptFile("The field mapping of a fillable PDF cannot be read.") from exc


def user_forms_dir() -> Path:
    """Where an association puts official fillable PDFs and their mappings."""
    return data_dir() / "forms"


def find_template(form_id: str, forms_dir: Path | None = None) -> tuple[bytes, Mapping] | None:
    folder = forms_dir or user_forms_dir()
    pdf, mapping = folder / f"{form_id}.pdf", folder / f"{form_id}.map.toml"
    if not (pdf.is_file() and mapping.is_file()):
        return None
    parsed = Mapping.parse(mapping.read_bytes())
    if parsed.form_id != form_id:
        raise CorruptFile("A field mapping names another form than its file name.")
    return pdf.read_bytes(), parsed


_CELL = re.compile(r"^(?P<field>\w+)\[(?P<row>\d+)\]\.(?P<col>\w+)$")


def value_for(filled: FilledForm, ref: str) -> Any:
    """The printed value a mapping reference points at ('' when absent)."""
    if ref == "today":
        return short_date(filled.filled_on)
    if ref == "place":
        return filled.place
    cell = _CELL.match(ref)
    if cell:
        ff = filled.values.get(cell["field"])
        rows = ff.print_value if ff and isinstance(ff.print_value, list) else []
        row = int(cell["row"])
        return rows[row].get(cell["col"], "") if row < len(rows) else ""
    ff = filled.values.get(ref)
    return "" if ff is None or ff.print_value is None else ff.print_value


def _on_state(annotation) -> str:
    """The 'on' appearance name of a checkbox widget (often /Yes, sometimes /On or /1)."""
    ap = annotation.get("/AP")
    if ap is not None:
        normal = ap.get_object().get("/N")
        if normal is not None:
            for name in normal.get_object():
                if name != "/Off":
                    return str(name)
    return "/Yes"


def fill_acroform(template: bytes, mapping: Mapping, filled: FilledForm) -> bytes:
    """Fill the AcroForm fields of ``template`` in memory; returns the new PDF bytes."""
    # lazy: keeps pypdf out of start-up until this runs
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
    except (PdfReadError, ValueError, OSError) as exc:
        raise CorruptFile("The fillable PDF in the forms folder cannot be read.") from exc
    texts = {name: str(value_for(filled, ref)) for name, ref in mapping.text.items()}
    for page in writer.pages:
        present = set()
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            name = widget.get("/T") or (widget.get("/Parent") or {}).get("/T")
            if name is None:
                continue
            present.add(str(name))
            if str(name) in mapping.checkbox:
                ref, equals = mapping.checkbox[str(name)]
                value = value_for(filled, ref)
                ticked = (str(value) == equals) if equals is not None else bool(value)
                state = NameObject(_on_state(widget) if ticked else "/Off")
                target = widget if "/T" in widget else widget["/Parent"].get_object()
                target[NameObject("/V")] = state
                widget[NameObject("/AS")] = state
        page_texts = {k: v for k, v in texts.items() if k in present}
        if page_texts:
            writer.update_page_form_field_values(page, page_texts, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
