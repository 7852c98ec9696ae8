"""The holiday schedules (放假安排) the office imported, and the working-day calendar built
from them that every deadline the store resolves goes through.

An imported year overrides the chinesecalendar package and the estimate for that year
(tasktui.extract.workdays). Importing one replaces what was there for the year, and the
deadlines that follow their phrase are resolved again in the same transaction
(tasktui.store.reresolve), each change recorded in the task's history. Only the office
imports (policy.may_manage_holidays); on PostgreSQL unit roles may read the tables and
write none of them (tasktui.store.roles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, delete, select

from tasktui.extract.holidays import YearSchedule
from tasktui.models import HolidayBreak as HolidayBreakRow
from tasktui.models import HolidayWorkday, HolidayYear
from tasktui.store import policy
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError
from tasktui.store.reresolve import DeadlineChange, reresolve
from tasktui.store.work_calendar import calendar_of


@dataclass(frozen=True)
class ImportedYear:
    """An imported year as `holidays list` shows it."""

    year: int
    source_name: str
    note: str | None
    imported_at: datetime
    imported_by: str
    breaks: int


@dataclass
class HolidayImportResult:
    year: int
    replaced: bool  # the year had an imported schedule before
    breaks: int
    rest_days: int
    workdays: int
    changes: list[DeadlineChange] = field(default_factory=list)


def imported_years(ctx: ServiceContext) -> list[ImportedYear]:
    with ctx.store.session() as s:
        counts: dict[int, int] = {}
        for year in s.exec(select(HolidayBreakRow.year)):
            counts[year] = counts.get(year, 0) + 1
        return [
            ImportedYear(y.year, y.source_name, y.note, y.imported_at, y.imported_by, counts.get(y.year, 0))
            for y in s.exec(select(HolidayYear).order_by(col(HolidayYear.year)))
        ]


def import_schedule(
    ctx: ServiceContext, schedule: YearSchedule, source_name: str, note: str | None = None
) -> HolidayImportResult:
    """Store `schedule` (already checked: tasktui.exchange.holiday_file) as the official
    放假安排 of its year, replacing an earlier one, and resolve the following deadlines
    again. One transaction: a failure anywhere writes nothing."""
    policy.may_manage_holidays(ctx.actor).enforce()
    if not schedule.breaks:
        raise InputError(f"{schedule.year}年的放假安排没有任何假期")
    with ctx.store.write() as s:
        existing = s.get(HolidayYear, schedule.year)
        if existing is not None:
            old_breaks = select(HolidayBreakRow.id).where(col(HolidayBreakRow.year) == schedule.year)
            s.exec(delete(HolidayWorkday).where(col(HolidayWorkday.break_id).in_(old_breaks)))
            s.exec(delete(HolidayBreakRow).where(col(HolidayBreakRow.year) == schedule.year))
            existing.source_name = source_name[:500]
            existing.note = note[:500] if note else None
            existing.imported_at = ctx.clock.now()
            existing.imported_by = ctx.actor.name
            s.add(existing)
        else:
            s.add(
                HolidayYear(
                    year=schedule.year,
                    source_name=source_name[:500],
                    note=note[:500] if note else None,
                    imported_at=ctx.clock.now(),
                    imported_by=ctx.actor.name,
                )
            )
        s.flush()
        for b in schedule.breaks:
            row = HolidayBreakRow(year=schedule.year, names="、".join(b.names), first_day=b.first, last_day=b.last)
            s.add(row)
            s.flush()
            for day in b.workdays:
                s.add(HolidayWorkday(break_id=row.id or 0, day=day))
        s.flush()
        changes = reresolve(ctx, s, calendar_of(s), f"导入{schedule.year}年放假安排后")
        return HolidayImportResult(
            year=schedule.year,
            replaced=existing is not None,
            breaks=len(schedule.breaks),
            rest_days=len(schedule.rest_days),
            workdays=len(schedule.work_days),
            changes=changes,
        )


__all__ = [
    "HolidayImportResult",
    "ImportedYear",
    "import_schedule",
    "imported_years",
]
