"""Working-day calendar for mainland China, over the `chinesecalendar` package.

Statutory holidays are skipped and make-up working weekends (调休) count as working
days. Years the package does not cover fall back to Monday–Friday, with a warning,
unless the caller supplies holidays/working days for them (config hook).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as _CC_HOLIDAYS
from chinese_calendar.constants import workdays as _CC_WORKDAYS

CC_MIN_YEAR: int = min(_CC_HOLIDAYS).year
CC_MAX_YEAR: int = max(_CC_HOLIDAYS).year

# Names a speech uses for a holiday -> the package's Holiday member.
_HOLIDAY_ALIASES: dict[str, Holiday] = {
    "元旦": Holiday.new_years_day,
    "春节": Holiday.spring_festival,
    "年": Holiday.spring_festival,  # 年前 = before the Spring Festival break
    "清明": Holiday.tomb_sweeping_day,
    "清明节": Holiday.tomb_sweeping_day,
    "五一": Holiday.labour_day,
    "劳动节": Holiday.labour_day,
    "五一劳动节": Holiday.labour_day,
    "端午": Holiday.dragon_boat_festival,
    "端午节": Holiday.dragon_boat_festival,
    "中秋": Holiday.mid_autumn_festival,
    "中秋节": Holiday.mid_autumn_festival,
    "国庆": Holiday.national_day,
    "国庆节": Holiday.national_day,
    "十一": Holiday.national_day,
}

# Fixed-date anchors usable for years the package lacks (lunar ones are unknowable
# without a lunar calendar, so they are absent and yield None).
_FIXED_ANCHORS: dict[Holiday, tuple[int, int]] = {
    Holiday.new_years_day: (1, 1),
    Holiday.labour_day: (5, 1),
    Holiday.national_day: (10, 1),
}


def _festival_year(d: date, holiday: Holiday) -> int:
    # The New Year break can begin on Dec 30/31 of the previous year.
    if holiday is Holiday.new_years_day and d.month == 12:
        return d.year + 1
    return d.year


def _build_break_index() -> dict[tuple[Holiday, int], date]:
    """First listed holiday date per (holiday, festival year), computed once."""
    by_value = {h.value: h for h in Holiday}
    index: dict[tuple[Holiday, int], date] = {}
    for d, value in _CC_HOLIDAYS.items():
        h = by_value.get(value)
        if h is None:
            continue
        key = (h, _festival_year(d, h))
        if key not in index or d < index[key]:
            index[key] = d
    return index


_BREAK_INDEX: dict[tuple[Holiday, int], date] = _build_break_index()


class WorkCalendar:
    """Chinese working-day calendar with a config hook for extra years.

    `extra_holidays` / `extra_workdays` override the package (and the Mon–Fri
    fallback); a year for which any extra date is given counts as covered, so no
    fallback warning is raised for it.
    """

    def __init__(
        self,
        extra_holidays: Iterable[date] | None = None,
        extra_workdays: Iterable[date] | None = None,
    ) -> None:
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays or ())
        self.extra_workdays: frozenset[date] = frozenset(extra_workdays or ())
        self._user_years: frozenset[int] = frozenset(d.year for d in self.extra_holidays | self.extra_workdays)
        self._break_cache: dict[tuple[Holiday, int], date | None] = {}

    # -- coverage ---------------------------------------------------------------
    def covers_year(self, year: int) -> bool:
        """True when real holiday data (package or user) exists for `year`."""
        return CC_MIN_YEAR <= year <= CC_MAX_YEAR or year in self._user_years

    def fallback_warning(self, year: int) -> str:
        return (
            f"no holiday data for {year} (chinesecalendar covers "
            f"{CC_MIN_YEAR}-{CC_MAX_YEAR}): assumed Monday-Friday working days"
        )

    # -- days -------------------------------------------------------------------
    def is_workday(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.extra_holidays:
            return False
        if d in _CC_WORKDAYS:  # make-up working weekend (调休)
            return True
        if d in _CC_HOLIDAYS:
            return False
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
        """First day of the official break of holiday `name` for festival year `year`.

        Weekends joined to the break count (2024 端午: listed Jun 10, break Jun 8).
        For the New Year the break may begin in December of `year - 1`. For
        years without data only 元旦/五一/国庆/清明 can be estimated (check
        `covers_year` for the warning); 春节/端午/中秋 then give None.
        """
        key_name = name.strip()
        holiday = _HOLIDAY_ALIASES.get(key_name) or _HOLIDAY_ALIASES.get(key_name.removesuffix("节"))
        if holiday is None:
            return None
        key = (holiday, year)
        if key in self._break_cache:
            return self._break_cache[key]
        first = _BREAK_INDEX.get(key)
        if first is None:
            first = self._estimate_anchor(holiday, year)
        start = None
        if first is not None:
            start = first
            # Extend backwards over joined rest days (weekends, user holidays).
            one = timedelta(days=1)
            for _ in range(10):
                prev = start - one
                if self.is_workday(prev):
                    break
                start = prev
        self._break_cache[key] = start
        return start

    def _estimate_anchor(self, holiday: Holiday, year: int) -> date | None:
        if not (1 <= year <= 9999):
            return None
        if holiday in _FIXED_ANCHORS:
            m, d = _FIXED_ANCHORS[holiday]
            return date(year, m, d)
        if holiday is Holiday.tomb_sweeping_day:
            try:  # 清明 is a solar term, computable for 1901..2100
                from chinese_calendar import get_solar_terms

                terms = get_solar_terms(date(year, 4, 1), date(year, 4, 10))
                for d, term in terms:
                    if term == "清明":
                        return d
            except Exception:  # noqa: BLE001 - out of the term table's range
                return None
        return None

    def next_break_start(self, name: str, on_or_after: date) -> tuple[date | None, list[str]]:
        """Start of the next break of `name` beginning on or after `on_or_after`."""
        warnings: list[str] = []
        for year in (on_or_after.year, on_or_after.year + 1):
            start = self.holiday_break_start(name, year)
            if start is None:
                if not self.covers_year(year):
                    warnings.append(f"{name} break date unknown for {year}: no holiday data")
                    return None, warnings
                continue
            if start >= on_or_after:
                if not self.covers_year(year):
                    warnings.append(self.fallback_warning(year) + f"; {name} break estimated")
                return start, warnings
        return None, warnings


DEFAULT_CALENDAR: WorkCalendar = WorkCalendar()
