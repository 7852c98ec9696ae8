"""Working-day calendar: statutory holidays, make-up days, fallback years."""

from __future__ import annotations

from datetime import date

import pytest

from tasktui.extract.workdays import CC_MAX_YEAR, WorkCalendar


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_weekday_and_weekend(cal: WorkCalendar) -> None:
    assert cal.is_workday(date(2025, 3, 12))  # plain Wednesday
    assert not cal.is_workday(date(2025, 3, 15))  # plain Saturday


def test_statutory_holiday_is_off(cal: WorkCalendar) -> None:
    assert not cal.is_workday(date(2026, 10, 1))
    assert not cal.is_workday(date(2025, 1, 29))  # Spring Festival, a Wednesday


def test_makeup_weekend_is_on(cal: WorkCalendar) -> None:
    assert cal.is_workday(date(2025, 1, 26))  # Sunday worked for 春节
    assert cal.is_workday(date(2026, 10, 10))  # Saturday worked for 国庆


def test_add_workdays_crosses_national_day(cal: WorkCalendar) -> None:
    # Mon 2026-09-28: Tue, Wed, (Oct 1-7 off), Thu 8, Fri 9, Sat 10 (make-up day).
    assert cal.add_workdays(date(2026, 9, 28), 5) == (date(2026, 10, 10), [])


def test_add_workdays_zero_and_strictly_after(cal: WorkCalendar) -> None:
    assert cal.add_workdays(date(2025, 3, 12), 0) == (date(2025, 3, 12), [])
    assert cal.add_workdays(date(2025, 3, 14), 1) == (date(2025, 3, 17), [])


def test_fallback_year_warns(cal: WorkCalendar) -> None:
    year = CC_MAX_YEAR + 1
    d, warnings = cal.add_workdays(date(year, 3, 5), 1)
    assert d.weekday() < 5
    assert warnings and str(year) in warnings[0]


def test_extra_days_config_hook() -> None:
    year = CC_MAX_YEAR + 1
    cal = WorkCalendar(extra_holidays={date(year, 10, 1)}, extra_workdays={date(year, 10, 9)})
    assert cal.covers_year(year)
    assert not cal.is_workday(date(year, 10, 1))
    assert cal.is_workday(date(year, 10, 9))
    _, warnings = cal.add_workdays(date(year, 9, 28), 3)
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("春节", 2025, date(2025, 1, 28)),
        ("春节", 2026, date(2026, 2, 15)),
        ("清明", 2026, date(2026, 4, 4)),
        ("五一", 2026, date(2026, 5, 1)),
        ("劳动节", 2025, date(2025, 5, 1)),
        ("端午", 2024, date(2024, 6, 8)),  # listed Mon Jun 10, joined to the weekend
        ("端午", 2025, date(2025, 5, 31)),
        ("中秋", 2025, date(2025, 10, 1)),  # merged into the National Day break
        ("中秋节", 2026, date(2026, 9, 25)),
        ("国庆", 2026, date(2026, 10, 1)),
        ("元旦", 2024, date(2023, 12, 30)),  # the break begins in December
        ("元旦", 2026, date(2026, 1, 1)),
    ],
)
def test_holiday_break_start(cal: WorkCalendar, name: str, year: int, expected: date) -> None:
    assert cal.holiday_break_start(name, year) == expected


def test_holiday_break_start_unknown(cal: WorkCalendar) -> None:
    assert cal.holiday_break_start("圣诞", 2025) is None
    assert cal.holiday_break_start("国庆", CC_MAX_YEAR + 1) == date(CC_MAX_YEAR + 1, 10, 1)
