"""A deadline typed by a person (CLI `--deadline`/`--to`, the UI's deadline dialog): an ISO
date, or a Chinese phrase resolved against the meeting date; and the range of dates
tasktui takes at all (meeting dates, deadlines, report periods, task files).

Why a range: dates are moved (a week's end + 1 day, a demo shifted to today, a history
spaced out from its meeting) and a date near 9999-12-31 or 0001-01-01 overflows; and
9999-12-31 is the sort key that means "no deadline" (models.DUE_KEY_SENTINEL). Any real
meeting or deadline is far inside 1900–2999.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tasktui.store.errors import InputError
from tasktui.textcheck import PHRASE_MAX, length_problem

if TYPE_CHECKING:
    from tasktui.extract.workdays import WorkCalendar

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)


def date_problem(day: date, what: str) -> str | None:
    """One line when `day` is outside FIRST_DATE..LAST_DATE (`what`: 「会议日期」, 「时限」)."""
    if FIRST_DATE <= day <= LAST_DATE:
        return None
    return f"{what} {day.isoformat()} 超出可用范围（{FIRST_DATE.isoformat()} 至 {LAST_DATE.isoformat()}）"


def check_date(day: date, what: str) -> date:
    """`day`, or InputError when it is outside the range tasktui takes."""
    problem = date_problem(day, what)
    if problem:
        raise InputError(problem)
    return day


class TypedDeadline(NamedTuple):
    """What a typed deadline resolves to: the date (None when the phrase gives none yet),
    the phrase kept beside it (None for a typed date), whether a person must still set
    it, the date phrases count from (None for a typed date) and the resolver's warnings
    (the holidays of that year are estimated, …). A NamedTuple: this module is loaded at
    start-up for `--today` (check_date), where the dataclasses module would cost more."""

    date: dt.date | None
    phrase: str | None
    unresolved: bool
    basis: dt.date | None = None
    warnings: tuple[str, ...] = ()


def resolve_typed_deadline(
    value: str, meeting_date: date | None, today: date, calendar: WorkCalendar | None = None
) -> TypedDeadline:
    """An ISO date, or a phrase resolved against the meeting date (today when the meeting
    has none) with `calendar` (the store's: tasktui.store.work_calendar). InputError for
    an empty value, an impossible date, or a phrase that states no deadline at all."""
    text = value.strip()
    if not text:
        raise InputError("时限不能为空：请填日期（2026-12-31）或说法（12月底前）")
    try:
        return TypedDeadline(check_date(date.fromisoformat(text), "时限"), None, False)
    except ValueError:
        pass
    # The phrase is kept beside the date (task.deadline_phrase, PHRASE_MAX characters).
    too_long = length_problem(text, "时限说法", PHRASE_MAX)
    if too_long:
        raise InputError(too_long)
    # Imported here: the resolver loads the holiday calendar, which only this path needs.
    from tasktui.extract.deadlines import IMPOSSIBLE_DATE, resolve_deadline

    basis = meeting_date or today
    result = resolve_deadline(text, basis, calendar)
    if result.status == "date":
        assert result.date is not None
        return TypedDeadline(check_date(result.date, "时限"), text, False, basis, result.warnings)
    if result.status == "unresolved":
        if IMPOSSIBLE_DATE in result.warnings:
            raise InputError(f"「{text}」不是存在的日期，请检查月份和日期")
        return TypedDeadline(None, text, True, basis, result.warnings)
    raise InputError(f"「{text}」不是时限（长期或定期的工作）：请填日期或 3月底前 这样的说法")


def resolve_deadline_value(
    value: str, meeting_date: date | None, today: date, calendar: WorkCalendar | None = None
) -> tuple[date | None, str | None, bool]:
    """`resolve_typed_deadline` as (date, phrase, unresolved)."""
    typed = resolve_typed_deadline(value, meeting_date, today, calendar)
    return typed.date, typed.phrase, typed.unresolved


__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "TypedDeadline",
    "check_date",
    "date_problem",
    "resolve_deadline_value",
    "resolve_typed_deadline",
]
