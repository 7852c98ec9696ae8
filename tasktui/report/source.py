"""Reading what a weekly report needs from the store, as plain rows.

Read-only and dialect-neutral (SQLAlchemy Core selects over the SQLModel tables); events
are streamed ordered by (task, at, id) so a report over 100,000 tasks is one pass and
never holds every event in memory. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select

from tasktui.models import Department, Event, Meeting, Task, TaskCoOwner
from tasktui.store.db import Store

# Rows fetched per round trip: big enough to be fast, small enough to stream.
_CHUNK = 5000

# Actions whose events after the cutoff still matter (see `later_changes`).
_LATER_ACTIONS = ("kind_changed", "assigned", "reassigned")


@dataclass(frozen=True, slots=True)
class MeetingInfo:
    id: int
    title: str
    date: date | None


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """The parts of a task row that history does not version (text, place, kind now)."""

    id: int
    meeting_id: int
    seq: int
    outline: str
    heading: str
    kind: str


class EventRow(NamedTuple):
    """An event as the report reads it. A NamedTuple, so SQLAlchemy rows (tuples with
    the same fields) can stand in for it without being copied."""

    task_id: int
    at: datetime
    action: str
    from_value: str | None
    to_value: str | None
    note: str | None
    status_after: str
    deadline_after: date | None
    lead_after: str | None
    co_after: str | None  # "、"-joined; None on events older than schema 3


@dataclass(frozen=True, slots=True)
class LaterChange:
    task_id: int
    action: str
    from_value: str | None


class ReportSource:
    """Row streams for one report. Each method opens its own read-only session."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def office(self) -> str:
        return self.store.office_name()

    def meetings(self) -> dict[int, MeetingInfo]:
        with self.store.session() as s:
            rows = s.execute(select(Meeting.id, Meeting.title, Meeting.date)).all()
        return {r[0]: MeetingInfo(r[0], r[1], r[2]) for r in rows}

    def tasks(self) -> dict[int, TaskInfo]:
        stmt = select(Task.id, Task.meeting_id, Task.seq, Task.outline, Task.heading, Task.kind)
        with self.store.session() as s:
            result = s.connection().execute(stmt.execution_options(yield_per=_CHUNK))
            return {r[0]: TaskInfo(*r) for r in result}

    def co_owners_now(self) -> dict[int, list[str]]:
        stmt = (
            select(TaskCoOwner.task_id, Department.name)
            .join(Department, Department.id == TaskCoOwner.department_id)
            .order_by(TaskCoOwner.task_id, Department.name)
        )
        out: dict[int, list[str]] = {}
        with self.store.session() as s:
            for task_id, name in s.connection().execute(stmt.execution_options(yield_per=_CHUNK)):
                out.setdefault(task_id, []).append(name)
        return out

    def events_until(self, cutoff: datetime) -> Iterator[EventRow]:
        """Every event strictly before `cutoff`, ordered by task, then time.

        Yields SQLAlchemy rows, which have EventRow's fields by name: wrapping 100,000s of
        them in dataclasses would cost more than the report itself. Core execution (not
        ORM) for the same reason."""
        stmt = (
            select(
                Event.task_id, Event.at, Event.action, Event.from_value, Event.to_value,
                Event.note, Event.status_after, Event.deadline_after, Event.lead_after,
                Event.co_after,
            )
            .where(Event.at < cutoff)  # type: ignore[operator]
            .order_by(Event.task_id, Event.at, Event.id)
        )
        with self.store.session() as s:
            result: Any = s.connection().execute(stmt.execution_options(yield_per=_CHUNK))
            for chunk in result.partitions():  # fetchmany batches: fewer calls per row
                yield from chunk

    def later_changes(self, cutoff: datetime) -> Iterator[LaterChange]:
        """Kind changes and (re)assignments at or after `cutoff`, oldest first per task:
        they tell what the kind and the co-owners were before them."""
        stmt = (
            select(Event.task_id, Event.action, Event.from_value)
            .where(Event.at >= cutoff, Event.action.in_(_LATER_ACTIONS))  # type: ignore[operator]
            .order_by(Event.task_id, Event.at, Event.id)
        )
        with self.store.session() as s:
            for r in s.connection().execute(stmt):
                yield LaterChange(r[0], r[1], r[2])
