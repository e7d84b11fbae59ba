"""What the letter means for the family, in the languages machine translation cannot reach: hand-written
phrase sets, no English, granted vs refused decisions, the right contact, pictograms that print."""

from __future__ import annotations

import argparse
import re
from datetime import date

import pytest

from tests.sheet.conftest import pdf_text
from volunteer_desk.family.model import Contact, Letter
from volunteer_desk.letters.facts import extract_facts
from volunteer_desk.letters.samples import sample_letter_text
from volunteer_desk.sheet.content import build_deadlines_sheet, build_sheet
from volunteer_desk.sheet.render import render_sheet_pdf

NEW_LANGUAGES = ("ps", "prs", "ti", "so", "kmr", "ckb")
# Common English words a phrase falling back to English would bring along (none is French or Dutch).
ENGLISH = {"the", "and", "you", "your", "must", "before", "letter", "from", "this", "with", "call", "bring",
           "granted", "good", "news", "office", "what", "when", "who", "for", "are", "will", "income", "keep",
           "doing", "passed", "appointment", "register", "integration", "to", "of", "by", "welfare",
           "volunteer", "checked", "native", "speaker", "family", "allowance", "something", "ask"}
# A letter (or mark) of each language's own alphabet that English, French and the others do not use.
OWN_SCRIPT = {"ps": "[ښټډړځڅۍې]", "prs": "[گچپژکی]", "ti": "[\u1200-\u137f]", "so": "[Xx]", "kmr": "[êîûçş]",
              "ckb": "[ەێڵڕۆ]"}
GRANTED = sample_letter_text("cpas_decision")        # CPAS of Namur grants the RIS (integration income)
REFUSED = GRANTED.replace(
    "a décidé de vous octroyer le revenu d'intégration au taux personne avec famille à charge, soit un montant "
    "mensuel de 1.626,61 € à partir du 1er février 2024", "a décidé de refuser votre demande de revenu d'intégration")
TODAY = date(2024, 3, 20)
LIEGE = Contact(role="cpas_social_worker", name="Mme Claire Lambert", organisation="CPAS de Liège",
                phone="+32 4 220 58 11", address="Place Saint-Jacques 13, 4000 Liège")


class Snap:
    def __init__(self, *contacts: Contact) -> None:
        self.contacts = list(contacts)


def _letter(text: str, letter_id: str = "L-D") -> Letter:
    return Letter(id=letter_id, title="Décision", text=text, language="fr", facts=extract_facts(text).to_dict())


def _english(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.casefold() in ENGLISH}


def test_every_phrase_file_is_complete_and_says_who_reviewed_it():
    from volunteer_desk.sheet.phrases import TABLES, _all, languages, meta

    data = _all()
    english = {k for k, v in data["en"].items() if isinstance(v, str)}
    assert set(NEW_LANGUAGES) <= set(languages()) and len(languages()) == 14
    for lang in languages():
        own = data[lang]
        assert english <= {k for k, v in own.items() if isinstance(v, str)}, lang
        for table in TABLES:
            assert set(data["en"][table]) <= set(own[table]), (lang, table)
        m = meta(lang)
        assert m["language"] == lang and "reviewed_by" in m and "reviewed_on" in m and m["written_by"]


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_cli_sheet_in_a_language_without_machine_translation(admin_session, demo_family_id, tmp_path, lang):
    from volunteer_desk.cli import sheet as cli
    from volunteer_desk.sheet.phrases import Phrases

    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    letter = _letter(GRANTED, f"L-{lang}")
    with admin_session.open_family(demo_family_id) as ff:
        ff.put("letters", letter.to_data(), letter.id)
        args = parser.parse_args(["sheet", "--family", demo_family_id, "--letter", letter.id, "--lang", lang,
                                  "--out", str(tmp_path / "s.pdf")])
        assert cli.run(ff, args, volunteer_name="Sam", today=TODAY) == 0
    text = pdf_text((tmp_path / "s.pdf").read_bytes())
    p = Phrases(lang)
    family_part = text.split(" ".join(p("h_show").split()[:1]))[0]   # before the show-this box (French)
    assert not _english(family_part), _english(family_part)
    assert not _english(text.replace("Service social", "")), lang   # nor anywhere (the box is French)
    assert len(re.findall(OWN_SCRIPT[lang], text)) >= 5, lang
    for key in ("m_good", "h_keep"):
        assert " ".join(p(key).split()[:2]).rstrip(".።") in " ".join(text.split()), (lang, key)
    assert p("check_native").split()[0] in text                       # "to be checked by a native speaker"
    assert "Ce texte doit encore être vérifié par un locuteur natif." in " ".join(text.split())


