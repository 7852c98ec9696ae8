"""Working-day calendar for mainland China.

Statutory holidays are skipped and make-up working weekends (调休) count as working
days. Each holiday year has one schedule (tasktui.extract.holidays.YearSchedule), from
the first of these that has it:

1. the office's imported 放假安排 (`schedules`: the store loads them and passes them in;
   the extractor stays pure);
2. the `chinesecalendar` package (2004 to its last year, 2026 as installed);
3. the usual pattern, estimated from the festival days (tasktui.extract.festivals), and
   every answer that relies on it carries a warning.

`extra_holidays` / `extra_workdays` are a lower-level hook that overrides single days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as _CC_HOLIDAYS
from chinese_calendar.constants import workdays as _CC_WORKDAYS

from tasktui.extract.festivals import estimated_new_year_break, estimated_schedule, festival_day
from tasktui.extract.holidays import HolidayBreak, YearSchedule, canonical_holiday

CC_MIN_YEAR: int = min(_CC_HOLIDAYS).year
CC_MAX_YEAR: int = max(_CC_HOLIDAYS).year

# The package's holiday names (English values of its Holiday enum) -> ours.
_CC_NAMES: dict[str, str] = {
    Holiday.new_years_day.value: "元旦",
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
    Holiday.national_day.value: "国庆节",
}
# How far back from a break's first listed day joined rest days are looked for.
_JOIN_DAYS = 10


def _festival_year(d: date, name: str) -> int:
    # The New Year break (and its make-up Saturday) can fall in December of the year before.
    return d.year + 1 if name == "元旦" and d.month == 12 else d.year


def _build_package_schedules() -> dict[int, YearSchedule]:
    """The package's days grouped into one schedule per holiday year, built once. A break
    runs from the first to the last day the package lists for that holiday and year."""
    rest: dict[tuple[int, str], list[date]] = {}
    work: dict[tuple[int, str], list[date]] = {}
    for source, into in ((_CC_HOLIDAYS, rest), (_CC_WORKDAYS, work)):
        for d, value in source.items():
            name = _CC_NAMES.get(value)
            if name is not None:  # the one-off 2015 anti-fascist day has no break to name
                into.setdefault((_festival_year(d, name), name), []).append(d)
    years: dict[int, list[HolidayBreak]] = {}
    for (year, name), days in rest.items():
        brk = HolidayBreak((name,), min(days), max(days), tuple(sorted(work.get((year, name), []))))
        years.setdefault(year, []).append(brk)
    out: dict[int, YearSchedule] = {}
    for year, breaks in years.items():
        if CC_MIN_YEAR <= year <= CC_MAX_YEAR:
            out[year] = YearSchedule(
                year, tuple(sorted(_merge_unlisted(year, breaks), key=lambda b: b.first)), "package"
            )
    return out


def _merge_unlisted(year: int, breaks: list[HolidayBreak]) -> list[HolidayBreak]:
    """A festival the package does not list for a year whose day lies inside another
    break is taken with that break (2020: 中秋 on Oct 1, inside 国庆)."""
    listed = {n for b in breaks for n in b.names}
    for name in ("清明节", "端午节", "中秋节"):
        day = festival_day(name, year) if name not in listed else None
        if day is None:
            continue
        for i, b in enumerate(breaks):
            if b.first <= day <= b.last:
                breaks[i] = HolidayBreak(b.names + (name,), b.first, b.last, b.workdays)
                break
    return breaks


@lru_cache(maxsize=1)
def _package_schedules() -> dict[int, YearSchedule]:
    return _build_package_schedules()


def estimate_warning(year: int) -> str:
    return (
        f"{year}年尚无官方放假安排，节假日按惯例估算（未计调休上班日）；"
        f"可用 tasktui holidays import 导入{year}年放假安排"
    )


class WorkCalendar:
    """Chinese working-day calendar: imported schedules over the package over the estimate.

    `schedules`: the official 放假安排 the office imported, one per year; a year among them
    is decided by it alone (days it does not list follow Monday-Friday). `extra_holidays` /
    `extra_workdays` override single days; a year with any such day counts as covered.
    """

    def __init__(
        self,
        extra_holidays: Iterable[date] | None = None,
        extra_workdays: Iterable[date] | None = None,
        schedules: Iterable[YearSchedule] = (),
    ) -> None:
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays or ())
        self.extra_workdays: frozenset[date] = frozenset(extra_workdays or ())
        self._user_years: frozenset[int] = frozenset(d.year for d in self.extra_holidays | self.extra_workdays)
        self.imported: dict[int, YearSchedule] = {s.year: s for s in schedules}
        # A later year's notice wins a December day both name (its 元旦 break).
        self._imported_days: dict[date, bool] = {}
        for year in sorted(self.imported):
            sched = self.imported[year]
            self._imported_days.update(dict.fromkeys(sched.rest_days, False))
            self._imported_days.update(dict.fromkeys(sched.work_days, True))
        self._break_cache: dict[tuple[str, int], date | None] = {}

    # -- coverage ---------------------------------------------------------------
    def covers_year(self, year: int) -> bool:
        """True when official holiday data (imported, the package's, or the day hook) exists
        for `year`; False when its holidays are estimated."""
        return year in self.imported or CC_MIN_YEAR <= year <= CC_MAX_YEAR or year in self._user_years

    def fallback_warning(self, year: int) -> str:
        return estimate_warning(year)

    def schedule(self, year: int) -> YearSchedule | None:
        """Year `year`'s breaks: imported, else the package's, else estimated (None only for
        a year the estimate does not cover)."""
        if year in self.imported:
            return self.imported[year]
        package = _package_schedules().get(year)
        if package is not None:
            return package
        if CC_MIN_YEAR <= year <= CC_MAX_YEAR:
            return YearSchedule(year, (), "package")
        return estimated_schedule(year)

    # -- days -------------------------------------------------------------------
    def is_workday(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.extra_holidays:
            return False
        imported = self._imported_days.get(d)
        if imported is not None:
            return imported
        if d.year not in self.imported:
            if CC_MIN_YEAR <= d.year <= CC_MAX_YEAR:
                if d in _CC_WORKDAYS:  # make-up working weekend (调休)
                    return True
                if d in _CC_HOLIDAYS:
                    return False
            else:
                est = estimated_schedule(d.year)
                if est is not None and d in est.rest_days:
                    return False
                if est is not None and d in est.work_days:
                    return True
        # December may hold the next year's 元旦 break or its make-up Saturday: of that
        # year's estimate only this break reaches December, and it needs no lunar dates.
        if d.month == 12 and not self.covers_year(d.year + 1):
            new_year = estimated_new_year_break(d.year + 1)
            if new_year is not None and new_year.first <= d <= new_year.last:
                return False
            if new_year is not None and d in new_year.workdays:
                return True
        return d.weekday() < 5

    def add_workdays(self, d: date, n: int) -> tuple[date, list[str]]:
        """The n-th working day strictly after `d` (n <= 0 returns `d`)."""
        warnings: list[str] = []
        if n <= 0:
            return d, warnings
        one = timedelta(days=1)
        cur = d
        left = n
        warned: set[int] = set()
        while left:
            cur += one
            if cur.year not in warned and not self.covers_year(cur.year):
                warned.add(cur.year)
                warnings.append(self.fallback_warning(cur.year))
            if self.is_workday(cur):
                left -= 1
        return cur, warnings

    # -- holidays -----------------------------------------------------------------
    def holiday_break_start(self, name: str, year: int) -> date | None:
        """First day of the break of holiday `name` for holiday year `year`.

        Rest days joined to the break count (2024 端午: listed Mon Jun 10, break from Sat
        Jun 8). The New Year break may begin in December of `year - 1`. None for a name
        that is no statutory holiday, or a year without that holiday (清明, 端午 and 中秋
        became statutory in 2008)."""
        canon = canonical_holiday(name)
        if canon is None:
            return None
        key = (canon, year)
        if key in self._break_cache:
            return self._break_cache[key]
        sched = self.schedule(year)
        brk = sched.break_of(canon) if sched is not None else None
        start = None
        if brk is not None:
            start = brk.first
            one = timedelta(days=1)
            for _ in range(_JOIN_DAYS):
                prev = start - one
                if self.is_workday(prev):
                    break
                start = prev
        self._break_cache[key] = start
        return start

    def next_break_start(self, name: str, on_or_after: date) -> tuple[date | None, list[str]]:
        """Start of the next break of `name` beginning on or after `on_or_after`, with a
        warning when that year's breaks are estimated."""
        warnings: list[str] = []
        for year in (on_or_after.year, on_or_after.year + 1):
            start = self.holiday_break_start(name, year)
            if start is None:
                if not self.covers_year(year):
                    warnings.append(f"{year}年{name}的放假日期无法推算")
                    return None, warnings
                continue
            if start >= on_or_after:
                if not self.covers_year(year):
                    warnings.append(f"{name}放假日期为估算：" + self.fallback_warning(year))
                return start, warnings
        return None, warnings


DEFAULT_CALENDAR: WorkCalendar = WorkCalendar()

__all__ = ["CC_MAX_YEAR", "CC_MIN_YEAR", "DEFAULT_CALENDAR", "WorkCalendar", "estimate_warning"]
