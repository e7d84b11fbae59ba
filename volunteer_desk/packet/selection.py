"""Which letters and forms go into a packet: the policy, apart from how the packet is drawn.

Letters: only those the volunteer ticked (none by default: the note alone), oldest first, and a
health letter only when every adult agreed to share health data with the recipient. Forms: those
ticked, or by default the forms addressed to the recipient that the family has not asked for yet;
of exclusive alternatives never both. ``packet_plan`` is what the packet tab and ``packet --plan``
offer to tick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from volunteer_desk.core.errors import BadInput, UserError
from volunteer_desk.forms.fill import applicable_forms, fill
from volunteer_desk.forms.render import render_pdf
from volunteer_desk.forms.spec import get_form, without_alternatives
from volunteer_desk.packet import merge
from volunteer_desk.packet.request import FormPdf, PacketRequest
from volunteer_desk.packet.wording import letter_heading

HEALTH_SENDERS = {"doctor", "hospital", "health", "mutuelle", "medical"}


def is_health_letter(letter) -> bool:
    return bool(letter.sender_kind in HEALTH_SENDERS or (letter.facts or {}).get("health"))


def check_letters_exist(snapshot, letter_ids: tuple[str, ...]) -> None:
    known = {letter.id for letter in snapshot.letters}
    for lid in letter_ids:  # the name is part of the message's key in ui/error_messages.py
        if lid not in known:
            raise BadInput(f"There is no letter {lid} in this family file.")


def letters_for_packet(snapshot, letter_ids: tuple[str, ...], *, health_shared: bool) -> list:
    """The letters ticked, oldest first; health letters only when health may be shared."""
    letters = [letter for letter in snapshot.letters if letter.id in letter_ids
               and (health_shared or not is_health_letter(letter))]
    return sorted(letters, key=lambda letter: letter.received_on or letter.letter_date or letter.created_at or "")


def render_form(form_id: str, snapshot, family_language: str | None = None, *, show_niss: bool = False,
                today: date | None = None, volunteer=None) -> FormPdf:
    """Fill and render one catalogue form now, with the volunteer's typed values; national numbers
    masked unless ``show_niss`` (a packet never carries the full number without the volunteer asking)."""
    filled = fill(form_id, snapshot, volunteer, today=today, print_niss=bool(show_niss))
    return FormPdf(filled.spec.title.fr, render_pdf(filled, family_language))


def default_form_ids(snapshot, recipient: str) -> list[str]:
    """Forms addressed to the recipient that the family has not already asked for (one of exclusive
    alternatives only: the one last filled, else the first in the catalogue)."""
    asked = " ".join(f"{req.what} {req.to}".lower() for req in snapshot.requests)
    filled = [row.get("form_id") for row in reversed(snapshot.forms) if row.get("pdf_blob") or row.get("values")]
    ids = []
    for spec in applicable_forms(snapshot):
        if recipient not in spec.addressed_to:
            continue
        if any(word.lower() in asked for word in spec.request_words):
            continue
        ids.append(spec.id)
    ids.sort(key=lambda i: (filled.index(i) if i in filled else len(filled)))  # last filled first
    return without_alternatives(ids)


def forms_for_packet(snapshot, request: PacketRequest) -> list[FormPdf]:
    """The forms the volunteer picked (default: ``default_form_ids``), alternatives never both."""
    if request.form_ids is None:
        ids = default_form_ids(snapshot, request.recipient)
    else:
        for form_id in request.form_ids:
            get_form(form_id)  # NotFound: one sentence naming 'forms list'
        ids = without_alternatives(list(dict.fromkeys(request.form_ids)))
    language = snapshot.household.main_language or None
    return [render_form(form_id, snapshot, language, show_niss=request.show_niss, today=request.today,
                        volunteer=request.volunteer) for form_id in ids]


def packet_plan(snapshot, recipient: str = "cpas", *, count_pages: bool = False,
                between: Callable[[], None] | None = None) -> dict:
    """What the volunteer may tick: letters (pages: the scans and the text beside its translation) and
    forms, with what is ticked by default (the note alone plus the forms addressed to the recipient).
    ``count_pages`` fills and lays out each form to count its pages (``between`` runs between two)."""
    defaults = set(default_form_ids(snapshot, recipient))
    forms = [{"id": spec.id, "title": spec.title.fr, "exclusive": spec.exclusive, "kit": spec.kit,
              "default": spec.id in defaults} for spec in applicable_forms(snapshot)]
    letters = [{"id": letter.id, "title": letter_heading(letter, "fr"), "pages": len(letter.page_ids) + 1,
                "health": is_health_letter(letter)} for letter in snapshot.letters]
    if count_pages:
        language = snapshot.household.main_language or None  # helper lines in that language add height
        for form in forms:
            if between:
                between()
            try:
                form["pages"] = merge.page_count(render_form(str(form["id"]), snapshot, language).pdf)
            except UserError:
                form["pages"] = 0
    return {"letters": letters, "forms": forms}
