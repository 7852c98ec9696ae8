"""The working-day calendar every deadline the store resolves goes through: the office's
imported 放假安排 (tasktui.store.holidays) over the chinesecalendar package over the
estimate (tasktui.extract.workdays). The extractor stays pure: the store loads the
schedules and passes the calendar in.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.extract.workdays import WorkCalendar
from tasktui.models import HolidayBreak as HolidayBreakRow
from tasktui.models import HolidayWorkday, HolidayYear
from tasktui.store.context import ServiceContext


def load_schedules(s: Session) -> list[YearSchedule]:
    """Every imported year, as the calendar takes it."""
    workdays: dict[int, list[date]] = {}
    for wd in s.exec(select(HolidayWorkday).order_by(col(HolidayWorkday.day))):
        workdays.setdefault(wd.break_id, []).append(wd.day)
    by_year: dict[int, list[HolidayBreak]] = {}
    for row in s.exec(select(HolidayBreakRow).order_by(col(HolidayBreakRow.first_day))):
        by_year.setdefault(row.year, []).append(
            HolidayBreak(
                tuple(row.names.split("、")),
                row.first_day,
                row.last_day,
                tuple(workdays.get(row.id or 0, ())),
            )
        )
    years = s.exec(select(HolidayYear.year)).all()
    return [YearSchedule(y, tuple(by_year.get(y, ())), "imported") for y in sorted(years)]


def calendar_of(s: Session) -> WorkCalendar:
    return WorkCalendar(schedules=load_schedules(s))


def work_calendar(ctx: ServiceContext) -> WorkCalendar:
    """The calendar deadlines resolve with: imported years over the package over the estimate."""
    with ctx.store.session() as s:
        return calendar_of(s)


__all__ = ["calendar_of", "load_schedules", "work_calendar"]
