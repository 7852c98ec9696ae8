"""The task list as `tasktui list` prints it, read lean: only the printed columns, as plain
rows, no ORM objects.

`queries.list_tasks` builds a full `TaskRow` per task (co-owners, extension requests,
late reports, 催办 counts) for the UI and `--json`; at 50k tasks that is seconds spent on
what the printed list never shows. This read takes `queries.task_select` (the same
filters, the actor's scope and the order) and keeps only the columns the list prints and
the few its countdown and 未签收 figures are worked out from, with the same functions
(`lifecycle.countdown`, `acknowledgement.unacknowledged_days`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlmodel import col

from tasktui.extract.workdays import WorkCalendar
from tasktui.models import Department, Meeting, Task
from tasktui.store import acknowledgement, work_calendar
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import ASSIGNED, DEFAULT_URGENCY, countdown
from tasktui.store.queries import TaskQuery, task_select


class ListedTask(NamedTuple):
    """One line of `tasktui list`: what it prints, and what its summary counts."""

    id: int
    countdown: str  # lifecycle.Countdown.label
    status: str  # as TaskRow.status_label: 「未签收3天」 or the status
    lead: str | None
    outline: str
    heading: str
    urgency: str
    meeting: str
    deadline: date | None
    deadline_phrase: str | None
    overdue: bool
    unacknowledged: bool  # 未签收 (the status says so)

    @property
    def urgent(self) -> bool:
        """急办 or 特急, as TaskRow.urgent."""
        return self.urgency != DEFAULT_URGENCY


_COLUMNS = (
    col(Task.id),
    col(Task.outline),
    col(Task.heading),
    col(Task.status),
    col(Task.urgency),
    col(Task.deadline),
    col(Task.deadline_phrase),
    col(Task.assigned_at),
    col(Task.acknowledged_at),
    col(Meeting.title),
    col(Department.name),
)


def listed_tasks(ctx: ServiceContext, query: TaskQuery | None = None) -> list[ListedTask]:
    """The rows `queries.list_tasks` gives for this query, in its order, with only what
    the printed list shows."""
    query = query or TaskQuery()
    today = ctx.clock.today()
    with ctx.store.session() as s:
        stmt = task_select(ctx, s, query).with_only_columns(*_COLUMNS, maintain_column_froms=False)
        rows = s.execute(stmt).all()
        calendar = work_calendar.calendar_of(s)
    warn_until = work_calendar.warn_until(calendar, today, ctx.warn_days)
    # A countdown depends only on (deadline, status) and 未签收 on the day of 交办: a list
    # has few distinct ones, so each is worked out once.
    countdowns: dict[tuple[date | None, str], tuple[str, bool]] = {}
    unsigned: dict[date, int | None] = {}
    given = [
        a.date() for _, _, _, st, _, _, _, a, ack, _, _ in rows if st == ASSIGNED and ack is None and a is not None
    ]
    counter = acknowledgement.WorkdaysTo(calendar, min(given), today) if given else None
    out: list[ListedTask] = []
    append = out.append
    for task_id, outline, heading, status, urgency, deadline, phrase, assigned_at, acked_at, meeting, lead in rows:
        key = (deadline, status)
        cd = countdowns.get(key)
        if cd is None:
            c = countdown(deadline, status, today, ctx.warn_days, warn_until=warn_until)
            cd = countdowns[key] = (c.label, c.overdue)
        days = _unsigned_days(calendar, status, assigned_at, acked_at, today, ctx.ack_days, counter, unsigned)
        append(
            ListedTask(
                task_id,
                cd[0],
                status if days is None else f"未签收{days}天",
                lead,
                outline,
                heading,
                urgency,
                meeting,
                deadline,
                phrase,
                cd[1],
                days is not None,
            )
        )
    return out


def _unsigned_days(
    calendar: WorkCalendar,
    status: str,
    assigned_at: datetime | None,
    acked_at: datetime | None,
    today: date,
    ack_days: int,
    counter: acknowledgement.WorkdaysTo | None,
    seen: dict[date, int | None],
) -> int | None:
    if status != ASSIGNED or acked_at is not None or assigned_at is None:
        return None
    day = assigned_at.date()
    if day not in seen:  # many tasks are given on the same day
        seen[day] = acknowledgement.unacknowledged_days(calendar, status, assigned_at, None, today, ack_days, counter)
    return seen[day]


__all__ = ["ListedTask", "listed_tasks"]
