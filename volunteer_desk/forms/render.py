"""Render a FilledForm as a printable PDF (reportlab, in memory): A4, embedded fonts, ready to sign.

Labels are French, with Dutch beside them on Brussels forms. With ``family_language`` a small helper
line in that language sits under each label (Arabic-script lines shaped and right-aligned) so the
family can follow what they sign. Every page carries the form's source date and "page x/y".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from volunteer_desk import rules as legal_rules
from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import pgettext_in
from volunteer_desk.forms.acroform import fill_acroform, find_template
from volunteer_desk.forms.fill import FilledField, FilledForm, label_text
from volunteer_desk.forms.spec import FieldSpec, Text, helper_label
from volunteer_desk.render.fonts import register_fonts
from volunteer_desk.render.lines import draw_text, text_width, wrap

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
BOTTOM = 18 * mm
LABEL_W = 66 * mm
GAP = 4 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
VALUE_X = MARGIN + LABEL_W + GAP
VALUE_W = CONTENT_W - LABEL_W - GAP
GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.92, 0.92, 0.92)
HELPER = Color(0.1, 0.25, 0.5)
BOX = Color(0.55, 0.55, 0.55)

FORM_CONTEXT = "form"  # msgctxt of the forms' own words, in the fr and nl catalogues


def F_(msgid: str) -> str:  # noqa: N802 - gettext-style marker: extracted with context "form"
    return msgid


def form_words(msgid: str) -> Text:
    """A built-in label of the printed forms in French, and Dutch for Brussels forms."""
    return Text(pgettext_in(FORM_CONTEXT, msgid, "fr"), pgettext_in(FORM_CONTEXT, msgid, "nl"))


MEMBER_COLUMNS = {
    "name": (F_("Full name"), 0.32),
    "birth_date": (F_("Date of birth"), 0.16),
    "relation": (F_("Relation"), 0.16),
    "nationality": (F_("Nationality"), 0.14),
    "niss": (F_("NISS / BIS"), 0.22),
    "sex": (F_("Sex"), 0.08),
    "status": (F_("Residence"), 0.2),
}
INCOME_COLUMNS = (("member", F_("Member"), 0.3), ("kind", F_("Kind"), 0.28), ("source", F_("Paid by"), 0.24),
                  ("amount", F_("Amount"), 0.18))
SIGNER_LABELS = {
    "applicant": F_("Signature of the applicant"),
    "partner": F_("Signature of the spouse / partner"),
    "adult": F_("Signature (adult member)"),
    "volunteer": F_("Signature of the authorised person"),
    "landlord": F_("Signature of the landlord"),
}
ATTACHMENTS, WHERE_TO_SUBMIT, DECLARATION = (F_("Documents to attach"), F_("Where to submit the application"),
                                             F_("Declaration and signatures"))
FORM_WORDS = (*(label for label, _width in MEMBER_COLUMNS.values()), *(label for _k, label, _w in INCOME_COLUMNS),
              *SIGNER_LABELS.values(), ATTACHMENTS, WHERE_TO_SUBMIT, DECLARATION)


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds pages back until the end so each footer can say 'page x/y'."""

    def __init__(self, *args, footer: Callable[[rl_canvas.Canvas, int, int], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


@dataclass
class _Layout:
    c: rl_canvas.Canvas
    filled: FilledForm
    lang: str | None
    y: float = PAGE_H - MARGIN

    @property
    def bilingual(self) -> bool:
        return self.filled.bilingual

    # -- page flow ---------------------------------------------------------------------------------
    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.c.showPage()
            self.y = PAGE_H - MARGIN
            draw_text(self.c, MARGIN, self.y - 8, self.filled.spec.title.fr + " (suite)", size=8)
            self.y -= 16

    def helper(self, help_id: str) -> str:
        return helper_label(help_id, self.lang) if self.lang else ""

    # -- pieces ------------------------------------------------------------------------------------
    def label_lines(self, text: Text, help_id: str, width: float) -> list[tuple[str, float, Color, bool]]:
        """(line, size, colour, bold) for a label block: French, Dutch (Brussels), helper line."""
        lines = [(ln, 8.5, black, True) for ln in wrap(text.fr, 8.5, width, bold=True)]
        if self.bilingual and text.nl:
            lines += [(ln, 8, GREY, False) for ln in wrap(text.nl, 8, width)]
        helper = self.helper(help_id)
        if helper:
            lines += [(ln, 8, HELPER, False) for ln in wrap(helper, 8, width)]
        return lines

    def draw_lines(self, x: float, y: float, lines, width: float) -> float:
        for text, size, colour, bold in lines:
            self.c.setFillColor(colour)
            draw_text(self.c, x, y - size, text, size=size, width=width, bold=bold)
            y -= size * 1.25
        self.c.setFillColor(black)
        return y

    def checkbox(self, x: float, y: float, ticked: bool, size: float = 8.5) -> None:
        self.c.setStrokeColor(black)
        self.c.setLineWidth(0.8)
        self.c.rect(x, y, size, size, stroke=1, fill=0)
        if ticked:
            self.c.setLineWidth(1.3)
            self.c.line(x + 1.5, y + 1.5, x + size - 1.5, y + size - 1.5)
            self.c.line(x + 1.5, y + size - 1.5, x + size - 1.5, y + 1.5)
        self.c.setLineWidth(0.8)

    def heading(self, text: Text, help_id: str = "") -> None:
        title = label_text(text, self.bilingual)
        lines = wrap(title, 10.5, CONTENT_W - 8, bold=True)
        helper = self.helper(help_id)
        height = 14 * len(lines) + 6 + (12 if helper else 0)
        self.ensure(height + 30)
        self.y -= 4
        self.c.setFillColor(LIGHT)
        self.c.rect(MARGIN, self.y - 14 * len(lines) - 4, CONTENT_W, 14 * len(lines) + 4, stroke=0, fill=1)
        self.c.setFillColor(black)
        y = self.y - 12
        for line in lines:
            draw_text(self.c, MARGIN + 4, y, line, size=10.5, bold=True)
            y -= 14
        self.y = y + 14 - 8
        if helper:
            self.c.setFillColor(HELPER)
            draw_text(self.c, MARGIN, self.y - 8, helper, size=8, width=CONTENT_W)
            self.c.setFillColor(black)
            self.y -= 12
        self.y -= 4

    def paragraph(self, text: str, size: float = 8.5, colour: Color = black, width: float = CONTENT_W,
                  x: float = MARGIN) -> None:
        for line in wrap(text, size, width):
            self.ensure(size * 1.3)
            self.c.setFillColor(colour)
            draw_text(self.c, x, self.y - size, line, size=size, width=width)
            self.y -= size * 1.3
        self.c.setFillColor(black)

    # -- fields --------------------------------------------------------------------------------------
    def field(self, ff: FilledField) -> None:
        spec = ff.spec
        if spec.kind == "members":
            columns = [(k, form_words(MEMBER_COLUMNS[k][0]), MEMBER_COLUMNS[k][1]) for k in spec.columns
                       if k in MEMBER_COLUMNS]
            return self.table(spec, columns, ff.print_value or [])
        if spec.kind == "incomes":
            return self.table(spec, [(k, form_words(label), width) for k, label, width in INCOME_COLUMNS],
                              ff.print_value or [])
        label = self.label_lines(spec.label, spec.help, LABEL_W)
        label_h = sum(s * 1.25 for _, s, _, _ in label)
        if spec.kind == "choice":
            self.choice_row(spec, label, label_h, str(ff.print_value or ""))
            return
        if spec.kind == "checkbox":
            self.ensure(max(label_h, 14) + 4)
            top = self.y
            self.draw_lines(MARGIN, top, label, LABEL_W)
            self.checkbox(VALUE_X, top - 11, bool(ff.print_value))
            draw_text(self.c, VALUE_X + 13, top - 10, "oui / ja" if self.bilingual else "oui", size=9)
            self.y = top - max(label_h, 14) - 4
            return
        value = "" if ff.print_value is None else str(ff.print_value)
        value_lines = wrap(value, 10, VALUE_W - 8) if value else []
        rows = max(len(value_lines), spec.lines, 1)
        box_h = rows * 13 + 5
        height = max(label_h, box_h)
        self.ensure(height + 4)
        top = self.y
        self.draw_lines(MARGIN, top, label, LABEL_W)
        self.c.setStrokeColor(BOX)
        self.c.setLineWidth(0.6)
        self.c.rect(VALUE_X, top - box_h, VALUE_W, box_h, stroke=1, fill=0)
        self.c.setStrokeColor(black)
        y = top - 12
        for line in value_lines:
            draw_text(self.c, VALUE_X + 4, y, line, size=10, width=VALUE_W - 8)
            y -= 13
        self.y = top - height - 4

    def choice_row(self, spec: FieldSpec, label, label_h: float, selected: str) -> None:
        # Lay the options out left to right, wrapping inside the value column.
        items, x, line = [], 0.0, 0
        for choice in spec.choices:
            text = label_text(choice.label, self.bilingual)
            w = 13 + min(VALUE_W - 13, text_width(text, 9)) + 10
            if x and x + w > VALUE_W:
                x, line = 0.0, line + 1
            items.append((x, line, text, choice.value == selected))
            x += w
        height = max(label_h, (line + 1) * 14 + 2)
        self.ensure(height + 4)
        top = self.y
        self.draw_lines(MARGIN, top, label, LABEL_W)
        for ox, ln, text, ticked in items:
            y = top - 11 - ln * 14
            self.checkbox(VALUE_X + ox, y, ticked)
            draw_text(self.c, VALUE_X + ox + 12, y + 1, text, size=9, width=VALUE_W - ox - 12)
        self.y = top - height - 4

    def table(self, spec: FieldSpec, columns, rows: list[dict]) -> None:
        label = self.label_lines(spec.label, spec.help, CONTENT_W)
        label_h = sum(s * 1.25 for _, s, _, _ in label)
        self.ensure(label_h + 36)
        self.y = self.draw_lines(MARGIN, self.y, label, CONTENT_W) - 2
        total = sum(c[2] for c in columns)
        widths = [CONTENT_W * c[2] / total for c in columns]

        def header() -> None:
            heads = [label_text(c[1], self.bilingual) for c in columns]
            lines = [wrap(h, 7.5, w - 4, bold=True) for h, w in zip(heads, widths, strict=True)]
            h = max(len(ls) for ls in lines) * 9.5 + 4
            self.ensure(h + 16)
            self.c.setFillColor(LIGHT)
            self.c.rect(MARGIN, self.y - h, CONTENT_W, h, stroke=0, fill=1)
            self.c.setFillColor(black)
            x = MARGIN
            for ls, w in zip(lines, widths, strict=True):
                yy = self.y - 9
                for ln in ls:
                    draw_text(self.c, x + 2, yy, ln, size=7.5, bold=True)
                    yy -= 9.5
                x += w
            self.y -= h

        header()
        blank_rows = 0 if rows else 3
        for row in list(rows) + [{}] * blank_rows:
            cells = [wrap(str(row.get(c[0], "") or ""), 9, w - 4)
                     for c, w in zip(columns, widths, strict=True)]
            h = max(max(len(cl) for cl in cells), 1) * 11 + 5
            if self.y - h < BOTTOM:
                self.ensure(h + 40)
                header()
            x = MARGIN
            self.c.setStrokeColor(BOX)
            self.c.setLineWidth(0.5)
            for cl, w in zip(cells, widths, strict=True):
                self.c.rect(x, self.y - h, w, h, stroke=1, fill=0)
                yy = self.y - 10
                for ln in cl:
                    draw_text(self.c, x + 2, yy, ln, size=9, width=w - 4)
                    yy -= 11
                x += w
            self.c.setStrokeColor(black)
            self.y -= h
        self.y -= 6


def _footer(filled: FilledForm) -> Callable[[rl_canvas.Canvas, int, int], None]:
    spec = filled.spec
    note = (f"Version du {spec.source_date} · préparé le {short_date(filled.filled_on)}"
            " avec Volunteer Desk — à vérifier avant signature")

    def draw(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.setFillColor(GREY)
        c.setStrokeColor(BOX)
        c.setLineWidth(0.4)
        c.line(MARGIN, 13 * mm, PAGE_W - MARGIN, 13 * mm)
        c.setFont(register_fonts().sans, 7)
        c.drawString(MARGIN, 9 * mm, note)
        c.setFont(register_fonts().sans, 8)
        page = f"Page {number}/{total}" if not filled.bilingual else f"Page {number}/{total} · Blz. {number}/{total}"
        c.drawRightString(PAGE_W - MARGIN, 9 * mm, page)
        c.setFillColor(black)

    return draw


def _title_block(lay: _Layout) -> None:
    spec, c = lay.filled.spec, lay.c
    for line in wrap(spec.title.fr, 15, CONTENT_W, bold=True):
        draw_text(c, MARGIN, lay.y - 15, line, size=15, bold=True)
        lay.y -= 19
    if lay.bilingual and spec.title.nl:
        c.setFillColor(GREY)
        for line in wrap(spec.title.nl, 11.5, CONTENT_W):
            draw_text(c, MARGIN, lay.y - 12, line, size=11.5)
            lay.y -= 15
        c.setFillColor(black)
    lay.y -= 2
    lay.paragraph(label_text(spec.body, lay.bilingual), size=9, colour=GREY)
    if lay.filled.submit_to:
        lay.paragraph(("Destinataire : " if not lay.bilingual else "Destinataire / Bestemmeling : ")
                      + lay.filled.submit_to, size=9)
    if spec.intro.fr:
        lay.y -= 3
        lay.paragraph(spec.intro.fr, size=8, colour=GREY)
        if lay.bilingual and spec.intro.nl:
            lay.paragraph(spec.intro.nl, size=8, colour=GREY)
    lay.y -= 6
    c.setStrokeColor(black)
    c.setLineWidth(1)
    c.line(MARGIN, lay.y, PAGE_W - MARGIN, lay.y)
    lay.y -= 6


def _attachments_block(lay: _Layout) -> None:
    lay.heading(form_words(ATTACHMENTS), "attachments")
    for attachment, _where in lay.filled.attachments:
        texts = [(attachment.label.fr, 9, black)]
        if lay.bilingual and attachment.label.nl:
            texts.append((attachment.label.nl, 8, GREY))
        lines = [(ln, s, col) for t, s, col in texts for ln in wrap(t, s, CONTENT_W - 16)]
        lay.ensure(sum(s * 1.3 for _, s, _ in lines) + 3)
        lay.checkbox(MARGIN, lay.y - 9, False)
        for ln, s, col in lines:
            lay.c.setFillColor(col)
            draw_text(lay.c, MARGIN + 14, lay.y - s, ln, size=s, width=CONTENT_W - 16)
            lay.y -= s * 1.3
        lay.c.setFillColor(black)
        lay.y -= 3


def _submit_block(lay: _Layout) -> None:
    spec = lay.filled.spec
    lay.heading(form_words(WHERE_TO_SUBMIT), "where_to_submit")
    lay.paragraph(spec.submit.fr, size=9)
    if lay.bilingual and spec.submit.nl:
        lay.paragraph(spec.submit.nl, size=8.5, colour=GREY)
    for text in statutory_delay_lines(spec, lay.filled.filled_on, bilingual=lay.bilingual):
        lay.paragraph(text, size=9)


def statutory_delay_lines(spec, on, bilingual: bool = False) -> list[str]:
    """The legal delays the form states, read from the rules (never a figure in code), with the source."""
    lines = []
    for rule_id in spec.statutory_delays:
        rule = legal_rules.get(rule_id, on=on)
        delay = rule.unit in ("duration", "working_days")
        lines.append(f"{'Délai légal' if delay else 'Règle légale'} : {rule.explanation('fr')} ({rule.citation})")
        if bilingual:
            lines.append(f"{'Wettelijke termijn' if delay else 'Wettelijke regel'}: {rule.explanation('nl')}")
    return lines


def _signature_block(lay: _Layout) -> None:
    filled = lay.filled
    spec = filled.spec
    lay.heading(form_words(DECLARATION), "declaration")
    if spec.declaration.fr:
        lay.paragraph(spec.declaration.fr, size=9)
        if lay.bilingual and spec.declaration.nl:
            lay.paragraph(spec.declaration.nl, size=8.5, colour=GREY)
    lay.y -= 4
    lay.ensure(24)
    place = filled.place or "…………………………"
    date_line = (f"Fait à / Opgemaakt te {place}, le / op ……… / ……… / …………" if lay.bilingual
                 else f"Fait à {place}, le ……… / ……… / …………")
    draw_text(lay.c, MARGIN, lay.y - 10, date_line, size=10, width=CONTENT_W)
    helper = lay.helper("date")
    lay.y -= 16
    if helper:
        lay.c.setFillColor(HELPER)
        draw_text(lay.c, MARGIN, lay.y - 8, helper, size=8, width=CONTENT_W)
        lay.c.setFillColor(black)
        lay.y -= 12
    lay.y -= 4
    signers = list(filled.signers.items()) or [("applicant", "")]
    box_w, box_h = (CONTENT_W - GAP) / 2, 30 * mm
    sign_helper = lay.helper("signature")
    for i in range(0, len(signers), 2):
        lay.ensure(box_h + 30)
        top = lay.y
        for j, (role, name) in enumerate(signers[i:i + 2]):
            x = MARGIN + j * (box_w + GAP)
            base_role = role.split(":")[0]
            caption = label_text(dict(spec.signature_captions).get(base_role) or form_words(SIGNER_LABELS[base_role]),
                                 lay.bilingual)
            y = top
            for ln in wrap(caption, 8.5, box_w, bold=True):
                draw_text(lay.c, x, y - 8.5, ln, size=8.5, bold=True)
                y -= 10.5
            if sign_helper:
                lay.c.setFillColor(HELPER)
                draw_text(lay.c, x, y - 8, sign_helper, size=8, width=box_w)
                lay.c.setFillColor(black)
                y -= 10
            lay.c.setStrokeColor(BOX)
            lay.c.rect(x, y - box_h, box_w, box_h, stroke=1, fill=0)
            lay.c.setStrokeColor(black)
            if name:
                draw_text(lay.c, x + 3, y - box_h + 4, name, size=8, width=box_w - 6)
        lay.y = top - box_h - 36


def render_pdf(filled: FilledForm, family_language: str | None = None, *, official: bool = True,
               forms_dir: Path | None = None) -> bytes:
    """The form as PDF bytes (never written to disk here). ``family_language``: helper lines, e.g. 'ar'.

    When the association put the body's own fillable PDF and a mapping in the forms folder (see
    ``acroform.py``) and ``official`` is true, that PDF is filled instead of our layout.
    """
    if official:
        template = find_template(filled.spec.id, forms_dir)
        if template is not None:
            return fill_acroform(template[0], template[1], filled)
    return render_own_layout(filled, family_language)


def render_own_layout(filled: FilledForm, family_language: str | None = None) -> bytes:
    """Our faithful layout of the form (reportlab)."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    # initialFontName: otherwise reportlab references a non-embedded Helvetica on every page.
    c = _NumberedCanvas(buffer, pagesize=A4, footer=_footer(filled), pageCompression=1,
                        initialFontName=fonts.sans, initialFontSize=10)
    c.setTitle(filled.spec.title.fr)
    c.setAuthor("Volunteer Desk")
    c.setSubject(filled.spec.id)
    lay = _Layout(c, filled, family_language or None)
    _title_block(lay)
    for index, section in enumerate(filled.spec.sections):
        fields = [filled.values[f.id] for f in section.fields if f.id in filled.values]
        if index in filled.skipped_sections or not fields:
            continue
        lay.heading(section.title, section.help)
        for ff in fields:
            lay.field(ff)
    _attachments_block(lay)
    _submit_block(lay)
    _signature_block(lay)
    c.showPage()
    c.save()
    return buffer.getvalue()


