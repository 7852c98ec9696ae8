"""The event history as the weekly report reads it: plain rows, scoped to what the actor
may see (the office: every task; a department: the tasks it leads or co-owns now, the
same rule as every other read, see `queries.visible_ids`).

Read-only and dialect-neutral (SQLAlchemy Core selects); events are streamed ordered by
(task, at, id) so a report over 100,000 tasks is one pass and never holds every event in
memory. The task table alone (what csv prints) needs no events in Python: `states_until`
lets the database pick each task's state at the cutoff. Which of a department's tasks
were its own *at the end of the period* is the report's business (tasktui.report.weekly),
from the events' lead/co-owner snapshots.

The big reads (events, tasks, co-owners) come back as the driver's own tuples: on SQLite,
SQLAlchemy's per-row work (a Row per row, a datetime parsed from every `at`) cost more
than the report's own pass over 500,000 events, so those rows skip it (`_driver_rows`) and
the report turns into dates only the few values it keeps (`Decoders`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Date, DateTime, Select, and_, case, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from tasktui.extract.workdays import WorkCalendar
from tasktui.models import Department, Event, Meeting, Task, TaskCoOwner
from tasktui.store import queries
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import COMPLETED_STATUSES, DEFAULT_URGENCY, Action
from tasktui.store.work_calendar import work_calendar

if TYPE_CHECKING:
    from typing_extensions import Unpack

# Rows fetched per round trip: big enough to be fast, small enough to stream.
_CHUNK = 5000

# Actions whose events after the cutoff still matter (see `later_changes`).
_LATER_ACTIONS = ("kind_changed", "assigned", "reassigned", "cadence_changed")

_S = TypeVar("_S", bound="Select[Unpack[tuple[Any, ...]]]")

# Actions whose note is a unit's account of its work (the report's 最新进展).
PROGRESS_NOTE_ACTIONS = ("progress", "done", "note", "extension_requested")

# 已完成待核 and 已销号, in a fixed order for the SQL that binds them.
_COMPLETED = tuple(sorted(COMPLETED_STATUSES))

# The columns of `states_until`'s rows, in this order (plain tuples): each task's state at
# a cutoff, its events folded by the database.
STATE_COLUMNS = (
    "task_id",
    "meeting_id",
    "seq",
    "outline",
    "heading",
    "kind",  # the kind now: `kind_changes_until` and `later_changes` tell what it was
    "status",  # the last event's snapshots (status_after, deadline_after, lead_after, co_after)
    "deadline",  # as the driver gives it: `Decoders.day`
    "lead",
    "co_after",
    "latest_note",  # the last non-empty note of a PROGRESS_NOTE_ACTIONS event
    "completed_at",  # completed now: when it last became so (`Decoders.at`); else None
    "completion_deadline",  # the deadline it had then (`Decoders.day`)
)

# The columns of `events_until`'s rows, in this order (plain tuples).
EVENT_COLUMNS = (
    "task_id",
    "at",  # as the driver gives it: `Decoders.at` makes it a datetime
    "in_period",  # at >= the period's start (computed by the database: no date to parse)
    "action",
    "actor",  # progress events only (None on the others)
    "from_value",  # deadline events only (申请延期, 批准延期, 驳回延期, 调整时限)
    "to_value",  # deadline events, kind and 汇报频次 changes only
    "note",
    "status_after",
    "deadline_after",  # as the driver gives it: `Decoders.day`
    "lead_after",
    "co_after",
)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class Decoders:
    """Turn a driver's value of a DateTime / Date column into a datetime / date (None stays
    None): SQLite returns text, PostgreSQL already returns datetimes. The report compares
    the raw values for equality only and decodes the ones it keeps."""

    at: Callable[[Any], Any] = _same
    day: Callable[[Any], Any] = _same


def _driver_chunks(
    s: Session, stmt: Select[Unpack[tuple[Any, ...]]], chunk: int = _CHUNK
) -> Iterator[Sequence[Sequence[Any]]]:
    """`stmt`'s rows as the driver returns them, in lists of `chunk` (`chain.from_iterable`
    them: the rows are then passed on in C, not one generator step each).

    SQLite: the compiled statement runs on the DBAPI cursor of the session's connection (same
    transaction), so no Row objects and no type processing (values as stored, see `Decoders`).
    Other dialects: SQLAlchemy's streamed result (a server-side cursor on PostgreSQL, whose
    driver returns datetimes itself); its rows index like tuples."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        result: Any = conn.execute(stmt.execution_options(yield_per=chunk))
        yield from result.partitions()
        return
    dialect = conn.dialect
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    given = compiled.construct_params()
    params: list[Any] = []
    for name in compiled.positiontup or ():
        value = given[name]
        bind = compiled.binds.get(name)
        # An expanded IN list's items are not in `binds`; the report's lists are ids and words.
        kind: Any = bind.type if bind is not None else (DateTime() if isinstance(value, datetime) else None)
        if kind is None and isinstance(value, date):
            kind = Date()
        # The dialect's own type (SQLite's DATETIME stores its own text format).
        process = dialect.type_descriptor(kind).bind_processor(dialect) if kind is not None else None
        params.append(process(value) if process is not None and value is not None else value)
    sql = str(compiled)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield rows
    except dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy would have raised it, so the store says what went wrong in one line.
        raise DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error) from exc
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class MeetingInfo:
    id: int
    title: str
    date: date | None
    source_kind: str | None = None  # current, not historical


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
    # Current values, not historical: history does not version them (docs/report.md).
    leader: str | None = None  # 责任领导
    urgency: str = DEFAULT_URGENCY  # 紧急程度


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

    def decoders(self) -> Decoders:
        """How to read the dates in `events_until`'s rows (the store's dialect)."""
        dialect = self.ctx.store.engine.dialect
        if dialect.name != "sqlite":  # read through SQLAlchemy: already datetimes
            return Decoders()
        at = dialect.type_descriptor(DateTime()).result_processor(dialect, None)
        day = dialect.type_descriptor(Date()).result_processor(dialect, None)
        return Decoders(at or _same, day or _same)

    def _scoped(self, s: Any, stmt: _S, task_id: Any) -> _S:
        visible = queries.visible_ids(self.ctx, s)
        return stmt if visible is None else stmt.where(task_id.in_(visible))

    def office(self) -> str:
        return self.ctx.store.office_name()

    def meetings(self) -> dict[int, MeetingInfo]:
        with self.ctx.store.session() as s:
            rows = s.execute(
                select(col(Meeting.id), col(Meeting.title), col(Meeting.date), col(Meeting.source_kind))
            ).all()
        return {r[0]: MeetingInfo(r[0], r[1], r[2], r[3]) for r in rows}

    def tasks(self) -> dict[int, TaskInfo]:
        stmt = select(
            col(Task.id),
            col(Task.meeting_id),
            col(Task.seq),
            col(Task.outline),
            col(Task.heading),
            col(Task.kind),
            col(Task.report_every),
            col(Task.responsible_leader),
            col(Task.urgency),
        )
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(Task.id))
            return {r[0]: TaskInfo(*r) for r in chain.from_iterable(_driver_chunks(s, stmt))}

    def calendar(self) -> WorkCalendar:
        """The working-day calendar (未签收 counts working days)."""
        return work_calendar(self.ctx)

    def co_owners_now(self) -> dict[int, list[str]]:
        stmt = (
            select(col(TaskCoOwner.task_id), col(Department.name))
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .order_by(col(TaskCoOwner.task_id), col(TaskCoOwner.seq), col(Department.name))
        )
        out: dict[int, list[str]] = {}
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(TaskCoOwner.task_id))
            for task_id, name in chain.from_iterable(_driver_chunks(s, stmt)):
                out.setdefault(task_id, []).append(name)
        return out

    def events_until(self, cutoff: datetime, start: datetime) -> Iterator[Sequence[Any]]:
        """Every event strictly before `cutoff`, ordered by task, then time (then id), as
        tuples of EVENT_COLUMNS; `in_period`: at or after `start`.

        Plain driver tuples (`_driver_chunks`): wrapping 100,000s of them in records, or
        parsing every `at`, would cost more than the report itself."""
        return chain.from_iterable(self._event_chunks(cutoff, start))

    def _event_chunks(self, cutoff: datetime, start: datetime) -> Iterator[Sequence[Sequence[Any]]]:
        # Values only the actions that use them need are left out (NULL): fewer strings to make.
        deadline_actions = [
            a.value
            for a in (
                Action.DEADLINE_CHANGED,
                Action.EXTENSION_GRANTED,
                Action.EXTENSION_REQUESTED,
                Action.EXTENSION_DENIED,
            )
        ]
        valued = [*deadline_actions, Action.KIND_CHANGED.value, Action.CADENCE_CHANGED.value]
        action = col(Event.action)
        stmt = (
            select(
                col(Event.task_id),
                col(Event.at),
                (col(Event.at) >= start).label("in_period"),
                action,
                case((action == Action.PROGRESS.value, col(Event.actor))),
                case((action.in_(deadline_actions), col(Event.from_value))),
                case((action.in_(valued), col(Event.to_value))),
                col(Event.note),
                col(Event.status_after),
                col(Event.deadline_after),
                col(Event.lead_after),
                col(Event.co_after),
            )
            .where(col(Event.at) < cutoff)
            .order_by(col(Event.task_id), col(Event.at), col(Event.id))
        )
        with self.ctx.store.session() as s:
            yield from _driver_chunks(s, self._scoped(s, stmt, col(Event.task_id)))

    def states_until(self, cutoff: datetime) -> Iterator[Sequence[Any]]:
        """Each task with events before `cutoff`, as it stood then: tuples of STATE_COLUMNS,
        in no particular order. What `events_until` streams for the report to fold, chosen
        here by the database, task by task over the (task_id, at) index: the last event
        (its snapshots), the last progress note, and for a completed task the event that
        completed it (the first after the last one that left it open). Ties in `at` are
        broken by id, as `events_until` orders them."""
        last, opened, completing = aliased(Event), aliased(Event), aliased(Event)
        task_id = col(Task.id)

        def newest(*where: Any) -> Any:
            # The id of the task's newest event before the cutoff that matches `where`.
            e = aliased(Event)
            at, event_id = col(e.at), col(e.id)
            return (
                select(event_id)
                .where(col(e.task_id) == task_id, at < cutoff, *(w(e) for w in where))
                .order_by(at.desc(), event_id.desc())
                .limit(1)
                .scalar_subquery()
            )

        def first_after_opened() -> Any:
            # The first event after the last one that left the task open (the first of all
            # when it was never open): the one that completed it.
            e = aliased(Event)
            at, event_id = col(e.at), col(e.id)
            open_at, open_id = col(opened.at), col(opened.id)
            return (
                select(event_id)
                .where(
                    col(e.task_id) == task_id,
                    at < cutoff,
                    or_(open_id.is_(None), at > open_at, and_(at == open_at, event_id > open_id)),
                )
                .order_by(at, event_id)
                .limit(1)
                .scalar_subquery()
            )

        completed = col(last.status_after).in_(_COMPLETED)
        note = aliased(Event)
        latest_note = (
            select(col(note.note))
            .where(
                col(note.task_id) == task_id,
                col(note.at) < cutoff,
                col(note.action).in_(PROGRESS_NOTE_ACTIONS),
                col(note.note) != "",
            )
            .order_by(col(note.at).desc(), col(note.id).desc())
            .limit(1)
            .scalar_subquery()
        )
        stmt = (
            select(
                task_id,
                col(Task.meeting_id),
                col(Task.seq),
                col(Task.outline),
                col(Task.heading),
                col(Task.kind),
                col(last.status_after),
                col(last.deadline_after),
                col(last.lead_after),
                col(last.co_after),
                latest_note,
                col(completing.at),
                col(completing.deadline_after),
            )
            .select_from(Task)
            .join(last, col(last.id) == newest())
            # CASE: the two searches run for completed tasks only (SQLite evaluates it lazily).
            .outerjoin(
                opened,
                col(opened.id) == case((completed, newest(lambda x: col(x.status_after).not_in(_COMPLETED)))),
            )
            .outerjoin(completing, col(completing.id) == case((completed, first_after_opened())))
        )
        with self.ctx.store.session() as s:
            yield from chain.from_iterable(_driver_chunks(s, self._scoped(s, stmt, col(Task.id))))

    def kind_changes_until(self, cutoff: datetime) -> Iterator[tuple[int, str | None]]:
        """(task_id, new kind) of each kind change before `cutoff` that names one, oldest
        first per task (the last one before the cutoff is the kind then)."""
        stmt = (
            select(col(Event.task_id), col(Event.to_value))
            .where(col(Event.action) == Action.KIND_CHANGED.value, col(Event.at) < cutoff, col(Event.to_value) != "")
            .order_by(col(Event.task_id), col(Event.at), col(Event.id))
        )
        with self.ctx.store.session() as s:
            stmt = self._scoped(s, stmt, col(Event.task_id))
            for r in s.connection().execute(stmt):
                yield r[0], r[1]

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


__all__ = [
    "EVENT_COLUMNS",
    "PROGRESS_NOTE_ACTIONS",
    "STATE_COLUMNS",
    "Decoders",
    "HistoryFeed",
    "LaterChange",
    "MeetingInfo",
    "TaskInfo",
]
