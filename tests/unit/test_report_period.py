"""Report periods without a store: the helpers `tasktui report` and the UI's report
dialog share (tasktui.report.period), week parsing, custom periods and their resolution,
and the rounding of published figures (tasktui.report.model)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from tasktui.cli.options import date_arg
from tasktui.report.make import resolve_period
from tasktui.report.model import pct
from tasktui.report.period import (
    Period,
    PeriodNotStarted,
    check_period,
    default_report_path,
    issue_of,
    parse_issue,
    parse_week,
    period_between,
    week_of,
)
from tasktui.report.sample import WEEK2
from tasktui.store.errors import InputError

THURSDAY_W48 = date(2026, 11, 26)


def test_date_arg() -> None:
    assert date_arg("2026-11-20") == date(2026, 11, 20)
    with pytest.raises(argparse.ArgumentTypeError, match="不是日期"):
        date_arg("2026-13-01")


def test_default_report_path() -> None:
    assert default_report_path(parse_week("2026-W47"), "docx") == Path("督办周报-2026-W47.docx")
    p = period_between(date(2026, 11, 1), date(2026, 11, 20))
    assert default_report_path(p, "md", "区住建局") == Path("督办周报-2026-11-01_2026-11-20-区住建局.md")


def test_check_period_words_for_cli_and_ui() -> None:
    week = parse_week("2026-W48")
    check_period(week, date(2026, 11, 23))  # its first day: fine
    with pytest.raises(PeriodNotStarted) as info:
        check_period(week, date(2026, 11, 22))
    assert str(info.value) == info.value.zh
    assert "还没开始" in info.value.zh and isinstance(info.value, ValueError)


# ---------------------------------------------------------------------- periods and figures


def test_week_parsing_and_default() -> None:
    p = parse_week("2026-W47")
    assert (p.start, p.end, p.label) == (date(2026, 11, 16), date(2026, 11, 22), "2026-W47")
    assert parse_week("2026w47") == p
    assert week_of(date(2026, 11, 22)) == p  # Sunday belongs to the week it ends
    assert week_of(date(2026, 11, 23)).label == "2026-W48"
    assert parse_week("2021-W01").start == date(2021, 1, 4)  # ISO years differ from calendar ones
    assert "2026年第47周" in p.title
    for bad in ("2026-47", "2026-W54", "W47", ""):
        with pytest.raises(ValueError):
            parse_week(bad)


def test_custom_period_and_resolution() -> None:
    p = period_between(date(2026, 11, 1), date(2026, 11, 15))
    assert p.iso_week is None and p.label == "2026-11-01_2026-11-15" and p.this == "本期"
    assert period_between(date(2026, 11, 16), date(2026, 11, 22)).iso_week == (2026, 47)
    assert resolve_period(None, None, None, date(2026, 11, 18)).label == "2026-W47"
    with pytest.raises(InputError):
        resolve_period("2026-W47", date(2026, 11, 1), date(2026, 11, 2), THURSDAY_W48)
    with pytest.raises(InputError):
        resolve_period(None, date(2026, 11, 1), None, THURSDAY_W48)
    with pytest.raises(InputError):
        resolve_period(None, date(2026, 11, 5), date(2026, 11, 1), THURSDAY_W48)


def test_pct_rounds_half_up_like_published_figures() -> None:
    assert pct(688, 697) == "98.71%"
    assert pct(1, 8) == "12.50%"
    assert pct(1, 3) == "33.33%"
    assert pct(2, 3) == "66.67%"
    assert pct(0, 0) == "—"
    assert pct(7, 7) == "100.00%"


def test_period_type_is_frozen() -> None:
    p: Period = parse_week(WEEK2)
    with pytest.raises(AttributeError):
        p.start = date(2020, 1, 1)  # type: ignore[misc]


# ---------------------------------------------------------------------- 期号


def test_issue_counted_from_the_first_issue_week() -> None:
    assert issue_of(parse_week("2026-W36"), "2026-W36") == 1
    assert issue_of(parse_week("2026-W47"), "2026-W36") == 12
    assert issue_of(parse_week("2027-W02"), "2026-W36") == 20  # on across the year: W36..W53, W01, W02
    assert issue_of(parse_week("2026-W35"), "2026-W36") is None  # before 第1期
    assert issue_of(parse_week("2026-W47"), None) is None
    assert issue_of(parse_week("2026-W47"), "2026w36") == 12
    # A date range is no week: its 期号 is only ever given.
    assert issue_of(period_between(date(2026, 11, 1), date(2026, 11, 15)), "2026-W36") is None


def test_parse_issue() -> None:
    assert parse_issue("12") == 12
    assert parse_issue(" 第12期 ") == 12
    assert parse_issue("") is None and parse_issue("  ") is None
    for bad in ("0", "-3", "十二", "1.5", "10000", "１２"):
        with pytest.raises(ValueError, match="期号应为"):
            parse_issue(bad)


# ---------------------------------------------------------------------- months and quarters


def test_month_boundaries_and_titles() -> None:
    from tasktui.report.period import parse_month

    nov = parse_month("2026-11")
    assert (nov.start, nov.end, nov.label, nov.this) == (date(2026, 11, 1), date(2026, 11, 30), "2026-11", "本月")
    assert nov.name == "2026年11月" and nov.title == "2026年11月（2026年11月1日—11月30日）"
    assert parse_month("2028-02").end == date(2028, 2, 29)  # leap year
    assert parse_month("2026-12").end == date(2026, 12, 31)
    assert parse_month("2026年3月") == parse_month("2026-03") == parse_month("2026-3")
    # A from/to range that is exactly a month is that month.
    assert period_between(date(2026, 11, 1), date(2026, 11, 30)) == nov
    assert period_between(date(2026, 11, 1), date(2026, 11, 29)).month is None
    for bad in ("2026-13", "2026-00", "2026/11", "11月", "2026-W47", "0000-01", ""):
        with pytest.raises(ValueError):
            parse_month(bad)


def test_quarter_boundaries_and_titles() -> None:
    from tasktui.report.period import parse_quarter

    q4 = parse_quarter("2026Q4")
    assert (q4.start, q4.end, q4.label, q4.this) == (date(2026, 10, 1), date(2026, 12, 31), "2026Q4", "本季度")
    assert q4.name == "2026年第四季度" and q4.title == "2026年第四季度（2026年10月1日—12月31日）"
    q1 = parse_quarter("2026-q1")
    assert (q1.start, q1.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert parse_quarter("2026年第二季度") == parse_quarter("2026Q2")
    assert period_between(date(2026, 7, 1), date(2026, 9, 30)).label == "2026Q3"
    for bad in ("2026Q5", "2026Q0", "Q4", "2026-4", "2026年第五季度", ""):
        with pytest.raises(ValueError):
            parse_quarter(bad)


def test_resolve_month_and_quarter_and_refuse_two_periods() -> None:
    assert resolve_period(None, None, None, THURSDAY_W48, month="2026-11").label == "2026-11"
    assert resolve_period(None, None, None, THURSDAY_W48, quarter="2026Q4").label == "2026Q4"
    with pytest.raises(InputError, match="--week 与 --month 只能选一种"):
        resolve_period("2026-W47", None, None, THURSDAY_W48, month="2026-11")
    with pytest.raises(InputError, match="--quarter 与 --from/--to 只能选一种"):
        resolve_period(None, date(2026, 11, 1), date(2026, 11, 2), THURSDAY_W48, quarter="2026Q4")
    with pytest.raises(InputError, match="不是月份"):
        resolve_period(None, None, None, THURSDAY_W48, month="2026-13")
    with pytest.raises(InputError, match="不是季度"):
        resolve_period(None, None, None, THURSDAY_W48, quarter="2026Q5")


def test_issue_numbers_per_series() -> None:
    from tasktui.config import ReportSettings
    from tasktui.report.period import issue_for, parse_month, parse_quarter

    s = ReportSettings(first_issue_week="2026-W36", first_issue_month="2026-01", first_issue_quarter="2025Q4")
    assert issue_for(parse_week("2026-W47"), s) == 12
    assert issue_for(parse_month("2026-11"), s) == 11
    assert issue_for(parse_month("2027-02"), s) == 14  # on across the year
    assert issue_for(parse_month("2025-12"), s) is None  # before 第1期
    assert issue_for(parse_quarter("2026Q4"), s) == 5
    assert issue_for(parse_quarter("2025Q3"), s) is None
    assert issue_for(parse_month("2026-11"), ReportSettings()) is None
    assert issue_for(period_between(date(2026, 11, 2), date(2026, 11, 20)), s) is None


def test_default_bulletin_path() -> None:
    from tasktui.report.period import parse_month

    assert default_report_path(parse_month("2026-11"), "docx", kind="通报") == Path("督办通报-2026-11.docx")
