"""Deadlines that follow their basis: when what a phrase was resolved against changes —
the meeting's date, or the holiday schedule of a year — the stored deadlines that came
from a phrase are worked out again, inside the transaction that made the change.

Which deadlines follow (docs/deadlines.md, "When the basis changes"): a task with a
deadline phrase (the speech's, a task file's, or one a person typed such as `两周内`),
whose meeting has a date, and whose deadline was not last set by an extension grant (a
date agreed with the unit stays). A deadline typed as a date has no phrase and never
moves. Whether the deadline may change at all is the policy's answer (`actions.begin`):
closed, done and rejected tasks and context items keep theirs.

Each task whose deadline changes gets one `deadline_changed` event saying why.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from tasktui.extract.workdays import WorkCalendar
from tasktui.models import Event, Meeting, Task
from tasktui.store import actions
from tasktui.store.context import ServiceContext
from tasktui.store.deadline_input import date_problem
from tasktui.store.errors import RuleError
from tasktui.store.lifecycle import Action
from tasktui.store.views import EventRecord

# The events that set a deadline; the last one decides whether it still follows its phrase.
_SETTING_ACTIONS = (Action.DEADLINE_CHANGED.value, Action.EXTENSION_GRANTED.value)

# The end of the note of a deadline worked out again from its phrase (a new meeting date,
# an imported 放假安排): the phrase's source is still whoever gave it first.
RECOMPUTED = "重新计算"


def deadline_setter(history: Sequence[EventRecord]) -> EventRecord | None:
    """The event of the person who last gave the task its deadline (a phrase typed at
    triage, a granted extension); None when it is still the one the task was created with
    (the speech's), recomputations from the same phrase included."""
    setter = None
    previous = None
    for e in history:
        recomputed = (e.note or "").endswith(RECOMPUTED)  # the same phrase, a new basis
        if e.action != Action.CREATED.value and e.deadline_after != previous and not recomputed:
            setter = e
        previous = e.deadline_after
    return setter


@dataclass(frozen=True)
class DeadlineChange:
    """One task whose deadline moved because its basis did."""

    task_id: int
    outline: str
    heading: str
    phrase: str
    old: date | None
    new: date | None
    unresolved: bool  # the phrase no longer gives a date (a person must set one)
    warnings: tuple[str, ...]  # the resolver's, e.g. that the holidays are estimated

    @property
    def new_text(self) -> str:
        return self.new.isoformat() if self.new else ("待定" if self.unresolved else "无")

    @property
    def old_text(self) -> str:
        return self.old.isoformat() if self.old else "无"


def _granted(s: Session, meeting_ids: Collection[int] | None) -> set[int]:
    """Tasks whose deadline was last set by an extension grant."""
    stmt = (
        select(Event.task_id, Event.action)
        .join(Task, col(Task.id) == col(Event.task_id))
        .where(col(Event.action).in_(_SETTING_ACTIONS), col(Task.deadline_phrase).is_not(None))
        .order_by(col(Event.task_id), col(Event.at), col(Event.id))
    )
    if meeting_ids is not None:
        stmt = stmt.where(col(Task.meeting_id).in_(list(meeting_ids)))
    last: dict[int, str] = {}
    for task_id, action in s.exec(stmt):
        last[task_id] = action
    return {t for t, a in last.items() if a == Action.EXTENSION_GRANTED.value}


def reresolve(
    ctx: ServiceContext,
    s: Session,
    calendar: WorkCalendar,
    reason: str,
    meeting_ids: Collection[int] | None = None,
) -> list[DeadlineChange]:
    """Resolve again every following deadline (of `meeting_ids`' tasks, or all), with
    `calendar`; save and record each one that changed, `reason` in its event's note.
    Runs in the caller's write transaction `s`: the change and its consequences are one."""
    stmt = (
        select(Task, col(Meeting.date))
        .join(Meeting, col(Meeting.id) == col(Task.meeting_id))
        .where(col(Task.deadline_phrase).is_not(None), col(Meeting.date).is_not(None))
        .order_by(col(Task.id))
    )
    if meeting_ids is not None:
        stmt = stmt.where(col(Task.meeting_id).in_(list(meeting_ids)))
    candidates = []
    for row, meeting_date in s.exec(stmt):
        candidates.append((row.id or 0, row.deadline_phrase, row.deadline, row.deadline_unresolved, meeting_date))
        # Plain values from here on: every versioned UPDATE (actions.save) checks the tasks
        # the session holds, so holding thousands would make each save slower than the last.
        s.expunge(row)
    if not candidates:
        return []
    # Imported here, as in deadline_input: compiling the resolver's patterns is the slow
    # part of loading the store, and most commands never resolve a phrase.
    from tasktui.extract.deadlines import resolve_deadline

    granted = _granted(s, meeting_ids)
    changes: list[DeadlineChange] = []
    for task_id, phrase, old, old_unresolved, meeting_date in candidates:
        if task_id in granted or not phrase or meeting_date is None:
            continue
        res = resolve_deadline(phrase, meeting_date, calendar)
        new = res.date if res.status == "date" else None
        unresolved = res.status == "unresolved" or (new is not None and date_problem(new, "时限") is not None)
        if unresolved:
            new = None
        if (new, unresolved) == (old, bool(old_unresolved)):
            continue
        try:
            task = actions.begin(ctx, s, task_id, Action.DEADLINE_CHANGED, None)
        except RuleError:
            continue  # settled, rejected or a context item: its deadline stays as it was
        actions.save(ctx, s, task, deadline=new, deadline_unresolved=unresolved)
        actions.record(
            ctx,
            s,
            task,
            Action.DEADLINE_CHANGED,
            from_value=old.isoformat() if old else None,
            to_value=new.isoformat() if new else phrase,
            note=f"{reason}，按「{phrase}」{RECOMPUTED}",
        )
        changes.append(
            DeadlineChange(task_id, task.outline, task.heading, phrase, old, new, unresolved, tuple(res.warnings))
        )
        s.flush()
        s.expunge(task)  # as above: the session keeps no task it is done with
    return changes


__all__ = ["DeadlineChange", "reresolve"]
