"""A person's data export (GDPR Art. 15 and 20), printable: the same fields as the JSON of
``family.rights.export_person``, so both can be compared."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from volunteer_desk.family.rights import export_person
from volunteer_desk.render.flowables import para


def export_person_pdf(snapshot, member_id: str, today: date | None = None) -> bytes:
    """The same export, printable (field names as in the JSON, so both can be compared)."""
    data = export_person(snapshot, member_id, today)
    width = A4[0] - 36 * mm
    story = [para("Données personnelles / Persoonsgegevens / Personal data", "title"),
             para(f"{data['format']} · {data['exported_on']}", "small"), Spacer(1, 4 * mm)]

    def rows_of(value, prefix: str = "") -> list[list[str]]:
        if isinstance(value, dict):
            out = []
            for k, v in value.items():
                out += rows_of(v, f"{prefix}{k}.")
            return out
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out = []
            for i, v in enumerate(value, start=1):
                out += rows_of(v, f"{prefix}{i}.")
            return out
        if value in ("", None, [], {}):
            return []
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        return [[prefix.rstrip("."), text]]

    for section in ("person", "household", "incomes", "consents", "requests", "tasks", "contacts", "letters",
                    "notes"):
        rows = rows_of(data[section])
        story.append(para(section, "h2"))
        if not rows:
            story.append(para("—", "small"))
            continue
        table = Table([[para(k, "cellb"), para(v, "cell")] for k, v in rows], colWidths=[55 * mm, width - 55 * mm],
                      hAlign="LEFT", repeatRows=0)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title="personal-data-export", author="", creator="Volunteer Desk").build(story)
    return buf.getvalue()
