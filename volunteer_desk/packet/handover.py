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

import hashlib
import io
import secrets
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from volunteer_desk.core.errors import AccessDenied, BadInput
from volunteer_desk.core.progress import CancelToken, Progress, no_progress
from volunteer_desk.family import consent as consent_mod
from volunteer_desk.family.mask import masked_niss
from volunteer_desk.packet import merge
from volunteer_desk.packet.images import compress_page, page_shape
from volunteer_desk.packet.labels import (
    CONTACT_LABELS,
    HOUSING_LABELS,
    INCOME_LABELS,
    P_,
    PACKET_LANGUAGES,
    RELATION_LABELS,
    RESIDENCE_LABELS,
    STATUS_LABELS,
    L,
    value_label,
    yes_no,
)
from volunteer_desk.packet.pdf_fonts import register
from volunteer_desk.packet.pdf_text import markup, para, styles
from volunteer_desk.packet.wording import (
    country_name,
    language_name,
    letter_heading,
    task_title,
    timeline_events,
)

rl_config.useA85 = 0  # embed page JPEGs as binary, not ASCII85 text (+25 % size for nothing)
RECIPIENTS = ("cpas", "cri", "lawyer")
MENTIONS = {
    "cpas": P_("Information passed on by the volunteer — to be checked by the CPAS"),
    "cri": P_("Information passed on by the volunteer — to be checked by the CRI/BAPA"),
    "lawyer": P_("Information passed on by the volunteer — to be checked by the lawyer"),
}
RECIPIENT_CONTACTS = {"cpas": ("cpas_referent", "cpas_social_worker"), "cri": ("cri", "bapa"),
                      "lawyer": ("lawyer",)}
HEALTH_SENDERS = {"doctor", "hospital", "health", "mutuelle", "medical"}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FOOTER_Y = merge.FOOTER_Y  # same band as on appended form pages, well under the body frame
FRAME_W = PAGE_W - 2 * MARGIN
BODY_BOTTOM = 14 * mm    # the footer band (FOOTER_Y) lies below: the text never reaches it
FRAME_H = PAGE_H - 2 * BODY_BOTTOM


class NoConsent(AccessDenied):
    """The family has not (or no longer) agreed to share its file with this recipient."""


@dataclass
class FormPdf:
    title: str
    pdf: bytes


# -- small formatting helpers ---------------------------------------------------------------------
def fmt_date(value: str | None) -> str:
    """YYYY-MM-DD → DD/MM/YYYY; unknown parts (00) are left out; anything else unchanged."""
    if not value:
        return ""
    text = str(value)[:10]
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        y, m, d = parts
        if m == "00":
            return y
        if d == "00":
            return f"{m}/{y}"
        return f"{d}/{m}/{y}"
    return text


def _money(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f} €".replace(",", " ").replace(".", ",")


def _contact_line(info: Mapping[str, str] | None) -> str:
    if not info:
        return ""
    return " · ".join(str(info.get(k, "")) for k in ("name", "organisation", "address", "phone", "email")
                      if info.get(k))


def _as_info(value) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, Mapping):
        return {k: str(v) for k, v in value.items() if v}
    return {k: str(getattr(value, k)) for k in ("name", "organisation", "address", "phone", "email")
            if getattr(value, k, "")}


_FILE_WORDS = {  # a readable name that says nothing about the family: what it is, for whom, when
    "fr": ("note-de-transmission", {"cpas": "CPAS", "cri": "CRI", "lawyer": "avocat"}),
    "nl": ("overdrachtsnota", {"cpas": "OCMW", "cri": "integratiekantoor", "lawyer": "advocaat"}),
}


def neutral_filename(today: date | None = None, lang: str = "fr", recipient: str = "cpas") -> str:
    """``note-de-transmission-CPAS-2026-12-01.pdf``: no name, no number of the family."""
    prefix, recipients = _FILE_WORDS.get(lang, _FILE_WORDS["fr"])
    who = recipients.get(recipient, "")
    return "-".join(x for x in (prefix, who, (today or date.today()).isoformat()) if x) + ".pdf"


def free_path(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name-2``, ``name-3``… so an earlier packet is never overwritten."""
    path = folder / name
    stem, n = path.stem, 2
    while path.exists():
        path = folder / f"{stem}-{n}{path.suffix}"
        n += 1
    return path


def print_job_name(filename: str) -> str:
    """The print spool keeps job names: use the neutral file name without extension."""
    return filename.rsplit(".", 1)[0]


# -- document template ---------------------------------------------------------------------------
class Heading(Flowable):
    """Marker placed before a heading paragraph: feeds the table of contents and the PDF outline."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__()
        self.text, self.level = text, level
        self.key = "h" + secrets.token_hex(6)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.text, self.key, level=self.level, closed=True)


class _JpegReader(ImageReader):
    """A JPEG passed through to the PDF as is. reportlab names an image by hashing its decoded
    pixels, on every layout pass; the JPEG's own digest names it just as well, for nothing."""

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._digest = hashlib.sha256(jpeg).digest()
        self._dataA = None

    def getRGBData(self) -> bytes:  # noqa: N802 - reportlab API
        return self._digest


