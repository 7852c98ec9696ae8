"""The task list as `tasktui list` prints it, read lean: only the printed columns, as plain
rows, no ORM objects.

`queries.list_tasks` builds a full `TaskRow` per task (co-owners, extension requests,
late reports, 催办 counts) for the UI and `--json`; at 50k tasks that is seconds spent on
what the printed list never shows. This read takes `queries.task_select` (the same
filters, the actor's scope and the order) and keeps only the columns the list prints and
the few its countdown and 未签收 figures are worked out from, with the same functions
(`lifecycle.countdown`, `acknowledgement.unacknowledged_days`), in `listed.listed_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col

from tasktui.models import Department, Meeting, Task
from tasktui.store import work_calendar
from tasktui.store.context import ServiceContext
from tasktui.store.listed import ListedTask, listed_rows
from tasktui.store.queries import TaskQuery, task_select

# listed.COLUMN_NAMES, as the ORM's columns (a test holds the two equal).
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
            # a list has few distinct ones, converted once each (`listed.Dates`).
            rows: Sequence[Any] = result.cursor.fetchall()
        finally:
            result.close()
        calendar = work_calendar.calendar_of(s)
    return listed_rows(rows, calendar, today, ctx.warn_days, ctx.ack_days)


__all__ = ["ListedTask", "listed_tasks"]