def test_arabic_deadlines_sheet_has_no_english_and_names_the_trajectory_steps(admin_session, demo_family_id):
    from volunteer_desk.family.snapshot import load

    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        snap = load(ff)
    # registered with the commune of Liège on 2026-09-01: CRI registration due 2026-12-01, next month
    sheet = build_deadlines_sheet(snap, "ar", date(2026, 11, 20), "Sam", "0470")
    text = pdf_text(render_sheet_pdf(sheet))
    assert "سجل في مركز الاندماج" in text                             # the CRI step, in Arabic
    assert not _english(text) and not re.search(r"Register|CRI", text)
    for section in sheet.sections:
        if not section.ltr:
            assert not any(re.search("[A-Za-z]", line) for line in section.lines), section.lines


def test_granted_and_refused_decisions_give_visibly_different_sheets():
    granted = build_sheet(_letter(GRANTED), Snap(LIEGE), "ar", "Sam", "0470", today=TODAY)
    refused = build_sheet(_letter(REFUSED), Snap(LIEGE), "ar", "Sam", "0470", today=TODAY)
    assert (granted.tone, refused.tone) == ("good", "act")
    g, r = granted.section("meaning").lines, refused.section("meaning").lines
    assert g[:3] == ["خبر جيد.", "تمت الموافقة على دخل الاندماج.", "ابتداء من 1 فبراير 2024."]
    assert r[:2] == ["يجب أن تفعل شيئا.", "تم رفض طلبك."]
    assert granted.section("keep").lines == [
        "أخبر مركز المساعدة الاجتماعية فورا بكل تغيير: العائلة، المال، العنوان.",
        "اتبع مشروع الاندماج الخاص بك مع المساعدة الاجتماعية."]
    # The granted sheet does not turn the appeal delay into "you must act before…".
    assert granted.section("todo") is None and granted.section("when") is None
    assert "يمكنك الطعن" in refused.section("todo").lines[0] and refused.section("keep") is None

    def band_colour(sheet):
        import subprocess

        ppm = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-"], input=render_sheet_pdf(sheet),
                             capture_output=True, check=True).stdout
        head = ppm.split(maxsplit=4)
        w, h, pixels = int(head[1]), int(head[2]), head[4][-int(head[1]) * int(head[2]) * 3:]
        band = [pixels[(y * w + x) * 3:(y * w + x) * 3 + 3] for y in range(int(h * 0.07), int(h * 0.16))
                for x in range(w)]
        greens = sum(1 for px in band if px[1] > px[0] + 40 and px[1] > px[2] + 20)
        oranges = sum(1 for px in band if px[0] > 200 and 60 < px[1] < 160 and px[2] < 80)
        return greens, oranges

    g_green, g_orange = band_colour(granted)
    r_green, r_orange = band_colour(refused)
    assert g_green > 50 and g_orange < 10                  # green band, tick pictogram
    assert r_orange > 50 and r_green < 10                  # orange band, warning pictogram


def test_the_contact_is_the_senders_office_not_the_first_social_worker():
    namur = Contact(role="cpas_social_worker", name="M. Paul Servais", organisation="CPAS de Namur",
                    phone="+32 81 33 70 00", address="Rue de Dave 165, 5100 Jambes")
    alone = build_sheet(_letter(GRANTED), Snap(LIEGE), "fr", "Sam", "0470 11 22 33", today=TODAY)
    assert alone.section("contact").lines == ["Téléphonez à votre bénévole : 0470 11 22 33"]
    assert not any("Lambert" in line or "220 58 11" in line for line in alone.text().splitlines())
    both = build_sheet(_letter(GRANTED), Snap(LIEGE, namur), "fr", "Sam", "0470", today=TODAY)
    assert both.section("contact").lines == ["Téléphonez : +32 81 33 70 00"]
    assert "M. Paul Servais — CPAS de Namur — +32 81 33 70 00" in both.section("show").lines


