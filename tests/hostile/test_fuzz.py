"""Hypothesis fuzzing of every reader of outside data (≥ 300 examples each, in-process, fast).

The property is the same everywhere: the reader returns checked data or raises the project's own
error (``UserError`` / ``ManifestError``), never anything else; and what it accepts is safe to use
(dates exist, names hold no control characters, the text encodes as UTF-8).
"""

from __future__ import annotations

import copy
import io
import json
import math
import zipfile
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volunteer_desk.core.errors import UserError
from volunteer_desk.core.paths import resource
from volunteer_desk.core.text import name_problem
from volunteer_desk.family import model
from volunteer_desk.family.snapshot import FamilySnapshot, parse_import
from volunteer_desk.modelpack.argos_package import ManifestError, extract_checked, inspect_archive
from volunteer_desk.modelpack.manifest import parse_manifest
from volunteer_desk.modelpack.signing import SigningError, parse_signature

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DEMO = json.loads(resource("demo", "family.json").read_text(encoding="utf-8"))
NASTY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30) | st.sampled_from([
    "", "2023-02-30", "9999-99-99", "1988-00-00", "2026-10-05", "88000012376", "88000012377", "ABC",
    "BE48 3200 7018 4927", "BE00", "4000", "99999", "a\x1b[2Jb", "x\ny", "\u202eabc", "\ud800", "NaN", "12:30",
    "25:99", "ar", "refugee", "child", "F", "share_cpas", "m-rami",
])
SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True, allow_infinity=True)
           | NASTY_TEXT)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(NASTY_TEXT, inner, max_size=4), max_leaves=12)


def _paths(doc: dict) -> list[tuple]:
    """Every (container, key) of the demo document, to replace one value at a time."""
    found = []

    def walk(node):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            found.append((node, key))
            if isinstance(value, (dict, list)):
                walk(value)
    walk(doc)
    return found


@st.composite
def family_documents(draw) -> str:
    doc = copy.deepcopy(DEMO)
    for _ in range(draw(st.integers(1, 3))):
        spots = _paths(doc)
        container, key = draw(st.sampled_from(spots))
        container[key] = draw(JSON_VALUES)
    if draw(st.booleans()):
        doc = draw(st.sampled_from([doc, [doc], {"household": doc.get("household"), draw(NASTY_TEXT): 1}]))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.integers(0, 9)) == 0:  # sometimes damage the text itself
        pos = draw(st.integers(0, max(0, len(text) - 1)))
        text = text[:pos] + draw(st.sampled_from(["{", "]", "\"", "NaN", "[" * 50, "\\ud800", ""])) + text[pos:]
    return text


def _accepted_is_safe(doc: dict) -> None:
    snap = FamilySnapshot("f", model.Household.from_data(doc.get("household", {})),
                          members=[model.Member.from_data(m) for m in doc.get("members", [])],
                          tasks=[model.Task.from_data(t) for t in doc.get("tasks", [])])
    for m in snap.members:
        assert not name_problem(m.first_name) and not name_problem(m.last_name)
    assert not name_problem(snap.household.display_name)
    for t in snap.tasks:
        if t.due:
            date.fromisoformat(t.due)
    snap.open_tasks()
    json.dumps(snap.to_json(), ensure_ascii=False, allow_nan=False).encode("utf-8")


@FUZZ
@given(family_documents())
def test_family_json_is_checked_data_or_one_bad_input(text):
    try:
        doc = parse_import(text.encode("utf-8", "surrogatepass"))
    except UserError as err:
        assert str(err) and len(str(err)) < 2000
        return
    _accepted_is_safe(doc)


@FUZZ
@given(st.sampled_from([model.Household, model.Member, model.Task, model.Consent, model.Note, model.Contact,
                        model.Letter, model.Request, model.Address, model.Housing]),
       st.dictionaries(st.sampled_from(["display_name", "first_name", "due", "birth_date", "done", "reminders",
                                        "rent_eur", "bedrooms", "address", "incomes", "text", "health", "id",
                                        "ocr", "page_ids", "given_on"]) | NASTY_TEXT, JSON_VALUES, max_size=6)
       | JSON_VALUES)
def test_stored_records_always_load(cls, data):
    """What a damaged or hostile family file holds never breaks loading: wrong fields are 'unreadable'."""
    obj = cls.from_data(data)
    for name in getattr(obj, "unreadable", ()):
        assert name == "*" or hasattr(obj, name)
    encoded = json.dumps(obj.to_data(), ensure_ascii=False, default=str)
    encoded.encode("utf-8")
    if isinstance(obj, model.Task):
        assert isinstance(obj.due, str) and isinstance(obj.time, str)


