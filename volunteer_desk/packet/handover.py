"""The handover packet: what the volunteer knows, for a CPAS référent (or CRI/BAPA, or a lawyer).

One A4 PDF, built in memory: cover, table of contents, summary under the headings of a CPAS social
report, consent page, timeline, each letter (page image, OCR text beside its translation), filled
forms appended, "page x of y" on every page. It is marked as information passed on by a volunteer,
to be checked: a volunteer is not a sworn social worker and this is not an enquête sociale.

Only what the family agreed to share with that recipient goes in: no active ``share_*`` consent →
``NoConsent``; health notes, health letters and disability only with ``store_health`` as well.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

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
from reportlab.platypus.tableofcontents import TableOfContents

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
    LANGUAGE_NAMES,
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

rl_config.useA85 = 0  # embed page JPEGs as binary, not ASCII85 text (+25 % size for nothing)
RECIPIENTS = ("cpas", "cri", "lawyer")
MENTIONS = {
    "cpas": "Information passed on by the volunteer — to be checked by the CPAS",
    "cri": "Information passed on by the volunteer — to be checked by the CRI/BAPA",
    "lawyer": "Information passed on by the volunteer — to be checked by the lawyer",
}
RECIPIENT_CONTACTS = {"cpas": ("cpas_referent", "cpas_social_worker"), "cri": ("cri", "bapa"),
                      "lawyer": ("lawyer",)}
HEALTH_SENDERS = {"doctor", "hospital", "health", "mutuelle", "medical"}
AUDIT_LABELS = {"family.create": ("Dossier ouvert", "Dossier geopend"),
                "family.grant": ("Accès donné à un bénévole", "Toegang gegeven aan een vrijwilliger"),
                "family.revoke": ("Accès retiré à un bénévole", "Toegang ingetrokken"),
                "packet.build": ("Dossier de transmission préparé", "Overdrachtsdossier voorbereid"),
                "transfer.import": ("Dossier reçu d'une autre association", "Dossier ontvangen"),
                "transfer.export": ("Dossier transmis à une autre association", "Dossier doorgegeven")}
AUDIT_SKIP = {"family.open", "family.merge", "family.recovery_kit"}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - 8 * mm


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


def neutral_filename(today: date | None = None) -> str:
    """A file name that says nothing about the family: ``packet-<date>-<random>.pdf``."""
    return f"packet-{(today or date.today()).isoformat()}-{secrets.token_hex(3)}.pdf"


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
            self.canv.drawRightString(self.width, y, f"{L('page', self.lang)} {start}")
            y -= self.leading


class _Doc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, **kw) -> None:
        super().__init__(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + 8 * mm, **kw)
        frame = Frame(MARGIN, MARGIN + 8 * mm, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
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
                self.drawString(MARGIN, MARGIN, footer)
                self.drawRightString(PAGE_W - MARGIN, MARGIN,
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


class _Builder:
    def __init__(self, snapshot, recipient: str, lang: str, scopes: set[str], today: date,
                 volunteer: dict, association: dict, show_niss: bool) -> None:
        self.s, self.recipient, self.lang, self.today = snapshot, recipient, lang, today
        self.health = "store_health" in scopes
        self.scopes = scopes
        self.volunteer, self.association, self.show_niss = volunteer, association, show_niss
        self.story: list[Flowable] = []
        self.st = styles()

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
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
        tbl.setStyle(TableStyle(style))
        self.story += [tbl, Spacer(1, 4)]

    def kv(self, pairs: list[tuple[str, str]]) -> None:
        rows = [[para(self.t(k), "cellb"), v] for k, v in pairs if v not in ("", None)]
        self.table(None, rows, [50 * mm, FRAME_W - 50 * mm])

    def lang_name(self, code: str) -> str:
        return value_label(LANGUAGE_NAMES, code, self.lang)

    # -- cover --------------------------------------------------------------------------------
    def cover(self) -> None:
        h = self.s.household
        self.story += [Spacer(1, 25 * mm), markup(self.t("Handover file"), "title"),
                       markup(self.t(MENTIONS[self.recipient]), "mention"),
                       markup(self.t("This is not a social report: the volunteer is not a social worker. The "
                                     "family agreed to share this information (see the consent page)."), "body"),
                       Spacer(1, 8 * mm)]
        pairs = [("Family", h.display_name), ("Address", h.address_obj.one_line())]
        if self.recipient == "cpas":
            pairs.append(("Recipient", h.cpas_name))
            ref, aso = self.s.contact("cpas_referent"), self.s.contact("cpas_social_worker")
            pairs.append(("Référent", _contact_line(ref.to_data()) if ref else ""))
            pairs.append(("Social worker", _contact_line(aso.to_data()) if aso else ""))
            pairs.append(("CPAS file number", h.cpas_file_number))
        else:
            contact = next((self.s.contact(r) for r in RECIPIENT_CONTACTS[self.recipient] if self.s.contact(r)),
                           None)
            pairs.append(("Recipient", _contact_line(contact.to_data()) if contact else ""))
        pairs += [("Volunteer", _contact_line(self.volunteer)), ("Association", _contact_line(self.association)),
                  ("Date", fmt_date(self.today.isoformat()))]
        self.kv(pairs)
        self.story += [PageBreak(), markup(self.t("Contents"), "h1")]
        toc = TableOfContents()
        f = register()
        toc.levelStyles = [styles()["body"].clone("toc0", fontName=f.bold, leftIndent=0),
                           styles()["body"].clone("toc1", leftIndent=14, fontSize=9)]
        self.story.append(toc)

    # -- summary --------------------------------------------------------------------------------
    def summary(self) -> None:
        s, h, lang = self.s, self.s.household, self.lang
        self.h1("Summary")
        self.h2(self.t("Identity"), 1)
        a = s.applicant
        if a:
            languages = sorted(set(a.languages_spoken) | ({h.main_language} if h.main_language else set()))
            interpreter = not ({"fr", "nl"} & set(a.languages_spoken)) and bool(languages)
            self.kv([("Name", a.full_name), ("Birth date", fmt_date(a.birth_date)), ("Birth place", a.birth_place),
                     ("Nationality", a.nationality), ("Sex", a.sex),
                     ("National register number", a.niss if self.show_niss else masked_niss(a.niss)),
                     ("Address", h.address_obj.one_line()), ("Phone", h.phone or a.phone),
                     ("E-mail", h.email or a.email),
                     ("Languages", ", ".join(self.lang_name(c) for c in languages)
                      + (f" — {self.t('Interpreter may be needed')}" if interpreter else ""))])
        self.h2(self.t("Residence status"), 1)
        self.table([self.t("Name"), self.t("Status"), self.t("Card"), self.t("Valid until")],
                   [[m.full_name, value_label(RESIDENCE_LABELS, m.residence_status, lang), m.card_type,
                     fmt_date(m.card_expiry)] for m in s.members])
        if h.commune_registration_date:
            self.kv([("Commune registration", fmt_date(h.commune_registration_date))])
        self.h2(self.t("Household"), 1)
        rows = []
        for m in s.members:
            extra = m.school or ""
            if self.health and m.disability:
                extra = (extra + " · " if extra else "") + "handicap" if lang == "fr" else "handicap"
            rows.append([m.full_name, value_label(RELATION_LABELS, m.relation, lang), fmt_date(m.birth_date),
                         m.nationality, extra])
        self.table([self.t("Name"), self.t("Relation"), self.t("Birth date"), self.t("Nationality"),
                    self.t("School")], rows)
        self.h2(self.t("Resources"), 1)
        names = {m.id: m.full_name for m in s.members}
        self.table([self.t("Name"), self.t("Kind"), self.t("Monthly amount"), self.t("Source")],
                   [[names.get(i.get("member_id", ""), ""), value_label(INCOME_LABELS, i.get("kind", ""), lang),
                     _money(i.get("monthly_eur")), i.get("source", "")] for i in h.incomes])
        self.kv([("Bank account", " — ".join(p for p in (h.iban, h.iban_holder) if p)),
                 ("Health insurance fund", h.mutuelle)])
        self.h2(self.t("Housing"), 1)
        ho = h.housing_obj
        self.kv([("Kind", value_label(HOUSING_LABELS, ho.kind, lang)), ("Address", h.address_obj.one_line()),
                 ("Rent", _money(ho.rent_eur)), ("Charges", _money(ho.charges_eur)),
                 ("Lease start", fmt_date(ho.lease_start)), ("Lease registered", yes_no(ho.lease_registered, lang)),
                 ("Bedrooms", str(ho.bedrooms) if ho.bedrooms is not None else ""),
                 ("Landlord", " — ".join(p for p in (ho.landlord_name, ho.landlord_address) if p))])
        self.h2(self.t("Requests in progress"), 1)
        self.table([self.t("Request"), self.t("Sent to"), self.t("Submitted"), self.t("Acknowledgement of receipt"),
                    self.t("Reference"), self.t("Status"), self.t("Decision due")],
                   [[r.what, r.to, fmt_date(r.submitted_on), fmt_date(r.acknowledged_on), r.reference,
                     value_label(STATUS_LABELS, r.status, lang), fmt_date(r.decision_due)]
                    for r in sorted(s.requests, key=lambda r: r.submitted_on or "")])
        self.requests_without_decision()
        self.h2(self.t("Open deadlines"), 1)
        self.table([self.t("Due"), self.t("What"), self.t("Where")],
                   [[fmt_date(t.due) + (f" {t.time}" if t.time else ""), t.title, t.where]
                    # step titles exist in French and English: French for fr and nl (Brussels) packets
                    for t in s.open_deadlines(self.today, lang="fr")], [35 * mm, 95 * mm, FRAME_W - 130 * mm])
        self.h2(self.t("Contacts"), 1)
        self.table([self.t("Role"), self.t("Name"), self.t("Organisation"), self.t("Phone"), self.t("E-mail")],
                   [[value_label(CONTACT_LABELS, c.role, lang), c.name, c.organisation, c.phone, c.email]
                    for c in s.contacts if self.health or c.role != "doctor"])
        notes = [n for n in s.notes if not n.health]
        if notes:
            self.h2(self.t("Volunteer's observations"), 1)
            self.table([self.t("Date"), ""], [[fmt_date(n.created_at), para(n.text, "cell")] for n in notes],
                       [25 * mm, FRAME_W - 25 * mm])
        health = [n for n in s.notes if n.health]
        if self.health and health:
            self.h2(self.t("Health (shared with consent)"), 1)
            self.table([self.t("Date"), ""], [[fmt_date(n.created_at), para(n.text, "cell")] for n in health],
                       [25 * mm, FRAME_W - 25 * mm])

    # -- consent ----------------------------------------------------------------------------------
    def consent_page(self) -> None:
        self.h1("Consent")
        rows = []
        names = {m.id: m.full_name for m in self.s.members}
        for c in self.s.consents:
            scope = self.t(c.scope) + (f" ({names.get(c.member_id, '')})" if c.member_id else "")
            rows.append([scope, c.recipient, fmt_date(c.given_on), fmt_date(c.ends_on), self.lang_name(c.language),
                         c.notice_version, fmt_date(c.withdrawn_on)])
        self.table([self.t("Scope"), self.t("Recipient"), self.t("Given on"), self.t("Ends on"),
                    self.t("Explained in"), self.t("Notice version"), self.t("Withdrawn on")], rows)
        self.story.append(Spacer(1, 12 * mm))
        box = [[para(self.t("Signature of the person concerned"), "cellb"),
                para(self.t("Signature of the volunteer"), "cellb")],
               [para(self.t("Name and date") + " :", "cell"), para(self.t("Name and date") + " :", "cell")],
               ["", ""]]
        tbl = Table(box, colWidths=[FRAME_W / 2 - 3 * mm] * 2, rowHeights=[None, 12 * mm, 30 * mm],
                    hAlign="LEFT")
        tbl.setStyle(TableStyle([("BOX", (0, 0), (0, -1), 0.6, colors.black),
                                 ("BOX", (1, 0), (1, -1), 0.6, colors.black),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.story.append(KeepTogether([tbl]))

    # -- timeline ---------------------------------------------------------------------------------
    def timeline(self, audit: list[dict], letters: list) -> None:
        self.h1("Timeline of what was done")
        col = 0 if self.lang == "fr" else 1
        events: list[tuple[str, str, str]] = []
        for e in audit:
            if e.get("action") in AUDIT_SKIP:
                continue
            label = AUDIT_LABELS.get(e.get("action", ""))
            events.append((e.get("at", "")[:10], self.t("Recorded in the file"),
                           label[col] if label else e.get("action", "")))
        for t in self.s.tasks:
            if t.done:
                events.append(((t.done_on or t.due or "")[:10], self.t("Done"), t.title))
        for lt in letters:
            if lt.received_on or lt.letter_date:
                events.append(((lt.received_on or lt.letter_date)[:10], self.t("Letter received"),
                               " — ".join(p for p in (lt.title, lt.sender) if p)))
        for r in self.s.requests:
            if r.submitted_on:
                events.append((r.submitted_on, self.t("Request submitted"), f"{r.what} → {r.to}"))
            if r.acknowledged_on:
                events.append((r.acknowledged_on, self.t("Receipt acknowledged"), r.what))
        events.sort(key=lambda e: e[0])
        self.table([self.t("Date"), "", self.t("What")], [[fmt_date(d), k, w] for d, k, w in events],
                   [25 * mm, 45 * mm, FRAME_W - 70 * mm])

    def trajectory(self) -> None:
        """The integration checklist: open and done steps, deadlines, who to contact, legal sources."""
        from volunteer_desk.family.trajectory import trajectory_for

        steps = trajectory_for(self.s, self.today)
        if not steps:
            return
        self.h1("Integration trajectory")
        self.story.append(para(self.t("Steps computed from the residence status, the region and the commune "
                                      "registration date; legal deadlines to be checked."), "small"))
        self.rules_review_line()
        status = {"todo": self.t("to do"), "in_progress": self.t("in progress"), "done": self.t("done")}
        rows, skipped, sources = [], [], {}
        for st in steps:
            title = st.title_fr + (f" ({st.member_name})" if st.member_name else "")
            if st.status == "not_applicable":
                skipped.append(title)
                continue
            flags = [self.t(f) for f, on in (("overdue", st.overdue), ("estimated date", st.estimated),
                                             ("to verify", st.verify)) if on]
            when = fmt_date(st.done_on) if st.status == "done" else fmt_date(st.due)
            rows.append([title, status.get(st.status, st.status),
                         " — ".join(p for p in (when, ", ".join(flags)) if p), st.contact_label])
            if st.source:
                sources[st.source] = st.source_date
        self.table([self.t("Step"), self.t("Status"), self.t("Done on / deadline"), self.t("Contact")], rows,
                   [70 * mm, 22 * mm, 38 * mm, FRAME_W - 130 * mm])
        if skipped:
            self.story.append(para(f"{self.t('Not applicable')} : {', '.join(skipped)}", "small"))
        if sources:
            self.story.append(para(f"{self.t('Sources')} : " + " ; ".join(
                f"{src} ({date_})" if date_ else src for src, date_ in sources.items()), "small"))

    def rules_review_line(self) -> None:
        from volunteer_desk import rules as legal_rules

        self.story.append(para(self.t("Legal rules reviewed on {date}.").format(
            date=fmt_date(legal_rules.reviewed_on().isoformat())), "small"))
        if legal_rules.is_stale(self.today):
            self.story.append(para(self.t("Legal rules older than {n} months: check with the BAJ or a lawyer.").format(
                n=legal_rules.STALE_AFTER_MONTHS), "small"))

    def requests_without_decision(self) -> None:
        """A CPAS request left without a decision past the legal period: say the silence can be appealed."""
        from volunteer_desk.family.trajectory import requests_without_decision

        for flag in requests_without_decision(self.s, self.today):
            self.story.append(para(self.t("Appeal possible: no CPAS decision on '{what}' since {since}; appeal to "
                                          "the labour tribunal by {by} ({source}).").format(
                what=flag["request"].what, since=fmt_date(flag["since"]), by=fmt_date(flag["appeal_by"]),
                source=flag["source"]), "small"))

    # -- letters ----------------------------------------------------------------------------------
    def letter(self, lt, images: list[tuple[Future, tuple[int, int]]], first: bool) -> None:
        if first:
            self.h1("Letters")
        else:
            self.story.append(PageBreak())
        self.h2(f"{self.t('Letter')} : {lt.title or lt.kind or ''}".strip(" :"), 1)
        self.kv([("Sender", lt.sender), ("Received on", fmt_date(lt.received_on)),
                 ("Date", fmt_date(lt.letter_date))])
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

    def forms_index(self, forms: list[tuple[str, int]]) -> None:
        self.h1("Filled forms")
        self.story.append(FormsIndex(forms, self.lang))


def _chunks(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split("\n\n") if c.strip()] or ([text] if text else [])


# Packet wording of the appeal warning codes (letters.facts.legal); fr/nl in packet/labels.py.
APPEAL_WARNINGS = {
    "appeal_info_missing": "This decision lacks the appeal information the law requires (court, address, delay): "
                           "the appeal delay has not started. Ask the BAJ or a lawyer.",
    "letter_delay_differs_from_law": "The appeal delay in the letter differs from the law: the deadline above "
                                     "uses the legal delay.",
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


def render_form(form_id: str, snapshot, family_language: str | None = None) -> FormPdf:
    """Fill and render one catalogue form now (volunteer_desk.forms)."""
    from volunteer_desk.forms.fill import fill
    from volunteer_desk.forms.render import render_pdf

    filled = fill(form_id, snapshot)
    return FormPdf(filled.spec.title.fr, render_pdf(filled, family_language))


def _forms_from_snapshot(snapshot, get_blob: Callable[[str], bytes]) -> list[FormPdf]:
    """Filled forms kept in the family file: their stored PDF blob, else rendered again now."""
    out = []
    for row in snapshot.forms:
        if row.get("pdf_blob"):
            out.append(FormPdf(row.get("title") or row.get("form_id") or "", get_blob(row["pdf_blob"])))
        elif row.get("form_id"):
            out.append(render_form(row["form_id"], snapshot))
    return out


def build_packet(snapshot, ff_or_blob_getter, recipient: str = "cpas", lang: str = "fr", volunteer=None,
                 association=None, today: date | None = None, *, letter_ids: list[str] | None = None,
                 forms: list[FormPdf] | None = None, pages: dict[str, dict] | None = None,
                 audit: list[dict] | None = None, show_niss: bool = False,
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> bytes:
    """Build the handover packet PDF in memory.

    ``ff_or_blob_getter``: an open ``FamilyFile`` (page rows, blobs and audit journal are read from
    it) or a ``get_blob(id) -> bytes`` callable with ``pages``/``audit`` given. ``forms``: filled
    forms to append (default: those stored in the family file). Raises ``NoConsent`` without the
    recipient's sharing consent.
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
    cancel = cancel or CancelToken()
    src = _source(ff_or_blob_getter, pages, audit)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _build(snapshot, src, recipient, lang, volunteer, association, today, scopes, letter_ids, forms,
                      show_niss, progress, cancel, pool)


