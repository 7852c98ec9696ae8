"""`listed_rows` (the lines of `tasktui list`): 未签收 depends on the day a task was given
(交办), not on the moment, so it is worked out once per day, however many tasks were
given at distinct moments of it (each 交办 in the app records its own second)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tasktui.extract.workdays import WorkCalendar
from tasktui.store import acknowledgement
from tasktui.store.listed import listed_rows
from tasktui.store.statuses import ASSIGNED


def test_unsigned_days_are_worked_out_once_per_day_given(monkeypatch: pytest.MonkeyPatch) -> None:
    today = date(2026, 12, 1)
    first = datetime(2026, 11, 2, 8, 0)
    rows: list[tuple[Any, ...]] = []
    for i in range(300):  # 10 days, 30 moments each; as SQLite's text and as objects
        at = first + timedelta(days=i % 10, minutes=i)
        given = at if i % 2 else at.strftime("%Y-%m-%d %H:%M:%S.%f")
        rows.append((i, "1", "整治", ASSIGNED, "一般", None, None, given, None, "调度会", "区教体局"))
    calendar = WorkCalendar()
    want = [
        acknowledgement.unacknowledged_days(calendar, ASSIGNED, first + timedelta(days=i % 10), None, today, 2)
        for i in range(300)
    ]
    asked: list[date] = []
    real_ack_due = acknowledgement.ack_due

    def counted(calendar: WorkCalendar, assigned: date, ack_days: int) -> date:
        asked.append(assigned)
        return real_ack_due(calendar, assigned, ack_days)

    monkeypatch.setattr(acknowledgement, "ack_due", counted)
    listed = listed_rows(rows, calendar, today, 7, 2)
    assert [r.status for r in listed] == [f"未签收{d}天" if d is not None else ASSIGNED for d in want]
    assert [r.unacknowledged for r in listed] == [d is not None for d in want]
    assert len(asked) == 10, len(asked)