GOOD_MANIFEST = {"format": 1, "name": "pack", "version": "1", "created": "2026-11-24T10:00:00Z", "items": [
    {"kind": "argos", "name": "translate-fr_en", "version": "1.0", "file": "argos/a.argosmodel",
     "sha256": "a" * 64, "size": 10, "licence": "CC0", "source": "https://x", "from_code": "fr", "to_code": "en"},
    {"kind": "tessdata", "name": "ara", "version": "4", "file": "tessdata/ara.traineddata", "sha256": "b" * 64,
     "size": 5, "licence": "Apache-2.0"}]}


@st.composite
def manifests(draw) -> bytes:
    doc = copy.deepcopy(GOOD_MANIFEST)
    for _ in range(draw(st.integers(0, 3))):
        container, key = draw(st.sampled_from(_paths(doc)))
        container[key] = draw(JSON_VALUES)
    raw = json.dumps(doc, allow_nan=True).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        pos = draw(st.integers(0, len(raw)))
        raw = raw[:pos] + draw(st.binary(max_size=8)) + raw[pos:]
    return raw


@FUZZ
@given(manifests())
def test_manifest_is_parsed_or_refused_with_a_reason(raw):
    try:
        manifest, bad = parse_manifest(raw)
    except ManifestError as err:
        assert str(err)
        return
    for item in manifest.items:
        assert item.file and ".." not in item.file.split("/") and not item.file.startswith("/")
        assert len(item.sha256) == 64 and isinstance(item.size, int) and item.size >= 0
    assert all(isinstance(reason, str) for _raw, reason in bad)
    assert manifest.name.isprintable()


@FUZZ
@given(st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v, allow_nan=True).encode("utf-8", "surrogatepass")))
def test_signature_file_is_parsed_or_refused(raw):
    try:
        kid, sig = parse_signature(raw)
    except SigningError:
        return
    assert len(kid) == 16 and len(sig) == 64


CSV_CELLS = NASTY_TEXT | st.sampled_from(["cpas", "CPAS de Liège", "2026-01-01", "2023-02-30", '"', '""', ";", ",",
                                          "\r\n", "=1+1", "'=1", "x" * 3000, "\x00"])


@st.composite
def csv_texts(draw) -> str:
    header = draw(st.sampled_from(["name;kind", "id;name;kind;checked_on;notes", "name,kind,languages",
                                   "kind;name;verify_by;hours", ""])) or draw(CSV_CELLS)
    sep = ";" if ";" in header else ","
    rows = draw(st.lists(st.lists(CSV_CELLS, min_size=1, max_size=5), max_size=5))
    return header + "\n" + "\n".join(sep.join(r) for r in rows)


@FUZZ
@given(csv_texts())
def test_directory_csv_is_entries_or_one_bad_input(text):
    from volunteer_desk.family.directory import KINDS, parse_csv

    try:
        entries = parse_csv(text.encode("utf-8", "surrogatepass"))
    except UserError as err:
        assert str(err)
        return
    for e in entries:
        assert e.name and e.kind in KINDS and not name_problem(e.name)


def _tiny_package() -> bytes:
    """The layout of an argos package (contents are not models: the checker reads no weights)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        top = "translate-fr_en-1"
        zf.writestr(f"{top}/metadata.json", json.dumps({"type": "translate", "from_code": "fr", "to_code": "en",
                                                         "package_version": "1.0"}))
        zf.writestr(f"{top}/model/model.bin", b"\x00" * 2000 + b"weights" * 50)
        zf.writestr(f"{top}/sentencepiece.model", b"spm" * 100)
        zf.writestr(f"{top}/minisbd/fr.onnx", b"onnx" * 100)
        zf.writestr(f"{top}/README.md", b"readme")
    return buf.getvalue()


TINY = _tiny_package()


@st.composite
def mutated_zips(draw) -> bytes:
    data = bytearray(TINY)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "truncate", "insert"]))
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[pos:pos + 4] = draw(st.sampled_from([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\xff\x7f"]))
        elif op == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        if not data:
            break
    return bytes(data)


@FUZZ
@given(mutated_zips())
def test_package_checker_and_extraction_raise_only_their_own_error(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("zipfuzz")
    path = folder / "p.argosmodel"
    path.write_bytes(raw)
    try:
        layout = inspect_archive(path)
        extract_checked(path, folder / "out", layout)
    except ManifestError as err:
        assert str(err)
        return
    finally:
        assert all(p.resolve().is_relative_to(folder.resolve()) for p in folder.rglob("*"))
    assert layout.unpacked_size <= 512 << 20 and not math.isnan(layout.unpacked_size)
