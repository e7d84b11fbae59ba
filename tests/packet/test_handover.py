"""The handover packet, checked the way a référent would see it: text (pdftotext) and page images."""

from __future__ import annotations

import argparse
import io
import re
from datetime import date

import pytest

from tests.packet.helpers import (
    HEALTH_MARK,
    OCR_MARK,
    TODAY,
    embedded_images,
    ink_in_middle,
    overlapping_words,
    page_image,
    pdf_pages,
    pdf_text,
    word_boxes,
)
from volunteer_desk.family import snapshot
from volunteer_desk.family.consent import new_consent, withdraw
from volunteer_desk.packet.build import NoConsent, build_packet, packet_for_family
from volunteer_desk.packet.request import FormPdf, PacketRequest

VOLUNTEER = {"name": "Sam Bénévole", "phone": "+32 470 99 88 77"}
ASSOCIATION = {"name": "Entraide Saint-Léonard", "email": "contact@entraide.invalid"}


def _build(session, fid, **kw):
    with session.open_family(fid, read_only=True) as ff:
        snap = snapshot.load(ff)
        request = PacketRequest(kw.pop("recipient", "cpas"), kw.pop("lang", "fr"), kw.pop("today", TODAY),
                                VOLUNTEER, ASSOCIATION, **kw)
        return build_packet(snap, ff, request)


def snapshot_niss(session, fid) -> str:
    with session.open_family(fid, read_only=True) as ff:
        return snapshot.load(ff).applicant.niss


def _set_consents(session, fid, consents):
    with session.open_family(fid) as ff:
        for c in snapshot.load(ff).consents:
            ff.delete("consents", c.id)
        for c in consents:
            snapshot.save(ff, c)


# What no packet may show: internal codes (snake_case ids, journal actions, letter kinds) and English
# labels in a French packet.
INTERNAL_CODE = re.compile(r"\b(?:[a-z]+_[a-z_]+|[a-z]+\.[a-z_]+(?:\.[a-z_]+)*)\b")
ENGLISH = ("Appeal deadline", "Deadline", "Letter received", "Request", "Household", "Handover", "decision",
           "Nationality", "Recorded in the file", "appeal possible", "declared", "Reason", "until")


def _clean_text_checks(pdf: bytes, niss: str) -> str:
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    # e-mail addresses and web addresses (legal sources) are not codes
    words = re.sub(r"\S+@\S+|\b[\w.-]+\.(?:be|org|com|eu|brussels|wallonie|invalid)\b\S*", " ", text)
    codes = INTERNAL_CODE.findall(words)
    assert not codes, codes
    english = [w for w in ENGLISH if re.search(rf"(?<![\w']){re.escape(w)}", flat)]
    assert not english, english
    assert niss not in re.sub(r"\D", "", flat), "full national number printed"
    return flat


def _assert_no_overlap(pdf: bytes) -> None:
    """Nothing printed over the packet's footer, nor the footer over anything (bottom 25 mm of each page)."""
    for number, words in enumerate(word_boxes(pdf), start=1):
        bottom = [w for w in words if w[3] > 842 - 25 * 2.835]
        assert not overlapping_words(bottom), (number, overlapping_words(bottom)[:5])
        assert any(w[4] in ("sur", "van") for w in bottom), number  # the footer is there


