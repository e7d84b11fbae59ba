"""The handover packet: what the volunteer knows, for a CPAS référent (or CRI/BAPA, or a lawyer).

One A4 PDF, built in memory. First the note (4–6 pages) under the headings of a social report, each
statement with its source (declared / seen on a document / copy attached) and a points-of-attention
box on page 1 (``attention.py``); then the letters and forms the volunteer ticked (default: none of
the letters, the forms addressed to the recipient not asked for yet, never two alternatives). Appended
form pages are scaled above the packet's footer band; "page x of y" on every page. It is marked as
information passed on by a volunteer, to be checked: a volunteer is not a social worker.

Only what the family agreed to share with that recipient goes in: no active ``share_*`` consent →
``NoConsent``; health notes, health letters and doctors only when every adult agreed to *share*
health data with that recipient (``consent.may_share_health``). National numbers are masked on every
page, forms included, unless ``show_niss``. Every legal delay comes from the rules (``rules.get``).
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

from volunteer_desk.core.errors import AccessDenied, OpenedElsewhere
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.family import consent as consent_mod
from volunteer_desk.family import snapshot as snapshot_mod
from volunteer_desk.packet import merge
from volunteer_desk.packet.document import PacketDoc, numbered_canvas
from volunteer_desk.packet.images import compress_page, page_shape
from volunteer_desk.packet.labels import P_, PACKET_LANGUAGES, L
from volunteer_desk.packet.note import MENTIONS, NoteBuilder
from volunteer_desk.packet.request import FormPdf, PacketRequest
from volunteer_desk.packet.selection import check_letters_exist, forms_for_packet, letters_for_packet


class NoConsent(AccessDenied):
    """The family has not (or no longer) agreed to share its file with this recipient."""


# A readable file name that says nothing about the family: what it is, for whom, when.
FILE_PREFIX = P_("handover-note")
FILE_RECIPIENTS = {"cpas": P_("CPAS"), "cri": P_("integration-office"), "lawyer": P_("lawyer")}


def neutral_filename(today: date | None = None, lang: str = "fr", recipient: str = "cpas") -> str:
    """``note-de-transmission-CPAS-2026-12-01.pdf``: no name, no number of the family."""
    lang = lang if lang in PACKET_LANGUAGES else "fr"
    who = L(FILE_RECIPIENTS[recipient], lang) if recipient in FILE_RECIPIENTS else ""
    return "-".join(x for x in (L(FILE_PREFIX, lang), who, (today or date.today()).isoformat()) if x) + ".pdf"


def free_path(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name-2``, ``name-3``… so an earlier packet is never overwritten."""
    path = folder / name
    stem, n = path.stem, 2
    while path.exists():
        path = folder / f"{stem}-{n}{path.suffix}"
        n += 1
    return path


def build_packet(snapshot, ff, request: PacketRequest, *, progress: Progress = no_progress,
                 cancel: CancelToken | None = None) -> bytes:
    """Build the handover packet PDF in memory: the note, then the letters and forms picked.

    ``ff``: the open ``FamilyFile`` (scanned pages, blobs and the journal are read from it). Raises
    ``NoConsent`` without the recipient's sharing consent, ``BadInput`` for a letter not in the file.
    """
    if not consent_mod.active_scopes(snapshot, request.recipient, request.today):
        raise NoConsent("The family has not agreed to share its file with this recipient (or the consent "
                        "has ended or was withdrawn): no packet was made.",
                        hint="Record the family's consent first.")
    check_letters_exist(snapshot, request.letter_ids)
    forms = list(request.forms) if request.forms is not None else forms_for_packet(snapshot, request)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _render(snapshot, ff, request, forms, progress, cancel or CancelToken(), pool)


def _render(snapshot, ff, request: PacketRequest, forms: list[FormPdf], progress: Progress,
            cancel: CancelToken, pool: ThreadPoolExecutor) -> bytes:
    lang, recipient = request.lang, request.recipient
    builder = NoteBuilder(snapshot, request, audit=ff.audit_log())
    letters = letters_for_packet(snapshot, request.letter_ids, health_shared=builder.health)
    # Start compressing every scanned page now; the layout below only needs their proportions.
    page_rows = {row["id"]: row for row in ff.all("pages")} if letters else {}
    scans: dict[str, list[tuple[Future, tuple[int, int]]]] = {}
    for letter in letters:
        scans[letter.id] = []
        for page_id in letter.page_ids:
            row = page_rows.get(page_id)
            if row:
                blob = ff.get_blob(row.get("original_blob") or row.get("clean_blob") or "")
                scans[letter.id].append((pool.submit(compress_page, blob), page_shape(blob)))
    form_pages = [(form.title, merge.page_count(form.pdf)) for form in forms]

    builder.note()
    builder.enclosures(letters, form_pages)
    builder.rules_review_line()
    total = len(letters)
    for number, letter in enumerate(letters):
        cancel.raise_if_cancelled()
        progress(number, total + 1, "letters")
        builder.letter(letter, scans[letter.id], first=number == 0)
    cancel.raise_if_cancelled()
    progress(total, total + 1, "layout")

    buf = io.BytesIO()
    title = L("Handover note", lang) + " " + request.today.isoformat()  # never the family's name
    mention = L(MENTIONS[recipient], lang)
    doc = PacketDoc(buf, title=title, author="", subject=mention, creator="Volunteer Desk")
    extra = sum(count for _title, count in form_pages)
    doc.multiBuild(builder.story, canvasmaker=numbered_canvas(mention, L("page {x} of {y}", lang), extra))
    pdf = buf.getvalue()
    if forms:
        pdf = merge.append_pdfs(pdf, [form.pdf for form in forms], L("page {x} of {y}", lang), mention)
    progress(total + 1, total + 1, "done")
    return pdf


def packet_for_family(session, fid: str, request: PacketRequest, *, progress: Progress = no_progress,
                      cancel: CancelToken | None = None) -> tuple[bytes, str]:
    """Open the family, build its packet, note it in the journal; returns (pdf, neutral file name).
    Without a volunteer in the request, the session's volunteer signs it."""
    if request.volunteer is None:
        request = replace(request, volunteer={"name": session.volunteer.name})
    try:
        ff = session.open_family(fid)
    except OpenedElsewhere:
        ff = session.open_family(fid, read_only=True)  # the journal entry is skipped (read-only)
    with ff:
        pdf = build_packet(snapshot_mod.load(ff), ff, request, progress=progress, cancel=cancel)
        ff.audit("packet.build", request.recipient)
    return pdf, neutral_filename(request.today, request.lang, request.recipient)
