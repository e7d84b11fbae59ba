"""The handover note: what the volunteer knows, under the headings of a social report, for a CPAS
référent (or CRI/BAPA, or a lawyer), then the letters ticked beside their translation.

Each statement says where it comes from (declared / seen on a document / copy attached); a
points-of-attention box opens page 1 (``attention.py``). Health notes and doctors only when every
adult agreed to *share* health data with the recipient (``consent.may_share_health``); national
numbers masked unless the request says otherwise; every legal delay comes from the rules.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from concurrent.futures import Future
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.formatting import money, short_date
from volunteer_desk.core.languages import country_name
from volunteer_desk.family import consent as consent_mod
from volunteer_desk.family.code_words import (
    HOUSING_LABELS,
    INCOME_LABELS,
    RELATION_LABELS,
    RESIDENCE_LABELS,
    STATUS_LABELS,
    value_label,
)
from volunteer_desk.family.contact_roles import role_label
from volunteer_desk.family.mask import masked_niss
from volunteer_desk.family.trajectory import requests_without_decision, trajectory_for
from volunteer_desk.letters.facts import extract_facts
from volunteer_desk.packet.attention import points_of_attention
from volunteer_desk.packet.document import FRAME_H, FRAME_W, FormsIndex, Heading
from volunteer_desk.packet.labels import P_, L, yes_no
from volunteer_desk.packet.request import PacketRequest
from volunteer_desk.packet.wording import (
    language_name,
    letter_heading,
    task_title,
    timeline_events,
)
from volunteer_desk.render.flowables import markup, para

MENTIONS = {
    "cpas": P_("Information passed on by the volunteer — to be checked by the CPAS"),
    "cri": P_("Information passed on by the volunteer — to be checked by the CRI/BAPA"),
    "lawyer": P_("Information passed on by the volunteer — to be checked by the lawyer"),
}
RECIPIENT_CONTACTS = {"cpas": ("cpas_referent", "cpas_social_worker"), "cri": ("cri", "bapa"),
                      "lawyer": ("lawyer",)}


# -- small formatting helpers ---------------------------------------------------------------------
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


SOURCE_LABELS = {"declared": P_("declared by the family"), "document": P_("seen on a document"),
                 "attached": P_("copy attached")}


# -- scanned pages ---------------------------------------------------------------------------------
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


class NoteBuilder:
    """Lays out the note and the letters as a story of flowables, in the request's language."""

    def __init__(self, snapshot, request: PacketRequest, audit: list[dict]) -> None:
        self.snapshot, self.recipient, self.lang, self.today = snapshot, request.recipient, request.lang, request.today
        self.health = consent_mod.may_share_health(snapshot, request.recipient, request.today)
        self.volunteer, self.association = _as_info(request.volunteer), _as_info(request.association)
        self.show_niss = request.show_niss
        self.reason, self.questions = request.reason.strip(), request.questions.strip()
        self.audit = audit  # the family file's journal: "what was done"
        self.story: list[Flowable] = []
        self.section_no = 0

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
            data.append([para(title, "cellb") for title in header])
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
        household = self.snapshot.household
        self.story += [markup(self.t("Handover note"), "title"), markup(self.t(MENTIONS[self.recipient]), "mention")]
        pairs = [(P_("Family"), household.display_name)]
        if self.recipient == "cpas":
            ref = self.snapshot.contact("cpas_referent") or self.snapshot.contact("cpas_social_worker")
            info = {k: v for k, v in ref.to_data().items() if not (k == "organisation" and v == household.cpas_name)} \
                if ref else {}
            pairs.append((P_("Recipient"), " · ".join(p for p in (household.cpas_name, _contact_line(info)) if p)))
            pairs.append((P_("CPAS file number"), household.cpas_file_number))
        else:
            contact = next((self.snapshot.contact(r) for r in RECIPIENT_CONTACTS[self.recipient] if self.snapshot.contact(r)),
                           None)
            pairs.append((P_("Recipient"), _contact_line(contact.to_data()) if contact else ""))
        pairs += [(P_("Volunteer"), _contact_line(self.volunteer)), (P_("Association"), _contact_line(self.association)),
                  (P_("Date"), short_date(self.today.isoformat()))]
        self.kv(pairs, 38 * mm)
        self.small(self.t("This is not a social report: the volunteer is not a social worker. The family agreed "
                          "to share this information (see Consent). Each statement says where it comes from."))
        self.story.append(Spacer(1, 2 * mm))

    def attention_box(self) -> None:
        points = points_of_attention(self.snapshot, self.today, self.lang)
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
        snapshot, household, lang = self.snapshot, self.snapshot.household, self.lang
        self.section("Household and residence")
        rows = []
        for m in snapshot.members:
            status = value_label(RESIDENCE_LABELS, m.residence_status, lang)
            card_word, until_word = self.t("card"), self.t("until")  # outside f-strings: extracted
            card = " ".join(p for p in ((f"{card_word} {m.card_type}" if m.card_type else ""),
                                         (f"{until_word} {short_date(m.card_expiry)}" if m.card_expiry else ""))
                            if p)
            rows.append([m.full_name, value_label(RELATION_LABELS, m.relation, lang), short_date(m.birth_date, unknown="omit"),
                         self.country(m.nationality), ", ".join(p for p in (status, card) if p),
                         self.niss(m.niss) if m.niss else "", self.source(m.source)])
        self.table([self.t("Name"), self.t("Relation"), self.t("Birth date"), self.t("Nationality"),
                    self.t("Residence"), self.t("National register number"), self.t("Source")], rows,
                   [26 * mm, 20 * mm, 21 * mm, 22 * mm, 34 * mm, 22 * mm, FRAME_W - 145 * mm])
        self.kv([(P_("Address"), household.address_obj.one_line()), (P_("Phone"), household.phone or (snapshot.applicant.phone if snapshot.applicant else "")),
                 (P_("E-mail"), household.email),
                 (P_("Commune registration"), short_date(household.commune_registration_date)
                  + (f" ({self.source(household.source_of('residence'))})" if household.commune_registration_date else ""))])

    def resources_section(self) -> None:
        snapshot, household, lang = self.snapshot, self.snapshot.household, self.lang
        self.section("Income, charges and debts")
        names = {m.id: m.full_name for m in snapshot.members}
        src = self.source(household.source_of("incomes"))
        rows = [[names.get(i.get("member_id", ""), ""), value_label(INCOME_LABELS, i.get("kind", ""), lang),
                 i.get("source", ""), money(i.get("monthly_eur"), lang), self.source(i.get("evidence") or None)
                 if i.get("evidence") else src] for i in household.incomes]
        ho = household.housing_obj
        if ho.rent_eur is not None or ho.charges_eur is not None:
            rows.append(["", self.t("Rent and charges (paid)"), "",
                         " + ".join(money(v, lang) for v in (ho.rent_eur, ho.charges_eur) if v is not None),
                         self.source(household.source_of("housing"))])
        for d in household.debts:
            what = " — ".join(p for p in (d.get("creditor", ""), money(d.get("amount_eur"), lang)) if p)
            rows.append(["", self.t("Debt"), what, money(d.get("monthly_eur"), lang),
                         self.source(d.get("source") or household.source_of("debts"))])
        self.table([self.t("Name"), self.t("Kind"), self.t("Paid by / to"), self.t("Monthly amount"),
                    self.t("Source")], rows, [32 * mm, 38 * mm, 45 * mm, 25 * mm, FRAME_W - 140 * mm])
        if not household.debts:
            self.small(self.t("Debts: none declared."))
        self.kv([(P_("Bank account"), " — ".join(p for p in (household.iban, household.iban_holder) if p)),
                 (P_("Health insurance fund"), household.mutuelle)])

    def housing_section(self) -> None:
        household, lang = self.snapshot.household, self.lang
        self.section("Housing")
        ho = household.housing_obj
        self.kv([(P_("Kind"), value_label(HOUSING_LABELS, ho.kind, lang)),
                 (P_("Rent"), money(ho.rent_eur, lang)), (P_("Charges"), money(ho.charges_eur, lang)),
                 (P_("Lease start"), short_date(ho.lease_start)), (P_("Lease registered"), yes_no(ho.lease_registered, lang)),
                 (P_("Bedrooms"), str(ho.bedrooms) if ho.bedrooms is not None else ""),
                 (P_("Landlord"), " — ".join(p for p in (ho.landlord_name, ho.landlord_address) if p)),
                 (P_("Source"), self.source(household.source_of("housing")))])

    def languages_section(self) -> None:
        household = self.snapshot.household
        self.section("Languages, French, schooling, diplomas and work")
        rows = []
        for m in self.snapshot.members:
            spoken = ", ".join(self.lang_name(c) for c in m.languages_spoken)
            rows.append([m.full_name, spoken, m.french_level, ", ".join(p for p in (m.school, m.education) if p),
                         m.work])
        self.table([self.t("Name"), self.t("Languages"), self.t("Level of French"),
                    self.t("Schooling and diplomas"), self.t("Work")], rows,
                   [30 * mm, 32 * mm, 22 * mm, 50 * mm, FRAME_W - 134 * mm])
        applicant = self.snapshot.applicant
        if applicant and not ({"fr", "nl"} & set(applicant.languages_spoken)):
            self.small(self.t("An interpreter may be needed for {language}.").format(
                language=self.lang_name(household.main_language or (applicant.languages_spoken or [""])[0])))
        self.small(self.t("Source") + " : " + self.source(household.source_of("languages")))

    def migration_section(self) -> None:
        household = self.snapshot.household
        mig = dict(household.migration or {})
        recognised = next((r.get("done_on", "") for r in self.snapshot.trajectory
                           if r.get("id") == "recognition" and r.get("status") == "done"), "")
        self.section("Migration dates")
        self.kv([(P_("Asylum application"), short_date(mig.get("asylum_applied_on", ""))),
                 (P_("CGRA decision"), short_date(mig.get("cgra_decision_on", "") or recognised)),
                 (P_("Left the reception centre"), " — ".join(p for p in (short_date(mig.get("reception_left_on", "")),
                                                                       mig.get("reception_centre", "")) if p)),
                 (P_("Source"), self.source(household.source_of("migration")) if (mig or recognised) else "")])
        if not (mig or recognised):
            self.small("— " + self.t("not known"))

    def requests_section(self) -> None:
        lang = self.lang
        self.section("Requests in progress and their legal state")
        silent = {id(f["request"]): f for f in requests_without_decision(self.snapshot, self.today)}
        rows = []
        for r in sorted(self.snapshot.requests, key=lambda r: r.submitted_on or ""):
            state = value_label(STATUS_LABELS, r.status, lang)
            flag = silent.get(id(r))
            if flag:
                state = self.t("no decision since {since}: appeal possible until {by}").format(
                    since=short_date(flag["since"]), by=short_date(flag["appeal_by"]))
            rows.append([r.what, r.to, short_date(r.submitted_on), short_date(r.acknowledged_on), r.reference, state,
                         self.source(r.source)])
        self.table([self.t("Request"), self.t("Sent to"), self.t("Submitted"), self.t("Acknowledgement of receipt"),
                    self.t("Reference"), self.t("Legal state"), self.t("Source")], rows,
                   [26 * mm, 23 * mm, 20 * mm, 20 * mm, 24 * mm, 38 * mm, FRAME_W - 151 * mm])
        for flag in silent.values():
            self.small(self.t("Legal basis: {source}.").format(source=flag["source"]))

    def deadlines_section(self) -> None:
        self.section("Deadlines")
        rows = []
        for t in self.snapshot.open_deadlines(self.today, lang="fr"):
            past = bool(t.due) and t.due < self.today.isoformat()
            when = short_date(t.due) + (f" {t.time}" if t.time else "")
            state = self.t("passed") if past else self.t("open")
            rows.append([when, state, task_title(t.title, self.lang), t.where])
        self.table([self.t("Due"), self.t("State"), self.t("What"), self.t("Where")], rows,
                   [24 * mm, 18 * mm, 90 * mm, FRAME_W - 132 * mm])

    def trajectory_section(self) -> None:
        """The integration path's open steps with their legal sources (dates computed from the rules)."""
        steps = [st for st in trajectory_for(self.snapshot, self.today) if st.status not in ("not_applicable", "done")]
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
                         " — ".join(p for p in (short_date(st.due), ", ".join(flags)) if p), st.contact_label])
            if st.source:
                sources[st.source] = st.source_date
        self.table([self.t("Step"), self.t("Status"), self.t("Deadline"), self.t("Contact")], rows,
                   [72 * mm, 20 * mm, 36 * mm, FRAME_W - 128 * mm])
        self.small(self.t("Steps computed from the residence status, the region and the commune registration "
                          "date; legal deadlines to be checked."))
        if sources:
            self.small(self.t("Sources") + " : " + " ; ".join(
                f"{src} ({short_date(d)})" if d else src for src, d in sources.items()))

    def contacts_section(self) -> None:
        self.section("Contacts")
        self.table([self.t("Role"), self.t("Name"), self.t("Organisation"), self.t("Phone"), self.t("E-mail")],
                   [[role_label(c.role, self.lang), c.name, c.organisation, c.phone, c.email]
                    for c in self.snapshot.contacts if self.health or c.role != "doctor"],
                   [30 * mm, 35 * mm, 45 * mm, 28 * mm, FRAME_W - 138 * mm])

    def consent_section(self) -> None:
        self.section("Consent")
        names = {m.id: m.full_name for m in self.snapshot.members}
        share = [c for c in self.snapshot.consents if c.scope == consent_mod.share_scope(self.recipient)
                 and consent_mod.is_active(c, self.today)]
        lines = []
        for c in share:
            lines.append(self.t("The family agreed to share its file with this recipient on {given} (until {end}), "
                                "explained in {language}.").format(given=short_date(c.given_on), end=short_date(c.ends_on),
                                                                   language=self.lang_name(c.language)))
        agreed, missing = consent_mod.health_share_adults(self.snapshot, self.recipient, self.today)
        if self.health:
            lines.append(self.t("Health information is shared: every adult agreed ({names}).").format(
                names=", ".join(m.full_name for m in agreed)))
        else:
            lines.append(self.t("No health information in this note: not every adult agreed to share it with this "
                                "recipient."))
        informs = consent_mod.informs_volunteer(self.snapshot, self.recipient, self.today)
        if informs:
            who = ", ".join(names.get(c.member_id, "") or self.t("the household") for c in informs)
            lines.append(self.t("The recipient may inform the volunteer about the file (consent of {who}, given on "
                                "{given}).").format(who=who, given=short_date(informs[0].given_on)))
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
        notes = [n for n in self.snapshot.notes if not n.health]
        health = [n for n in self.snapshot.notes if n.health] if self.health else []
        if not notes and not health:
            return
        self.section("Volunteer's observations")
        self.table([self.t("Date"), ""], [[short_date(n.created_at), para(n.text, "cell")] for n in notes],
                   [25 * mm, FRAME_W - 25 * mm], empty=False)
        if health:
            self.story.append(para(self.t("Health (shared with consent)"), "cellb"))
            self.table([self.t("Date"), ""], [[short_date(n.created_at), para(n.text, "cell")] for n in health],
                       [25 * mm, FRAME_W - 25 * mm])

    def timeline_section(self) -> None:
        events = timeline_events(self.snapshot, self.audit, self.snapshot.letters, self.lang)
        if not events:
            return
        self.section("What was done")
        self.table([self.t("Date"), self.t("What")], [[short_date(d), w] for d, w in events],
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
        self.story.append(para(self.t("Legal rules reviewed on {date}.").format(
            date=short_date(legal_rules.reviewed_on().isoformat())), "small"))
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
        self.kv([(P_("Sender"), lt.sender), (P_("Received on"), short_date(lt.received_on)),
                 (P_("Date"), short_date(lt.letter_date))])
        self.appeal_law(lt)
        for number, (jpeg, (width, height)) in enumerate(images, start=1):
            scale = min(FRAME_W / width, (FRAME_H - 55 * mm) / height)  # header + first page fit together
            self.story += [CondPageBreak(height * scale + 8 * mm), para(self.t("Page {n}").format(n=number), "small"),
                           ScanImage(jpeg, width * scale, height * scale),
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
                due=short_date(appeal["due"]), source=appeal.get("legal_source", "")))
        for code in appeal.get("warnings", []):
            lines.append(self.t(APPEAL_WARNINGS.get(code, code)))
        for line in lines:
            self.story.append(para(line, "small"))

    def _translation(self, lt) -> tuple[str, list[dict]]:
        translations = lt.translations or {}
        for code in (self.lang, self.snapshot.household.main_language, *translations):
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
    letter_date = date.fromisoformat(lt.letter_date) if lt.letter_date else None
    return extract_facts(lt.text, lang=lt.language or None, letter_date=letter_date).to_dict()["appeal"]