def test_french_names_stay_out_of_right_to_left_lines():
    for lang in ("ar", "fa", "prs", "ps", "ckb"):
        sheet = build_sheet(_letter(GRANTED), Snap(LIEGE), lang, "Sam", "0470", today=TODAY)
        assert sheet.rtl
        for section in sheet.sections:
            if section.ltr:
                assert "CPAS de Namur - Service social" in section.lines
                continue
            for line in section.lines:
                assert not re.search("[A-Za-zÀ-ÿ]", line), (lang, line)
        assert not any(re.search("[A-Za-z]", line) for line in sheet.footer), (lang, sheet.footer)


def test_a_passed_date_is_listed_apart_with_call_your_volunteer(letter):
    sheet = build_sheet(letter, None, "ar", "Sam", "0470", today=date(2025, 4, 1))   # due 21 March 2025
    assert sheet.section("when") is None
    late = sheet.section("late")
    assert late.heading == "فات الموعد: اتصل بالمتطوع" and late.dates == [date(2025, 3, 21)]
    assert "اتصل بالمتطوع بسرعة." in sheet.section("todo").lines
    keys = [s.key for s in sheet.sections]
    assert keys.index("contact") < keys.index("late")      # after what to do and whom to call


def test_a_done_task_does_not_come_back_through_its_letter(admin_session, demo_family_id, letter):
    from volunteer_desk.family.snapshot import load

    with admin_session.open_family(demo_family_id) as ff:
        ff.put("letters", letter.to_data(), letter.id)
        ff.put("tasks", {"title": "Documents CPAS", "due": "2025-03-21", "done": True, "kind": "deadline",
                         "letter_id": letter.id})
        snap = load(ff)
    sheet = build_deadlines_sheet(snap, "fr", date(2025, 3, 10))
    assert not any(d == date(2025, 3, 21) for s in sheet.sections for d in s.dates)


def test_documents_asked_in_a_sentence_get_their_pictograms():
    convocation = _letter(sample_letter_text("cpas_convocation"))
    sheet = build_sheet(convocation, None, "so", "Sam", "0470", today=TODAY)
    bring = sheet.section("bring")
    assert bring.pictos == ["id_card", "bank_statement", "lease", "household_composition"]
    assert bring.lines == ["kaarka aqoonsiga", "bayaanka bangiga", "heshiiska kirada", "warqadda xubnaha qoyska"]
    assert sheet.big_pictos                                # no Somali voice: pictograms printed larger


def test_every_pictogram_has_alt_text_in_every_language_and_prints():
    import subprocess

    from reportlab.pdfgen.canvas import Canvas

    from volunteer_desk.sheet import pictograms
    from volunteer_desk.sheet.phrases import Phrases, _all, languages

    names = pictograms.names()
    assert {"good", "act", "info", "calendar", "phone", "id_card", "residence_card", "bank_card", "payslip",
            "lease", "school_certificate"} <= set(names)
    for lang in languages():
        own = _all()[lang]
        for name in names:
            assert name in own["picto"] or name in own["document"], (lang, name)
            assert Phrases(lang).picto(name)
    import io

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(80 * len(names), 100))
    for i, name in enumerate(names):
        pictograms.draw(c, name, 80 * i + 8, 18, 64)
    c.save()
    ppm = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-"], input=buf.getvalue(), capture_output=True,
                         check=True).stdout
    head = ppm.split(maxsplit=4)
    w, px = int(head[1]), head[4][-int(head[1]) * int(head[2]):]
    for i, name in enumerate(names):
        inked = sum(1 for y in range(18, 82) for x in range(80 * i + 8, 80 * i + 72) if px[y * w + x] < 200)
        assert inked > 300, name                            # drawn, not a blank box


