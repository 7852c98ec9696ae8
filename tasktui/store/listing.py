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

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlmodel import col

from tasktui.models import Department, Meeting, Task
from tasktui.store import acknowledgement, work_calendar
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import ASSIGNED, countdown
from tasktui.store.queries import TaskQuery, task_select
from tasktui.store.views import is_urgent, status_label


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
        return is_urgent(self.urgency)


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
        result = s.connection().execute(stmt)
        try:
            # The driver's own rows: SQLAlchemy would convert every date on every row;
            # a list has few distinct ones, converted once each below (`_Dates`).
            rows: Sequence[Any] = result.cursor.fetchall()
        finally:
            result.close()
        calendar = work_calendar.calendar_of(s)
    warn_until = work_calendar.warn_until(calendar, today, ctx.warn_days)
    dates = _Dates()
    # A countdown depends only on (deadline, status) and 未签收 on the day of 交办: each
    # distinct one is worked out once.
    countdowns: dict[tuple[object, str], tuple[date | None, str, bool]] = {}
    unsigned: dict[date, int | None] = {}
    given = [dates.day(a) for _, _, _, st, _, _, _, a, ack, _, _ in rows if st == ASSIGNED and ack is None and a]
    counter = acknowledgement.WorkdaysTo(calendar, min(given), today) if given else None
    out: list[ListedTask] = []
    append = out.append
    for task_id, outline, heading, status, urgency, due, phrase, assigned_at, acked_at, meeting, lead in rows:
        cd = countdowns.get((due, status))
        if cd is None:
            deadline = None if due is None else dates.day(due)
            c = countdown(deadline, status, today, ctx.warn_days, warn_until=warn_until)
            cd = countdowns[(due, status)] = (deadline, c.label, c.overdue)
        days = None
        if status == ASSIGNED and acked_at is None and assigned_at is not None:
            given_on = dates.day(assigned_at)
            if given_on not in unsigned:  # many tasks are given on the same day
                unsigned[given_on] = acknowledgement.unacknowledged_days(
                    calendar, status, dates.moment(assigned_at), None, today, ctx.ack_days, counter
                )
            days = unsigned[given_on]
        append(
            ListedTask(
                task_id,
                cd[1],
                status_label(status, days),
                lead,
                outline,
                heading,
                urgency,
                meeting,
                cd[0],
                phrase,
                cd[2],
                days is not None,
            )
        )
    return out


class _Dates:
    """Dates and times as the driver gives them: objects (psycopg) or the ISO text
    SQLAlchemy stores them as on SQLite, parsed once per distinct text."""

    def __init__(self) -> None:
        self._days: dict[str, date] = {}
        self._moments: dict[str, datetime] = {}

    def day(self, value: date | str) -> date:
        if not isinstance(value, str):
            return value.date() if isinstance(value, datetime) else value
        got = self._days.get(value)
        if got is None:
            got = self._days[value] = date.fromisoformat(value[:10])
        return got

    def moment(self, value: datetime | str) -> datetime:
        if not isinstance(value, str):
            return value
        got = self._moments.get(value)
        if got is None:
            got = self._moments[value] = datetime.fromisoformat(value)
        return got


__all__ = ["ListedTask", "listed_tasks"]
