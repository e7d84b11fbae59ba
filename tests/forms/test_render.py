"""Printed PDFs: every form renders, values are in the text, Dutch on Brussels forms, Arabic helpers."""

from __future__ import annotations

import io
import subprocess
import unicodedata

import numpy as np
import pytest
from PIL import Image

from tests.forms.conftest import TODAY, pdf_pages, pdftotext
from volunteer_desk.forms import catalogue, fill, render_pdf
from volunteer_desk.forms.render import LABEL_W, MARGIN
from volunteer_desk.forms.spec import helper_label


def _forms_for(region: str) -> list[str]:
    return [f.id for f in catalogue(region)]


@pytest.mark.parametrize("region", ["wallonia", "brussels"])
def test_every_form_renders_with_the_family_values(region, demo_snapshot, brussels_snapshot):
    snapshot = demo_snapshot if region == "wallonia" else brussels_snapshot
    for form_id in _forms_for(region):
        filled = fill(form_id, snapshot, "Sam Peeters", today=TODAY)
        pdf = render_pdf(filled)
        assert pdf.startswith(b"%PDF-"), form_id
        pages = pdf_pages(pdf)
        text = pdftotext(pdf)
        assert filled.spec.title.fr.split(" — ")[0][:30] in text.replace("\n", " "), form_id
        assert "Haddad" in text, form_id
        assert f"Page {pages}/{pages}" in text, form_id
        if "iban" in filled.values:
            assert "BE48 3200 7018 4927" in text, form_id
        if "rent" in filled.values:
            assert "650,00 €" in text, form_id
        if filled.spec.print_sensitive and "niss" in filled.values:
            assert "88.00.00-123.76" in text, form_id
        else:
            assert "88.00.00-123.76" not in text, form_id
        if region == "brussels":
            assert "Geboortedatum" in text and "Blz." in text, form_id
        else:
            assert "Geboortedatum" not in text, form_id


def test_fonts_are_embedded(demo_snapshot):
    pdf = render_pdf(fill("cpas_aide_sociale", demo_snapshot), "ar")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows)  # the 'emb' column
    assert any("Arabic" in row[0] for row in rows)


def test_procuration_prints_the_niss_masked(demo_snapshot):
    text = pdftotext(render_pdf(fill("procuration", demo_snapshot, "Sam Peeters")))
    assert "•••••••••76" in text and "Signature du mandant" in text and "Sam Peeters" in text


def test_checkbox_choices_tick_the_family_value(demo_snapshot):
    # "location privée" is ticked: the tick is two diagonal lines inside the first housing box.
    plain = render_pdf(fill("cpas_aide_sociale", demo_snapshot))
    demo_snapshot.household.housing["kind"] = "homeless"
    other = render_pdf(fill("cpas_aide_sociale", demo_snapshot))
    assert plain != other


def _page_png(pdf: bytes, dpi: int = 100) -> np.ndarray:
    png = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def test_arabic_helper_lines_are_shaped_drawn_and_right_aligned(demo_snapshot):
    filled = fill("cpas_aide_sociale", demo_snapshot, today=TODAY)
    with_helpers = render_pdf(filled, "ar")
    without = render_pdf(filled)
    raw = pdftotext(with_helpers)
    # Shaped: the PDF holds Arabic presentation forms (joined letters), not isolated base letters…
    assert any(0xFE70 <= ord(c) <= 0xFEFF for c in raw)
    # …and the text reads back as the helper label in logical order.
    assert helper_label("last_name", "ar") in unicodedata.normalize("NFKC", raw)

    dpi = 100
    a, b = _page_png(with_helpers, dpi), _page_png(without, dpi)
    assert a.shape == b.shape
    label_right = int((MARGIN + LABEL_W) / 72 * dpi)
    # Where the pages differ (the helper lines), ink sits in the label column, flush right.
    diff = np.abs(a.astype(int) - b.astype(int)) > 60
    ink = (a < 128) & diff
    cols = np.where(ink[:, : label_right + 5].any(axis=0))[0]
    assert ink[:, : label_right + 5].sum() > 2000          # many helper glyphs, not a stray pixel
    assert label_right - 6 <= cols.max() <= label_right + 2
    rows = np.where(ink.any(axis=1))[0]
    assert len(set(rows // 20)) > 8                         # one helper under each of many labels


def test_long_arabic_text_wraps_in_reading_order():
    from volunteer_desk.render.lines import wrap

    words = ["كلمة" + str(i) for i in range(30)]
    lines = wrap(" ".join(words), 10, 120)
    assert len(lines) > 3
    assert lines[0].split()[0] == words[0] and lines[-1].split()[-1] == words[-1]
    assert " ".join(lines).split() == words
