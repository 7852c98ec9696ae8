"""汇报频次: the cadence grammar (every named form's examples) and its periods on the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from tasktui.extract.cadence import FORMS, Cadence, Period, current_period, parse_cadence, previous_period
from tasktui.extract.limits import item_limit


@pytest.mark.parametrize(
    ("form", "phrase", "want"), [(f.name, p, c) for f in FORMS for p, c in f.examples], ids=lambda v: str(v)
)
def test_every_form_reads_its_examples(form: str, phrase: str, want: Cadence) -> None:
    assert parse_cadence(phrase) == want
    # What a cadence says of itself reads back as the same cadence.
    assert parse_cadence(want.words()) == want


@pytest.mark.parametrize(
    ("phrase", "want"),
    [
        ("每月5日前报送进展情况", Cadence("month", day=5)),
        ("每周五前报送一次", Cadence("week", day=5)),
        ("每月 10 日前", Cadence("month", day=10)),
        ("每个月底前", Cadence("month")),
        ("每两周", Cadence("two_weeks")),
        ("每周日", Cadence("week", day=7)),
        ("每季度末", Cadence("quarter")),
    ],
)
def test_running_text_and_spacing(phrase: str, want: Cadence) -> None:
    assert parse_cadence(phrase) == want


@pytest.mark.parametrize("phrase", ["", "  ", "3月底前", "每两个月", "每月35日前", "定期", "经常", "每月" * 40])
def test_what_is_not_a_cadence(phrase: str) -> None:
    assert parse_cadence(phrase) is None


@pytest.mark.parametrize(
    "text", ["各乡镇每月5日前报送进展情况。", "各单位每周五前报送一周工作动态。", "每月10日前报送整改进展。"]
)
def test_the_extractors_recurring_limit_is_a_cadence(text: str) -> None:
    """A speech's `report_every` (kept by the finder) is read by the same grammar."""
    limit = item_limit(text, text, [(0, len(text))], date(2026, 3, 1), None)
    assert limit.report_every is not None and parse_cadence(limit.report_every) is not None


MONTH_5 = Cadence("month", day=5)


def test_monthly_due_day_period_runs_from_the_day_after_the_last_due() -> None:
    assert current_period(MONTH_5, date(2026, 4, 5)) == Period(date(2026, 3, 6), date(2026, 4, 5))
    assert current_period(MONTH_5, date(2026, 4, 6)) == Period(date(2026, 4, 6), date(2026, 5, 5))
    assert previous_period(MONTH_5, date(2026, 4, 6)) == Period(date(2026, 3, 6), date(2026, 4, 5))
    # Across a year's end.
    assert current_period(MONTH_5, date(2026, 12, 20)) == Period(date(2026, 12, 6), date(2027, 1, 5))


def test_day_past_a_short_months_end_is_its_last_day() -> None:
    c = Cadence("month", day=31)
    assert current_period(c, date(2026, 2, 10)) == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_weekly_and_fortnightly() -> None:
    friday = Cadence("week", day=5)
    assert current_period(friday, date(2026, 11, 27)) == Period(date(2026, 11, 21), date(2026, 11, 27))  # a Friday
    assert current_period(friday, date(2026, 11, 28)) == Period(date(2026, 11, 28), date(2026, 12, 4))
    fortnight = current_period(Cadence("two_weeks"), date(2026, 11, 25))
    assert (fortnight.due - fortnight.start).days == 13 and fortnight.start.weekday() == 0


def test_half_month_ten_days_quarter_half_year_year() -> None:
    assert current_period(Cadence("half_month"), date(2026, 2, 16)) == Period(date(2026, 2, 16), date(2026, 2, 28))
    assert current_period(Cadence("ten_days"), date(2026, 2, 25)) == Period(date(2026, 2, 21), date(2026, 2, 28))
    assert current_period(Cadence("quarter"), date(2026, 11, 30)) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert current_period(Cadence("half_year"), date(2026, 7, 1)) == Period(date(2026, 7, 1), date(2026, 12, 31))
    assert previous_period(Cadence("year"), date(2026, 7, 1)) == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_due_after_the_cycles_end_belongs_to_the_cycle_before() -> None:
    c = Cadence("quarter", after=10)
    # 4月5日: 一季度's report (due 4月10日) is still to come.
    assert current_period(c, date(2026, 4, 5)) == Period(date(2026, 1, 11), date(2026, 4, 10))
    assert current_period(c, date(2026, 4, 11)) == Period(date(2026, 4, 11), date(2026, 7, 10))


def test_working_days_follow_the_calendar_given() -> None:
    c = Cadence("month", after=3, workdays=True)
    # October 2026: 1–8 off (National Day), so three working days after September end on the 13th.
    golden_week = {date(2026, 10, d) for d in range(1, 9)}
    period = current_period(c, date(2026, 10, 2), lambda d: d.weekday() < 5 and d not in golden_week)
    assert period.due == date(2026, 10, 13)
    assert current_period(c, date(2026, 10, 2)).due == date(2026, 10, 5)  # Monday to Friday only: 1st, 2nd, 5th
