"""未按期报送 (a report owed and not made): derived from a task's 汇报频次, its owners and
the history, never stored.

The rule (docs/cadence.md): a task with a cadence that is open for work (已交办, 整改中,
持续整改) owes one progress report per period from **each** owner — the lead (牵头) and
every co-owner (配合), since each reports on its part (`owner_progress`). Once a period's
due date has passed, an owner is late for it when its last progress report (an event it
recorded itself) is older than the period's first day. A report made after the due date
(补报) clears the flag. A period counts only when the task was with its lead and had
its cadence on the period's first day (`assigned_at`, else `created_at`, and the last
汇报频次 change): a task given out, or a cadence set, mid-period first owes the next one.

`late_for` works over loaded rows (a page, a report's unit); `late_rows` lists every
late (task, unit) the actor can see; `late_task_ids` is the list filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tasktui.models import Department, Event, Task, TaskCoOwner
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import ASSIGNED, IN_PROGRESS, SUSTAINED, Action
from tasktui.store.work_calendar import calendar_of

if TYPE_CHECKING:
    from tasktui.extract.cadence import Cadence, Period

# Statuses that owe periodic progress: work given out and not claimed done.
OWING_STATUSES: frozenset[str] = frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED})
PROGRESS = Action.PROGRESS.value
CADENCE_CHANGED = Action.CADENCE_CHANGED.value
_CHUNK = 900  # ids per IN (...): under SQLite's bound variable limit


@dataclass(frozen=True)
class LateReport:
    """One owner of one task that owes the report of `period`."""

    task_id: int
    unit: str
    lead: bool  # 牵头 (else 配合)
    cadence: str  # the task's 汇报频次 as stored
    period: Period
    last_report: datetime | None  # its latest progress report, None: never
    heading: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "heading": self.heading,
            "unit": self.unit,
            "role": "lead" if self.lead else "co",
            "report_every": self.cadence,
            "period_start": self.period.start.isoformat(),
            "period_due": self.period.due.isoformat(),
            "last_report": self.last_report.isoformat(timespec="seconds") if self.last_report else None,
        }


class TaskLike(Protocol):
    """What `for_rows` reads of a task: a loaded `Task`, or a row of these columns."""

    @property
    def id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def report_every(self) -> str | None: ...
    @property
    def assigned_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def heading(self) -> str: ...


# The columns of a task `for_rows` reads, for callers that select rows, not objects.
TASK_COLUMNS: tuple[Any, ...] = (
    col(Task.id),
    col(Task.status),
    col(Task.report_every),
    col(Task.assigned_at),
    col(Task.created_at),
    col(Task.heading),
)


@dataclass(frozen=True)
class Owing:
    """What `late_for` needs of a task."""

    task_id: int
    status: str
    report_every: str | None
    since: datetime  # the later of assigned_at (else created_at) and the last cadence change
    owners: tuple[str, ...]  # lead first, co-owners in order
    heading: str = ""


def owed_period(cadence: Cadence, since: date, today: date, is_workday: Callable[[date], bool]) -> Period | None:
    """The last period whose due date has passed by `today`, if the task owed it (it was
    with its owners from the period's first day)."""
    from tasktui.extract.cadence import previous_period

    period = previous_period(cadence, today, is_workday)
    return period if since <= period.start else None


def late_for(
    items: Iterable[Owing],
    last_reports: dict[tuple[int, str], datetime],
    today: date,
    is_workday: Callable[[date], bool],
) -> list[LateReport]:
    """The late (task, owner) pairs of `items`, given each owner's last progress report."""
    # Imported here: the cadence grammar compiles the deadline grammar's patterns, which
    # every store command would pay for at start-up though most never judge a cadence.
    from tasktui.extract.cadence import parse_cadence

    out: list[LateReport] = []
    cadences: dict[str, Cadence | None] = {}
    for t in items:
        if t.status not in OWING_STATUSES or not t.report_every or not t.owners:
            continue
        if t.report_every not in cadences:
            cadences[t.report_every] = parse_cadence(t.report_every)
        cadence = cadences[t.report_every]
        if cadence is None:  # stored before the grammar knew it, or hand-edited: nothing to judge by
            continue
        period = owed_period(cadence, t.since.date(), today, is_workday)
        if period is None:
            continue
        for i, unit in enumerate(t.owners):
            last = last_reports.get((t.task_id, unit))
            if last is None or last.date() < period.start:
                out.append(LateReport(t.task_id, unit, i == 0, t.report_every, period, last, t.heading))
    return out


def last_reports(s: Session, task_ids: Sequence[int]) -> dict[tuple[int, str], datetime]:
    """Each (task, actor)'s latest progress report."""
    found: dict[tuple[int, str], datetime] = {}
    for i in range(0, len(task_ids), _CHUNK):
        chunk = list(task_ids[i : i + _CHUNK])
        stmt = (
            select(Event.task_id, Event.actor, func.max(Event.at))
            .where(col(Event.action) == PROGRESS, col(Event.task_id).in_(chunk))
            .group_by(col(Event.task_id), col(Event.actor))
        )
        for task_id, actor, at in s.exec(stmt).all():
            found[(task_id, actor)] = at
    return found


def cadence_set_at(s: Session, task_ids: Sequence[int]) -> dict[int, datetime]:
    """When each task's 汇报频次 was last changed (none: it came with the task)."""
    found: dict[int, datetime] = {}
    for i in range(0, len(task_ids), _CHUNK):
        chunk = list(task_ids[i : i + _CHUNK])
        stmt = (
            select(Event.task_id, func.max(Event.at))
            .where(col(Event.action) == CADENCE_CHANGED, col(Event.task_id).in_(chunk))
            .group_by(col(Event.task_id))
        )
        found.update({tid: at for tid, at in s.exec(stmt).all()})
    return found


def co_owner_names(s: Session, task_ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for i in range(0, len(task_ids), _CHUNK):
        chunk = list(task_ids[i : i + _CHUNK])
        stmt = (
            select(TaskCoOwner.task_id, Department.name)
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .where(col(TaskCoOwner.task_id).in_(chunk))
            .order_by(col(TaskCoOwner.task_id), col(TaskCoOwner.seq), col(Department.name))
        )
        for task_id, name in s.exec(stmt).all():
            names.setdefault(task_id, []).append(name)
    return names


def workday_of(s: Session) -> Callable[[date], bool]:
    """The store's working days, loaded the first time a cadence counts them."""
    loaded: list[Callable[[date], bool]] = []

    def is_workday(d: date) -> bool:
        if not loaded:
            loaded.append(calendar_of(s).is_workday)
        return loaded[0](d)

    return is_workday


def for_rows(s: Session, rows: Iterable[tuple[TaskLike, str | None, Sequence[str]]], today: date) -> list[LateReport]:
    """The late owners of loaded tasks, given as (task, lead name, co-owner names)."""
    owing = [(t, lead, co) for t, lead, co in rows if t.report_every and t.status in OWING_STATUSES]
    if not owing:
        return []
    set_at = cadence_set_at(s, [t.id or 0 for t, _, _ in owing])
    items = [
        Owing(t.id or 0, t.status, t.report_every, _since(t, set_at.get(t.id or 0)), _owners(lead, co), t.heading)
        for t, lead, co in owing
    ]
    return late_for(items, last_reports(s, [i.task_id for i in items]), today, workday_of(s))


def _since(t: TaskLike, cadence_at: datetime | None) -> datetime:
    given = t.assigned_at or t.created_at
    return max(given, cadence_at) if cadence_at is not None else given


def _owners(lead: str | None, co: Sequence[str]) -> tuple[str, ...]:
    return tuple(([lead] if lead else []) + [c for c in co if c != lead])


def late_rows(ctx: ServiceContext, s: Session, visible: Any | None, today: date | None = None) -> list[LateReport]:
    """Every late (task, owner) the actor can see (`visible`: an id subquery, None: all),
    by task id, lead first."""
    day = today or ctx.clock.today()
    stmt = (
        sa_select(*TASK_COLUMNS, col(Department.name))
        .join(Department, col(Department.id) == col(Task.lead_id), isouter=True)
        .where(col(Task.report_every).is_not(None), col(Task.status).in_(list(OWING_STATUSES)))
        .order_by(col(Task.id))
    )
    if visible is not None:
        stmt = stmt.where(col(Task.id).in_(visible))
    loaded = s.execute(stmt).all()
    co = co_owner_names(s, [r.id for r in loaded])
    return for_rows(s, [(r, r.name, co.get(r.id, [])) for r in loaded], day)


def late_task_ids(ctx: ServiceContext, s: Session, visible: Any | None) -> list[int]:
    """Ids of the tasks with any late owner (the list's 未按期报送 filter)."""
    return sorted({r.task_id for r in late_rows(ctx, s, visible)})


__all__ = [
    "OWING_STATUSES",
    "LateReport",
    "Owing",
    "co_owner_names",
    "for_rows",
    "last_reports",
    "late_for",
    "late_rows",
    "late_task_ids",
    "owed_period",
    "workday_of",
]
