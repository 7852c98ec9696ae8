"""未签收 (not signed for): a task 已交办 whose lead has not acknowledged it (签收) within
`ack_days` working days of 交办. Derived at read time, never stored: the task's
`assigned_at` and `acknowledged_at` and the store's working-day calendar decide it.

With `ack_days` = 2, a task given on Monday may be signed for on Tuesday and Wednesday;
on Thursday, unsigned, it is 未签收 for 3 (working) days — the days counted from 交办, as
an office says「交办3个工作日未签收」.

Pure: the store passes in the calendar (store/work_calendar.py) and today.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tasktui.extract.workdays import WorkCalendar
from tasktui.store.statuses import ASSIGNED

DEFAULT_ACK_DAYS = 2
# How far back the cutoff search walks: more than any run of rest days plus the largest
# ack_days a setting takes (config.MAX_ACK_DAYS), so the loop always ends.
_MAX_WALK_DAYS = 400


def ack_due(calendar: WorkCalendar, assigned: date, ack_days: int) -> date:
    """The last day the lead may sign without being 未签收: `ack_days` working days after
    the day it was given the task (that day itself when ack_days is 0)."""
    return calendar.add_workdays(assigned, ack_days)[0]


def workdays_since(calendar: WorkCalendar, start: date, today: date) -> int:
    """Working days after `start` up to and including `today` (0 when today <= start)."""
    n = 0
    day = start + timedelta(days=1)
    while day <= today:
        if calendar.is_workday(day):
            n += 1
        day += timedelta(days=1)
    return n


class WorkdaysTo:
    """Working days after any day up to and including `today`, from one walk back from
    today, taken only as far as asked: a list or a report of 100,000 tasks given on a few
    hundred different days (years apart) costs one walk, not one per task. The sign-by day
    of each day given is worked out once too."""

    def __init__(self, calendar: WorkCalendar, today: date) -> None:
        self.calendar = calendar
        self.today = today
        self._back = [0]  # _back[k]: working days in (today − k, today]
        self._due: dict[tuple[date, int], date] = {}

    def since(self, day: date) -> int:
        """Working days in (day, today]."""
        k = (self.today - day).days
        if k <= 0:
            return 0
        back, is_workday = self._back, self.calendar.is_workday
        while len(back) <= k:
            back.append(back[-1] + is_workday(self.today - timedelta(days=len(back) - 1)))
        return back[k]

    def due(self, given: date, ack_days: int) -> date:
        """`ack_due` of `given`, remembered."""
        key = (given, ack_days)
        got = self._due.get(key)
        if got is None:
            got = self._due[key] = ack_due(self.calendar, given, ack_days)
        return got


def unacknowledged_days(
    calendar: WorkCalendar,
    status: str,
    assigned_at: datetime | None,
    acknowledged_at: datetime | None,
    today: date,
    ack_days: int,
    counter: WorkdaysTo | None = None,
) -> int | None:
    """Working days since 交办 of a task that is 未签收 on `today`: still 已交办, not signed
    for, and `today` past its sign-by day (`ack_due`: a weekend after it counts, so a
    report cut on Sunday has what the list showed on Saturday); None when it is not.
    `counter`: a WorkdaysTo of the same calendar and today, shared by a whole list or report."""
    if status != ASSIGNED or acknowledged_at is not None or assigned_at is None:
        return None
    given = assigned_at.date()
    if counter is None:
        counter = WorkdaysTo(calendar, today)
    if today <= counter.due(given, ack_days):
        return None
    return counter.since(given)


def assigned_before(calendar: WorkCalendar, today: date, ack_days: int) -> datetime:
    """The cutoff for the list filter: a task given before this moment (and still 已交办,
    unsigned) is 未签收 today. The first day whose sign-by day is today or later, at 00:00;
    `ack_due` grows with the day given, so walking back from today finds it."""
    day = today
    for _ in range(_MAX_WALK_DAYS):
        before = day - timedelta(days=1)
        if ack_due(calendar, before, ack_days) < today:
            return datetime.combine(day, time.min)
        day = before
    return datetime.combine(day, time.min)


__all__ = [
    "DEFAULT_ACK_DAYS",
    "WorkdaysTo",
    "ack_due",
    "assigned_before",
    "unacknowledged_days",
    "workdays_since",
]
