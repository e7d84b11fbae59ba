"""Tasks that can be corrected: one per fact of a letter, done/delete with undo, an honest journal."""

from __future__ import annotations

from volunteer_desk.family import snapshot, tasks

PROPOSAL = {"title": "Rendez-vous", "due": "2027-05-15", "time": "10:00", "kind": "appointment",
            "what": "CPAS", "source": {"text": "le 15 mai 2027 à 10h", "start": 0, "end": 10}}
DEADLINE = {"title": "Payer", "due": "2027-05-20", "kind": "deadline", "source": {"text": "avant le 20 mai"}}


def _tasks(ff):
    return snapshot.load(ff).tasks


def test_adding_the_same_dates_twice_adds_them_once(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        before = len(_tasks(ff))
        assert tasks.add_from_letter(ff, "L1", [PROPOSAL, DEADLINE]) == (2, 0)
        assert tasks.add_from_letter(ff, "L1", [PROPOSAL, DEADLINE]) == (0, 2)
        # the same date in another letter is another fact
        assert tasks.add_from_letter(ff, "L2", [PROPOSAL]) == (1, 0)
        stored = _tasks(ff)
        assert len(stored) == before + 3
        assert {t.fact_key for t in stored if t.letter_id == "L1"} == {
            "L1:appointment:2027-05-15T10:00", "L1:deadline:2027-05-20"}
    # After closing and reopening (a restart), the dates are still known as added.
    with admin_session.open_family(demo_family_id) as ff:
        keys = tasks.known_keys(_tasks(ff))
        assert tasks.already_added("L1", PROPOSAL, keys)
        assert not tasks.already_added("L3", PROPOSAL, keys)


def test_done_then_undone_leaves_no_done_event(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        tasks.add_from_letter(ff, "L1", [PROPOSAL])
        task = next(t for t in _tasks(ff) if t.letter_id == "L1")
        tasks.set_done(ff, task.id, True)
        assert next(t for t in _tasks(ff) if t.id == task.id).done
        tasks.set_done(ff, task.id, False)
        again = next(t for t in _tasks(ff) if t.id == task.id)
        assert not again.done and again.done_on == ""
        actions = [a for a, target in _journal(ff) if target == task.id]
        assert actions == ["task.confirm", "task.done", "task.reopen"]


def test_delete_and_restore_keep_the_same_task(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id) as ff:
        tasks.add_from_letter(ff, "L1", [DEADLINE])
        task = next(t for t in _tasks(ff) if t.letter_id == "L1")
        removed = tasks.delete(ff, task.id)
        assert all(t.id != task.id for t in _tasks(ff))
        # deleted on purpose: adding the letter's dates again brings it back once, not twice
        tasks.restore(ff, removed)
        back = [t for t in _tasks(ff) if t.letter_id == "L1"]
        assert len(back) == 1 and back[0].id == task.id and back[0].fact_key == task.fact_key
        corrected = back[0]
        corrected.due = "2027-05-22"
        tasks.edit(ff, corrected)
        assert next(t for t in _tasks(ff) if t.id == task.id).due == "2027-05-22"
        # corrected date: the letter's fact is still the one already added
        assert tasks.add_from_letter(ff, "L1", [DEADLINE]) == (0, 1)


def _journal(ff):
    return [(action, target) for _id, _at, _who, action, target in sorted(ff.audit_rows(), key=lambda r: r[1])]
