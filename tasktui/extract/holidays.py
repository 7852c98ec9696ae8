"""The statutory holidays (法定节假日) of one year as data: which breaks, from when to when,
and the make-up working days (调休上班) that go with them.

Pure values and checks, no I/O. Three sources fill them (tasktui.extract.workdays picks
one per year): the office's imported 放假安排 (`imported`), the `chinesecalendar`
package (`package`), or the usual pattern worked out from the festival days
(`estimated`, tasktui.extract.festivals). docs/deadlines.md states the pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal, NamedTuple

ScheduleSource = Literal["imported", "package", "estimated"]

# The seven statutory holidays, in calendar order, as the State Council's notice names them.
HOLIDAYS: tuple[str, ...] = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

# What a speech or a file may call them.
_ALIASES: dict[str, str] = {
    "元旦节": "元旦",
    "新年": "元旦",
    "年": "春节",  # 年前 = before the Spring Festival break
    "清明": "清明节",
    "五一": "劳动节",
    "五一劳动节": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆": "国庆节",
    "十一": "国庆节",
}

SOURCE_WORDS: dict[str, str] = {
    "imported": "已导入的官方安排",
    "package": "chinesecalendar 软件包",
    "estimated": "估算",
}

# A break longer than this is a typing mistake (the longest ever, 春节, is 9 days).
MAX_BREAK_DAYS = 15


def canonical_holiday(name: str) -> str | None:
    """「国庆」「十一」「国庆节」 -> 「国庆节」; None for a name that is not a statutory holiday."""
    key = name.strip()
    if key in HOLIDAYS:
        return key
    return _ALIASES.get(key)


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


class HolidayBreak(NamedTuple):
    """One break: the days off from `first` to `last` (weekends inside included), and its
    make-up working days. `names` has two holidays when they are taken together (国庆节、
    中秋节 in 2025)."""

    names: tuple[str, ...]
    first: date
    last: date
    workdays: tuple[date, ...] = ()

    def days(self) -> Iterator[date]:
        return _days(self.first, self.last)

    @property
    def label(self) -> str:
        return "、".join(self.names)

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1


class YearSchedule:
    """The breaks of holiday year `year` (the 元旦 break may begin in December before it).

    Immutable and compared by (year, breaks, source), as the frozen dataclass it was; a
    plain class because every command that counts working days (`tasktui list`) loads
    this module at start-up, where the dataclasses module costs more than the list's
    query. `rest_days` and `work_days` are set once here, so a lookup per day is a set
    membership."""

    __slots__ = ("year", "breaks", "source", "rest_days", "work_days")

    year: int
    breaks: tuple[HolidayBreak, ...]
    source: ScheduleSource
    rest_days: frozenset[date]
    work_days: frozenset[date]

    def __init__(self, year: int, breaks: tuple[HolidayBreak, ...], source: ScheduleSource) -> None:
        set_ = object.__setattr__
        set_(self, "year", year)
        set_(self, "breaks", breaks)
        set_(self, "source", source)
        set_(self, "rest_days", frozenset(d for b in breaks for d in b.days()))
        set_(self, "work_days", frozenset(d for b in breaks for d in b.workdays))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"YearSchedule is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"YearSchedule is immutable: cannot delete {name}")

    def _key(self) -> tuple[int, tuple[HolidayBreak, ...], str]:
        return (self.year, self.breaks, self.source)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, YearSchedule):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[YearSchedule], tuple[int, tuple[HolidayBreak, ...], str]]:
        return (YearSchedule, self._key())  # copied and pickled through __init__, never __setattr__

    def __repr__(self) -> str:
        return f"YearSchedule(year={self.year!r}, breaks={self.breaks!r}, source={self.source!r})"

    def break_of(self, name: str) -> HolidayBreak | None:
        """The break that holds holiday `name` (any alias), or None."""
        canon = canonical_holiday(name)
        for b in self.breaks:
            if canon in b.names:
                return b
        return None


def schedule_problems(schedule: YearSchedule) -> list[str]:
    """What is wrong with a schedule someone typed, in Chinese, one line each (empty when
    it holds together): the dates a notice for year Y can name are December of Y-1 (the
    元旦 break, its make-up Saturday) to December 31 of Y."""
    y = schedule.year
    lo, hi = date(y - 1, 12, 1), date(y, 12, 31)
    problems: list[str] = []
    seen: dict[str, HolidayBreak] = {}
    for b in schedule.breaks:
        for name in b.names:
            if name in seen:
                problems.append(f"{name}出现了两次")
            seen[name] = b
        if b.first > b.last:
            problems.append(f"{b.label}：开始日期 {b.first} 晚于结束日期 {b.last}")
            continue
        if not (lo <= b.first and b.last <= hi):
            problems.append(f"{b.label}：{b.first} 至 {b.last} 不在 {y} 年的放假安排范围内（{lo} 至 {hi}）")
        if b.length > MAX_BREAK_DAYS:
            problems.append(f"{b.label}：连续放假 {b.length} 天，超过 {MAX_BREAK_DAYS} 天，请核对日期")
        for w in b.workdays:
            if not (lo <= w <= hi):
                problems.append(f"{b.label}：调休上班日 {w} 不在 {y} 年的放假安排范围内（{lo} 至 {hi}）")
            elif w.weekday() < 5:
                problems.append(f"{b.label}：调休上班日 {w} 是星期{'一二三四五'[w.weekday()]}，应是周六或周日")
    ordered = sorted((b for b in schedule.breaks if b.first <= b.last), key=lambda b: b.first)
    for a, b in zip(ordered, ordered[1:]):
        if b.first <= a.last:
            problems.append(f"{a.label}（{a.first} 至 {a.last}）与{b.label}（{b.first} 至 {b.last}）重叠")
    for w in sorted(schedule.work_days & schedule.rest_days):
        problems.append(f"{w} 既是放假日又是调休上班日")
    return problems


__all__ = [
    "HOLIDAYS",
    "MAX_BREAK_DAYS",
    "SOURCE_WORDS",
    "HolidayBreak",
    "ScheduleSource",
    "YearSchedule",
    "canonical_holiday",
    "schedule_problems",
]
