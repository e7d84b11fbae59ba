"""Tasks that can be corrected: one task per fact of a letter, edit, delete and "done" with undo.

A date found in a letter becomes at most one task: the task carries a stable ``fact_key`` (letter id,
kind, date and time — not the position in the list, which changes when the facts engine improves),
so adding the same ticked dates twice, or again after a restart, adds nothing. The audit journal
records what really happened (ids and action names only): a reopened task is journaled as reopened,
and the timeline and packet, which read ``done``, no longer show it as done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from volunteer_desk.core.errors import NotFound
from volunteer_desk.family.model import Task
from volunteer_desk.family.snapshot import save
from volunteer_desk.vault.store import FamilyFile, now_iso


def fact_key(letter_id: str, proposal: Mapping[str, Any]) -> str:
    """The identity of a date found in a letter: same letter, same kind, same day and time."""
    when = proposal.get("due") or ""
    if proposal.get("time"):
        when += "T" + str(proposal["time"])
    return f"{letter_id}:{proposal.get('kind') or 'deadline'}:{when}"


def known_keys(tasks: Iterable[Task]) -> set[str]:
    """Keys of the stored tasks, plus (letter, title, date) for tasks added before keys existed."""
    keys: set[str] = set()
    for t in tasks:
        if t.fact_key:
            keys.add(t.fact_key)
        if t.letter_id:
            keys.add(f"{t.letter_id}|{t.title}|{t.due}")
    return keys


def already_added(letter_id: str, proposal: Mapping[str, Any], keys: set[str]) -> bool:
    return (fact_key(letter_id, proposal) in keys
            or f"{letter_id}|{proposal.get('title', '')}|{proposal.get('due') or ''}" in keys)


def task_from_proposal(letter_id: str, proposal: Mapping[str, Any]) -> Task:
    source = proposal.get("source") or {}
    kind = proposal.get("kind") or "deadline"
    return Task(title=proposal.get("title", ""), due=proposal.get("due") or "", time=proposal.get("time") or "",
                kind=kind, where=(proposal.get("what") or proposal.get("where") or "") if kind == "appointment" else "",
                reminders=list(proposal.get("reminders", [])), letter_id=letter_id,
                source=source.get("text", "") if isinstance(source, dict) else str(source),
                created_at=now_iso(), fact_key=fact_key(letter_id, proposal))


def add_from_letter(ff: FamilyFile, letter_id: str, proposals: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """Store the confirmed dates of a letter as tasks; returns (added, already there). Idempotent."""
    keys = known_keys(Task.from_data(d) for d in ff.all("tasks"))
    added = skipped = 0
    for proposal in proposals:
        if already_added(letter_id, proposal, keys):
            skipped += 1
            continue
        task = task_from_proposal(letter_id, proposal)
        save(ff, task)
        keys.add(task.fact_key)
        ff.audit("task.confirm", task.id or "")
        added += 1
    return added, skipped


def _stored(ff: FamilyFile, task_id: str) -> Task:
    data = ff.get("tasks", task_id)
    if data is None:
        raise NotFound("This task does not exist any more.")
    return Task.from_data({**data, "id": task_id})


def set_done(ff: FamilyFile, task_id: str, done: bool, today: date | None = None) -> Task:
    """Mark a task done (or reopen it: the undo of "done"); returns the task as it was before."""
    before = _stored(ff, task_id)
    if before.done == done:
        return before
    after = replace(before, done=done, done_on=(today or date.today()).isoformat() if done else "")
    save(ff, after)
    ff.audit("task.done" if done else "task.reopen", task_id)
    return before


def edit(ff: FamilyFile, task: Task) -> None:
    """Correct a task (title, kind, date, time, place); its link to the letter's fact is kept."""
    if not task.id:
        raise NotFound("This task does not exist any more.")
    before = _stored(ff, task.id)
    save(ff, replace(task, fact_key=before.fact_key, letter_id=before.letter_id, source=before.source,
                     created_at=before.created_at))
    ff.audit("task.edit", task.id)


def delete(ff: FamilyFile, task_id: str) -> Task:
    """Delete a task; returns it so that the volunteer can undo."""
    before = _stored(ff, task_id)
    ff.delete("tasks", task_id)
    ff.audit("task.delete", task_id)
    return before


def restore(ff: FamilyFile, task: Task) -> None:
    """Undo a delete or an edit: put the task back as it was, under the same id."""
    save(ff, task)
    ff.audit("task.restore", task.id or "")
