"""Integration trajectory: region rules, computed deadlines, card renewals, the demo family's checklist."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from volunteer_desk.core.dates import add_months
from volunteer_desk.core.errors import BadInput
from volunteer_desk.family import snapshot, trajectory
from volunteer_desk.family.trajectory import card_schedule, rules

TODAY = date(2026, 11, 24)


def _due(found, step_id):
    return next(r for r in found if r.step_id == step_id).due


def test_wallonia_cri_three_months_after_commune_registration():
    found = rules("wallonia", date(2026, 9, 1))
    ids = {r.id for r in found}
    assert _due(found, "cri_registration") == date(2026, 12, 1)
    assert "bapa_registration" not in ids and "family_allowances_brussels" not in ids
    cri = next(r for r in found if r.id == "cri_registration")
    assert "152" in cri.source and cri.source_date


def test_brussels_bapa_six_months_after_commune_registration():
    found = rules("brussels", "2026-09-01")
    assert _due(found, "bapa_registration") == date(2027, 3, 1)
    assert "cri_registration" not in {r.id for r in found}
    assert "family_allowances_brussels" in {r.id for r in found}


@pytest.mark.parametrize(("registered", "region", "step", "expected"), [
    (date(2026, 11, 30), "wallonia", "cri_registration", date(2027, 2, 28)),
    (date(2027, 11, 30), "wallonia", "cri_registration", date(2028, 2, 29)),   # leap year
    (date(2026, 8, 31), "brussels", "bapa_registration", date(2027, 2, 28)),
    (date(2026, 12, 31), "wallonia", "cri_registration", date(2027, 3, 31)),
])
def test_month_end_registrations_clamp_to_the_last_day(registered, region, step, expected):
    assert _due(rules(region, registered), step) == expected


def test_add_months_never_skips_into_the_next_month():
    for day in range(1, 32):
        start = date(2027, 1, day)
        assert add_months(start, 1).month == 2


def test_family_reunification_refugee_six_months_since_august_2025():
    found = rules("wallonia", date(2026, 9, 1), recognised_on=date(2026, 6, 15), status="refugee")
    step = next(r for r in found if r.id == "family_reunification")
    assert step.due == date(2026, 12, 15) and step.not_before is None
    assert "art. 10" in step.source and "2027-04-15" in step.basis      # file complete within 10 months
    # the law before 18 August 2025 gave a year
    before = rules("wallonia", date(2025, 3, 1), recognised_on=date(2025, 2, 1), status="refugee",
                   today=date(2025, 6, 1))
    assert _due(before, "family_reunification") == date(2026, 2, 1)


def test_family_reunification_subsidiary_protection_waits_two_years():
    found = rules("brussels", date(2026, 9, 1), recognised_on=date(2026, 6, 15), status="subsidiary_protection")
    step = next(r for r in found if r.id == "family_reunification")
    assert step.due is None and step.not_before == date(2028, 6, 15)
    assert "wait 2 years" in step.what and "110 %" in step.what and "21" in step.what


def test_integration_path_completion_eighteen_months():
    wal = rules("wallonia", date(2026, 9, 1))
    assert _due(wal, "cri_completion") == date(2028, 3, 1)
    bxl = rules("brussels", date(2026, 9, 1))
    assert _due(bxl, "bapa_completion") == date(2028, 3, 1) and "cri_completion" not in {r.id for r in bxl}


def test_family_reunification_year_counts_from_recognition():
    found = rules("wallonia", date(2026, 9, 1), recognised_on=date(2026, 6, 15), status="refugee")
    assert _due(found, "family_reunification") == date(2026, 12, 15)
    # without a protection status the step does not apply
    eu = rules("wallonia", date(2026, 9, 1), status="eu_citizen")
    assert {"family_reunification", "cri_registration"}.isdisjoint({r.id for r in eu})


def test_piis_three_months_after_ris_grant():
    found = rules("brussels", date(2026, 9, 1), ris_granted=date(2026, 10, 31))
    assert _due(found, "piis") == date(2027, 1, 31)


def test_social_housing_renewal_is_next_15_february():
    found = rules("wallonia", date(2026, 9, 1), today=date(2027, 2, 16))
    step = next(r for r in found if r.id == "social_housing_renewal_wallonia")
    assert step.due == date(2028, 2, 15) and step.window_opens == date(2028, 1, 1)


def test_subsidiary_protection_cards_one_year_then_twice_two_years_then_b():
    periods = card_schedule("subsidiary_protection", date(2026, 9, 1))
    assert [(p.card, p.expires) for p in periods] == [
        ("A", date(2027, 9, 1)), ("A", date(2029, 9, 1)), ("A", date(2031, 9, 1))]
    assert periods[-1].next_card == "B"
    first = periods[0]
    assert (first.request_from, first.request_by) == (date(2027, 7, 18), date(2027, 8, 2))  # 45-30 days


def test_refugee_card_a_five_years_then_b():
    (period,) = card_schedule("refugee", date(2026, 9, 1))
    assert (period.card, period.expires, period.next_card) == ("A", date(2031, 9, 1), "B")
    found = rules("brussels", date(2026, 9, 1), status="refugee")
    cards = [r for r in found if r.id == "card_renewal"]
    assert [c.due for c in cards] == [date(2031, 8, 2)] and cards[0].card == "B"


def test_bad_region_or_date_is_a_user_error():
    with pytest.raises(BadInput):
        rules("flanders", date(2026, 9, 1))
    with pytest.raises(BadInput):
        rules("wallonia", "01/09/2026")


# -- the demo family (Liège, registered 2026-09-01) -------------------------------------------------
def _steps(session, fid, today=TODAY):
    with session.open_family(fid, read_only=True) as ff:
        snap = snapshot.load(ff)
    return snap, {s.id: s for s in trajectory.trajectory_for(snap, today)}


def test_demo_family_trajectory(admin_session, demo_family_id):
    snap, steps = _steps(admin_session, demo_family_id)
    assert {s.region for s in steps.values()} == {"wallonia"}
    cri = steps["cri_registration"]
    assert (cri.status, cri.due, cri.overdue) == ("todo", "2026-12-01", False)
    assert cri.contact_id == "liege-cri-cripel"            # suggested from the directory
    assert "bapa_registration" not in steps
    # facts already in the family file are not asked again
    assert (steps["address_registration"].status, steps["address_registration"].done_on) == ("done", "2026-09-01")
    assert steps["mutuelle"].status == "done" and steps["school"].status == "done"
    assert steps["cpas_aid"].status == "done" and steps["installation_grant"].status == "in_progress"
    assert steps["social_housing_renewal_wallonia"].status == "not_applicable"
    # PIIS: RIS request acknowledged 2026-09-10, decision assumed 30 days later → 3 months
    piis = steps["piis"]
    assert (piis.due, piis.estimated) == ("2027-01-10", True)
    # cards A of the parents expire 2031-08-15: ask the commune 45-30 days before
    rami = steps["card_renewal:m-rami"]
    assert (rami.window_opens, rami.due, rami.extra["next_card"]) == ("2031-07-01", "2031-07-16", "B")
    assert steps["card_renewal:m-yara"].due == ""          # expiry not recorded: no invented date
    # the CGRA decision date noted with the migration dates (2026-06-15) starts the reunification window
    assert (steps["recognition"].status, steps["recognition"].done_on) == ("done", "2026-06-15")
    assert steps["family_reunification"].due == "2026-12-15" and "protection decision" in steps["family_reunification"].basis

    later = trajectory.trajectory_for(snap, date(2026, 12, 2))
    assert next(s for s in later if s.id == "cri_registration").overdue


def test_update_step_is_stored_and_wins(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        trajectory.update_step(ff, "recognition", status="done", done_on="2026-06-15")
        row = trajectory.update_step(ff, "cri_registration", status="done", proof="letter-123", today=TODAY)
        assert row["done_on"] == TODAY.isoformat()
        trajectory.update_step(ff, "mutuelle", status="in_progress")
        with pytest.raises(BadInput):
            trajectory.update_step(ff, "no_such_step", status="done")
        with pytest.raises(BadInput):
            trajectory.update_step(ff, "piis", status="finished")
        assert {"action": "trajectory.update", "target": "piis"} not in [
            {"action": a["action"], "target": a["target"]} for a in ff.audit_log()]   # refused: not logged
        assert any(a["action"] == "trajectory.update" and a["target"] == "cri_registration" for a in ff.audit_log())
    snap, steps = _steps(admin_session, demo_family_id)
    assert steps["cri_registration"].status == "done" and steps["cri_registration"].proof == "letter-123"
    assert steps["cri_registration"].due == ""             # closed: no more deadline
    assert steps["mutuelle"].status == "in_progress" and not steps["mutuelle"].derived
    assert steps["family_reunification"].due == "2026-12-15"          # refugees: 6 months since 18/08/2025
    deadlines = trajectory.trajectory_deadlines(snap, TODAY)
    assert "trajectory:cri_registration" not in {d["id"] for d in deadlines}
    assert "trajectory:family_reunification" in {d["id"] for d in deadlines}


def test_deadlines_look_like_tasks_and_are_sorted(admin_session, demo_family_id):
    from volunteer_desk.family.model import Task

    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    deadlines = trajectory.trajectory_deadlines(snap, TODAY)
    assert [d["due"] for d in deadlines] == sorted(d["due"] for d in deadlines)
    assert deadlines[0]["title"].startswith("Register with the CRI") and deadlines[0]["due"] == "2026-12-01"
    assert all(d["kind"] == "trajectory" and not d["done"] for d in deadlines)
    assert "Residence card renewal (Rami)" in {d["title"] for d in deadlines}
    task = Task.from_data(deadlines[0])                   # the packet can treat them as tasks
    assert task.due == "2026-12-01" and task.kind == "trajectory"


def test_brussels_family_gets_bapa(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        snap = snapshot.load(ff)
        snap.household.address = {**snap.household.address, "postcode": "1030", "city": "Schaerbeek"}
        snapshot.save_household(ff, snap.household)
        snap = snapshot.load(ff)
    steps = {s.id: s for s in trajectory.trajectory_for(snap, TODAY)}
    assert steps["bapa_registration"].due == "2027-03-01" and "cri_registration" not in steps
    assert steps["family_allowances_brussels"].contact_id == "brussels-famiris"


# -- command line -----------------------------------------------------------------------------------
def _run(argv, monkeypatch, capsys, stdin=""):
    from volunteer_desk.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_rules_without_family(monkeypatch, capsys):
    code, out, _ = _run(["trajectory", "rules", "--region", "wallonia", "--registered", "2026-09-01", "--json"],
                        monkeypatch, capsys)
    assert code == 0
    steps = {s["step_id"]: s for s in json.loads(out)["steps"]}
    assert steps["cri_registration"]["due"] == "2026-12-01"
    code, out, _ = _run(["trajectory", "rules", "--region", "brussels", "--registered", "2026-09-01"],
                        monkeypatch, capsys)
    assert code == 0 and "2027-03-01" in out


def test_cli_family_both_forms(vault_dir, demo_family_id, monkeypatch, capsys):
    from tests.conftest import ADMIN, ADMIN_PASS

    opts = ["--vault", str(vault_dir), "--volunteer", ADMIN, "--passphrase-stdin"]
    code, out, err = _run(["trajectory", "--family", demo_family_id, "--json", *opts], monkeypatch, capsys,
                          ADMIN_PASS + "\n")
    assert code == 0, err
    data = json.loads(out)
    assert data["region"] == "wallonia"
    assert any(s["id"] == "cri_registration" for s in data["steps"])
    assert "Haddad" not in err
    code, out, err = _run(["trajectory", "show", "--family", demo_family_id, "--today", "2026-12-05", *opts],
                          monkeypatch, capsys, ADMIN_PASS + "\n")
    assert code == 0, err
    cri_line = next(line for line in out.splitlines() if "CRI" in line)
    assert "2026-12-01" in cri_line and "OVERDUE" in cri_line
    code, out, err = _run(["trajectory", "set", "--family", demo_family_id, "--step", "cri_registration",
                           "--status", "done", "--done-on", "2026-11-20", *opts], monkeypatch, capsys,
                          ADMIN_PASS + "\n")
    assert code == 0 and json.loads(out)["done_on"] == "2026-11-20"
    code, _, err = _run(["trajectory", "--json", *opts], monkeypatch, capsys, ADMIN_PASS + "\n")
    assert code != 0 and "--family" in err


def test_the_family_list_shows_the_trajectory_deadline(admin_session):
    from datetime import timedelta

    registered = date.today() - timedelta(days=10)
    fid, _ = admin_session.create_family("Famille T.")
    with admin_session.open_family(fid) as ff:
        snapshot.import_into(ff, {"household": {"address": {"postcode": "4000", "city": "Liège"},
                                                "commune_registration_date": registered.isoformat()}})
        admin_session.refresh_index(ff)
    listed = next(f for f in admin_session.list_families() if f.id == fid)
    assert listed.next_deadline == add_months(registered, 3).isoformat()  # the CRI registration


def test_cli_rules_family_reunification_per_status():
    import subprocess
    import sys

    def run(status):
        out = subprocess.run([sys.executable, "-m", "volunteer_desk", "trajectory", "rules", "--region", "brussels",
                              "--registered", "2026-09-01", "--recognised", "2026-03-10", "--status", status,
                              "--json"], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    refugee = run("refugee")
    assert refugee["family_reunification"]["due"] == "2026-09-10"
    assert refugee["legal_rules"]["reviewed_on"]
    subsidiary = run("subsidiary_protection")
    assert subsidiary["family_reunification"]["due"] == ""
    assert subsidiary["family_reunification"]["not_before"] == "2028-03-10"
    bapa = next(s for s in subsidiary["steps"] if s["id"] == "bapa_completion")
    assert bapa["due"] == "2028-03-01" and "18 months" in bapa["what"]


def test_cpas_request_without_decision_is_flagged(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        snap = snapshot.load(ff)
    # the installation-grant request was acknowledged 2026-10-02: one month later the silence can be appealed
    assert trajectory.requests_without_decision(snap, date(2026, 10, 30)) == []
    [flag] = trajectory.requests_without_decision(snap, date(2026, 11, 24))
    assert flag["since"] == "2026-11-02" and flag["appeal_by"] == "2027-02-02" and "art. 71" in flag["source"]


def test_completion_steps_per_adult_aged_18_to_65(admin_session, demo_family_id):
    snap, steps = _steps(admin_session, demo_family_id)
    completion = sorted(s for s in steps if s.startswith("cri_completion:"))
    assert completion == ["cri_completion:m-lina", "cri_completion:m-rami"]   # Yara (a child) has none
    assert steps["cri_completion:m-rami"].due == "2028-03-01"