class ScanImage(Flowable):
    """One scanned page, drawn at a given size. The JPEG comes from a future: pages are compressed
    in worker threads while the layout runs (only the aspect ratio is needed to lay it out)."""

    def __init__(self, jpeg: Future, width: float, height: float) -> None:
        super().__init__()
        self.jpeg = jpeg
        self.reader: _JpegReader | None = None
        self.img_width, self.img_height = width, height
        self.hAlign = "CENTER"

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.img_width, self.img_height

    def draw(self) -> None:
        if self.reader is None:
            self.reader = _JpegReader(self.jpeg.result()[0])
        self.canv.drawImage(self.reader, 0, 0, self.img_width, self.img_height)


class FormsIndex(Flowable):
    """List of the appended forms with the page each starts on (they follow this page)."""

    def __init__(self, forms: list[tuple[str, int]], lang: str) -> None:
        super().__init__()
        self.forms, self.lang = forms, lang
        self.leading = 14

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.leading * max(1, len(self.forms))

    def starts(self, here: int) -> list[int]:
        pages, at = [], here + 1
        for _, count in self.forms:
            pages.append(at)
            at += count
        return pages

    def draw(self) -> None:
        f = register()
        here = self.canv.getPageNumber()
        y = self.leading * (len(self.forms) - 1) + 3
        for (title, _), start in zip(self.forms, self.starts(here), strict=True):
            self.canv.setFont(f.regular, 10)
            self.canv.drawString(0, y, title)
            word = L("page", self.lang)
            self.canv.drawRightString(self.width, y, f"{word} {start}")
            y -= self.leading


class _Doc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, **kw) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=BODY_BOTTOM, **kw)
        frame = Frame(MARGIN, BODY_BOTTOM, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))
        elif isinstance(flowable, FormsIndex):
            for (title, _), start in zip(flowable.forms, flowable.starts(self.page), strict=True):
                self.notify("TOCEntry", (1, title, start))


