"""Festival days for any year, and the statutory breaks estimated from them for a year
that has no official 放假安排 yet.

Lunar festivals (春节 = 正月初一, 端午 = 五月初五, 中秋 = 八月十五) and the solar term 清明
come from `tyme4py` (pure Python, MIT, the maintained successor of lunar-python); the
others are fixed dates. The estimate follows the pattern of the State Council's notices
since the 2025 revision of the holiday rules; docs/deadlines.md states it in full:

- 元旦 (Jan 1), 清明 (the solar term's day), 端午, 中秋 (the festival day): one statutory
  day, made a three-day break as the notices do: on a Tuesday, Sunday to Tuesday with the
  Saturday before worked; on a Thursday, Thursday to Saturday with the Sunday after
  worked; on a Saturday or Sunday, Saturday to Monday; on Monday or Friday the weekend
  joins by itself; on a Wednesday, that day alone;
- 春节 from 除夕 (the eve) to 正月初七: eight days;
- 劳动节 May 1-5;
- 国庆节 Oct 1-7, or Oct 1-8 together with 中秋 when 中秋 falls on Oct 1-8;
- no make-up working days (调休) for 春节, 劳动节 and 国庆节: which weekends those move
  is not predictable.

Weekends next to a break are rest days anyway; `WorkCalendar.holiday_break_start` counts
the ones just before it as part of the break, as it does for official data.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from tasktui.extract.holidays import HolidayBreak, YearSchedule, canonical_holiday

# The years estimated: the dates tasktui takes (tasktui.store.deadline_input), all
# Gregorian, all inside what the lunar library computes.
FIRST_YEAR = 1900
LAST_YEAR = 2999

_FIXED: dict[str, tuple[int, int]] = {"元旦": (1, 1), "劳动节": (5, 1), "国庆节": (10, 1)}
_LUNAR: dict[str, tuple[int, int]] = {"春节": (1, 1), "端午节": (5, 5), "中秋节": (8, 15)}


def _lunar_to_date(year: int, month: int, day: int) -> date:
    from tyme4py.lunar import LunarDay  # imported on first use: only years without data need it

    solar = LunarDay.from_ymd(year, month, day).get_solar_day()
    return date(solar.get_year(), solar.get_month(), solar.get_day())


def _qingming(year: int) -> date:
    from tyme4py.solar import SolarTerm

    solar = SolarTerm.from_name(year, "清明").get_julian_day().get_solar_day()
    return date(solar.get_year(), solar.get_month(), solar.get_day())


@lru_cache(maxsize=4096)
def festival_day(name: str, year: int) -> date | None:
    """The festival's own day in `year` (春节 2027 -> 2027-02-06); None for a name that is
    not a statutory holiday or a year outside FIRST_YEAR..LAST_YEAR."""
    canon = canonical_holiday(name)
    if canon is None or not (FIRST_YEAR <= year <= LAST_YEAR):
        return None
    if canon in _FIXED:
        m, d = _FIXED[canon]
        return date(year, m, d)
    if canon == "清明节":
        return _qingming(year)
    m, d = _LUNAR[canon]
    return _lunar_to_date(year, m, d)


def _one_day_break(name: str, day: date) -> HolidayBreak:
    """A one-day holiday as a three-day break (see the module docstring)."""
    one = timedelta(days=1)
    weekday = day.weekday()
    if weekday == 1:  # Tuesday: Sun-Tue, the Saturday before worked
        return HolidayBreak((name,), day - 2 * one, day, (day - 3 * one,))
    if weekday == 3:  # Thursday: Thu-Sat, the Sunday after worked
        return HolidayBreak((name,), day, day + 2 * one, (day + 3 * one,))
    if weekday == 5:  # Saturday: Monday in lieu
        return HolidayBreak((name,), day, day + 2 * one)
    if weekday == 6:  # Sunday: Saturday to Monday
        return HolidayBreak((name,), day - one, day + one)
    return HolidayBreak((name,), day, day)


@lru_cache(maxsize=256)
def estimated_new_year_break(year: int) -> HolidayBreak | None:
    """The 元旦 break of `year` as `estimated_schedule(year)` has it, without the lunar
    library (a few milliseconds to load and run): of the estimated breaks, the only one
    whose days can fall in December of the year before (春节's eve is January 20 at the
    earliest), which is all a December day asks of the next year. None outside
    FIRST_YEAR..LAST_YEAR."""
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        return None
    return _one_day_break("元旦", date(year, 1, 1))


@lru_cache(maxsize=256)
def estimated_schedule(year: int) -> YearSchedule | None:
    """The breaks of `year` by the usual pattern (module docstring); None outside
    FIRST_YEAR..LAST_YEAR."""
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        return None

    def day(name: str) -> date:
        d = festival_day(name, year)
        assert d is not None  # every name is known and the year is in range
        return d

    one = timedelta(days=1)
    spring = day("春节")
    mid_autumn = day("中秋节")
    new_year = estimated_new_year_break(year)
    assert new_year is not None  # the year is in range
    breaks = [
        new_year,
        HolidayBreak(("春节",), spring - one, spring + 6 * one),
        _one_day_break("清明节", day("清明节")),
        HolidayBreak(("劳动节",), date(year, 5, 1), date(year, 5, 5)),
        _one_day_break("端午节", day("端午节")),
    ]
    if date(year, 10, 1) <= mid_autumn <= date(year, 10, 8):
        breaks.append(HolidayBreak(("国庆节", "中秋节"), date(year, 10, 1), date(year, 10, 8)))
    else:
        # 中秋 late in September runs into 国庆: its break stops the day before, and no
        # weekend is moved (the one it would move lies inside the 国庆 break).
        mid = _one_day_break("中秋节", mid_autumn)
        if mid.last >= date(year, 10, 1):
            mid = HolidayBreak(mid.names, mid.first, date(year, 9, 30))
        breaks.append(mid)
        breaks.append(HolidayBreak(("国庆节",), date(year, 10, 1), date(year, 10, 7)))
    return YearSchedule(year, tuple(sorted(breaks, key=lambda b: b.first)), "estimated")


__all__ = ["FIRST_YEAR", "LAST_YEAR", "estimated_new_year_break", "estimated_schedule", "festival_day"]
