"""未签收's arithmetic (store/acknowledgement.py), pure: the sign-by day, the days counted,
the list's cutoff, and the one-walk counter agreeing with counting day by day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tasktui.extract.workdays import WorkCalendar
from tasktui.store.acknowledgement import (
    WorkdaysTo,
    ack_due,
    assigned_before,
    unacknowledged_days,
    workdays_since,
)
from tasktui.store.lifecycle import ASSIGNED, IN_PROGRESS

CAL = WorkCalendar()
FRIDAY = date(2026, 11, 20)


def given(day: date) -> datetime:
    return datetime.combine(day, time(16, 30))


def test_sign_by_day_skips_weekends_and_holidays() -> None:
    assert ack_due(CAL, FRIDAY, 2) == date(2026, 11, 24)
    assert ack_due(CAL, FRIDAY, 0) == FRIDAY
    assert ack_due(CAL, date(2026, 9, 30), 2) == date(2026, 10, 9)  # 国庆 off


def test_days_are_counted_from_the_day_given() -> None:
    assert unacknowledged_days(CAL, ASSIGNED, given(FRIDAY), None, date(2026, 11, 24), 2) is None
    assert unacknowledged_days(CAL, ASSIGNED, given(FRIDAY), None, date(2026, 11, 25), 2) == 3
    assert unacknowledged_days(CAL, ASSIGNED, given(FRIDAY), given(FRIDAY), date(2026, 11, 25), 2) is None
    assert unacknowledged_days(CAL, IN_PROGRESS, given(FRIDAY), None, date(2026, 11, 25), 2) is None
    assert unacknowledged_days(CAL, ASSIGNED, None, None, date(2026, 11, 25), 2) is None


def test_the_cutoff_and_the_flag_agree() -> None:
    """For every day given over two months around 国庆 and every day looked at: given
    before the cutoff ⟺ 未签收."""
    for ack_days in (0, 1, 2, 5):
        for look in range(60):
            today = date(2026, 9, 15) + timedelta(days=look)
            cutoff = assigned_before(CAL, today, ack_days)
            for back in range(30):
                day = today - timedelta(days=back)
                late = unacknowledged_days(CAL, ASSIGNED, given(day), None, today, ack_days) is not None
                assert late == (given(day) < cutoff), (ack_days, today, day)


def test_the_one_walk_counter_counts_as_day_by_day() -> None:
    today = date(2026, 12, 31)
    counter = WorkdaysTo(CAL, today)
    for back in [*range(0, 400, 7), 3, 1000, 5]:  # out of order: the walk grows as asked
        day = today - timedelta(days=back)
        assert counter.since(day) == workdays_since(CAL, day, today), day
    assert counter.since(today + timedelta(days=3)) == 0
    assert counter.due(FRIDAY, 2) == ack_due(CAL, FRIDAY, 2)


def test_a_weekend_after_the_sign_by_day_is_unsigned() -> None:
    """Given on Wednesday with two working days to sign (Thursday, Friday): unsigned on
    Saturday and Sunday it is 未签收 (2 working days since), as on Monday (3). The weekly
    report, cut at the end of Sunday, counts it: one rule with the list."""
    wednesday = given(date(2026, 11, 18))
    looked = {
        date(2026, 11, 20): None,
        date(2026, 11, 21): 2,
        date(2026, 11, 22): 2,
        date(2026, 11, 23): 3,
    }
    for today, days in looked.items():
        assert unacknowledged_days(CAL, ASSIGNED, wednesday, None, today, 2) == days, today
        assert unacknowledged_days(CAL, ASSIGNED, wednesday, None, today, 2, WorkdaysTo(CAL, today)) == days
