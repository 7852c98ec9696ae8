"""The countdown (倒计时) of a task: days left, overdue, its colour, and the words a list
shows for it. Derived at read time from the deadline, the status and today, never stored.

Apart from tasktui.store.lifecycle (which re-exports every name here) so that `tasktui
list` works its countdowns out without loading the lifecycle's tables. `Countdown` is a
NamedTuple, not a dataclass: the list's start-up does not pay for the dataclasses module.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tasktui.store.statuses import NO_COUNTDOWN_STATUSES

if TYPE_CHECKING:
    from tasktui.extract.workdays import WorkCalendar


class Countdown(NamedTuple):
    days_left: int | None
    overdue: bool
    warning: str  # "red" | "yellow" | "green" | "none" (no deadline) | "settled"

    @property
    def label(self) -> str:
        if self.days_left is None:
            return "无时限"
        if self.warning == "settled":
            return "—"
        if self.days_left < 0:
            return f"逾期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"剩{self.days_left}天"


def warn_until(calendar: WorkCalendar, today: date, warn_days: int) -> date:
    """The last day of the yellow window: `warn_days` working days from today (today
    itself with 0), so a deadline after a long holiday turns yellow in time."""
    return calendar.add_workdays(today, warn_days)[0]


def countdown(
    deadline: date | None, status: str, today: date, warn_days: int = 7, *, warn_until: date | None = None
) -> Countdown:
    """Overdue is derived, never stored: deadline passed and not done/closed/rejected
    (nor 持续整改, which has no countdown).

    Yellow: due by `warn_until`, the last day of the warning window, which the store works
    out as `warn_days` working days from today on its calendar (store/work_calendar.py:
    `warn_until`); without it, `warn_days` calendar days. days_left stays calendar days."""
    if deadline is None:
        return Countdown(None, False, "settled" if status in NO_COUNTDOWN_STATUSES else "none")
    days = (deadline - today).days
    if status in NO_COUNTDOWN_STATUSES:
        return Countdown(days, False, "settled")
    if days < 0:
        return Countdown(days, True, "red")
    last_yellow = warn_until if warn_until is not None else today + timedelta(days=warn_days)
    if deadline <= last_yellow:
        return Countdown(days, False, "yellow")
    return Countdown(days, False, "green")


__all__ = ["Countdown", "countdown", "warn_until"]
