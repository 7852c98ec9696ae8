"""Deadline phrases: resolution table (tests/data/deadline_cases.tsv), forms, finder."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasktui.extract.deadlines import (
    find_deadline_phrases,
    first_deadline_phrase,
    resolve_deadline,
)
from tasktui.extract.types import Deadline
from tasktui.extract.workdays import CC_MAX_YEAR, WorkCalendar

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "deadline_cases.tsv"
SHARED = ROOT.parent / "shared"


def _load_cases() -> list[tuple[str, str, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["phrase"], r["meeting_date"], r["expected"], r["note"]) for r in rows]


def _md(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize(("phrase", "meeting", "expected", "note"), _load_cases())
def test_case_table(phrase: str, meeting: str, expected: str, note: str) -> None:
    got = resolve_deadline(phrase, _md(meeting))
    assert got.cli_value == expected, f"{phrase!r} @ {meeting}: {note}; warnings={got.warnings}"


def test_case_table_is_broad() -> None:
    rows = _load_cases()
    assert len(rows) >= 150
    assert {r[2] for r in rows} >= {"UNRESOLVED", "NONE"}


# ---------------------------------------------------------------- per form

MD = date(2026, 3, 10)  # a Tuesday


def _v(phrase: str, md: date | None = MD) -> str:
    return resolve_deadline(phrase, md).cli_value


def test_returns_deadline_with_phrase_kept() -> None:
    d = resolve_deadline("X月底前", MD)
    assert isinstance(d, Deadline)
    assert d.phrase == "X月底前" and d.status == "unresolved" and d.date is None


def test_month_end_and_rollover() -> None:
    assert _v("3月底前") == "2026-03-31"
    assert _v("2月底前") == "2027-02-28"  # already past: next year
    assert _v("2026年2月底前") == "2026-02-28"  # explicit year: literal, born overdue


def test_relative_durations() -> None:
    assert _v("10天内") == "2026-03-20"
    assert _v("两周内") == "2026-03-24"
    assert _v("半个月内") == "2026-03-25"
    assert _v("一个月内", date(2026, 1, 31)) == "2026-02-28"  # clamped to month end
    assert _v("1个月内", date(2024, 1, 31)) == "2024-02-29"


def test_workdays_cross_holiday() -> None:
    assert _v("5个工作日内", date(2026, 9, 28)) == "2026-10-10"


def test_weeks_run_monday_to_sunday() -> None:
    assert _v("本周内") == "2026-03-15"
    assert _v("本周五前") == "2026-03-13"
    assert _v("下周一前") == "2026-03-16"
    assert _v("下周内") == "2026-03-22"


def test_holidays() -> None:
    assert _v("清明节前") == "2026-04-03"
    assert _v("年前", date(2025, 1, 20)) == "2025-01-27"
    assert _v("国庆节前", date(2026, 9, 1)) == "2026-09-30"


def test_none_and_placeholders() -> None:
    assert _v("尽快") == "NONE"
    assert _v("长期坚持") == "NONE"
    assert _v("X月X日起") == "NONE"  # starting point wins over the placeholder
    assert _v("开学后*天内") == "UNRESOLVED"
    assert _v("20XX年底前") == "UNRESOLVED"


def test_impossible_date_warns() -> None:
    d = resolve_deadline("2月30日前", MD)
    assert d.status == "unresolved" and "impossible date" in d.warnings


def test_no_meeting_date() -> None:
    d = resolve_deadline("3月底前", None)
    assert d.status == "unresolved" and "no meeting date" in d.warnings
    assert _v("2026年3月底前", None) == "2026-03-31"  # computable without it


def test_fallback_year_warns() -> None:
    d = resolve_deadline("5个工作日内", date(CC_MAX_YEAR + 1, 3, 1))
    assert d.status == "date" and d.warnings


def test_custom_calendar_is_used() -> None:
    year = CC_MAX_YEAR + 1
    cal = WorkCalendar(extra_holidays={date(year, 3, 2)})  # a Tuesday off
    d = resolve_deadline("1个工作日内", date(year, 3, 1), cal)
    assert d.date == date(year, 3, 3) and d.warnings == ()


def test_full_width_input() -> None:
    assert _v("６月３０日前") == "2026-06-30"
    assert _v("５ 个工作日内") == "2026-03-17"
