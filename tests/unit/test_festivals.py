"""Festival days for any year, the estimated statutory breaks, and imported schedules
overriding the package and the estimate (tasktui.extract.festivals, holidays, workdays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tasktui.extract.deadlines import resolve_deadline
from tasktui.extract.festivals import estimated_new_year_break, estimated_schedule, festival_day
from tasktui.extract.holidays import HOLIDAYS, HolidayBreak, YearSchedule, canonical_holiday, schedule_problems
from tasktui.extract.workdays import CC_MAX_YEAR, CC_MIN_YEAR, WorkCalendar


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("春节", 2027, date(2027, 2, 6)),
        ("春节", 2028, date(2028, 1, 26)),
        ("春节", 2030, date(2030, 2, 3)),
        ("端午", 2027, date(2027, 6, 9)),
        ("端午节", 2028, date(2028, 5, 28)),
        ("中秋", 2027, date(2027, 9, 15)),
        ("中秋节", 2028, date(2028, 10, 3)),
        ("清明", 2027, date(2027, 4, 5)),
        ("清明节", 2028, date(2028, 4, 4)),
        ("元旦", 2027, date(2027, 1, 1)),
        ("五一", 2027, date(2027, 5, 1)),
        ("十一", 2027, date(2027, 10, 1)),
    ],
)
def test_festival_day_known_dates(name: str, year: int, expected: date) -> None:
    assert festival_day(name, year) == expected


def test_festival_day_outside_the_years_or_unknown_name() -> None:
    assert festival_day("春节", 1899) is None
    assert festival_day("春节", 3000) is None
    assert festival_day("圣诞", 2027) is None


def test_festival_days_fall_inside_the_official_breaks() -> None:
    """The lunar library agrees with every official break the package lists (2008, when
    清明 端午 中秋 became statutory, to its last year)."""
    official = WorkCalendar()
    for year in range(2008, CC_MAX_YEAR + 1):
        for name in ("春节", "清明节", "端午节", "中秋节"):
            day = festival_day(name, year)
            assert day is not None
            sched = official.schedule(year)
            assert sched is not None and sched.source == "package"
            brk = sched.break_of(name)
            assert brk is not None, (year, name)
            assert brk.first <= day <= brk.last, (year, name, day, brk)


def test_canonical_names() -> None:
    assert canonical_holiday("国庆") == canonical_holiday("十一") == "国庆节"
    assert canonical_holiday("年") == "春节"
    assert canonical_holiday("圣诞") is None
    assert len(HOLIDAYS) == 7


# ---------------------------------------------------------------- the estimate


def test_estimated_2027() -> None:
    sched = estimated_schedule(2027)
    assert sched is not None and sched.source == "estimated"
    assert schedule_problems(sched) == []
    spring = sched.break_of("春节")
    assert spring is not None and (spring.first, spring.last) == (date(2027, 2, 5), date(2027, 2, 12))  # 除夕..初七
    assert sched.break_of("劳动节") == HolidayBreak(("劳动节",), date(2027, 5, 1), date(2027, 5, 5))
    assert sched.break_of("国庆") == HolidayBreak(("国庆节",), date(2027, 10, 1), date(2027, 10, 7))
    # 端午 on a Wednesday: that day alone; 中秋 on a Wednesday too.
    assert sched.break_of("端午") == HolidayBreak(("端午节",), date(2027, 6, 9), date(2027, 6, 9))
    assert sched.break_of("中秋") == HolidayBreak(("中秋节",), date(2027, 9, 15), date(2027, 9, 15))
    # 清明 on a Monday: the weekend before joins by itself.
    assert sched.break_of("清明") == HolidayBreak(("清明节",), date(2027, 4, 5), date(2027, 4, 5))


def test_estimated_one_day_holidays_become_three_day_breaks() -> None:
    # 2028: 元旦 is a Saturday (Monday in lieu); 中秋 Oct 3 joins 国庆 (Oct 1-8).
    s28 = estimated_schedule(2028)
    assert s28 is not None
    assert s28.break_of("元旦") == HolidayBreak(("元旦",), date(2028, 1, 1), date(2028, 1, 3))
    assert (
        s28.break_of("中秋")
        == s28.break_of("国庆")
        == HolidayBreak(("国庆节", "中秋节"), date(2028, 10, 1), date(2028, 10, 8))
    )
    # 2030: 元旦 on a Tuesday: Sun Dec 30 - Tue Jan 1, Saturday Dec 29 worked.
    s30 = estimated_schedule(2030)
    assert s30 is not None
    assert s30.break_of("元旦") == HolidayBreak(("元旦",), date(2029, 12, 30), date(2030, 1, 1), (date(2029, 12, 29),))
    cal = WorkCalendar()
    assert cal.is_workday(date(2029, 12, 29))  # the make-up Saturday, a December of the year before
    assert not cal.is_workday(date(2029, 12, 31))
    # 2029 清明 Wed Apr 4: one day; 2029 端午 Sat Jun 16: Saturday to Monday.
    s29 = estimated_schedule(2029)
    assert s29 is not None and s29.break_of("端午") == HolidayBreak(("端午节",), date(2029, 6, 16), date(2029, 6, 18))


def test_estimate_every_year_holds_together() -> None:
    for year in range(CC_MAX_YEAR + 1, 2200):
        sched = estimated_schedule(year)
        assert sched is not None and schedule_problems(sched) == [], year
        assert {n for b in sched.breaks for n in b.names} == set(HOLIDAYS)


def test_a_december_day_asks_only_the_new_year_break_of_the_next_year() -> None:
    """is_workday in December reads the next year's estimated 元旦 break alone (no lunar
    library): the same answer as the whole estimated schedule of that year gives."""
    calendar = WorkCalendar()
    for year in [*range(CC_MAX_YEAR, CC_MAX_YEAR + 40), 2998]:
        whole = estimated_schedule(year + 1)
        assert whole is not None and estimated_new_year_break(year + 1) in whole.breaks
        for day in range(1, 32):
            d = date(year, 12, day)
            expected = d in whole.work_days or (d not in whole.rest_days and d.weekday() < 5)
            if year > CC_MAX_YEAR:  # the year's own days are estimated too: none in December
                assert d not in (estimated_schedule(year) or whole).rest_days
            assert calendar.is_workday(d) == expected, d
    assert estimated_new_year_break(3000) is None
    # 2030-01-01 is a Tuesday: December 29 worked, 30 and 31 off.
    december = [calendar.is_workday(date(2029, 12, d)) for d in (28, 29, 30, 31)]
    assert december == [True, True, False, False]


def test_estimate_against_the_official_years() -> None:
    """How well the pattern reproduces 2008..2026 (the package's official data): measured
    97.6 % of days right (working or not) and 110 of 133 break starts (weekends joined)."""
    official = WorkCalendar()
    days = right = 0
    starts = same = 0
    for year in range(2008, CC_MAX_YEAR + 1):
        est = estimated_schedule(year)
        assert est is not None
        d = date(year, 1, 1)
        while d.year == year:
            guess = d in est.work_days or (d not in est.rest_days and d.weekday() < 5)
            days += 1
            right += guess == official.is_workday(d)
            d += timedelta(days=1)
        for name in HOLIDAYS:
            real = official.holiday_break_start(name, year)
            brk = est.break_of(name)
            if real is None or brk is None:
                continue
            start = brk.first
            while start - timedelta(days=1) not in est.work_days and (
                (start - timedelta(days=1)).weekday() >= 5 or start - timedelta(days=1) in est.rest_days
            ):
                start -= timedelta(days=1)
            starts += 1
            same += start == real
    assert right / days >= 0.97
    assert same / starts >= 0.8


# ---------------------------------------------------------------- deadlines in estimated years


def test_spring_festival_said_in_december_2026_is_an_estimate() -> None:
    d = resolve_deadline("春节前", date(2026, 12, 1))
    assert d.status == "date" and d.date == date(2027, 2, 4)
    assert d.warnings and "估算" in d.warnings[0] and "2027" in d.warnings[0]


@pytest.mark.parametrize(
    ("phrase", "meeting", "expected"),
    [
        ("端午前", date(2026, 12, 1), date(2027, 6, 8)),
        ("端午节前", date(2027, 7, 1), date(2028, 5, 26)),  # 2028 端午 Sun May 28: break from Sat 27
        ("中秋节前", date(2027, 1, 10), date(2027, 9, 14)),
        ("年前", date(2027, 3, 1), date(2028, 1, 24)),  # 2028 除夕 Tue Jan 25
        ("国庆前", date(2028, 9, 1), date(2028, 9, 29)),  # Sat Sep 30 joins the break
        ("10个工作日内", date(2027, 1, 28), date(2027, 2, 19)),  # skips the estimated 春节 Feb 5-12
    ],
)
def test_estimated_deadlines(phrase: str, meeting: date, expected: date) -> None:
    d = resolve_deadline(phrase, meeting)
    assert (d.status, d.date) == ("date", expected)
    assert any("估算" in w for w in d.warnings)


def test_package_years_carry_no_warning() -> None:
    d = resolve_deadline("春节前", date(2025, 12, 1))
    assert (d.date, d.warnings) == (date(2026, 2, 14), ())


# ---------------------------------------------------------------- an imported schedule


def _official_2027() -> YearSchedule:
    """A made-up 2027 notice that differs from the estimate (春节 Feb 6-14, Saturday Feb 20 worked)."""
    return YearSchedule(
        2027,
        (
            HolidayBreak(("元旦",), date(2027, 1, 1), date(2027, 1, 3)),
            HolidayBreak(("春节",), date(2027, 2, 6), date(2027, 2, 14), (date(2027, 2, 20),)),
            HolidayBreak(("国庆节",), date(2027, 10, 1), date(2027, 10, 7), (date(2027, 9, 26), date(2027, 10, 9))),
        ),
        "imported",
    )


def test_imported_schedule_overrides_the_estimate() -> None:
    cal = WorkCalendar(schedules=[_official_2027()])
    assert cal.covers_year(2027)
    d = resolve_deadline("春节前", date(2026, 12, 1), cal)
    assert (d.date, d.warnings) == (date(2027, 2, 5), ())
    assert cal.is_workday(date(2027, 2, 20))  # the make-up Saturday
    assert not cal.is_workday(date(2027, 2, 14))
    assert cal.is_workday(date(2027, 6, 9))  # 端午 not in this (partial) notice: a plain Wednesday
    wd = resolve_deadline("5个工作日内", date(2027, 2, 4), cal)
    assert (wd.date, wd.warnings) == (date(2027, 2, 18), ())  # Feb 5, then Feb 15..18


def test_imported_schedule_overrides_the_package() -> None:
    moved = YearSchedule(2026, (HolidayBreak(("春节",), date(2026, 2, 16), date(2026, 2, 22)),), "imported")
    cal = WorkCalendar(schedules=[moved])
    assert cal.holiday_break_start("春节", 2026) == date(2026, 2, 14)  # Sat-Sun before join
    assert not cal.is_workday(date(2026, 2, 16))
    assert cal.is_workday(date(2026, 2, 23))  # the package's last day off, not in this notice
    assert cal.is_workday(date(2026, 10, 1))  # the notice decides the whole year
    assert WorkCalendar().holiday_break_start("春节", 2026) == date(2026, 2, 15)


def test_package_years_group_into_schedules() -> None:
    cal = WorkCalendar()
    s20 = cal.schedule(2020)
    assert s20 is not None
    assert s20.break_of("中秋") is s20.break_of("国庆")  # 2020: 中秋 on Oct 1, one break
    assert cal.holiday_break_start("中秋", 2020) == date(2020, 10, 1)
    s24 = cal.schedule(2024)
    assert s24 is not None and s24.break_of("春节") == HolidayBreak(
        ("春节",), date(2024, 2, 10), date(2024, 2, 17), (date(2024, 2, 4), date(2024, 2, 18))
    )
    assert CC_MIN_YEAR <= 2004


# ---------------------------------------------------------------- checking a typed schedule


def test_schedule_problems() -> None:
    bad = YearSchedule(
        2027,
        (
            HolidayBreak(("春节",), date(2027, 2, 14), date(2027, 2, 6)),
            HolidayBreak(("国庆节",), date(2027, 10, 1), date(2027, 10, 7), (date(2027, 9, 29),)),
            HolidayBreak(("中秋节",), date(2027, 10, 5), date(2027, 10, 9)),
            HolidayBreak(("劳动节",), date(2028, 5, 1), date(2028, 5, 5)),
            HolidayBreak(("端午节",), date(2027, 6, 1), date(2027, 6, 30)),
            HolidayBreak(("元旦",), date(2027, 1, 1), date(2027, 1, 3), (date(2027, 1, 2),)),
        ),
        "imported",
    )
    problems = schedule_problems(bad)
    text = "\n".join(problems)
    assert "晚于结束日期" in text
    assert "星期三，应是周六或周日" in text
    assert "重叠" in text
    assert "不在 2027 年的放假安排范围内" in text
    assert "超过 15 天" in text
    assert "既是放假日又是调休上班日" in text


def test_a_year_schedule_is_an_immutable_value() -> None:
    """YearSchedule is a plain class (no dataclasses module at start-up) that behaves as
    the frozen dataclass it was: compared and hashed by its fields, derived day sets,
    unchangeable, copied and pickled whole."""
    import copy
    import pickle

    brk = HolidayBreak(("元旦",), date(2027, 1, 1), date(2027, 1, 3), (date(2027, 1, 4),))
    a = YearSchedule(2027, (brk,), "imported")
    b = YearSchedule(
        2027, (HolidayBreak(("元旦",), date(2027, 1, 1), date(2027, 1, 3), (date(2027, 1, 4),)),), "imported"
    )
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != YearSchedule(2027, (brk,), "estimated") and a != YearSchedule(2028, (brk,), "imported")
    assert a.rest_days == {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)} and a.work_days == {date(2027, 1, 4)}
    with pytest.raises(AttributeError):
        a.year = 2028
    with pytest.raises(AttributeError):
        a.extra = 1
    for twin in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert twin == a and twin.rest_days == a.rest_days and twin.work_days == a.work_days
    assert repr(a) == f"YearSchedule(year=2027, breaks=({brk!r},), source='imported')"
    assert brk.label == "元旦" and brk.length == 3 and list(brk.days())[-1] == date(2027, 1, 3)