def _canvas_maker(footer: str, page_label: str, extra_pages: int) -> type[Canvas]:
    """Canvas that writes 'page x of y' once the page count (reportlab + appended forms) is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages) + extra_pages
            f = register()
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(f.regular, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(MARGIN, FOOTER_Y, footer)
                self.drawRightString(PAGE_W - MARGIN, FOOTER_Y,
                                     page_label.format(x=self._pageNumber, y=total))
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


# -- the packet ------------------------------------------------------------------------------------
@dataclass
class _Source:
    get_blob: Callable[[str], bytes]
    pages: dict[str, dict]
    audit: list[dict]


def _source(ff_or_blob_getter, pages: dict[str, dict] | None, audit: list[dict] | None) -> _Source:
    if hasattr(ff_or_blob_getter, "get_blob"):
        ff = ff_or_blob_getter
        return _Source(ff.get_blob, pages if pages is not None else {p["id"]: p for p in ff.all("pages")},
                       audit if audit is not None else ff.audit_log())
    if callable(ff_or_blob_getter):
        return _Source(ff_or_blob_getter, pages or {}, audit or [])
    raise TypeError("ff_or_blob_getter must be a FamilyFile or a blob getter")


SOURCE_LABELS = {"declared": P_("declared by the family"), "document": P_("seen on a document"),
                 "attached": P_("copy attached")}


class _Builder:
    def __init__(self, snapshot, recipient: str, lang: str, scopes: set[str], today: date,
                 volunteer: dict, association: dict, show_niss: bool, reason: str = "",
                 questions: str = "") -> None:
        self.s, self.recipient, self.lang, self.today = snapshot, recipient, lang, today
        self.health = consent_mod.may_share_health(snapshot, recipient, today)
        self.scopes = scopes
        self.volunteer, self.association, self.show_niss = volunteer, association, show_niss
        self.reason, self.questions = reason.strip(), questions.strip()
        self.story: list[Flowable] = []
        self.st = styles()
        self.section_no = 0
        self.src_audit: list[dict] = []
        self.letters_in_file: list = []

    def t(self, msgid: str) -> str:
        return L(msgid, self.lang)

    def h1(self, msgid: str, *, new_page: bool = True) -> None:
        text = self.t(msgid)
        if new_page:
            self.story.append(PageBreak())
        self.story += [Heading(text, 0), markup(text, "h1")]

    def h2(self, text: str, level: int | None = None) -> None:
        self.story.append(CondPageBreak(40 * mm))
        if level is not None:
            self.story.append(Heading(text, level))
        self.story.append(para(text, "h2"))

    def section(self, msgid: str) -> None:
        """A numbered heading of the note (the headings of a social report)."""
        self.section_no += 1
        text = f"{self.section_no}. {self.t(msgid)}"
        self.story += [CondPageBreak(25 * mm), Heading(text, 0), para(text, "h2")]

    def table(self, header: list[str] | None, rows: list[list], widths: list[float] | None = None,
              empty: bool = True) -> None:
        if not rows:
            if empty:
                self.story.append(para("— " + self.t("none"), "small"))
            return
        data = []
        if header:
            data.append([para(h, "cellb") for h in header])
        data += [[c if isinstance(c, Flowable) else para(str(c) if c is not None else "", "cell") for c in r]
                 for r in rows]
        tbl = Table(data, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
        tbl.setStyle(TableStyle(style))
        self.story += [tbl, Spacer(1, 3)]

    def kv(self, pairs: list[tuple[str, str]], label_w: float = 45 * mm) -> None:
        rows = [[para(self.t(k), "cellb"), v] for k, v in pairs if v not in ("", None)]
        self.table(None, rows, [label_w, FRAME_W - label_w], empty=False)

    def lang_name(self, code: str) -> str:
        return language_name(code, self.lang)

    def country(self, code: str) -> str:
        return country_name(code, self.lang)

    def source(self, kind: str | None) -> str:
        return self.t(SOURCE_LABELS.get(kind or "declared", SOURCE_LABELS["declared"]))

    def niss(self, value: str) -> str:
        return value if self.show_niss else masked_niss(value)

    def small(self, text: str) -> None:
        self.story.append(para(text, "small"))

    # -- page 1: who, for whom, and what needs attention ----------------------------------------
    def header(self) -> None:
        h = self.s.household
        self.story += [markup(self.t("Handover note"), "title"), markup(self.t(MENTIONS[self.recipient]), "mention")]
        pairs = [(P_("Family"), h.display_name)]
        if self.recipient == "cpas":
            ref = self.s.contact("cpas_referent") or self.s.contact("cpas_social_worker")
            info = {k: v for k, v in ref.to_data().items() if not (k == "organisation" and v == h.cpas_name)} \
                if ref else {}
            pairs.append((P_("Recipient"), " · ".join(p for p in (h.cpas_name, _contact_line(info)) if p)))
            pairs.append((P_("CPAS file number"), h.cpas_file_number))
        else:
            contact = next((self.s.contact(r) for r in RECIPIENT_CONTACTS[self.recipient] if self.s.contact(r)),
                           None)
            pairs.append((P_("Recipient"), _contact_line(contact.to_data()) if contact else ""))
        pairs += [(P_("Volunteer"), _contact_line(self.volunteer)), (P_("Association"), _contact_line(self.association)),
                  (P_("Date"), fmt_date(self.today.isoformat()))]
        self.kv(pairs, 38 * mm)
        self.small(self.t("This is not a social report: the volunteer is not a social worker. The family agreed "
                          "to share this information (see Consent). Each statement says where it comes from."))
        self.story.append(Spacer(1, 2 * mm))

    def attention_box(self) -> None:
        from volunteer_desk.packet.attention import points_of_attention

        points = points_of_attention(self.s, self.today, self.lang)
        title = para(self.t("Points of attention"), "h2")
        rows = [[title]] + [[para("• " + p, "cell")] for p in points]
        if not points:
            rows.append([para(self.t("No point of attention found in the file."), "cell")])
        tbl = Table(rows, colWidths=[FRAME_W], hAlign="LEFT")
        tbl.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.4, colors.HexColor("#aa0000")),
                                 ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4f0")),
                                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        self.story += [tbl, Spacer(1, 3 * mm)]

    # -- the note -----------------------------------------------------------------------------
    def note(self) -> None:
        self.header()
        self.attention_box()
        self.reason_section()
        self.household_section()
        self.resources_section()
        self.housing_section()
        self.languages_section()
        self.migration_section()
        self.requests_section()
        self.deadlines_section()
        self.trajectory_section()
        self.contacts_section()
        self.consent_section()
        self.observations_section()
        self.timeline_section()

    def reason_section(self) -> None:
        self.section("Reason for the handover and questions for the référent")
        empty = "— " + self.t("to be completed by the volunteer")
        self.kv([(P_("Reason"), para(self.reason or empty, "cell")),
                 (P_("Questions for the référent"), para(self.questions or empty, "cell"))])

    def household_section(self) -> None:
        s, h, lang = self.s, self.s.household, self.lang
        self.section("Household and residence")
        rows = []
        for m in s.members:
            status = value_label(RESIDENCE_LABELS, m.residence_status, lang)
            card_word, until_word = self.t("card"), self.t("until")  # outside f-strings: extracted
            card = " ".join(p for p in ((f"{card_word} {m.card_type}" if m.card_type else ""),
                                         (f"{until_word} {fmt_date(m.card_expiry)}" if m.card_expiry else ""))
                            if p)
            rows.append([m.full_name, value_label(RELATION_LABELS, m.relation, lang), fmt_date(m.birth_date),
                         self.country(m.nationality), ", ".join(p for p in (status, card) if p),
                         self.niss(m.niss) if m.niss else "", self.source(m.source)])
        self.table([self.t("Name"), self.t("Relation"), self.t("Birth date"), self.t("Nationality"),
                    self.t("Residence"), self.t("National register number"), self.t("Source")], rows,
                   [26 * mm, 20 * mm, 21 * mm, 22 * mm, 34 * mm, 22 * mm, FRAME_W - 145 * mm])
        self.kv([(P_("Address"), h.address_obj.one_line()), (P_("Phone"), h.phone or (s.applicant.phone if s.applicant else "")),
                 (P_("E-mail"), h.email),
                 (P_("Commune registration"), fmt_date(h.commune_registration_date)
                  + (f" ({self.source(h.source_of('residence'))})" if h.commune_registration_date else ""))])

    def resources_section(self) -> None:
        s, h, lang = self.s, self.s.household, self.lang
        self.section("Income, charges and debts")
        names = {m.id: m.full_name for m in s.members}
        src = self.source(h.source_of("incomes"))
        rows = [[names.get(i.get("member_id", ""), ""), value_label(INCOME_LABELS, i.get("kind", ""), lang),
                 i.get("source", ""), _money(i.get("monthly_eur")), self.source(i.get("evidence") or None)
                 if i.get("evidence") else src] for i in h.incomes]
        ho = h.housing_obj
        if ho.rent_eur is not None or ho.charges_eur is not None:
            rows.append(["", self.t("Rent and charges (paid)"), "",
                         " + ".join(_money(v) for v in (ho.rent_eur, ho.charges_eur) if v is not None),
                         self.source(h.source_of("housing"))])
        for d in h.debts:
            what = " — ".join(p for p in (d.get("creditor", ""), _money(d.get("amount_eur"))) if p)
            rows.append(["", self.t("Debt"), what, _money(d.get("monthly_eur")),
                         self.source(d.get("source") or h.source_of("debts"))])
        self.table([self.t("Name"), self.t("Kind"), self.t("Paid by / to"), self.t("Monthly amount"),
                    self.t("Source")], rows, [32 * mm, 38 * mm, 45 * mm, 25 * mm, FRAME_W - 140 * mm])
        if not h.debts:
            self.small(self.t("Debts: none declared."))
        self.kv([(P_("Bank account"), " — ".join(p for p in (h.iban, h.iban_holder) if p)),
                 (P_("Health insurance fund"), h.mutuelle)])

    def housing_section(self) -> None:
        h, lang = self.s.household, self.lang
        self.section("Housing")
        ho = h.housing_obj
        self.kv([(P_("Kind"), value_label(HOUSING_LABELS, ho.kind, lang)),
                 (P_("Rent"), _money(ho.rent_eur)), (P_("Charges"), _money(ho.charges_eur)),
                 (P_("Lease start"), fmt_date(ho.lease_start)), (P_("Lease registered"), yes_no(ho.lease_registered, lang)),
                 (P_("Bedrooms"), str(ho.bedrooms) if ho.bedrooms is not None else ""),
                 (P_("Landlord"), " — ".join(p for p in (ho.landlord_name, ho.landlord_address) if p)),
                 (P_("Source"), self.source(h.source_of("housing")))])

    def languages_section(self) -> None:
        h = self.s.household
        self.section("Languages, French, schooling, diplomas and work")
        rows = []
        for m in self.s.members:
            spoken = ", ".join(self.lang_name(c) for c in m.languages_spoken)
            rows.append([m.full_name, spoken, m.french_level, ", ".join(p for p in (m.school, m.education) if p),
                         m.work])
        self.table([self.t("Name"), self.t("Languages"), self.t("Level of French"),
                    self.t("Schooling and diplomas"), self.t("Work")], rows,
                   [30 * mm, 32 * mm, 22 * mm, 50 * mm, FRAME_W - 134 * mm])
        a = self.s.applicant
        if a and not ({"fr", "nl"} & set(a.languages_spoken)):
            self.small(self.t("An interpreter may be needed for {language}.").format(
                language=self.lang_name(h.main_language or (a.languages_spoken or [""])[0])))
        self.small(self.t("Source") + " : " + self.source(h.source_of("languages")))

    def migration_section(self) -> None:
        h = self.s.household
        mig = dict(h.migration or {})
        recognised = next((r.get("done_on", "") for r in self.s.trajectory
                           if r.get("id") == "recognition" and r.get("status") == "done"), "")
        self.section("Migration dates")
        self.kv([(P_("Asylum application"), fmt_date(mig.get("asylum_applied_on", ""))),
                 (P_("CGRA decision"), fmt_date(mig.get("cgra_decision_on", "") or recognised)),
                 (P_("Left the reception centre"), " — ".join(p for p in (fmt_date(mig.get("reception_left_on", "")),
                                                                       mig.get("reception_centre", "")) if p)),
                 (P_("Source"), self.source(h.source_of("migration")) if (mig or recognised) else "")])
        if not (mig or recognised):
            self.small("— " + self.t("not known"))

    def requests_section(self) -> None:
        from volunteer_desk.family.trajectory import requests_without_decision

        lang = self.lang
        self.section("Requests in progress and their legal state")
        silent = {id(f["request"]): f for f in requests_without_decision(self.s, self.today)}
        rows = []
        for r in sorted(self.s.requests, key=lambda r: r.submitted_on or ""):
            state = value_label(STATUS_LABELS, r.status, lang)
            flag = silent.get(id(r))
            if flag:
                state = self.t("no decision since {since}: appeal possible until {by}").format(
                    since=fmt_date(flag["since"]), by=fmt_date(flag["appeal_by"]))
            rows.append([r.what, r.to, fmt_date(r.submitted_on), fmt_date(r.acknowledged_on), r.reference, state,
                         self.source(r.source)])
        self.table([self.t("Request"), self.t("Sent to"), self.t("Submitted"), self.t("Acknowledgement of receipt"),
                    self.t("Reference"), self.t("Legal state"), self.t("Source")], rows,
                   [26 * mm, 23 * mm, 20 * mm, 20 * mm, 24 * mm, 38 * mm, FRAME_W - 151 * mm])
        for flag in silent.values():
            self.small(self.t("Legal basis: {source}.").format(source=flag["source"]))

    def deadlines_section(self) -> None:
        self.section("Deadlines")
        rows = []
        for t in self.s.open_deadlines(self.today, lang="fr"):
            past = bool(t.due) and t.due < self.today.isoformat()
            when = fmt_date(t.due) + (f" {t.time}" if t.time else "")
            state = self.t("passed") if past else self.t("open")
            rows.append([when, state, task_title(t.title, self.lang), t.where])
        self.table([self.t("Due"), self.t("State"), self.t("What"), self.t("Where")], rows,
                   [24 * mm, 18 * mm, 90 * mm, FRAME_W - 132 * mm])

    def trajectory_section(self) -> None:
        """The integration path's open steps with their legal sources (dates computed from the rules)."""
        from volunteer_desk.family.trajectory import trajectory_for

        steps = [st for st in trajectory_for(self.s, self.today) if st.status not in ("not_applicable", "done")]
        if not steps:
            return
        self.section("Integration trajectory")
        status = {"todo": self.t("to do"), "in_progress": self.t("in progress")}
        rows, sources = [], {}
        for st in steps:
            flags = [self.t(f) for f, on in ((P_("overdue"), st.overdue), (P_("estimated date"), st.estimated),
                                             (P_("to verify"), st.verify)) if on]
            rows.append([st.title_fr + (f" ({st.member_name})" if st.member_name else ""),
                         status.get(st.status, st.status),
                         " — ".join(p for p in (fmt_date(st.due), ", ".join(flags)) if p), st.contact_label])
            if st.source:
                sources[st.source] = st.source_date
        self.table([self.t("Step"), self.t("Status"), self.t("Deadline"), self.t("Contact")], rows,
                   [72 * mm, 20 * mm, 36 * mm, FRAME_W - 128 * mm])
        self.small(self.t("Steps computed from the residence status, the region and the commune registration "
                          "date; legal deadlines to be checked."))
        if sources:
            self.small(self.t("Sources") + " : " + " ; ".join(
                f"{src} ({fmt_date(d)})" if d else src for src, d in sources.items()))

    def contacts_section(self) -> None:
        self.section("Contacts")
        self.table([self.t("Role"), self.t("Name"), self.t("Organisation"), self.t("Phone"), self.t("E-mail")],
                   [[value_label(CONTACT_LABELS, c.role, self.lang), c.name, c.organisation, c.phone, c.email]
                    for c in self.s.contacts if self.health or c.role != "doctor"],
                   [30 * mm, 35 * mm, 45 * mm, 28 * mm, FRAME_W - 138 * mm])

    def consent_section(self) -> None:
        self.section("Consent")
        names = {m.id: m.full_name for m in self.s.members}
        share = [c for c in self.s.consents if c.scope == consent_mod.share_scope(self.recipient)
                 and consent_mod.is_active(c, self.today)]
        lines = []
        for c in share:
            lines.append(self.t("The family agreed to share its file with this recipient on {given} (until {end}), "
                                "explained in {language}.").format(given=fmt_date(c.given_on), end=fmt_date(c.ends_on),
                                                                   language=self.lang_name(c.language)))
        agreed, missing = consent_mod.health_share_adults(self.s, self.recipient, self.today)
        if self.health:
            lines.append(self.t("Health information is shared: every adult agreed ({names}).").format(
                names=", ".join(m.full_name for m in agreed)))
        else:
            lines.append(self.t("No health information in this note: not every adult agreed to share it with this "
                                "recipient."))
        informs = consent_mod.informs_volunteer(self.s, self.recipient, self.today)
        if informs:
            who = ", ".join(names.get(c.member_id, "") or self.t("the household") for c in informs)
            lines.append(self.t("The recipient may inform the volunteer about the file (consent of {who}, given on "
                                "{given}).").format(who=who, given=fmt_date(informs[0].given_on)))
        else:
            lines.append(self.t("The family did not agree that the recipient informs the volunteer."))
        for line in lines:
            self.story.append(para(line, "cell"))
        self.story.append(Spacer(1, 3 * mm))
        box = [[para(self.t("Signature of the person concerned"), "cellb"),
                para(self.t("Signature of the volunteer"), "cellb")],
               [para(self.t("Name and date") + " :", "cell"), para(self.t("Name and date") + " :", "cell")]]
        tbl = Table(box, colWidths=[FRAME_W / 2 - 3 * mm] * 2, rowHeights=[None, 18 * mm], hAlign="LEFT")
        tbl.setStyle(TableStyle([("BOX", (0, 0), (0, -1), 0.6, colors.black),
                                 ("BOX", (1, 0), (1, -1), 0.6, colors.black),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.story.append(KeepTogether([tbl]))

    def observations_section(self) -> None:
        notes = [n for n in self.s.notes if not n.health]
        health = [n for n in self.s.notes if n.health] if self.health else []
        if not notes and not health:
            return
        self.section("Volunteer's observations")
        self.table([self.t("Date"), ""], [[fmt_date(n.created_at), para(n.text, "cell")] for n in notes],
                   [25 * mm, FRAME_W - 25 * mm], empty=False)
        if health:
            self.story.append(para(self.t("Health (shared with consent)"), "cellb"))
            self.table([self.t("Date"), ""], [[fmt_date(n.created_at), para(n.text, "cell")] for n in health],
                       [25 * mm, FRAME_W - 25 * mm])

    def timeline_section(self) -> None:
        events = timeline_events(self.s, self.src_audit, self.letters_in_file, self.lang)
        if not events:
            return
        self.section("What was done")
        self.table([self.t("Date"), self.t("What")], [[fmt_date(d), w] for d, w in events],
                   [25 * mm, FRAME_W - 25 * mm])

    # -- appended documents ---------------------------------------------------------------------
    def enclosures(self, letters: list, forms: list[tuple[str, int]]) -> None:
        """The list of what follows the note (letters, forms) with the page each starts on."""
        if not letters and not forms:
            return
        self.section("Enclosed")
        if letters:
            self.story.append(para(", ".join(letter_heading(lt, self.lang) for lt in letters), "cell"))
        if forms:
            self.story.append(FormsIndex(forms, self.lang))

    def rules_review_line(self) -> None:
        from volunteer_desk import rules as legal_rules

        self.story.append(para(self.t("Legal rules reviewed on {date}.").format(
            date=fmt_date(legal_rules.reviewed_on().isoformat())), "small"))
        if legal_rules.is_stale(self.today):
            self.story.append(para(self.t("Legal rules older than {n} months: check with the BAJ or a lawyer.").format(
                n=legal_rules.STALE_AFTER_MONTHS), "small"))

    # -- letters ----------------------------------------------------------------------------------
    def letter(self, lt, images: list[tuple[Future, tuple[int, int]]], first: bool) -> None:
        if first:
            self.h1("Letters")
        else:
            self.story.append(PageBreak())
        self.h2(self.t("Letter") + " : " + letter_heading(lt, self.lang), 1)
        self.kv([(P_("Sender"), lt.sender), (P_("Received on"), fmt_date(lt.received_on)),
                 (P_("Date"), fmt_date(lt.letter_date))])
        self.appeal_law(lt)
        for n, (jpeg, (w, h)) in enumerate(images, start=1):
            scale = min(FRAME_W / w, (FRAME_H - 55 * mm) / h)  # header + first page fit together
            self.story += [CondPageBreak(h * scale + 8 * mm), para(self.t("Page {n}").format(n=n), "small"),
                           ScanImage(jpeg, w * scale, h * scale),
                           Spacer(1, 4 * mm)]
        tr_lang, paragraphs = self._translation(lt)
        left = self.t("Text read from the letter (OCR, checked by the volunteer)")
        right = (self.t("Translation ({lang}, automatic — not an official translation)")
                 .format(lang=self.lang_name(tr_lang)) if tr_lang else self.t("no translation"))
        if paragraphs:
            rows = [[para(p.get("source", ""), "cell"), para(p.get("translation", ""), "cell")] for p in paragraphs]
        else:
            rows = [[para(chunk, "cell"), ""] for chunk in _chunks(lt.text)]
        self.story.append(CondPageBreak(30 * mm))
        self.table([left, right], rows, [FRAME_W / 2] * 2)

    def appeal_law(self, lt) -> None:
        """The statutory appeal delay of a decision and its warnings, in plain words."""
        appeal = letter_appeal(lt)
        if not appeal or not appeal.get("legal_delay"):
            return
        lines = []
        if appeal.get("due"):
            lines.append(self.t("Legal appeal deadline: {due} ({source}).").format(
                due=fmt_date(appeal["due"]), source=appeal.get("legal_source", "")))
        for code in appeal.get("warnings", []):
            lines.append(self.t(APPEAL_WARNINGS.get(code, code)))
        for line in lines:
            self.story.append(para(line, "small"))

    def _translation(self, lt) -> tuple[str, list[dict]]:
        translations = lt.translations or {}
        for code in (self.lang, self.s.household.main_language, *translations):
            entry = translations.get(code) if code else None
            if entry and entry.get("paragraphs"):
                return code, entry["paragraphs"]
        return "", []


def _chunks(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split("\n\n") if c.strip()] or ([text] if text else [])


# Packet wording of the appeal warning codes (letters.facts.legal); fr/nl in packet/labels.py.
APPEAL_WARNINGS = {
    "appeal_info_missing": P_("This decision lacks the appeal information the law requires (court, address, delay): "
                           "the appeal delay has not started. Ask the BAJ or a lawyer."),
    "letter_delay_differs_from_law": P_("The appeal delay in the letter differs from the law: the deadline above "
                                     "uses the legal delay."),
}


def letter_appeal(lt) -> dict:
    """The letter's appeal facts with the legal delay; recomputed from its text when they were stored
    before the law was applied to letters."""
    appeal = (lt.facts or {}).get("appeal") or {}
    if "legal_delay" in appeal or not lt.text:
        return appeal
    from volunteer_desk.letters.facts import extract_facts

    letter_date = date.fromisoformat(lt.letter_date) if lt.letter_date else None
    return extract_facts(lt.text, lang=lt.language or None, letter_date=letter_date).to_dict()["appeal"]


def _is_health_letter(lt) -> bool:
    return bool(lt.sender_kind in HEALTH_SENDERS or (lt.facts or {}).get("health"))


def render_form(form_id: str, snapshot, family_language: str | None = None, *, show_niss: bool = False,
                today: date | None = None, volunteer=None) -> FormPdf:
    """Fill and render one catalogue form now, with the volunteer's typed values; national numbers
    masked unless ``show_niss`` (a packet never carries the full number without the volunteer asking)."""
    from volunteer_desk.forms.fill import fill
    from volunteer_desk.forms.render import render_pdf

    filled = fill(form_id, snapshot, volunteer, today=today, print_niss=bool(show_niss))
    return FormPdf(filled.spec.title.fr, render_pdf(filled, family_language))


def default_form_ids(snapshot, recipient: str) -> list[str]:
    """Forms addressed to the recipient that the family has not already asked for (one of exclusive
    alternatives only: the one last filled, else the first in the catalogue)."""
    from volunteer_desk.forms.fill import applicable_forms
    from volunteer_desk.forms.spec import without_alternatives

    asked = " ".join(f"{r.what} {r.to}".lower() for r in snapshot.requests)
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


def forms_for_packet(snapshot, recipient: str, form_ids: list[str] | None, *, show_niss: bool,
                     today: date, volunteer=None) -> list[FormPdf]:
    """The forms the volunteer picked (default: ``default_form_ids``), alternatives never both."""
    from volunteer_desk.forms.spec import get_form, without_alternatives

    if form_ids is None:
        ids = default_form_ids(snapshot, recipient)
    else:
        for form_id in form_ids:
            get_form(form_id)  # NotFound: one sentence naming 'forms list'
        ids = without_alternatives(list(dict.fromkeys(form_ids)))
    lang = snapshot.household.main_language or None
    return [render_form(i, snapshot, lang, show_niss=show_niss, today=today, volunteer=volunteer) for i in ids]


def build_packet(snapshot, ff_or_blob_getter, recipient: str = "cpas", lang: str = "fr", volunteer=None,
                 association=None, today: date | None = None, *, letter_ids: list[str] | None = None,
                 form_ids: list[str] | None = None, forms: list[FormPdf] | None = None,
                 pages: dict[str, dict] | None = None, audit: list[dict] | None = None, show_niss: bool = False,
                 reason: str = "", questions: str = "",
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> bytes:
    """Build the handover packet PDF in memory: the note, then the letters and forms picked.

    ``ff_or_blob_getter``: an open ``FamilyFile`` (page rows, blobs and audit journal are read from
    it) or a ``get_blob(id) -> bytes`` callable with ``pages``/``audit`` given. ``letter_ids``: letters
    to enclose (default none: the note alone). ``form_ids``: forms to fill and enclose (default: those
    addressed to the recipient not asked for yet); ``forms``: ready PDFs instead. Raises ``NoConsent``
    without the recipient's sharing consent.
    """
    if recipient not in RECIPIENTS:
        raise BadInput("Unknown recipient: choose cpas, cri or lawyer.")
    if lang not in PACKET_LANGUAGES:
        raise BadInput("The packet can be written in French (fr) or Dutch (nl).")
    today = today or date.today()
    scopes = consent_mod.active_scopes(snapshot, recipient, today)
    if not scopes:
        raise NoConsent("The family has not agreed to share its file with this recipient (or the consent "
                        "has ended or was withdrawn): no packet was made.",
                        hint="Record the family's consent first.")
    known = {lt.id for lt in snapshot.letters}
    for lid in letter_ids or []:
        if lid not in known:
            raise BadInput(f"There is no letter {lid} in this family file.")
    cancel = cancel or CancelToken()
    src = _source(ff_or_blob_getter, pages, audit)
    if forms is None:
        forms = forms_for_packet(snapshot, recipient, form_ids, show_niss=show_niss, today=today,
                                 volunteer=volunteer)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _build(snapshot, src, recipient, lang, volunteer, association, today, scopes, letter_ids or [],
                      forms, show_niss, reason, questions, progress, cancel, pool)


def _build(snapshot, src: _Source, recipient: str, lang: str, volunteer, association, today: date,
           scopes: set[str], letter_ids: list[str], form_list: list[FormPdf], show_niss: bool, reason: str,
           questions: str, progress: Progress, cancel: CancelToken, pool: ThreadPoolExecutor) -> bytes:
    b = _Builder(snapshot, recipient, lang, scopes, today, _as_info(volunteer), _as_info(association), show_niss,
                 reason, questions)
    letters = [lt for lt in snapshot.letters if lt.id in letter_ids]
    letters = [lt for lt in letters if b.health or not _is_health_letter(lt)]
    letters.sort(key=lambda lt: lt.received_on or lt.letter_date or lt.created_at or "")
    b.src_audit, b.letters_in_file = src.audit, snapshot.letters
    # Start compressing every scanned page now; the layout below only needs their proportions.
    scans: dict[str, list[tuple[Future, tuple[int, int]]]] = {}
    for lt in letters:
        scans[lt.id] = []
        for pid in lt.page_ids:
            row = src.pages.get(pid)
            if row:
                blob = src.get_blob(row.get("original_blob") or row.get("clean_blob") or "")  # "": NotFound
                scans[lt.id].append((pool.submit(compress_page, blob), page_shape(blob)))
    form_pages = [(f.title, merge.page_count(f.pdf)) for f in form_list]

    b.note()
    b.enclosures(letters, form_pages)
    b.rules_review_line()
    total = len(letters)
    for i, lt in enumerate(letters):
        cancel.raise_if_cancelled()
        progress(i, total + 1, "letters")
        b.letter(lt, scans[lt.id], first=i == 0)
    cancel.raise_if_cancelled()
    progress(total, total + 1, "layout")

    buf = io.BytesIO()
    title = L("Handover note", lang) + " " + today.isoformat()  # never the family's name
    doc = _Doc(buf, title=title, author="", subject=L(MENTIONS[recipient], lang), creator="Volunteer Desk")
    extra = sum(n for _, n in form_pages)
    doc.multiBuild(b.story, canvasmaker=_canvas_maker(L(MENTIONS[recipient], lang),
                                                      L("page {x} of {y}", lang), extra))
    pdf = buf.getvalue()
    if form_list:
        pdf = merge.append_pdfs(pdf, [f.pdf for f in form_list], L("page {x} of {y}", lang),
                                L(MENTIONS[recipient], lang))
    progress(total + 1, total + 1, "done")
    return pdf


def packet_for_family(session, fid: str, recipient: str = "cpas", lang: str = "fr", *, association=None,
                      volunteer=None, today: date | None = None, **kwargs) -> tuple[bytes, str]:
    """Open the family, build its packet, note it in the journal; returns (pdf, neutral file name)."""
    from volunteer_desk.core.errors import OpenedElsewhere
    from volunteer_desk.family import snapshot as snapshot_mod

    today = today or date.today()
    try:
        ff = session.open_family(fid)
    except OpenedElsewhere:
        ff = session.open_family(fid, read_only=True)  # the journal entry is skipped (read-only)
    with ff:
        snap = snapshot_mod.load(ff)
        pdf = build_packet(snap, ff, recipient, lang, volunteer or {"name": session.volunteer.name},
                           association, today, **kwargs)
        ff.audit("packet.build", recipient)
    return pdf, neutral_filename(today, lang, recipient)


def packet_plan(snapshot, recipient: str = "cpas", *, count_pages: bool = False,
                between: Callable[[], None] | None = None) -> dict:
    """What the volunteer may tick: letters (pages: the scans and the text beside its translation) and
    forms, with what is ticked by default (the note alone plus the forms addressed to the recipient).
    ``count_pages`` fills and lays out each form to count its pages (``between`` runs between two)."""
    from volunteer_desk.core.errors import UserError
    from volunteer_desk.forms.fill import applicable_forms

    defaults = set(default_form_ids(snapshot, recipient))
    forms = [{"id": f.id, "title": f.title.fr, "exclusive": f.exclusive, "kit": f.kit,
              "default": f.id in defaults} for f in applicable_forms(snapshot)]
    letters = [{"id": lt.id, "title": letter_heading(lt, "fr"), "pages": len(lt.page_ids) + 1,
                "health": _is_health_letter(lt)} for lt in snapshot.letters]
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
