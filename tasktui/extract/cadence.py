"""汇报频次 (a task's reporting cadence): a phrase such as 每月5日前, 每周五前, 每季度 read
into a pure value, and the reporting periods it gives on the calendar.

The extractor's finder (data/deadlines.toml, rule "recurring") keeps a speech's recurring
report limit verbatim as an item's `report_every`; the office may also type one. Both are
read here by the forms in `FORMS` (named, each with examples the tests run).

A cadence gives one due date (报送截止日) per calendar cycle (week, month, quarter, …).
A period is what one report covers: from the day after the previous due date to its own
due date, so each day belongs to exactly one period and a report made at any time in it
counts for it. Pure: no database, no clock; working days come from a predicate the caller
passes (the store's holiday calendar), Monday to Friday when none is given.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tasktui.extract.deadlines import _normalise as _normalise_numerals

# Calendar cycles, shortest first, and how each is said (每 + word).
PERIOD_WORDS: dict[str, str] = {
    "week": "周",
    "two_weeks": "两周",
    "ten_days": "旬",
    "half_month": "半月",
    "month": "月",
    "quarter": "季度",
    "half_year": "半年",
    "year": "年",
}
_WEEKDAYS = "一二三四五六日"
# Two-week cycles run in pairs of ISO weeks from this Monday (so every store and every
# day agrees which fortnight it is in, whoever set the cadence and when).
TWO_WEEK_EPOCH = date(2024, 1, 1)

Workday = Callable[[date], bool]


def _weekday_workday(d: date) -> bool:
    return d.weekday() < 5


@dataclass(frozen=True)
class Cadence:
    """How often a report is due: one due date per `period` cycle.

    `day`: week → weekday 1 (Monday) … 7; month → day of the month (the month's last day
    when it has fewer); None → the cycle's last day. `after`: the due date is this many
    days (`workdays`: working days) after the cycle's end (每季度结束后10日内); 0 for none.
    """

    period: str
    day: int | None = None
    after: int = 0
    workdays: bool = False

    def words(self) -> str:
        """The cadence said one way: 每月5日前, 每周五前, 每季度, 每季度结束后10个工作日内."""
        unit = PERIOD_WORDS[self.period]
        if self.after:
            return f"每{unit}结束后{self.after}{'个工作日' if self.workdays else '日'}内"
        if self.day is not None:
            if self.period == "week":
                return f"每周{_WEEKDAYS[self.day - 1]}前"
            return f"每月{self.day}日前"
        return f"每{unit}"


@dataclass(frozen=True)
class Period:
    """One reporting period: reports from `start` to `due` (inclusive) count for it."""

    start: date
    due: date


@dataclass(frozen=True)
class Form:
    """One way of saying a cadence: its pattern (read on the phrase with numerals as
    digits and no spaces), a builder from the match, and examples with what they mean."""

    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], Cadence | None]
    examples: tuple[tuple[str, Cadence], ...]


_UNIT = r"(?P<unit>周|星期|礼拜|两周|双周|2周|半个?月|旬|月|季度?|半年|年度?)"
_BY = r"(?:前|之前|以前|止|为止)?"
_UNIT_OF = {
    "周": "week",
    "星期": "week",
    "礼拜": "week",
    "两周": "two_weeks",
    "双周": "two_weeks",
    "2周": "two_weeks",
    "半月": "half_month",
    "半个月": "half_month",
    "旬": "ten_days",
    "月": "month",
    "季": "quarter",
    "季度": "quarter",
    "半年": "half_year",
    "年": "year",
    "年度": "year",
}


def _weekday(m: re.Match[str]) -> Cadence:
    d = m.group("d")
    return Cadence("week", day=int(d) if d.isdigit() else (_WEEKDAYS.index(d) + 1 if d in _WEEKDAYS else 7))


def _month_day(m: re.Match[str]) -> Cadence | None:
    day = int(m.group("d"))
    return Cadence("month", day=day) if 1 <= day <= 31 else None


def _after_end(m: re.Match[str]) -> Cadence | None:
    n = int(m.group("n"))
    return Cadence(_UNIT_OF[m.group("unit")], after=n, workdays=m.group("w") == "工作日") if 0 < n <= 60 else None


def _first_days(m: re.Match[str]) -> Cadence | None:
    # 每月前5个工作日: the first N days of each cycle report on the cycle before it.
    n = int(m.group("n"))
    return Cadence(_UNIT_OF[m.group("unit")], after=n, workdays=m.group("w") == "工作日") if 0 < n <= 60 else None


def _cycle_end(m: re.Match[str]) -> Cadence:
    return Cadence(_UNIT_OF[m.group("unit")])


FORMS: tuple[Form, ...] = (
    Form(
        "weekday",
        re.compile(r"^每个?(?:周|星期|礼拜)(?P<d>[1-7一二三四五六日天])" + _BY + "$"),
        _weekday,
        (("每周五前", Cadence("week", day=5)), ("每星期一", Cadence("week", day=1))),
    ),
    Form(
        "month_day",
        re.compile(r"^每个?月(?:的)?(?P<d>\d{1,2})[日号]" + _BY + "$"),
        _month_day,
        (("每月5日前", Cadence("month", day=5)), ("每个月25号之前", Cadence("month", day=25))),
    ),
    Form(
        "after_end",
        re.compile(r"^每个?" + _UNIT + r"(?:结束|终了|末)后(?P<n>\d{1,2})个?(?P<w>工作日|天|日)(?:内|之内|以内)?$"),
        _after_end,
        (
            ("每季度结束后10日内", Cadence("quarter", after=10)),
            ("每月结束后5个工作日内", Cadence("month", after=5, workdays=True)),
        ),
    ),
    Form(
        "first_days",
        re.compile(r"^每个?" + _UNIT + r"(?:的)?(?:前|头)(?P<n>\d{1,2})个?(?P<w>工作日|天|日)(?:内|之内|以内)?$"),
        _first_days,
        (("每月前5个工作日", Cadence("month", after=5, workdays=True)), ("每季度头10天", Cadence("quarter", after=10))),
    ),
    Form(
        "cycle_end",
        re.compile(r"^(?:每个?|按)" + _UNIT + r"(?:底|末|终)?" + _BY + "$"),
        _cycle_end,
        (
            ("每月", Cadence("month")),
            ("每月底前", Cadence("month")),
            ("每季度", Cadence("quarter")),
            ("每季度末", Cadence("quarter")),
            ("每半月", Cadence("half_month")),
            ("每两周", Cadence("two_weeks")),
            ("每周", Cadence("week")),
            ("每旬", Cadence("ten_days")),
            ("每半年", Cadence("half_year")),
            ("每年", Cadence("year")),
            ("按月", Cadence("month")),
        ),
    ),
)

# What may follow the cadence in running text and says nothing more: 每月5日前报送进展情况一次.
_TRAILER = re.compile(r"(?:(?:报送|上报|报告|提交|反馈|呈报|报)(?:一次|1次)?.*|一次|1次)$")
_SPACE = re.compile(r"[\s，,。；;、]+")


def parse_cadence(phrase: str) -> Cadence | None:
    """The cadence a phrase says (每月5日前 → month, day 5), or None when it says none."""
    text = _SPACE.sub("", phrase or "")
    if not text or len(text) > 64:
        return None
    text = _normalise_numerals(text)
    text = _TRAILER.sub("", text) or text
    for form in FORMS:
        m = form.pattern.match(text)
        if m:
            return form.build(m)
    return None


EXAMPLES = "每月5日前、每周五前、每月底前、每月、每季度、每半月、每两周、每季度结束后10日内"


# ---------------------------------------------------------------- the calendar


def _cycle(period: str, d: date) -> tuple[date, date]:
    """The calendar cycle holding `d`: its first and last day."""
    if period == "week":
        start = d - timedelta(days=d.weekday())
        return start, start + timedelta(days=6)
    if period == "two_weeks":
        weeks = (d - TWO_WEEK_EPOCH).days // 7
        start = TWO_WEEK_EPOCH + timedelta(weeks=weeks - weeks % 2)
        return start, start + timedelta(days=13)
    last = _calendar.monthrange(d.year, d.month)[1]
    if period == "ten_days":
        if d.day <= 10:
            return d.replace(day=1), d.replace(day=10)
        if d.day <= 20:
            return d.replace(day=11), d.replace(day=20)
        return d.replace(day=21), d.replace(day=last)
    if period == "half_month":
        return (d.replace(day=1), d.replace(day=15)) if d.day <= 15 else (d.replace(day=16), d.replace(day=last))
    if period == "month":
        return d.replace(day=1), d.replace(day=last)
    months = {"quarter": 3, "half_year": 6, "year": 12}[period]
    first_month = (d.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return date(d.year, first_month, 1), date(d.year, last_month, _calendar.monthrange(d.year, last_month)[1])


def _due(c: Cadence, cycle: tuple[date, date], is_workday: Workday) -> date:
    start, end = cycle
    if c.after:
        if not c.workdays:
            return end + timedelta(days=c.after)
        d, left = end, c.after
        while left:
            d += timedelta(days=1)
            if is_workday(d):
                left -= 1
        return d
    if c.day is not None:
        if c.period == "week":
            return start + timedelta(days=c.day - 1)
        return start.replace(day=min(c.day, _calendar.monthrange(start.year, start.month)[1]))
    return end


def _shift(c: Cadence, cycle: tuple[date, date], step: int) -> tuple[date, date]:
    return (
        _cycle(c.period, cycle[1] + timedelta(days=1)) if step > 0 else _cycle(c.period, cycle[0] - timedelta(days=1))
    )


def current_period(c: Cadence, d: date, is_workday: Workday | None = None) -> Period:
    """The period `d` falls in: the first due date on or after `d`, from the day after the
    due date before it."""
    work = is_workday or _weekday_workday
    cycle = _cycle(c.period, d)
    # A due date after the cycle's end (每季度结束后10日内) may still be ahead for the cycle
    # before: 4月5日 is in the period of 一季度 (due 4月10日).
    before = _shift(c, cycle, -1)
    if _due(c, before, work) >= d:
        cycle = before
    elif _due(c, cycle, work) < d:
        cycle = _shift(c, cycle, 1)
    previous_due = _due(c, _shift(c, cycle, -1), work)
    return Period(previous_due + timedelta(days=1), _due(c, cycle, work))


def previous_period(c: Cadence, d: date, is_workday: Workday | None = None) -> Period:
    """The period before the one `d` falls in: the last one whose due date has passed."""
    return current_period(c, current_period(c, d, is_workday).start - timedelta(days=1), is_workday)


__all__ = [
    "EXAMPLES",
    "FORMS",
    "PERIOD_WORDS",
    "TWO_WEEK_EPOCH",
    "Cadence",
    "Form",
    "Period",
    "current_period",
    "parse_cadence",
    "previous_period",
]
