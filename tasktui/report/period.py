"""The period a report covers (an ISO week, a calendar month or quarter, or a date range)
and what the CLI (`tasktui report`) and the UI's report dialog share about it: parsing a
week, a month or a quarter, the report's default file name, the "has the period begun?"
check and the issue number (期号) a week, month or quarter gets.
Light on purpose (no database imports): tasktui.cli imports it at startup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tasktui.config import ReportSettings, iso_week_start, month_start, quarter_start
from tasktui.store.deadline_input import date_problem


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    iso_week: tuple[int, int] | None = None  # (year, week) when the period is an ISO week

    @property
    def month(self) -> tuple[int, int] | None:
        """(year, month) when the period is exactly one calendar month."""
        if self.start.day == 1 and self.start.month == self.end.month and self.start.year == self.end.year:
            return (self.start.year, self.start.month) if _month_end(self.start) == self.end else None
        return None

    @property
    def quarter(self) -> tuple[int, int] | None:
        """(year, quarter) when the period is exactly one calendar quarter."""
        q = (self.start.month - 1) // 3 + 1
        if self.start.day == 1 and self.start.month == 3 * q - 2 and self.start.year == self.end.year:
            return (self.start.year, q) if _month_end(date(self.start.year, 3 * q, 1)) == self.end else None
        return None

    @property
    def label(self) -> str:
        """Short, file-name safe: 2026-W47, 2026-11, 2026Q4 or 2026-11-01_2026-11-15."""
        if self.iso_week:
            return f"{self.iso_week[0]}-W{self.iso_week[1]:02d}"
        if self.month:
            return f"{self.month[0]}-{self.month[1]:02d}"
        if self.quarter:
            return f"{self.quarter[0]}Q{self.quarter[1]}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def this(self) -> str:
        """How the text names the period: 本周, 本月, 本季度, 本期 for any other span."""
        if self.iso_week:
            return "本周"
        if self.month:
            return "本月"
        return "本季度" if self.quarter else "本期"

    @property
    def name(self) -> str:
        """The period in words, without its dates: 2026年第47周, 2026年11月, 2026年第四季度;
        a date range is its span."""
        if self.iso_week:
            return f"{self.iso_week[0]}年第{self.iso_week[1]}周"
        if self.month:
            return f"{self.month[0]}年{self.month[1]}月"
        if self.quarter:
            return f"{self.quarter[0]}年第{QUARTER_NUMERALS[self.quarter[1] - 1]}季度"
        return self.span

    @property
    def span(self) -> str:
        return f"{cn_date(self.start)}—{cn_date(self.end, year=self.start.year != self.end.year)}"

    @property
    def title(self) -> str:
        if self.iso_week or self.month or self.quarter:
            return f"{self.name}（{self.span}）"
        return self.span


QUARTER_NUMERALS = "一二三四"


def _month_end(first: date) -> date:
    """The last day of the month that `first` is in."""
    nxt = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return nxt - timedelta(days=1)


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
        raise ValueError(f"「{text}」不是 ISO 周次：请写成 2026-W47 这样")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        start = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} 年没有第 {week} 周") from None
    _check_in_range(start)  # first: the week of a start in range ends in range or just past it
    _check_in_range(start + timedelta(days=6))
    return Period(start, start + timedelta(days=6), (year, week))


_MONTH_RE = re.compile(r"^(\d{4})(?:-|年)(\d{1,2})月?$")
_QUARTER_RE = re.compile(r"^(\d{4})(?:-?Q([1-4])|年第([一二三四1-4])季度?)$", re.IGNORECASE)


def parse_month(text: str) -> Period:
    """`2026-11` (or `2026年11月`) → that calendar month. ValueError (in words) otherwise."""
    m = _MONTH_RE.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"「{text.strip()}」不是月份：请写成 2026-11 这样")
    if int(m.group(1)) < 1:
        raise ValueError(f"「{text.strip()}」不是存在的月份")
    start = date(int(m.group(1)), int(m.group(2)), 1)
    _check_in_range(start)
    end = _month_end(start)
    _check_in_range(end)
    return Period(start, end)


def parse_quarter(text: str) -> Period:
    """`2026Q4` (`2026-Q4`, `2026年第四季度`) → that calendar quarter. ValueError (in words)
    otherwise."""
    m = _QUARTER_RE.match(text.strip())
    if not m:
        raise ValueError(f"「{text.strip()}」不是季度：请写成 2026Q4 这样（第一季度到第四季度: Q1–Q4）")
    raw = m.group(2) or m.group(3)
    q = int(raw) if raw.isdigit() else QUARTER_NUMERALS.index(raw) + 1
    if int(m.group(1)) < 1:
        raise ValueError(f"「{text.strip()}」不是存在的季度")
    start = date(int(m.group(1)), 3 * q - 2, 1)
    _check_in_range(start)
    end = _month_end(date(start.year, 3 * q, 1))
    _check_in_range(end)
    return Period(start, end)


def period_between(start: date, end: date) -> Period:
    if end < start:
        raise ValueError(f"报告的结束日期（{end}）早于开始日期（{start}）")
    _check_in_range(start, end)
    wk = week_of(start)
    return Period(start, end, wk.iso_week if (wk.start, wk.end) == (start, end) else None)


def cn_date(d: date, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def default_report_path(period: Period, fmt: str, unit: str | None = None, kind: str = "周报") -> Path:
    """督办周报-2026-W47[-单位].docx (督办月报-2026-11, 督办季报-2026Q4 for a month's or a
    quarter's, 督办通报-2026-11.docx for a 通报) in the current folder (CLI and UI alike)."""
    if kind == "周报":
        kind = "月报" if period.month else "季报" if period.quarter else kind
    return Path(f"督办{kind}-{period.label}{f'-{unit}' if unit else ''}.{fmt}")


class PeriodNotStarted(ValueError):
    """The period begins after today: nothing to report yet. `zh` is str(), for callers
    that read it by that name."""

    def __init__(self, period: Period, today: date) -> None:
        self.zh = f"{period.title} 还没开始（今天 {today.isoformat()}），没有可报告的内容"
        super().__init__(self.zh)


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


def issue_for(period: Period, settings: ReportSettings) -> int | None:
    """The 期号 the settings give `period`: weeks count from first_issue_week, months from
    first_issue_month, quarters from first_issue_quarter (each series its own: an office
    numbers its weekly reports and its monthly 通报 apart). None when the period is none
    of these, the series has no first issue, or the period comes before it."""
    if period.iso_week is not None:
        return issue_of(period, settings.first_issue_week)
    if period.month is not None and settings.first_issue_month:
        first = month_start(settings.first_issue_month)
        if first is None or period.start < first:
            return None
        number = (period.start.year - first.year) * 12 + period.start.month - first.month + 1
        return number if number <= ISSUE_MAX else None
    if period.quarter is not None and settings.first_issue_quarter:
        first = quarter_start(settings.first_issue_quarter)
        if first is None or period.start < first:
            return None
        number = ((period.start.year - first.year) * 12 + period.start.month - first.month) // 3 + 1
        return number if number <= ISSUE_MAX else None
    return None


def parse_issue(text: str) -> int | None:
    """期号 as typed: `12`, `第12期`; empty: none. ValueError (in words) otherwise."""
    t = text.strip().removeprefix("第").removesuffix("期").strip()
    if not t:
        return None
    if not t.isascii() or not t.isdigit() or not 1 <= int(t) <= ISSUE_MAX:
        raise ValueError(f"期号应为 1 到 {ISSUE_MAX} 的整数（如 12 或 第12期）: {text.strip()!r}")
    return int(t)
