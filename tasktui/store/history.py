"""The event history as the weekly report reads it: plain rows, scoped to what the actor
may see (the office: every task; a department: the tasks it leads or co-owns now, the
same rule as every other read, see `queries.visible_ids`).

Read-only and dialect-neutral (SQLAlchemy Core selects); events are streamed ordered by
(task, at, id) so a report over 100,000 tasks is one pass and never holds every event in
memory. Which of a department's tasks were its own *at the end of the period* is the
report's business (tasktui.report.weekly), from the events' lead/co-owner snapshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, select
from sqlmodel import col

from tasktui.models import Department, Event, Meeting, Task, TaskCoOwner
from tasktui.store import queries
from tasktui.store.context import ServiceContext
from tasktui.store.views import EventRecord

if TYPE_CHECKING:
    from typing_extensions import Unpack

# Rows fetched per round trip: big enough to be fast, small enough to stream.
_CHUNK = 5000

# Actions whose events after the cutoff still matter (see `later_changes`).
_LATER_ACTIONS = ("kind_changed", "assigned", "reassigned", "cadence_changed")

_S = TypeVar("_S", bound="Select[Unpack[tuple[Any, ...]]]")


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
    report_every: str | None = None  # 汇报频次 now (the report reads it as of the cutoff from history)


@dataclass(frozen=True, slots=True)
class LaterChange:
    task_id: int
    action: str
    from_value: str | None


class HistoryFeed:
    """Row streams for one report, as `ctx`'s actor may see them. Each method opens its
    own read-only session."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _scoped(self, s: Any, stmt: _S, task_id: Any) -> _S:
        visible = queries.visible_ids(self.ctx, s)
        return stmt if visible is None else stmt.where(task_id.in_(visible))

    def office(self) -> str:
        return self.ctx.store.office_name()

    def meetings(self) -> dict[int, MeetingInfo]:
        with self.ctx.store.session() as s:
            rows = s.execute(select(col(Meeting.id), col(Meeting.title), col(Meeting.date))).all()
        return {r[0]: MeetingInfo(r[0], r[1], r[2]) for r in rows}

    def tasks(self) -> dict[int, TaskInfo]:
        stmt = select(
            col(Task.id),
            col(Task.meeting_id),
            col(Task.seq),
            col(Task.outline),
            col(Task.heading),
            col(Task.kind),
            col(Task.report_every),
        )
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(Task.id))
            result = s.connection().execute(stmt.execution_options(yield_per=_CHUNK))
            return {r[0] or 0: TaskInfo(r[0] or 0, r[1], r[2], r[3], r[4], r[5], r[6]) for r in result}

    def co_owners_now(self) -> dict[int, list[str]]:
        stmt = (
            select(col(TaskCoOwner.task_id), col(Department.name))
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .order_by(col(TaskCoOwner.task_id), col(TaskCoOwner.seq), col(Department.name))
        )
        out: dict[int, list[str]] = {}
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(TaskCoOwner.task_id))
            for row in s.connection().execute(stmt.execution_options(yield_per=_CHUNK)):
                out.setdefault(row[0], []).append(row[1])
        return out

    def events_until(self, cutoff: datetime) -> Iterator[EventRecord]:
        """Every event strictly before `cutoff`, ordered by task, then time.

        Yields database rows, which have EventRecord's fields in its order: wrapping
        100,000s of them in records would cost more than the report itself. Core
        execution (not ORM) for the same reason."""
        stmt = (
            select(
                col(Event.at),
                col(Event.actor),
                col(Event.action),
                col(Event.from_value),
                col(Event.to_value),
                col(Event.note),
                col(Event.status_after),
                col(Event.deadline_after),
                col(Event.lead_after),
                col(Event.co_after),
                col(Event.task_id),
                col(Event.id),
            )
            .where(col(Event.at) < cutoff)
            .order_by(col(Event.task_id), col(Event.at), col(Event.id))
        )
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(Event.task_id))
            result: Any = s.connection().execute(stmt.execution_options(yield_per=_CHUNK))
            for chunk in result.partitions():  # fetchmany batches: fewer calls per row
                yield from chunk

    def later_changes(self, cutoff: datetime) -> Iterator[LaterChange]:
        """Kind changes, (re)assignments and cadence changes at or after `cutoff`, oldest
        first per task: they tell what the kind, the co-owners and the 汇报频次 were before them."""
        stmt = (
            select(col(Event.task_id), col(Event.action), col(Event.from_value))
            .where(col(Event.at) >= cutoff, col(Event.action).in_(_LATER_ACTIONS))
            .order_by(col(Event.task_id), col(Event.at), col(Event.id))
        )
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(Event.task_id))
            for r in s.connection().execute(stmt):
                yield LaterChange(r[0], r[1], r[2])


__all__ = ["HistoryFeed", "LaterChange", "MeetingInfo", "TaskInfo"]
