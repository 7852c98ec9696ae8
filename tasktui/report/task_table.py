"""The weekly report's task table alone: what `--format csv` prints, and nothing else.

The full report (report/weekly.py) folds every event before the cutoff in Python, because
its other sections need them (本周完成, 时限调整, 督办 counts, 未按期报送, …). The table
needs only each task's state at the cutoff: its last event's snapshots, its last progress
note and, when it is completed, the event that completed it. The database picks those
(HistoryFeed.states_until: a few index searches per task), so the 100,000s of events are
never streamed through Python. The figures are the same as the full report's table for the
same period and actor, row for row (tests/functional/test_report_table.py): still from
history as of the cutoff, and what history does not version (heading, meeting, co-owners
before schema 3) from the current rows, as there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from tasktui.collector_pause import collector_paused
from tasktui.report.model import Headline, TableRow, TaskTable
from tasktui.report.period import Period
from tasktui.report.weekly import as_of_day, co_owners_at, cutoff_of, sort_in_meeting_order
from tasktui.store.history import Decoders, HistoryFeed, LaterChange, MeetingInfo
from tasktui.store.lifecycle import CLOSED, DONE, NO_COUNTDOWN_STATUSES, PENDING, REJECTED, Action

_DIRECTIVE = "directive"
_KIND_CHANGED, _CADENCE_CHANGED = Action.KIND_CHANGED.value, Action.CADENCE_CHANGED.value


def build_task_table(
    source: HistoryFeed,
    period: Period,
    *,
    today: date,
    unit: str | None = None,
    issue: int | None = None,
) -> TaskTable:
    """Read each task's state at the cutoff through `source` (already scoped to the actor)
    and make the report's task table for `period`."""
    cutoff = cutoff_of(period, today)
    with collector_paused():  # 100,000 rows kept
        return compute_task_table(
            period=period,
            today=today,
            unit=unit,
            issue=issue,
            meetings=source.meetings(),
            co_now=source.co_owners_now(),
            states=source.states_until(cutoff),
            kinds_then=source.kind_changes_until(cutoff),
            later=source.later_changes(cutoff),
            decode=source.decoders(),
        )


def compute_task_table(
    *,
    period: Period,
    today: date,
    unit: str | None,
    meetings: Mapping[int, MeetingInfo],
    co_now: Mapping[int, list[str]],
    states: Iterable[Sequence[Any]],
    kinds_then: Iterable[tuple[int, str | None]],
    later: Iterable[LaterChange],
    decode: Decoders,
    issue: int | None = None,
) -> TaskTable:
    """Pure: the rows of STATE_COLUMNS made into the table's rows, by the rules of
    weekly.compute_report (which tasks count, days left, on time, co-owners, order)."""
    if period.start > today:
        raise ValueError(f"报告期从 {period.start} 开始，晚于今天（{today}）")
    as_of = as_of_day(period, today)
    # The kind at the cutoff: its last change before it that names one, else what the first
    # change after it changed from, else the kind now. Co-owners as weekly.co_owners_at.
    kind_then = dict(kinds_then)  # oldest first: the last one wins
    kind_before: dict[int, str] = {}
    reassigned_later: set[int] = set()
    for ch in later:
        if ch.action == _KIND_CHANGED:
            kind_before.setdefault(ch.task_id, ch.from_value or "")
        elif ch.action != _CADENCE_CHANGED:
            reassigned_later.add(ch.task_id)
    changed_kind = kind_then.keys() | kind_before.keys()
    at_of, day_of = decode.at, decode.day
    # A few hundred distinct deadlines among 100,000 tasks: each decoded and counted once.
    days: dict[Any, tuple[date | None, int | None]] = {None: (None, None)}
    places = {m.id: (m.title, m.date) for m in meetings.values()}
    unknown_meeting = ("", None)
    no_co: list[str] = []
    rows: list[TableRow] = []
    add = rows.append
    statuses: dict[str, int] = {}  # the headline's counts, made in the same pass
    overdue_count = 0
    # Plain tuple unpacking (store.history.STATE_COLUMNS) and positional arguments: this
    # loop runs once per task.
    for state in states:
        task_id, meeting_id, seq, outline, heading, kind, status, raw_dl, lead, co_after, note, done_at, done_by = state
        if task_id in changed_kind:
            kind = kind_then.get(task_id) or kind_before.get(task_id, kind)
        if kind != _DIRECTIVE:
            continue
        known = days.get(raw_dl)
        if known is None:
            deadline = day_of(raw_dl)
            known = days[raw_dl] = (deadline, (deadline - as_of).days)
        deadline, left = known
        days_left = None if status in NO_COUNTDOWN_STATUSES else left
        co = co_owners_at(co_after, lead, task_id in reassigned_later, co_now.get(task_id, no_co))
        if unit is not None and lead != unit and unit not in co:
            continue
        completed_at: datetime | None = None
        on_time: bool | None = None
        if done_at is not None:  # completed: the database found when (STATE_COLUMNS)
            completed_at = at_of(done_at)
            completion_deadline = day_of(done_by)
            if completion_deadline is not None:
                on_time = completed_at.date() <= completion_deadline
        overdue = days_left is not None and days_left < 0  # never 不立项: it has no countdown
        overdue_count += overdue
        statuses[status] = statuses.get(status, 0) + 1
        title, meeting_date = places.get(meeting_id, unknown_meeting)
        add(
            TableRow(
                task_id,
                meeting_id,
                title,
                meeting_date,
                seq,
                outline,
                heading,
                status,
                lead,
                co,
                deadline,
                days_left,
                overdue,
                completed_at,
                on_time,
                note,
            )
        )
    sort_in_meeting_order(rows)
    headline = Headline(
        tracked=len(rows) - statuses.get(REJECTED, 0),
        pending=statuses.get(PENDING, 0),
        overdue=overdue_count,
        awaiting_check=statuses.get(DONE, 0),
        closed=statuses.get(CLOSED, 0),
    )
    return TaskTable(period=period, unit=unit, as_of=as_of, tasks=rows, headline=headline, issue=issue)


__all__ = ["build_task_table", "compute_task_table"]