def test_a_pictogram_outside_the_svg_subset_is_refused(tmp_path, monkeypatch):
    from volunteer_desk.core.errors import CorruptFile
    from volunteer_desk.sheet import pictograms

    folder = tmp_path / "pictograms"
    folder.mkdir()
    (folder / "odd.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
                                    '<ellipse cx="3" cy="3" rx="2" ry="1"/></svg>')
    monkeypatch.setattr(pictograms.paths, "resource", lambda *parts: tmp_path.joinpath(*parts))
    pictograms.load.cache_clear()
    try:
        with pytest.raises(CorruptFile, match="outside the supported SVG subset"):
            pictograms.load("odd")
    finally:
        pictograms.load.cache_clear()


def test_a_reviewed_language_file_drops_the_check_line(monkeypatch):
    from volunteer_desk.sheet import phrases

    data = {k: dict(v) for k, v in phrases._all().items()}
    data["ti"]["meta"] = {**data["ti"]["meta"], "reviewed_by": "A. Tesfay", "reviewed_on": "2026-12-01"}
    packaged = build_sheet(_letter(GRANTED), None, "ti", "Sam", "0470", today=TODAY)
    assert any("ክረአ" in line for line in packaged.footer) and packaged.aside   # not reviewed yet: says so
    monkeypatch.setattr(phrases, "_all", lambda: data)
    sheet = build_sheet(_letter(GRANTED), None, "ti", "Sam", "0470", today=TODAY)
    assert not any("ክረአ" in line for line in sheet.footer) and sheet.aside == []


def test_a_decision_read_by_ocr_with_broken_lines_is_still_understood():
    from volunteer_desk.sheet.meaning import read_decision

    ocr = GRANTED.replace("décidé de vous octroyer", "décidé de vous\noctroyer").replace(
        "à partir du 1er", "à partir\ndu 1er")
    decision = read_decision(ocr, extract_facts(ocr).to_dict())
    assert (decision.outcome, decision.benefit, decision.start) == ("granted", "ris", date(2024, 2, 1))
    assert decision.keep == ["report_changes", "piis"]


def test_the_appeal_date_of_a_granted_decision_is_not_on_the_dates_sheet(admin_session, demo_family_id):
    from volunteer_desk.family.snapshot import load

    granted, refused = _letter(GRANTED, "L-G"), _letter(REFUSED, "L-R")
    with admin_session.open_family(demo_family_id) as ff:
        for lt in (granted, refused):
            ff.put("letters", lt.to_data(), lt.id)
            # the appeal date the facts engine gave (the statutory delay, not the letter's own)
            due = next(d["due"] for d in lt.facts["deadlines"] if d.get("action") == "appeal")
            ff.put("tasks", {"title": "Appeal deadline", "due": due, "kind": "deadline", "letter_id": lt.id})
        snap = load(ff)
    sheet = build_deadlines_sheet(snap, "fr", date(2024, 5, 25))  # the 3-month appeal date falls next month
    lines = [line for s in sheet.sections for line in s.lines]
    assert lines.count("le CPAS (aide sociale): Si vous n'êtes pas d'accord, vous pouvez contester la décision.") == 1


@pytest.mark.parametrize("word", ["ټولنیزې", "خۆبەخشەکەت"])   # Pashto, Sorani
def test_pashto_and_sorani_letters_are_joined_and_still_extractable(word):
    """arabic-reshaper has no joined forms for ټ ې ۆ ە…: HarfBuzz shapes those lines. Joined letters
    are narrower than the isolated forms the reshaper would print, and the text layer keeps the word."""
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from volunteer_desk.render.bidi import needs_harfbuzz, visual_rtl
    from volunteer_desk.render.fonts import font_runs, register_fonts
    from volunteer_desk.render.lines import draw_text, text_width

    register_fonts()
    assert needs_harfbuzz(word) and not needs_harfbuzz("خبر جيد")   # Arabic keeps its path
    isolated = sum(stringWidth(s, f, 18) for s, f in font_runs(visual_rtl(word)))
    assert text_width(word, 18) < 0.9 * isolated
    buf = io.BytesIO()
    c = Canvas(buf)
    draw_text(c, 300, 700, f"{word}: \u202a0470 11 22 33\u202c", size=18, width=250)
    c.save()
    text = pdf_text(buf.getvalue())
    assert word in text and "0470 11 22 33" in text
