"""Working days, the notification rule, task proposals, JSON and the command line."""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date

import pytest

from volunteer_desk.cli import facts as facts_cli
from volunteer_desk.core.errors import NotFound
from volunteer_desk.letters.facts import (
    NotificationRule,
    add_working_days,
    easter,
    extract_facts,
    facts_to_tasks,
    is_working_day,
    public_holidays,
)


def test_easter_and_belgian_holidays() -> None:
    assert easter(2024) == date(2024, 3, 31)
    assert easter(2025) == date(2025, 4, 20)
    assert easter(2027) == date(2027, 3, 28)
    h = public_holidays(2027)
    assert date(2027, 3, 29) in h  # Easter Monday
    assert date(2027, 5, 6) in h  # Ascension
    assert date(2027, 5, 17) in h  # Whit Monday
    assert date(2027, 7, 21) in h and date(2027, 11, 11) in h
    assert len(h) == 10
    assert not is_working_day(date(2026, 12, 25)) and is_working_day(date(2026, 12, 24))


def test_third_working_day_skips_weekend_and_holidays() -> None:
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)  # Fri -> Wed
    assert add_working_days(date(2027, 3, 24), 3) == date(2027, 3, 30)  # over Easter Monday
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)  # over Christmas


APPEAL = ("Schaerbeek, le 20 novembre 2026\n\nVous pouvez introduire un recours auprès du tribunal du "
          "travail dans un délai de trois mois à dater de la notification de la présente décision.")


def test_rule_is_explicit_and_editable() -> None:
    default = extract_facts(APPEAL)
    d = default.deadlines[0]
    assert d.due == date(2027, 2, 25)
    assert "2026-11-25" in d.basis and "working day 3" in d.basis
    assert default.to_dict()["rule"]["working_days_after_sending"] == 3

    by_hand = extract_facts(APPEAL, rules=NotificationRule(postal=False))
    assert by_hand.deadlines[0].due == date(2027, 2, 22)  # 20 Feb is a Saturday: moved to Monday
    assert "not a working day" in by_hand.deadlines[0].basis

    exact = extract_facts(APPEAL, rules=NotificationRule(postal=False, extend_to_working_day=False))
    assert exact.deadlines[0].due == date(2027, 2, 20)

    entered = extract_facts(APPEAL, notification_date=date(2026, 12, 1))
    assert entered.deadlines[0].due == date(2027, 3, 1)
    assert "entered by the volunteer" in entered.deadlines[0].basis


def test_unspecified_start_follows_the_rule() -> None:
    text = "Gent, 14 januari 2027\n\nGelieve te betalen binnen de 14 dagen."
    assert extract_facts(text).deadlines[0].due == date(2027, 1, 28)
    late = extract_facts(text, rules=NotificationRule(unspecified_start="notification"))
    assert late.deadlines[0].due == date(2027, 2, 2)  # 19 Jan + 14


def test_relative_deadline_without_letter_date_is_kept_undated() -> None:
    facts = extract_facts("Veuillez nous répondre dans les 15 jours de la notification.")
    assert facts.letter_date is None
    assert facts.deadlines and facts.deadlines[0].due is None
    assert facts_to_tasks(facts) == []


def test_tasks_have_reminders_and_sources() -> None:
    text = ("CPAS de Namur\n\nNamur, le 4 janvier 2027\n\nMadame,\nVous êtes convoquée le mercredi 20 janvier "
            "2027 à 10h30 au guichet 5. Veuillez nous transmettre votre bail avant le 15 février 2027.")
    tasks = facts_to_tasks(extract_facts(text))
    assert [t["kind"] for t in tasks] == ["appointment", "deadline"]
    appt, dl = tasks
    assert appt["due"] == "2027-01-20" and appt["time"] == "10:30"
    assert appt["reminders"] == ["2027-01-13", "2027-01-19"]
    assert dl["due"] == "2027-02-15" and dl["reminders"] == ["2027-02-08", "2027-02-14"]
    assert text[dl["source"]["start"]:dl["source"]["end"]].startswith("Veuillez nous transmettre")
    assert "CPAS de Namur" in dl["title"]
    # a reminder before the letter's date is pointless
    soon = facts_to_tasks(extract_facts("Namur, le 4 janvier 2027\n\nÀ payer avant le 6 janvier 2027."))
    assert soon[0]["reminders"] == ["2027-01-05"]