def test_default_packet_is_the_note_with_its_attention_box_and_the_forms_for_the_cpas(family_with_letters):
    session, fid, _ = family_with_letters
    pdf = _build(session, fid, reason="Relais pour le PIIS", questions="La prime est-elle en cours ?")
    total = pdf_pages(pdf)
    assert total <= 8
    flat = _clean_text_checks(pdf, snapshot_niss(session, fid))
    first = " ".join(subprocess_page_text(pdf, 1).split())
    # page 1: who, for whom, and the points of attention
    for expected in ("Note de transmission", "Informations transmises par le bénévole — à vérifier par le CPAS",
                     "Famille Haddad (démo)", "M. Marc Jacobs", "Sam Bénévole", "Entraide Saint-Léonard",
                     "20/11/2026", "Points d'attention",
                     "Inscription à la commune (01/09/2026) antérieure au début du bail (01/10/2026)",
                     "aucune garantie locative n'a été demandée",
                     "Pas de décision du CPAS sur « Prime d'installation » depuis le 02/11/2026",
                     # a right about to be lost: the reunification window after the CGRA decision (rules)
                     "Regroupement familial sans conditions de revenus ni de logement : demande à introduire au plus "
                     "tard le 15/12/2026",
                     "Relais pour le PIIS", "La prime est-elle en cours ?"):
        assert expected in first, expected
    # the social-report headings, in order
    headings = ["Motif de la transmission et questions pour le référent", "Ménage et séjour",
                "Revenus, charges et dettes", "Logement", "Langues, niveau de français, scolarité",
                "Parcours migratoire", "Demandes en cours et leur état légal", "Échéances", "Intervenants",
                "Consentement"]
    positions = [m.start() if (m := re.search(r"\d+\. " + re.escape(h), flat)) else -1 for h in headings]
    assert all(p >= 0 for p in positions), dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
    # where each statement comes from; countries and languages by name
    assert "déclaré par la famille" in flat and "Syrie" in flat and "arabe" in flat
    assert "Nationalité SY" not in flat and " SY " not in flat
    # no letter by default; the open appointment, and a task of another sender shown as done/past
    assert OCR_MARK not in flat
    assert "03/12/2026 10:30" in flat and "Rendez-vous assistante sociale" in flat
    # forms addressed to the CPAS that the family has not asked for: one rent-guarantee form, not three;
    # not the RIS form (granted) nor the installation grant (asked for)
    alternatives = ("avance du CPAS sur compte bloqué", "garantie bancaire via le CPAS", "lettre de caution du CPAS")
    assert sum(a in flat for a in alternatives) == 1, [a for a in alternatives if a in flat]
    assert "Demande de prime d'installation" not in flat and "Demande d'aide sociale" not in flat
    for n in (1, total):
        assert f"page {n} sur {total}" in flat, n
    # health: keeping it (store_health) is not sharing it
    assert "orthophoniste" not in flat and HEALTH_MARK not in flat
    _assert_no_overlap(pdf)


