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
    page_image,
    pdf_pages,
    pdf_text,
    small_form_pdf,
)
from volunteer_desk.family import snapshot
from volunteer_desk.family.consent import new_consent, withdraw
from volunteer_desk.packet.handover import FormPdf, NoConsent, build_packet, packet_for_family

VOLUNTEER = {"name": "Sam Bénévole", "phone": "+32 470 99 88 77"}
ASSOCIATION = {"name": "Entraide Saint-Léonard", "email": "contact@entraide.invalid"}


def _build(session, fid, **kw):
    with session.open_family(fid, read_only=True) as ff:
        snap = snapshot.load(ff)
        return build_packet(snap, ff, kw.pop("recipient", "cpas"), kw.pop("lang", "fr"), VOLUNTEER, ASSOCIATION,
                            kw.pop("today", TODAY), **kw)


def snapshot_niss(session, fid) -> str:
    with session.open_family(fid, read_only=True) as ff:
        return snapshot.load(ff).applicant.niss


def _set_consents(session, fid, consents):
    with session.open_family(fid) as ff:
        for c in snapshot.load(ff).consents:
            ff.delete("consents", c.id)
        for c in consents:
            snapshot.save(ff, c)


def test_packet_has_every_section_in_order_and_numbered_pages(family_with_letters):
    session, fid, _ = family_with_letters
    forms = [FormPdf("Demande de revenu d'intégration", small_form_pdf("FORMULAIRE-RIS", 2))]
    pdf = _build(session, fid, forms=forms)
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    total = pdf_pages(pdf)
    # Cover: mention, family, CPAS + référent, volunteer + association, date.
    assert "Informations transmises par le bénévole — à vérifier par le CPAS" in flat
    for expected in ("Famille Haddad (démo)", "CPAS de Liège", "M. Marc Jacobs", "Sam Bénévole",
                     "Entraide Saint-Léonard", "20/11/2026", "Table des matières"):
        assert expected in flat, expected
    # Summary under the social-report headings, in this order.
    headings = ["Synthèse", "Identité", "Séjour", "Composition de ménage", "Ressources", "Logement",
                "Demandes en cours", "Échéances ouvertes", "Consentement", "Chronologie des démarches",
                "Courriers", "Formulaires remplis"]
    body = flat[flat.index("Synthèse 3") + 10:]  # after the table of contents
    positions = [body.find(h) for h in headings[1:]]
    assert all(p >= 0 for p in positions), dict(zip(headings[1:], positions, strict=True))
    assert positions == sorted(positions)
    assert "réfugié reconnu" in flat and "1 626,61 €" in flat and "650,00 €" in flat
    assert "Accusé de réception" in flat and "02/10/2026" in flat  # acknowledgement date of a request
    assert "03/12/2026 10:30" in flat and "Rendez-vous assistante sociale" in flat  # open deadline
    assert "Signature de la personne concernée" in flat and "Partage avec le CPAS" in flat
    assert "Photocopier les fiches de paie" in flat and "Courrier reçu" in flat  # timeline
    assert OCR_MARK in flat and "Traduction (arabe" in flat
    assert "FORMULAIRE-RIS p1" in flat and "FORMULAIRE-RIS p2" in flat
    # Page x of y on every page, the appended form pages included.
    for n in (1, total - 1, total):
        assert f"page {n} sur {total}" in flat, n
    # The NISS is masked by default.
    niss = snapshot_niss(session, fid)
    assert niss not in flat and "•" + niss[-2:] in flat
    # Health information is present: the family gave store_health with share_cpas.
    assert "orthophoniste" in flat and HEALTH_MARK in flat
    # Letter pages: images under 400 KB each, and the page they sit on is visibly not blank.
    images = embedded_images(pdf)
    assert len(images) == 3 and all(size <= 400 * 1024 for _, size in images)
    first_image_page = images[0][0] + 1
    assert ink_in_middle(page_image(pdf, first_image_page)) > 0.03
    assert ink_in_middle(page_image(pdf, total - 2)) < 0.001  # the forms divider: a short list at the top


def test_without_store_health_no_health_content(family_with_letters):
    session, fid, letters = family_with_letters
    _set_consents(session, fid, [new_consent("share_cpas", "2026-10-05", "ar", recipient="CPAS de Liège")])
    flat = " ".join(pdf_text(_build(session, fid, forms=[])).split())
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
    for label in ("Gezinssamenstelling", "Verblijfsstatus", "Bestaansmiddelen", "Lopende aanvragen", "Toestemming"):
        assert label in flat
    assert "orthophoniste" not in flat  # store_health was not given again with this consent


def test_neutral_file_name_metadata_and_journal(family_with_letters):
    session, fid, _ = family_with_letters
    pdf, name = packet_for_family(session, fid, "cpas", "fr", today=TODAY, forms=[])
    assert re.fullmatch(r"packet-2026-11-20-[0-9a-f]{6}\.pdf", name)
    import pypdfium2 as pdfium

    meta = pdfium.PdfDocument(pdf).get_metadata_dict()
    assert "Haddad" not in " ".join(meta.values()) and "Haddad" not in name
    with session.open_family(fid, read_only=True) as ff:
        assert any(e["action"] == "packet.build" and e["target"] == "cpas" for e in ff.audit_log())


def test_cli_writes_a_neutrally_named_packet(family_with_letters, tmp_path, monkeypatch):
    from tests.conftest import ADMIN, ADMIN_PASS
    from volunteer_desk.packet import cli

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
    assert written.name.startswith("packet-2026-11-20-") and written.stat().st_mode & 0o077 == 0
    assert "Dossier de transmission" in pdf_text(written.read_bytes())


def test_the_trajectory_is_in_the_packet_and_its_deadlines_with_the_tasks(family_with_letters):
    session, fid, _letters = family_with_letters
    text = pdf_text(_build(session, fid))
    section = text[text.index("Parcours d'intégration\nÉtapes"):]
    # the demo family registered with the commune of Liège on 2026-09-01: CRI within 3 months
    assert re.search(r"Inscription au CRI.*01/12/2026", section, re.S)
    assert "Sources" in section and "CWASS" in section
    deadlines = text[text.index("Échéances ouvertes\n"):text.index("Intervenants\n")]
    assert "01/12/2026" in deadlines and "Inscription au CRI" in deadlines


def test_packet_states_the_law_with_its_source_and_flags_cpas_silence(family_with_letters):
    session, fid, _letters = family_with_letters
    flat = " ".join(pdf_text(_build(session, fid)).split())
    # the demo's installation-grant request (acknowledged 2026-10-02) has had no decision for over a month
    assert "Recours possible : pas de décision du CPAS sur « Prime d'installation » depuis le 02/11/2026" in flat
    assert "art. 71" in flat
    # the CPAS letter: legal appeal delay with its source, no warning (the letter gives court, address, 3 months)
    assert "Délai légal de recours :" in flat and "26/05/2002" in flat
    assert "diffère de la loi" not in flat
    assert "Règles légales revues le" in flat