def test_to_json_has_the_documented_keys() -> None:
    data = json.loads(extract_facts(APPEAL).to_json())
    for key in ("letter_date", "sender_kind", "sender", "kind", "deadlines", "appointments", "amounts_eur",
                "ibans", "references", "documents_requested", "appeal"):
        assert key in data
    assert data["appeal"]["possible"] is True
    assert data["deadlines"][0]["source"]["text"].startswith("Vous pouvez introduire un recours")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    facts_cli.register(parser.add_subparsers())
    return parser


def test_cli_reads_stdin_and_prints_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Liège, le 15 mars 2027\n\nMontant dû : 1 400,00 €. Veuillez payer avant le 31 mars 2027."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    args = _parser().parse_args(["facts", "-", "--lang", "fr", "--json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["letter_date"] == "2027-03-15"
    assert [d["due"] for d in out["deadlines"]] == ["2027-03-31"]
    assert out["amounts_eur"][0]["value"] == 1400.0
    assert out["tasks"][0]["due"] == "2027-03-31"


def test_cli_letter_date_option_and_missing_file(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    letter = tmp_path / "letter.txt"
    letter.write_text("Gelieve te betalen binnen de 14 dagen.", encoding="utf-8")
    args = _parser().parse_args(["facts", str(letter), "--letter-date", "2027-01-14", "--not-posted", "--json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["deadlines"][0]["due"] == "2027-01-28"
    args = _parser().parse_args(["facts", str(tmp_path / "nope.txt")])
    with pytest.raises(NotFound):
        args.func(args)


def test_cli_reads_a_page_image_through_ocr(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    from PIL import Image, ImageDraw, ImageFont

    lines = ["CPAS de Namur", "", "Namur, le 4 janvier 2027", "", "Madame,",
             "Veuillez nous transmettre votre contrat de bail", "avant le 15 février 2027.",
             "Montant de l'aide : 1.250,00 EUR"]
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    img = Image.new("L", (1700, 900), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((100, 80 + i * 80), line, font=font, fill=0)
    page = tmp_path / "page.png"
    img.save(page, "PNG")
    args = _parser().parse_args(["facts", str(page), "--json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["letter_date"] == "2027-01-04"
    assert out["sender_kind"] == "cpas"
    assert [d["due"] for d in out["deadlines"]] == ["2027-02-15"]
    assert [a["value"] for a in out["amounts_eur"]] == [1250.0]


def test_counting_back_from_an_appointment_explains_itself() -> None:
    # 48 hours before a Tuesday 13:45 appointment: Sunday, whole day; the basis says so and names
    # the last working day instead of moving the date later.
    text = ("Rendez-vous le mardi 16 février 2027 à 13h45, bureau 2. En cas d'empêchement, avertissez-nous "
            "au plus tard 48 heures avant le rendez-vous.")
    (d,) = extract_facts(text, lang="fr", letter_date=date(2027, 2, 2)).deadlines
    assert d.due == date(2027, 2, 14)
    assert "48 hours" in d.basis and "2027-02-16 13:45" in d.basis and "2027-02-12" in d.basis
    # working days are counted back over the Ascension holiday (Thursday 6 May 2027)
    text = "Audition le lundi 10 mai 2027 à 10h15. Demande de consultation au moins deux jours ouvrables avant l'audition."
    (d,) = extract_facts(text, lang="fr", letter_date=date(2027, 4, 20)).deadlines
    assert d.due == date(2027, 5, 5) and "working day" in d.basis
