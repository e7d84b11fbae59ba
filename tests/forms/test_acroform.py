"""An association's own fillable PDF (AcroForm) is filled through a field mapping."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfgen import canvas

from tests.forms.conftest import pdftotext
from volunteer_desk.forms import fill, render_pdf
from volunteer_desk.forms.acroform import Mapping, fill_acroform

MAPPING = """
form_id = "cpas_aide_sociale"
source = "test AcroForm built with reportlab"
[text]
Nom = "last_name"
Prenom = "first_name"
NISS = "niss"
Enfant = "members[2].name"
Date = "today"
[checkbox]
CaseLocation = { field = "housing_kind", equals = "private_rental" }
CaseSansAbri = { field = "housing_kind", equals = "homeless" }
"""


def official_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(50, 800, "CPAS — formulaire officiel (test)")
    form = c.acroForm
    for i, name in enumerate(["Nom", "Prenom", "NISS", "Enfant", "Date"]):
        c.drawString(50, 760 - i * 40, name)
        form.textfield(name=name, x=150, y=750 - i * 40, width=250, height=22, borderStyle="inset")
    form.checkbox(name="CaseLocation", x=150, y=520, size=14, buttonStyle="check")
    form.checkbox(name="CaseSansAbri", x=250, y=520, size=14, buttonStyle="check")
    c.showPage()
    c.save()
    return buf.getvalue()


def _fields(pdf: bytes) -> dict:
    return {k: v.get("/V") for k, v in PdfReader(io.BytesIO(pdf)).get_fields().items()}


def test_mapping_fills_text_fields_and_checkboxes(demo_snapshot):
    filled = fill("cpas_aide_sociale", demo_snapshot)
    out = fill_acroform(official_pdf(), Mapping.parse(MAPPING), filled)
    values = _fields(out)
    assert values["Nom"] == "Haddad" and values["Prenom"] == "Rami"
    assert values["NISS"] == "88.00.00-123.76" and values["Enfant"] == "Yara Haddad"
    assert values["CaseLocation"] not in (None, "/Off") and values["CaseSansAbri"] == "/Off"
    assert "Haddad" in pdftotext(out)          # appearance streams were written


def test_render_prefers_the_official_pdf_in_the_forms_folder(demo_snapshot, tmp_path):
    (tmp_path / "cpas_aide_sociale.pdf").write_bytes(official_pdf())
    (tmp_path / "cpas_aide_sociale.map.toml").write_text(MAPPING)
    filled = fill("cpas_aide_sociale", demo_snapshot)
    out = render_pdf(filled, forms_dir=tmp_path)
    assert _fields(out)["Nom"] == "Haddad"
    own = render_pdf(filled, forms_dir=tmp_path, official=False)
    assert PdfReader(io.BytesIO(own)).get_fields() in (None, {})
