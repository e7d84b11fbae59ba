"""Family sheet: the printed page holds the date, the documents and the contact in the family's
language; right-to-left pages are right-aligned; the volunteer's edit and review mark are kept."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from tests.sheet.conftest import DOCUMENTS, PHONE, pdf_pages, pdf_text, render_gray
from volunteer_desk.sheet.content import build_deadlines_sheet, build_sheet
from volunteer_desk.sheet.render import render_sheet_pdf

DUE = date(2025, 3, 21)
TODAY = date(2025, 3, 5)


def test_arabic_sheet_holds_deadline_documents_and_contact(letter, translate):
    sheet = build_sheet(letter, None, "ar", "Sam", "0470 11 22 33", translation=translate("ar"),
                        reviewed_on=date(2025, 3, 5), today=TODAY)
    pdf = render_sheet_pdf(sheet)
    first = pdf_text(pdf, page=1)                      # the essentials are all on the first page
    # babel writes "الجمعة، 21 مارس 2025"; after shaping and bidi, each word is still there.
    for word in format_date(DUE, format="full", locale="ar").replace("،", " ").split():
        assert word in first
    assert "ماذا تحضر" in first                        # "what to bring"
    for name in ("بطاقة الهوية", "كشوف الراتب", "وثيقة تكوين الأسرة"):   # named by the phrase set
        assert name in first
    for doc in DOCUMENTS:                               # the letter's own words, in the show-this box
        assert doc in first
    assert PHONE in first and "0470 11 22 33" in first
    text = pdf_text(pdf)
    assert "ترجمة آلية" in text and "2025" in text.split("ترجمة آلية")[-1] + text  # reviewed mark
    assert "مركز المساعدة الاجتماعية" in first         # the sender's plain name, in Arabic


def test_ukrainian_sheet_writes_the_weekday_and_keeps_the_translation(letter, translate):
    sheet = build_sheet(letter, None, "uk", "Sam", "0470 11 22 33", translation=translate("uk"), today=TODAY)
    text = pdf_text(render_sheet_pdf(sheet))
    assert "пʼятниця, 21 березня 2025" in " ".join(text.split())
    assert "Привіт" in text                            # the (fixture) machine translation
    assert "ще не перевірений" in text                 # not reviewed yet: says so
    for doc in DOCUMENTS:
        assert doc in text
    assert PHONE in text


def test_rtl_page_is_inked_against_the_right_margin(letter):
    width, height, px = render_gray(render_sheet_pdf(build_sheet(letter, None, "ar", "Sam", "0470", today=TODAY)))
    ltr_w, _h, ltr_px = render_gray(render_sheet_pdf(build_sheet(letter, None, "fr", "Sam", "0470", today=TODAY)))

    def ink_columns(pixels: bytes, w: int, h: int) -> list[int]:
        cols = [0] * w
        for y in range(h):
            row = pixels[y * w:(y + 1) * w]
            for x, v in enumerate(row):
                if v < 128:
                    cols[x] += 1
        return cols

    cols = ink_columns(px, width, height)
    assert sum(cols) > 2000                             # not blank
    right_band = sum(cols[int(width * 0.85):int(width * 0.95)])
    left_band = sum(cols[int(width * 0.05):int(width * 0.15)])
    assert right_band > 2 * left_band                   # lines start at the right
    ltr = ink_columns(ltr_px, ltr_w, _h)
    assert sum(ltr[int(ltr_w * 0.05):int(ltr_w * 0.15)]) > sum(ltr[int(ltr_w * 0.85):int(ltr_w * 0.95)])


def test_every_sheet_language_prints_its_essentials_on_the_first_page(letter):
    import subprocess

    from volunteer_desk.sheet.phrases import languages

    assert len(languages()) == 14
    for lang in languages():
        sheet = build_sheet(letter, None, lang, "Sam", "0470", today=TODAY)
        assert sheet.phrases_lang == lang
        pdf = render_sheet_pdf(sheet)
        assert pdf_pages(pdf) == 1, lang
        first = pdf_text(pdf, page=1)
        assert "2025" in first and PHONE in first, lang
        fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "yes yes" in fonts                       # embedded subsets: prints the same everywhere


def test_large_print_body_18_dates_28_and_a_long_edit_flows_on(letter):
    import html
    import re
    import subprocess

    long_text = "Le texte corrigé par le bénévole. " * 80
    sheet = build_sheet(letter, None, "fr", "Sam", "0470", edited_text=long_text, today=TODAY)
    pdf = render_sheet_pdf(sheet)
    assert pdf_pages(pdf) >= 2                          # the edit flows onto further pages, nothing cut
    # pdftotext's word boxes are exactly one font size high.
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    words = [(float(b) - float(a), html.unescape(w.decode())) for a, b, w in
             re.findall(rb'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)]
    # Smaller than 18 pt: only the office's words in the show-this box, and the calendar page's month label
    # (the whole date is printed beside it at 28 pt).
    office = " ".join(sheet.section("show").lines + sheet.aside).split() + [format_date(DUE, "LLLL", locale="fr")]
    small = [w for h, w in words if h < 18 - 0.01]
    assert len(words) > 300 and all(w in office for w in small)   # only the office's words are smaller
    assert min(h for h, _w in words) >= 14 - 0.01
    date_words = [h for h, w in words if w in ("vendredi", "mars", "2025")]
    assert date_words and max(date_words) >= 28 - 0.01
    text = pdf_text(pdf, page=1)
    assert "vendredi 21 mars 2025" in text and DOCUMENTS[-1] in text   # the edit never pushes these out
    assert long_text.split()[0] in pdf_text(pdf)


def test_volunteer_edit_is_kept_and_printed_with_the_review_mark(admin_session, demo_family_id, letter):
    from volunteer_desk.family.snapshot import load
    from volunteer_desk.sheet.store import save_sheet_edit

    with admin_session.open_family(demo_family_id) as ff:
        ff.put("letters", letter.to_data(), letter.id)
        save_sheet_edit(ff, letter.id, "fr", "Le CPAS veut trois papiers avant le 21 mars.", date(2025, 3, 6))
    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        snap = load(ff)
    stored = next(lt for lt in snap.letters if lt.id == letter.id)
    assert stored.translations["fr"]["sheet_text"].startswith("Le CPAS veut trois papiers")
    text = pdf_text(render_sheet_pdf(build_sheet(stored, snap, "fr", "Sam", "0470", today=TODAY)))
    assert "Le CPAS veut trois papiers" in text
    assert "vérifiée par le bénévole le 6 mars 2025" in " ".join(text.split())


def test_deadlines_sheet_lists_this_month_then_next_and_passed_dates_apart(admin_session, demo_family_id):
    from volunteer_desk.family.snapshot import load

    with admin_session.open_family(demo_family_id) as ff:
        for title, due, done in [("Rendez-vous CPAS", "2025-03-28", False), ("Payer loyer", "2025-04-02", False),
                                 ("Déjà fait", "2025-03-25", True), ("Dans six mois", "2025-09-01", False),
                                 ("En retard", "2024-03-01", False)]:
            ff.put("tasks", {"title": title, "due": due, "done": done, "kind": "deadline"})
        snap = load(ff)
    sheet = build_deadlines_sheet(snap, "fr", date(2025, 3, 10))
    assert [s.key for s in sheet.sections] == ["this_month", "next_month", "late"]
    text = " ".join(pdf_text(render_sheet_pdf(sheet)).split())
    assert text.index("Ce mois-ci") < text.index("vendredi 28 mars 2025") < text.index("Le mois prochain")
    assert text.index("mercredi 2 avril 2025 Payer loyer") < text.index("Date dépassée")  # the 2024 date last
    assert text.index("Date dépassée") < text.index("vendredi 1 mars 2024") and "En retard" in text
    assert "Déjà fait" not in text and "Dans six mois" not in text
    ar = pdf_text(render_sheet_pdf(build_deadlines_sheet(snap, "ar", date(2025, 3, 10))))
    assert "هذا الشهر" in ar and "شيء يجب فعله" in ar    # a volunteer's French task: "something to do"
    assert "Payer loyer" in ar                           # … its words in the show-this box


def test_a_file_reference_is_not_printed_as_the_phone_to_call(letter):
    from dataclasses import replace

    with_reference = replace(letter, text=letter.text.replace(f"Tél. : {PHONE}", "Notre référence : RIS/2024/08731"))
    sheet = build_sheet(with_reference, None, "fr", "Sam", "0470", today=TODAY)
    assert "08731" not in sheet.text().replace("RIS/2024/08731", "")
    assert PHONE in build_sheet(letter, None, "fr", "Sam", "0470").text()


def test_documents_are_named_by_the_phrase_set_with_a_pictogram_and_shown_as_written(letter, translate):
    sheet = build_sheet(letter, None, "ar", "Sam", "0470", translation=translate("ar"), today=TODAY)
    bring = sheet.section("bring")
    assert bring.lines == ["بطاقة الهوية", "كشوف الراتب", "وثيقة تكوين الأسرة"]
    assert bring.pictos == ["id_card", "payslip", "household_composition"]
    assert all(doc in sheet.section("show").lines for doc in DOCUMENTS)
    text = pdf_text(render_sheet_pdf(sheet))
    for doc in DOCUMENTS:
        assert text.count(doc) == 1, doc                 # once, in the left-to-right box only


def test_a_document_no_phrase_names_is_machine_translated_when_a_model_exists(letter, translate):
    from dataclasses import replace

    from volunteer_desk.letters.facts import extract_facts
    from volunteer_desk.translation.engine import TranslationEngine

    text = letter.text.replace("- une composition de ménage.", "- une attestation de votre propriétaire.")
    odd = replace(letter, text=text, facts=extract_facts(text).to_dict())
    translate("uk")  # installs the fr→en→uk "Hello" models; no translation is handed to the sheet
    sheet = build_sheet(odd, None, "uk", "Sam", "0470", engine=TranslationEngine(beam_size=2), today=TODAY)
    assert sheet.section("bring").lines[:2] == ["посвідчення особи", "розрахункові листи"]
    assert sheet.section("bring").lines[2] == "Привіт"        # the model's (fixture) translation
    assert sheet.section("bring").pictos[2] == "document"


def test_without_a_model_an_unnamed_document_points_to_the_box(letter):
    from dataclasses import replace

    from volunteer_desk.letters.facts import extract_facts

    text = letter.text.replace("- une composition de ménage.", "- une attestation de votre propriétaire.")
    odd = replace(letter, text=text, facts=extract_facts(text).to_dict())
    for lang, other in (("ar", "ورقة أخرى (انظر الإطار)"), ("ps", "بله پاڼه (چوکاټ وګورئ)")):
        sheet = build_sheet(odd, None, lang, "Sam", "0470", today=TODAY)
        assert sheet.section("bring").lines[2] == other
        assert "une attestation de votre propriétaire" in sheet.section("show").lines


def test_amounts_are_printed_as_written_with_each_month_when_the_letter_says_so(letter):
    from dataclasses import replace

    from volunteer_desk.letters.facts import extract_facts

    text = letter.text.replace(
        "Sans ces documents,",
        "Le revenu d'intégration s'élève à 1.626,61 € par mois. Frais de dossier : 25,00 EUR.\n\nSans ces documents,")
    decision = replace(letter, text=text, facts=extract_facts(text).to_dict())
    fr = " ".join(pdf_text(render_sheet_pdf(build_sheet(decision, None, "fr", "Sam", "0470"))).split())
    assert "Montant : 1.626,61 € chaque mois" in fr and "Montant : 25,00 EUR" in fr
    ar = pdf_text(render_sheet_pdf(build_sheet(decision, None, "ar", "Sam", "0470")))
    assert "1.626,61 €" in ar and "25,00 EUR" in ar and "المبلغ" in ar and "كل شهر" in ar
    assert "Amount: 1.626,61 € each month" in build_sheet(decision, None, "en", "Sam", "0470").text()
    assert "1.626" not in build_sheet(letter, None, "fr", "Sam", "0470").text()   # no amount, no line


def test_deadlines_sheet_includes_the_integration_trajectory(admin_session, demo_family_id):
    from volunteer_desk.family.snapshot import load

    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        snap = load(ff)
    # registered with the commune of Liège on 2026-09-01: CRI registration due 2026-12-01, next month
    text = " ".join(pdf_text(render_sheet_pdf(build_deadlines_sheet(snap, "fr", date(2026, 11, 20)))).split())
    assert "mardi 1 décembre 2026" in text and "CRI" in text
