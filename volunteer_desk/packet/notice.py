"""Printable consent notice in the family's language (texts: resources/consent/notice_v1.json)."""

from __future__ import annotations

import io
import json
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from volunteer_desk.core.errors import BadInput
from volunteer_desk.core.languages import RTL_LANGUAGES
from volunteer_desk.core.paths import resource
from volunteer_desk.family.consent import HEALTH_SHARE_SCOPES, INFORM_SCOPES, NOTICE_VERSION, SCOPES
from volunteer_desk.render.flowables import para

WIDTH = A4[0] - 40 * mm


@lru_cache(maxsize=1)
def notice_texts() -> dict[str, dict[str, str]]:
    data = json.loads(resource("consent", "notice_v1.json").read_text(encoding="utf-8"))
    return data["texts"]


def notice_languages() -> list[str]:
    return sorted(notice_texts())


def render_notice(language: str, *, scopes: list[str], family_label: str = "", association: str = "",
                  version: str = "1.0") -> bytes:
    """One A4 page: what we keep, a box per scope to tick, rights, signature lines."""
    texts = notice_texts().get(language)
    if texts is None:
        raise BadInput("The consent notice is not available in this language yet.",
                       hint="Available: " + ", ".join(notice_languages()) + ".")
    rtl = language in RTL_LANGUAGES
    t = texts.__getitem__  # every key is there (the notice test checks each language)
    story = [para(t("title"), "title"), Spacer(1, 3 * mm),
             para(t("intro").format(association=association or t("association")), "body"), Spacer(1, 4 * mm),
             para(t("choose"), "h2")]
    rows = []
    for scope in scopes:
        if scope in texts:
            text = para(texts[scope], "body")
            rows.append([text, ""] if rtl else ["", text])
    widths = [WIDTH - 10 * mm, 10 * mm] if rtl else [10 * mm, WIDTH - 10 * mm]
    box_col = 1 if rtl else 0
    table = Table(rows, colWidths=widths, hAlign="RIGHT" if rtl else "LEFT")
    table.setStyle(TableStyle([("BOX", (box_col, i), (box_col, i), 0.8, colors.black) for i in range(len(rows))]
                              + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 5)]))
    story += [table, Spacer(1, 5 * mm)]
    for key in ("duration", "rights", "not_required"):
        story += [para(t(key), "body"), Spacer(1, 2 * mm)]
    story.append(Spacer(1, 8 * mm))
    sign = [[para(t("sign_person"), "cellb"), para(t("sign_volunteer"), "cellb")],
            [para(t("date") + " :", "cell"), para(t("date") + " :", "cell")], ["", ""]]
    if rtl:
        sign = [list(reversed(r)) for r in sign]
    grid = Table(sign, colWidths=[WIDTH / 2] * 2, rowHeights=[None, 10 * mm, 28 * mm])
    grid.setStyle(TableStyle([("BOX", (0, 0), (0, -1), 0.6, colors.black), ("BOX", (1, 0), (1, -1), 0.6, colors.black),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [grid, Spacer(1, 6 * mm)]
    footer = t("version").format(version=version)
    if family_label:
        footer += f" · {family_label}"
    story.append(para(footer, "small"))
    # The volunteer may not read the family's language: say in French/Dutch what this page is.
    story.append(para(f"Notice de consentement / Toestemmingsformulier v{version} — {language}", "small"))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=f"consent-notice-{version}-{language}", author="",
                            creator="Volunteer Desk")
    doc.build(story)
    return buf.getvalue()


def notice_pdf(language: str, *, scopes: list[str] | None = None, family_label: str = "",
               association: str = "", version: str = NOTICE_VERSION) -> bytes:
    """Printable consent notice in the family's language; by default the scopes a first meeting asks."""
    default = [*SCOPES[:4], HEALTH_SHARE_SCOPES["cpas"], INFORM_SCOPES["cpas"]]
    return render_notice(language, scopes=scopes or default, family_label=family_label,
                         association=association, version=version)
