"""Fixtures for the forms tests: the demo family as a snapshot (no vault needed), and PDF helpers."""

from __future__ import annotations

import copy
import datetime
import json
import subprocess

import pytest

from volunteer_desk.core.paths import resource
from volunteer_desk.family.model import Contact, Household, Member
from volunteer_desk.family.snapshot import FamilySnapshot

DEMO = resource("demo", "family.json")
TODAY = datetime.date(2026, 11, 24)


def snapshot_from(data: dict, fid: str = "fam-test") -> FamilySnapshot:
    return FamilySnapshot(id=fid, household=Household.from_data(data.get("household", {})),
                          members=[Member.from_data(m) for m in data.get("members", [])],
                          contacts=[Contact.from_data(c) for c in data.get("contacts", [])])


@pytest.fixture
def demo_data() -> dict:
    return json.loads(DEMO.read_text())


@pytest.fixture
def demo_snapshot(demo_data) -> FamilySnapshot:
    return snapshot_from(demo_data)


@pytest.fixture
def brussels_snapshot(demo_data) -> FamilySnapshot:
    data = copy.deepcopy(demo_data)
    data["household"]["address"] = {"street": "Rue Haute", "number": "5", "postcode": "1000", "city": "Bruxelles"}
    return snapshot_from(data)


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