def _build(snapshot, src: _Source, recipient: str, lang: str, volunteer, association, today: date,
           scopes: set[str], letter_ids, forms, show_niss: bool, progress: Progress, cancel: CancelToken,
           pool: ThreadPoolExecutor) -> bytes:
    b = _Builder(snapshot, recipient, lang, scopes, today, _as_info(volunteer), _as_info(association), show_niss)

    letters = [lt for lt in snapshot.letters if letter_ids is None or lt.id in letter_ids]
    letters = [lt for lt in letters if b.health or not _is_health_letter(lt)]
    letters.sort(key=lambda lt: lt.received_on or lt.letter_date or lt.created_at or "")
    # Start compressing every scanned page now; the layout below only needs their proportions.
    scans: dict[str, list[tuple[Future, tuple[int, int]]]] = {}
    for lt in letters:
        scans[lt.id] = []
        for pid in lt.page_ids:
            row = src.pages.get(pid)
            if row:
                blob = src.get_blob(row.get("original_blob") or row.get("clean_blob"))
                scans[lt.id].append((pool.submit(compress_page, blob), page_shape(blob)))
    form_list = forms if forms is not None else _forms_from_snapshot(snapshot, src.get_blob)
    form_pages = [(f.title, merge.page_count(f.pdf)) for f in form_list]

    b.cover()
    b.summary()
    b.consent_page()
    b.timeline(src.audit, letters)
    b.trajectory()
    total = len(letters)
    for i, lt in enumerate(letters):
        cancel.raise_if_cancelled()
        progress(i, total + 1, "letters")
        b.letter(lt, scans[lt.id], first=i == 0)
    if form_pages:
        b.forms_index(form_pages)
    cancel.raise_if_cancelled()
    progress(total, total + 1, "layout")

    buf = io.BytesIO()
    title = f"{L('Handover file', lang)} {today.isoformat()}"  # never the family's name
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
    return pdf, neutral_filename(today)
