"""Merging two copies: commutative, idempotent, associative; tombstones win over older edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from volunteer_desk.vault.merge import merge_rows
from volunteer_desk.vault.store import Row

ids = st.sampled_from(["a", "b", "c", "d"])
times = st.integers(min_value=0, max_value=20).map(lambda t: f"2026-11-24T10:00:{t:02d}.000000Z")
rows = st.builds(
    Row, table=st.sampled_from(["notes", "tasks"]), id=ids, updated_at=times,
    updated_by=st.sampled_from(["v1", "v2"]), deleted=st.booleans(),
    data=st.dictionaries(st.sampled_from(["text", "due"]), st.text(max_size=5), max_size=2),
)
copies = st.lists(rows, max_size=12)


def _state(merged: list[Row]) -> list[tuple]:
    return [(r.table, r.id, r.version_key()) for r in merged]


@settings(max_examples=500, deadline=None)
@given(copies, copies)
def test_merge_is_commutative(a, b):
    assert _state(merge_rows(a, b)) == _state(merge_rows(b, a))


@settings(max_examples=500, deadline=None)
@given(copies, copies)
def test_merge_is_idempotent(a, b):
    once = merge_rows(a, b)
    assert _state(merge_rows(once, b)) == _state(once)
    assert _state(merge_rows(once, once)) == _state(once)


@settings(max_examples=500, deadline=None)
@given(copies, copies, copies)
def test_merge_is_associative(a, b, c):
    assert _state(merge_rows(merge_rows(a, b), c)) == _state(merge_rows(a, merge_rows(b, c)))


@settings(max_examples=500, deadline=None)
@given(rows, st.data())
def test_tombstone_wins_over_older_edit(edit, data):
    later = data.draw(times.filter(lambda t: t >= edit.updated_at))
    tomb = Row(edit.table, edit.id, later, "v9", True, {})
    (winner,) = merge_rows([edit], [tomb])
    assert winner.deleted