def subprocess_page_text(pdf: bytes, page: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")


def test_the_volunteer_picks_letters_and_forms_and_alternatives_are_never_both(family_with_letters):
    session, fid, letters = family_with_letters
    pdf = _build(session, fid, letter_ids=[letters["cpas"], letters["doctor"]],
                 form_ids=["garantie_locative_bancaire", "garantie_locative_avance", "procuration"])
    flat = _clean_text_checks(pdf, snapshot_niss(session, fid))
    assert OCR_MARK in flat and "Traduction (arabe" in flat
    assert "Rapport médical" not in flat  # a health letter needs the consent to share health data
    assert "garantie bancaire via le CPAS" in flat and "avance du CPAS sur compte bloqué" not in flat
    assert "Procuration" in flat
    images = embedded_images(pdf)
    assert len(images) == 2 and all(size <= 400 * 1024 for _, size in images)
    assert ink_in_middle(page_image(pdf, images[0][0] + 1)) > 0.03
    _assert_no_overlap(pdf)


def test_national_numbers_in_full_only_when_asked(family_with_letters):
    session, fid, _ = family_with_letters
    niss = snapshot_niss(session, fid)
    masked = _build(session, fid, form_ids=["cpas_aide_sociale"])
    assert niss not in re.sub(r"\D", "", pdf_text(masked))  # form pages included
    full = pdf_text(_build(session, fid, form_ids=["cpas_aide_sociale"], show_niss=True))
    assert re.sub(r"\D", "", full).count(niss) >= 2  # in the note and on the form


def test_health_only_under_a_consent_to_share_it_given_by_every_adult(family_with_letters):
    session, fid, letters = family_with_letters
    base = [new_consent("share_cpas", "2026-10-05", "ar", recipient="CPAS de Liège"),
            new_consent("store_health", "2026-10-05", "ar")]
    rami = new_consent("share_health_cpas", "2026-10-05", "ar", member_id="m-rami")
    _set_consents(session, fid, [*base, rami])
    flat = " ".join(pdf_text(_build(session, fid, letter_ids=[letters["doctor"]], form_ids=[])).split())
    assert "orthophoniste" not in flat and HEALTH_MARK not in flat  # Lina has not agreed
    assert "tous les adultes n'ont pas accepté" in flat
    lina = new_consent("share_health_cpas", "2026-10-05", "ar", member_id="m-lina")
    _set_consents(session, fid, [*base, rami, lina])
    flat = " ".join(pdf_text(_build(session, fid, letter_ids=[letters["doctor"]], form_ids=[])).split())
    assert "orthophoniste" in flat and HEALTH_MARK in flat
    assert "chaque adulte l'a accepté (Rami Haddad, Lina Haddad)" in flat


def test_the_reverse_consent_is_printed_when_given(family_with_letters):
    session, fid, _ = family_with_letters
    share = new_consent("share_cpas", "2026-10-05", "ar", recipient="CPAS de Liège")
    _set_consents(session, fid, [share])
    flat = " ".join(pdf_text(_build(session, fid, form_ids=[])).split())
    assert "n'a pas donné son accord pour que le destinataire informe le bénévole" in flat
    _set_consents(session, fid, [share, new_consent("cpas_informs_volunteer", "2026-10-06", "ar", member_id="m-rami")])
    flat = " ".join(pdf_text(_build(session, fid, form_ids=[])).split())
    assert "peut informer le bénévole de l'avancement du dossier (accord de Rami Haddad, donné le 06/10/2026)" in flat


def test_appended_pages_are_scaled_above_the_packet_footer(family_with_letters):
    """A form whose own footer sits at the very bottom: the packet's footer never prints over it."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(2):
        c.drawString(40, 12, f"PIED-DU-FORMULAIRE p{n + 1}")
        c.drawString(420, 12, "Formulaire officiel 9/9")
        c.showPage()
    c.save()
    session, fid, _ = family_with_letters
    pdf = _build(session, fid, forms=[FormPdf("Formulaire externe", buf.getvalue())])
    flat = " ".join(pdf_text(pdf).split())
    assert "PIED-DU-FORMULAIRE p2" in flat
    _assert_no_overlap(pdf)


def test_without_store_health_no_health_content(family_with_letters):
    session, fid, letters = family_with_letters
    _set_consents(session, fid, [new_consent("share_cpas", "2026-10-05", "ar", recipient="CPAS de Liège")])
    flat = " ".join(pdf_text(_build(session, fid, letter_ids=list(letters.values()), forms=[])).split())
    assert OCR_MARK in flat  # the CPAS letter is there
    assert "orthophoniste" not in flat and HEALTH_MARK not in flat and "Rapport médical" not in flat
    assert "Santé (partagé" not in flat


def test_refused_without_consent_for_that_recipient(family_with_letters):
    session, fid, _ = family_with_letters
    with pytest.raises(NoConsent, match="not agreed"):
        _build(session, fid, recipient="lawyer")
    with pytest.raises(NoConsent):  # the CPAS consent ended on 2027-10-04
        _build(session, fid, today=date(2027, 10, 5))
    consent = new_consent("share_cpas", "2026-10-05", "ar")
    _set_consents(session, fid, [withdraw(consent, "2026-11-01")])
    with pytest.raises(NoConsent):
        _build(session, fid)


def test_lawyer_packet_with_consent_and_dutch_labels(family_with_letters):
    session, fid, _ = family_with_letters
    _set_consents(session, fid, [new_consent("share_lawyer", "2026-10-05", "ar", recipient="Me Dubois")])
    flat = " ".join(pdf_text(_build(session, fid, recipient="lawyer", lang="nl", forms=[])).split())
    assert "Informatie doorgegeven door de vrijwilliger — na te kijken door de advocaat" in flat
    for label in ("Overdrachtsnota", "Aandachtspunten", "Gezin en verblijf", "Inkomsten, lasten en schulden",
                  "Lopende aanvragen", "Toestemming", "Syrië", "Arabisch", "verklaard door het gezin"):
        assert label in flat, label
    assert "orthophoniste" not in flat  # store_health was not given again with this consent


def test_neutral_file_name_metadata_and_journal(family_with_letters):
    session, fid, _ = family_with_letters
    pdf, name = packet_for_family(session, fid, PacketRequest("cpas", "fr", TODAY, forms=[]))
    assert name == "note-de-transmission-CPAS-2026-11-20.pdf"
    import pypdfium2 as pdfium

    meta = pdfium.PdfDocument(pdf).get_metadata_dict()
    assert "Haddad" not in " ".join(meta.values()) and "Haddad" not in name
    with session.open_family(fid, read_only=True) as ff:
        assert any(e["action"] == "packet.build" and e["target"] == "cpas" for e in ff.audit_log())


def test_cli_writes_a_neutrally_named_packet(family_with_letters, tmp_path, monkeypatch):
    from tests.conftest import ADMIN, ADMIN_PASS
    from volunteer_desk.cli import packet as cli

    session, fid, _ = family_with_letters
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    outdir = tmp_path / "out"
    outdir.mkdir()
    args = parser.parse_args(["packet", "--vault", str(session.vault.root), "--volunteer", ADMIN,
                              "--passphrase-stdin", "--family", fid, "--out", str(outdir), "--to", "cpas",
                              "--date", "2026-11-20"])
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASS + "\n"))
    session.close()
    assert args.func(args) == 0
    [written] = list(outdir.iterdir())
    assert written.name == "note-de-transmission-CPAS-2026-11-20.pdf" and written.stat().st_mode & 0o077 == 0
    assert "Note de transmission" in pdf_text(written.read_bytes())


def test_cli_picks_letters_and_forms(family_with_letters, tmp_path, monkeypatch):
    from tests.conftest import ADMIN, ADMIN_PASS
    from volunteer_desk.cli import packet as cli

    session, fid, letters = family_with_letters
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    out = tmp_path / "p.pdf"
    args = parser.parse_args(["packet", "--vault", str(session.vault.root), "--volunteer", ADMIN,
                              "--passphrase-stdin", "--family", fid, "--out", str(out), "--date", "2026-11-20",
                              "--letters", letters["cpas"], "--forms", "garantie_locative_lettre,garantie_locative_avance"])
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASS + "\n"))
    session.close()
    assert args.func(args) == 0
    flat = " ".join(pdf_text(out.read_bytes()).split())
    assert OCR_MARK in flat and "lettre de caution du CPAS" in flat and "compte bloqué" not in flat


def test_the_trajectory_is_in_the_packet_and_its_deadlines_with_the_tasks(family_with_letters):
    session, fid, _letters = family_with_letters
    text = pdf_text(_build(session, fid, form_ids=[]))
    section = text[text.index("Parcours d'intégration\n"):]
    # the demo family registered with the commune of Liège on 2026-09-01: CRI within 3 months
    assert re.search(r"Inscription au CRI.*01/12/2026", section, re.S)
    assert "Sources" in section and "CWASS" in section
    deadlines = text[text.index("Échéances\n"):text.index("Intervenants\n")]
    assert "01/12/2026" in deadlines and "Inscription au CRI" in deadlines


def test_packet_states_the_law_with_its_source_and_flags_cpas_silence(family_with_letters):
    session, fid, _letters = family_with_letters
    flat = " ".join(pdf_text(_build(session, fid, letter_ids=[_letters["cpas"]], form_ids=[])).split())
    # the demo's installation-grant request (acknowledged 2026-10-02) has had no decision for over a month
    assert "Pas de décision du CPAS sur « Prime d'installation » depuis le 02/11/2026" in flat
    assert "recours possible jusqu'au 02/02/2027 (Loi organique des CPAS" in flat  # the attention box
    assert "pas de décision" in flat  # the request's legal state
    assert "art. 71" in flat
    # the CPAS letter: legal appeal delay with its source, no warning (the letter gives court, address, 3 months)
    assert "Délai légal de recours :" in flat and "26/05/2002" in flat
    assert "diffère de la loi" not in flat
    assert "Règles légales revues le" in flat


def test_values_typed_on_the_forms_screen_are_kept_and_printed(family_with_letters):
    from volunteer_desk.forms.store import save_edits, stored_edits

    session, fid, _ = family_with_letters
    with session.open_family(fid) as ff:
        save_edits(ff, "cpas_demande_audition", {"interpreter": True, "with_person": "Sam Bénévole (association)",
                                                 "unknown_field": "dropped"})
    with session.open_family(fid, read_only=True) as ff:
        snap = snapshot.load(ff)
        assert stored_edits(snap, "cpas_demande_audition") == {"interpreter": True,
                                                               "with_person": "Sam Bénévole (association)"}
        assert any(e["action"] == "form.edit" for e in ff.audit_log())
    flat = " ".join(pdf_text(_build(session, fid, form_ids=["cpas_demande_audition"])).split())
    assert "Sam Bénévole (association)" in flat
    assert "Formulaire complété : Demande d'audition au CPAS" in flat  # the journal, as a sentence


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_any_packet_every_letter_and_form_is_clean(family_with_letters, lang):
    """Everything ticked: still no internal code, no English, no full national number, no footer overlap."""
    from volunteer_desk.forms.fill import applicable_forms

    session, fid, letters = family_with_letters
    with session.open_family(fid, read_only=True) as ff:
        form_ids = [f.id for f in applicable_forms(snapshot.load(ff))]
    pdf = _build(session, fid, lang=lang, letter_ids=list(letters.values()), form_ids=form_ids)
    if lang == "fr":
        _clean_text_checks(pdf, snapshot_niss(session, fid))
    else:
        flat = " ".join(pdf_text(pdf).split())
        assert not INTERNAL_CODE.findall(re.sub(r"\S+@\S+|\b[\w.-]+\.(?:be|org|com|eu|brussels|invalid)\b\S*",
                                                " ", flat))
        assert snapshot_niss(session, fid) not in re.sub(r"\D", "", flat)
        assert "Overdrachtsnota" in flat and "Aandachtspunten" in flat
    _assert_no_overlap(pdf)


def test_cli_plan_lists_what_can_be_ticked(family_with_letters, monkeypatch, capsys):
    import json

    from tests.conftest import ADMIN, ADMIN_PASS
    from volunteer_desk.cli import packet as cli

    session, fid, letters = family_with_letters
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["packet", "--vault", str(session.vault.root), "--volunteer", ADMIN,
                              "--passphrase-stdin", "--family", fid, "--plan"])
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASS + "\n"))
    session.close()
    assert args.func(args) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {lt["id"] for lt in plan["letters"]} == set(letters.values())
    assert next(lt for lt in plan["letters"] if lt["id"] == letters["cpas"])["pages"] == 3
    forms = {f["id"]: f for f in plan["forms"]}
    ticked = [i for i, f in forms.items() if f["default"]]
    assert len(ticked) == 1 and forms[ticked[0]]["exclusive"] == "rent_guarantee" and forms[ticked[0]]["pages"] >= 2
    assert forms["recours_tribunal_travail"]["kit"] == "appeal"
