"""Standard CPAS, housing and other forms, filled from the family file (no Qt).

    catalogue(region=None) -> list[FormSpec]
    fill(form_id, snapshot, volunteer=None) -> FilledForm     # .values, .missing, .warnings, .attachments
    render_pdf(filled, family_language=None) -> bytes
    save_filled(ff, filled) -> record id in the family file's "forms" table
"""

from volunteer_desk.forms.fill import FilledField, FilledForm, MissingItem, applicable_forms, fill
from volunteer_desk.forms.render import render_pdf
from volunteer_desk.forms.sources import VolunteerInfo
from volunteer_desk.forms.spec import FormSpec, catalogue, get_form
from volunteer_desk.forms.store import save_filled

__all__ = ["FilledField", "FilledForm", "FormSpec", "MissingItem", "VolunteerInfo", "applicable_forms",
           "catalogue", "fill", "get_form", "render_pdf", "save_filled"]
