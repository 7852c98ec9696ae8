"""One line of `tasktui list` (`ListedTask`) built from the printed columns as the driver
gives them (`listed_rows`): the countdown and 未签收 figures worked out with the same
functions the rest of tasktui uses (`countdown.countdown`,
`acknowledgement.unacknowledged_days`).

No SQLAlchemy here: the rows come from `listing.listed_tasks` (the service's read, any
backend) or from `plain_list` (a plain SQLite store read with the standard library, so
`tasktui list` starts without loading the ORM).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, NamedTuple

from tasktui.extract.workdays import WorkCalendar
from tasktui.store import acknowledgement
from tasktui.store.countdown import countdown, warn_until
from tasktui.store.statuses import ASSIGNED, is_urgent, status_label

# The columns, in this order, that both reads select.
COLUMN_NAMES = (
    "task.id",
    "task.outline",
    "task.heading",
    "task.status",
    "task.urgency",
    "task.deadline",
    "task.deadline_phrase",
    "task.assigned_at",
    "task.acknowledged_at",
    "meeting.title",
    "department.name",
)


class ListedTask(NamedTuple):
    """One line of `tasktui list`: what it prints, and what its summary counts."""

    id: int
    countdown: str  # countdown.Countdown.label
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


def listed_rows(
    rows: Sequence[Any], calendar: WorkCalendar, today: date, warn_days: int, ack_days: int
) -> list[ListedTask]:
    """The list's lines from rows of COLUMN_NAMES (dates as objects or ISO text)."""
    last_yellow = warn_until(calendar, today, warn_days)
    dates = Dates()
    # A countdown depends only on (deadline, status), and 未签收 only on the day of 交办 of
    # an unsigned 已交办 task: each distinct one is worked out once, then every row is a
    # lookup (a long list repeats its deadlines and the days tasks were given; each 交办
    # in the app has its own moment, so the moments repeat far less than the days).
    countdowns: dict[tuple[object, str], tuple[date | None, str, bool]] = {}
    for due, status in {(r[5], r[3]) for r in rows}:
        deadline = None if due is None else dates.day(due)
        c = countdown(deadline, status, today, warn_days, warn_until=last_yellow)
        countdowns[(due, status)] = (deadline, c.label, c.overdue)
    given = {r[7] for r in rows if r[3] == ASSIGNED and r[8] is None and r[7] is not None}
    shown: dict[object, tuple[str, bool]] = {}  # 交办 moment -> (the status shown, 未签收)
    if given:
        day_of = {assigned_at: dates.day(assigned_at) for assigned_at in given}
        counter = acknowledgement.WorkdaysTo(calendar, today)
        by_day: dict[date, tuple[str, bool]] = {}
        for day in set(day_of.values()):
            days = acknowledgement.unacknowledged_days(
                calendar, ASSIGNED, datetime.combine(day, time.min), None, today, ack_days, counter
            )
            by_day[day] = (status_label(ASSIGNED, days), days is not None)
        shown = {assigned_at: by_day[day] for assigned_at, day in day_of.items()}
    out: list[ListedTask] = []
    append = out.append
    for task_id, outline, heading, status, urgency, due, phrase, assigned_at, acked_at, meeting, lead in rows:
        deadline, label, overdue = countdowns[(due, status)]
        if status == ASSIGNED and acked_at is None and assigned_at is not None:
            status_shown, unsigned = shown[assigned_at]
        else:
            status_shown, unsigned = status, False
        append(
            ListedTask(
                task_id,
                label,
                status_shown,
                lead,
                outline,
                heading,
                urgency,
                meeting,
                deadline,
                phrase,
                overdue,
                unsigned,
            )
        )
    return out


class Dates:
    """Dates and times as the driver gives them: objects (psycopg) or the ISO text
    SQLAlchemy stores them as on SQLite, parsed once per distinct text."""

    def __init__(self) -> None:
        self._days: dict[str, date] = {}

    def day(self, value: date | str) -> date:
        if not isinstance(value, str):
            return value.date() if isinstance(value, datetime) else value
        got = self._days.get(value)
        if got is None:
            got = self._days[value] = date.fromisoformat(value[:10])
        return got


__all__ = ["COLUMN_NAMES", "Dates", "ListedTask", "listed_rows"]
