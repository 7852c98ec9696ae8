"""The period a report covers (an ISO week or a date range) and what the CLI (`tasktui
report`) and the UI's report dialog share about it: parsing a week, the report's default
file name, the "has the period begun?" check and the issue number (期号) a week gets.
Light on purpose (no database imports): tasktui.cli imports it at startup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tasktui.config import iso_week_start
from tasktui.store.deadline_input import date_problem


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    iso_week: tuple[int, int] | None = None  # (year, week) when the period is an ISO week

    @property
    def label(self) -> str:
        """Short, file-name safe: 2026-W47 or 2026-11-01_2026-11-15."""
        if self.iso_week:
            return f"{self.iso_week[0]}-W{self.iso_week[1]:02d}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def this(self) -> str:
        """How the text names the period: 本周 for a week, 本期 for any other span."""
        return "本周" if self.iso_week else "本期"

    @property
    def title(self) -> str:
        span = f"{cn_date(self.start)}—{cn_date(self.end, year=self.start.year != self.end.year)}"
        if self.iso_week:
            return f"{self.iso_week[0]}年第{self.iso_week[1]}周（{span}）"
        return span


def week_of(day: date) -> Period:
    """The ISO week (Monday–Sunday) that contains `day`. ValueError (in words) when the
    day is outside the dates tasktui takes (the week of 9999-12-31 would end in a year
    a date cannot hold)."""
    _check_in_range(day)
    year, week, weekday = day.isocalendar()
    start = day - timedelta(days=weekday - 1)
    return Period(start, start + timedelta(days=6), (year, week))


def _check_in_range(*days: date) -> None:
    for day in days:
        problem = date_problem(day, "周报日期")
        if problem:
            raise ValueError(problem)


_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_week(text: str) -> Period:
    """`2026-W47` (or `2026W47`) → that ISO week. ValueError when malformed or impossible."""
    m = _WEEK_RE.match(text.strip())
    if not m:
        raise ValueError(f"not an ISO week (like 2026-W47): {text!r}")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        start = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None
    _check_in_range(start)  # first: the week of a start in range ends in range or just past it
    _check_in_range(start + timedelta(days=6))
    return Period(start, start + timedelta(days=6), (year, week))


def period_between(start: date, end: date) -> Period:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    _check_in_range(start, end)
    wk = week_of(start)
    return Period(start, end, wk.iso_week if (wk.start, wk.end) == (start, end) else None)


def cn_date(d: date, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def default_report_path(period: Period, fmt: str, unit: str | None = None) -> Path:
    """督办周报-2026-W47[-单位].docx in the current folder (CLI and UI alike)."""
    return Path(f"督办周报-{period.label}{f'-{unit}' if unit else ''}.{fmt}")


class PeriodNotStarted(ValueError):
    """The period begins after today: nothing to report yet. str() is the CLI's English;
    `zh` is the UI's wording."""

    def __init__(self, period: Period, today: date) -> None:
        super().__init__(f"the period starts {period.start}, after today ({today}): nothing to report yet")
        self.zh = f"{period.title} 还没开始（今天 {today.isoformat()}），没有可报告的内容"


def check_period(period: Period, today: date) -> None:
    """Raise PeriodNotStarted when `period` begins after `today`."""
    if period.start > today:
        raise PeriodNotStarted(period, today)


ISSUE_MAX = 9999  # 期号 are small numbers; a larger one is a typo


def issue_of(period: Period, first_issue_week: str | None) -> int | None:
    """The 期号 a weekly report gets when the settings name the week of 第1期
    ([report] first_issue_week): one more for every week since. None when there is no
    such setting, the period is not an ISO week, or it comes before 第1期 — then the
    report has a 期号 only when one is given (`--issue`, the report dialog)."""
    if not first_issue_week or period.iso_week is None:
        return None
    first = iso_week_start(first_issue_week)
    if first is None or period.start < first:
        return None
    number = (period.start - first).days // 7 + 1
    return number if number <= ISSUE_MAX else None


def parse_issue(text: str) -> int | None:
    """期号 as typed: `12`, `第12期`; empty: none. ValueError (in words) otherwise."""
    t = text.strip().removeprefix("第").removesuffix("期").strip()
    if not t:
        return None
    if not t.isascii() or not t.isdigit() or not 1 <= int(t) <= ISSUE_MAX:
        raise ValueError(f"期号应为 1 到 {ISSUE_MAX} 的整数（如 12 或 第12期）: {text.strip()!r}")
    return int(t)
