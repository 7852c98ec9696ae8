"""The weekly status report (周报): pure computation of its eight sections.

A report states the store *as it stood at the end of the period*: every figure is rebuilt
from the append-only events (each snapshots status, deadline, lead and co-owners after it) with
`at` before the cutoff, never from the current task rows, so a past week's report comes
out the same tomorrow as today.

What history does not version and is therefore taken from the current rows: a task's
heading and text, its meeting, and — for events older than schema 3, which carry no
co-owner snapshot — its co-owners (see `_co_owners`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from tasktui.collector_pause import collector_paused
from tasktui.extract.workdays import WorkCalendar
from tasktui.report.model import (
    COMPLETED,
    DUE_SOON_DAYS,
    GROUPINGS,
    NO_LEAD,
    NO_VALUE,
    CycleEvent,
    DeadlineChange,
    GroupRow,
    MeetingRow,
    Summary,
    TaskState,
    UnitRow,
    WeeklyReport,
)
from tasktui.report.period import Period
from tasktui.store.acknowledgement import WorkdaysTo, unacknowledged_days
from tasktui.store.history import (
    EVENT_COLUMNS,
    PROGRESS_NOTE_ACTIONS,
    Decoders,
    HistoryFeed,
    LaterChange,
    MeetingInfo,
    TaskInfo,
)
from tasktui.store.late_reports import OWING_STATUSES, LateReport, Owing, late_for
from tasktui.store.lifecycle import (
    ACTION_LABELS,
    ASSIGNED,
    CLOSED,
    DONE,
    IN_PROGRESS,
    NO_COUNTDOWN_STATUSES,
    PENDING,
    REJECTED,
    SUSTAINED,
    URGENCIES,
    Action,
)

# Actions whose note is a unit's account of its work (最新进展).
_PROGRESS_ACTIONS = frozenset(PROGRESS_NOTE_ACTIONS)
_DEADLINE_ACTIONS = frozenset({"deadline_changed", "extension_granted", "extension_requested", "extension_denied"})
# Actions that change the deadline itself: listed as a 时限调整 only when they change one
# the task already had. The first date a task gets (set at triage, or a phrase resolved
# later) is not an adjustment. A request (申请延期) and its denial (驳回延期) change nothing
# and are always listed.
_DEADLINE_SETTING = frozenset({"deadline_changed", "extension_granted"})
# The supervision cycle's events the report counts (签收, 退回重办, 催办) and the unit's
# reports that are progress (报告进展, 标记完成, 转为持续整改: "进展滞后" is none in the period).
_ASSIGNING = frozenset({"assigned", "reassigned"})
_REPORTING = frozenset({"progress", "done", "sustained"})
_CYCLE_ACTIONS = _ASSIGNING | _REPORTING | {"acknowledged", "sent_back", "reminded"}

CADENCE_CHANGED = Action.CADENCE_CHANGED.value

# Positions in an event row (store.history.EVENT_COLUMNS): the rows are plain tuples.
_AT, _ACTION, _ACTOR, _FROM, _TO, _NOTE, _LEAD = (
    EVENT_COLUMNS.index(name) for name in ("at", "action", "actor", "from_value", "to_value", "note", "lead_after")
)
EventRow = Sequence[Any]
_P = TypeVar("_P", bound="_Placed")


def build_report(
    source: HistoryFeed,
    period: Period,
    *,
    today: date,
    made: datetime,
    unit: str | None = None,
    office: str | None = None,
    issue: int | None = None,
    ack_days: int = 2,
    group_by: tuple[str, ...] = (),
) -> WeeklyReport:
    """Read the history through `source` (already scoped to the actor) and compute the
    report for `period`. `office` (编制单位) overrides the store's office name; `issue`
    is the 期号, if any; `ack_days` ([cycle]) the working days before 未签收; `group_by`
    the GROUPINGS to add."""
    with collector_paused():
        return compute_report(
            office=office or source.office(),
            issue=issue,
            calendar=source.calendar(),
            ack_days=ack_days,
            group_by=group_by,
            period=period,
            today=today,
            made=made,
            unit=unit,
            meetings=source.meetings(),
            tasks=source.tasks(),
            co_now=source.co_owners_now(),
            events=source.events_until(cutoff_of(period, today), datetime.combine(period.start, time.min)),
            later=source.later_changes(cutoff_of(period, today)),
            decode=source.decoders(),
        )


def as_of_day(period: Period, today: date) -> date:
    """A period still running is reported up to today, not into the future."""
    return min(period.end, today)


def cutoff_of(period: Period, today: date) -> datetime:
    """Events strictly before this instant count: the end of the as-of day."""
    return datetime.combine(as_of_day(period, today) + timedelta(days=1), time.min)


def compute_report(
    *,
    office: str,
    period: Period,
    today: date,
    made: datetime,
    unit: str | None,
    meetings: Mapping[int, MeetingInfo],
    tasks: Mapping[int, TaskInfo],
    co_now: Mapping[int, list[str]],
    events: Iterable[EventRow],
    later: Iterable[LaterChange],
    decode: Decoders,
    issue: int | None = None,
    calendar: WorkCalendar | None = None,
    ack_days: int = 2,
    group_by: tuple[str, ...] = (),
) -> WeeklyReport:
    """Pure: fold the events (rows of store.history.EVENT_COLUMNS, ordered by task, then
    time) into the report's sections. Their `at` and `deadline_after` are the driver's
    values: compared for equality as they are, turned into dates by `decode` when kept."""
    if period.start > today:
        raise ValueError(f"报告期从 {period.start} 开始，晚于今天（{today}）")
    as_of = as_of_day(period, today)
    workdays = WorkdaysTo(calendar or WorkCalendar(), as_of)
    cycle_events: list[CycleEvent] = []
    start_dt = datetime.combine(period.start, time.min)
    prev_day = period.start - timedelta(days=1)

    # What happened after the cutoff, folded to per-task facts (a small query).
    kind_before: dict[int, str] = {}
    reassigned_later: set[int] = set()
    cadence_before: dict[int, str | None] = {}
    for ch in later:
        if ch.action == "kind_changed":
            kind_before.setdefault(ch.task_id, ch.from_value or "")
        elif ch.action == CADENCE_CHANGED:
            cadence_before.setdefault(ch.task_id, ch.from_value)
        else:
            reassigned_later.add(ch.task_id)
    owing: list[Owing] = []
    reports: dict[tuple[int, str], datetime] = {}

    states: list[TaskState] = []
    changes: list[DeadlineChange] = []
    overdue_before: set[int] = set()
    unknown_meeting = MeetingInfo(0, "", None)

    at_of, day_of = decode.at, decode.day
    for task_id, group in groupby(events, itemgetter(0)):
        info = tasks.get(task_id)
        if info is None:
            continue
        evs = list(group)
        kind = kind_before.get(task_id, info.kind)
        prev_status, prev_deadline, existed_before = PENDING, None, False
        # Times and dates as the driver gave them (see `decode`) until the task is done.
        completed_at: Any = None
        verified_at: Any = None
        completion_note: str | None = None
        completion_deadline: Any = None
        latest_note: str | None = None
        latest_note_at: Any = None
        status = PENDING
        deadline: Any = None  # the deadline before the event at hand
        week_changes: list[EventRow] = []
        lead_before: str | None = None
        assigned_at: Any = None
        acknowledged_at: Any = None  # the 签收 since the last 交办 to a new lead, if any
        sent_back = reminded = reminded_total = 0
        progressed_at: Any = None
        sustained_at: Any = None
        task_cycle: list[EventRow] = []
        cadence_set = False  # a 汇报频次 change before the cutoff set one
        # Plain tuple unpacking: this loop runs once per event (100,000s of them).
        for e in evs:
            _t, at, in_period, action, _actor, _frm, to_value, note, status_after, deadline_after, lead_after, _co = e
            if action in _CYCLE_ACTIONS:
                if action in _ASSIGNING:
                    if lead_after != lead_before:  # a new lead signs again
                        assigned_at, acknowledged_at = (at if lead_after else None), None
                elif action in _REPORTING:
                    progressed_at = at
                elif action == "acknowledged":
                    acknowledged_at = at
                elif action == "reminded":
                    reminded_total += 1
                    if in_period:
                        reminded += 1
                        task_cycle.append(e)
                elif in_period:  # sent_back
                    sent_back += 1
                    task_cycle.append(e)
            lead_before = lead_after
            if not in_period:
                prev_status, prev_deadline, existed_before = status_after, deadline_after, True
            elif action in _DEADLINE_ACTIONS and (
                action not in _DEADLINE_SETTING or (deadline is not None and deadline_after != deadline)
            ):
                week_changes.append(e)
            if status_after != status:
                # When it became 持续整改, complete, 已销号 (None when it is not): only a change
                # of status moves them, so most events (签收, 催办, …) skip this.
                sustained_at = at if status_after == SUSTAINED else None
                if status_after in COMPLETED:
                    if status not in COMPLETED:
                        completed_at, completion_deadline, completion_note = at, deadline_after, note
                else:
                    completed_at = completion_deadline = completion_note = None
                verified_at = at if status_after == CLOSED else None
                status = status_after
            deadline = deadline_after
            if note and action in _PROGRESS_ACTIONS:
                latest_note, latest_note_at = note, at
            elif to_value is not None:  # only deadline, kind and 汇报频次 events carry it (EVENT_COLUMNS)
                if action == "kind_changed":
                    if to_value:
                        kind = to_value  # the last kind change before the cutoff wins
                elif action == CADENCE_CHANGED:
                    cadence_set = True
        if kind != "directive":
            continue
        _t, _at, _p, _a, _actor, _frm, _to, _note, status, deadline, lead, co_after = evs[-1]
        deadline = day_of(deadline)
        completed_at, completion_deadline = at_of(completed_at), day_of(completion_deadline)
        settled = status in NO_COUNTDOWN_STATUSES  # no countdown: never overdue
        days_left = (deadline - as_of).days if deadline is not None and not settled else None
        m = meetings.get(info.meeting_id, unknown_meeting)
        on_time = (
            completed_at.date() <= completion_deadline
            if completed_at is not None and completion_deadline is not None
            else None
        )
        st = TaskState(
            id=task_id,
            meeting_id=info.meeting_id,
            meeting=m.title,
            meeting_date=m.date,
            seq=info.seq,
            outline=info.outline,
            heading=info.heading,
            status=status,
            lead=lead,
            co=co_owners_at(co_after, lead, task_id in reassigned_later, co_now.get(task_id, [])),
            deadline=deadline,
            days_left=days_left,
            overdue=days_left is not None and days_left < 0,
            created_at=at_of(evs[0][_AT]),
            latest_note=latest_note,
            latest_note_at=at_of(latest_note_at),
            completed_at=completed_at,
            verified_at=at_of(verified_at),
            completion_note=completion_note,
            on_time=on_time,
            assigned_at=(assigned_at := at_of(assigned_at)),
            unacknowledged_days=_unacknowledged(status, lead, assigned_at, acknowledged_at, workdays, ack_days),
            sent_back=sent_back,
            reminded=reminded,
            reminded_total=reminded_total,
            progressed_at=at_of(progressed_at),
            sustained_at=at_of(sustained_at),
            leader=info.leader,
            urgency=info.urgency,
            source_kind=m.source_kind,
        )
        if unit is not None and st.lead != unit and unit not in st.co:
            continue
        states.append(st)
        cadence_after = cadence_before.get(task_id, info.report_every)
        if st.status in OWING_STATUSES and (cadence_after is not None or cadence_set):
            _owing_of(evs, st, cadence_after, owing, reports, at_of)
        for e in task_cycle:
            unit_then, label = e[_LEAD] or NO_LEAD, ACTION_LABELS[e[_ACTION]]
            cycle_events.append(CycleEvent(task_id, info.heading, unit_then, at_of(e[_AT]), label, e[_NOTE]))
        if (
            existed_before
            and prev_status not in NO_COUNTDOWN_STATUSES
            and prev_deadline is not None
            and day_of(prev_deadline) < prev_day
        ):
            overdue_before.add(task_id)
        for e in week_changes:
            what: str = e[_ACTION]
            changes.append(
                DeadlineChange(
                    task_id=task_id,
                    heading=info.heading,
                    unit=e[_LEAD] or NO_LEAD,
                    at=at_of(e[_AT]),
                    action=ACTION_LABELS.get(what, what),
                    old=e[_FROM],
                    # A denial leaves the deadline: say what was asked and refused.
                    new=f"不予延期（申请至{e[_TO]}）" if what == "extension_denied" else e[_TO],
                    note=e[_NOTE],
                )
            )

    sort_in_meeting_order(states)
    tracked = [t for t in states if t.status != REJECTED]  # TaskState.tracked, without a call per task
    completed = [t for t in tracked if t.status in COMPLETED]
    done_in_period = {t.id for t in completed if t.completed_at is not None and t.completed_at >= start_dt}
    verified_in_period = {t.id for t in completed if t.verified_at is not None and t.verified_at >= start_dt}
    overdue = [t for t in tracked if t.overdue]
    statuses = Counter(t.status for t in tracked)
    summary = Summary(
        tracked=len(tracked),
        new=sum(1 for t in tracked if t.created_at >= start_dt),
        completed_week=len(done_in_period),
        verified_week=len(verified_in_period),
        pending=statuses[PENDING],
        in_progress=statuses[ASSIGNED] + statuses[IN_PROGRESS],
        awaiting_check=statuses[DONE],
        closed=statuses[CLOSED],
        overdue=len(overdue),
        overdue_new=sum(1 for t in overdue if t.id not in overdue_before),
        completed_with_deadline=sum(1 for t in completed if t.on_time is not None),
        on_time=sum(1 for t in completed if t.on_time),
        sustained=statuses[SUSTAINED],
        unacknowledged=sum(1 for t in tracked if t.unacknowledged_days is not None),
        sent_back=sum(t.sent_back for t in tracked),
        reminded=sum(t.reminded for t in tracked),
    )
    units = _unit_rows(tracked, unit)
    by_overdue = sorted(units, key=lambda u: (-u.overdue, _name_key(u.unit)))
    most_overdue = [(u.unit, u.overdue) for u in by_overdue if u.overdue][:3]
    # 本周完成: what the unit said done and what the office verified in the period, each
    # with the state it has at the cutoff.
    completed_list = [t for t in completed if t.id in done_in_period or t.id in verified_in_period]
    return WeeklyReport(
        office=office,
        unit=unit,
        period=period,
        as_of=as_of,
        made=made,
        summary=summary,
        units=units,
        most_overdue=most_overdue,
        # Most days overdue first (an overdue task has days_left < 0): fields, not properties.
        overdue=sorted(overdue, key=lambda t: (t.days_left, t.lead or NO_LEAD, t.id)),
        due_soon=sorted(
            (t for t in tracked if t.days_left is not None and 0 <= t.days_left <= DUE_SOON_DAYS),
            key=lambda t: (t.days_left, t.unit, t.id),
        ),
        completed=sorted(completed_list, key=lambda t: (t.completed_at or t.verified_at or start_dt, t.id)),
        deadline_changes=sorted(changes, key=lambda c: (c.at, c.task_id)),
        meetings=_meeting_rows(tracked),
        tasks=states,
        issue=issue,
        late_reports=_late_reports(owing, reports, min(as_of + timedelta(days=1), today)),
        has_cadence=bool(owing),
        sustained=sorted((t for t in tracked if t.sustained), key=lambda t: (t.unit, t.sustained_at or start_dt, t.id)),
        cycle_events=sorted(cycle_events, key=lambda c: (c.at, c.task_id)),
        ack_days=ack_days,
        groups={key: _group_rows(tracked, key) for key in group_by},
    )


class _Placed(Protocol):
    id: int
    meeting_id: int
    meeting_date: date | None
    seq: int


def sort_in_meeting_order(tasks: list[_P]) -> None:
    """In meeting order (date, then id), then the task's place in it: the meetings are
    ranked once, so 100,000 sort keys compare ints, not dates."""
    meeting_order = sorted({(t.meeting_date or date.max, t.meeting_id) for t in tasks})
    rank = {meeting_id: i for i, (_day, meeting_id) in enumerate(meeting_order)}
    tasks.sort(key=lambda t: (rank[t.meeting_id], t.seq, t.id))


# ---------------------------------------------------------------- 未按期报送 as of the cutoff


def _owing_of(
    evs: list[EventRow],
    st: TaskState,
    cadence_after: str | None,
    owing: list[Owing],
    reports: dict[tuple[int, str], datetime],
    at_of: Any,
) -> None:
    """The task's 汇报频次 at the cutoff (its last change before it, else what it was before
    the first change after it, else its value now), when it was last given to its lead, and
    each unit's last progress report before the cutoff. `at_of` makes a row's `at` a datetime."""
    if st.status not in OWING_STATUSES:
        return
    cadence, since, lead, cadence_at = cadence_after, None, None, None
    for e in evs:
        action = e[_ACTION]
        if action == CADENCE_CHANGED:
            cadence, cadence_at = e[_TO], at_of(e[_AT])
        elif action in ("assigned", "reassigned") and e[_LEAD] != lead:
            since, lead = at_of(e[_AT]), e[_LEAD]
        elif action == "progress":
            reports[(st.id, e[_ACTOR])] = at_of(e[_AT])
    if cadence and since is not None:
        owners = tuple(([st.lead] if st.lead else []) + [c for c in st.co if c != st.lead])
        start = max(since, cadence_at) if cadence_at is not None else since
        owing.append(Owing(st.id, st.status, cadence, start, owners, st.heading))


def _late_reports(owing: list[Owing], reports: dict[tuple[int, str], datetime], day: date) -> list[LateReport]:
    """Late on `day`: the day after the period's end (a period due on its last day has
    passed), or today for a period still running. Working days (每月结束后5个工作日内) by
    the package's holiday calendar."""
    if not owing:
        return []
    rows = late_for(owing, reports, day, WorkCalendar().is_workday)
    return sorted(rows, key=lambda r: (r.period.due, r.task_id, not r.lead, r.unit))


def _unacknowledged(
    status: str,
    lead: str | None,
    assigned_at: datetime | None,
    acknowledged_at: datetime | None,
    workdays: WorkdaysTo,
    ack_days: int,
) -> int | None:
    """未签收 at the cutoff, by the rule the list, its filter and the notices use
    (store/acknowledgement.py), on the as-of day; a task with no lead is given to nobody."""
    if lead is None:
        return None
    return unacknowledged_days(
        workdays.calendar, status, assigned_at, acknowledged_at, workdays.today, ack_days, workdays
    )


def _group_key(t: TaskState, key: str) -> str:
    if key == "leader":
        return t.leader or NO_VALUE
    if key == "urgency":
        return t.urgency
    return t.source_kind or NO_VALUE


def _group_rows(tracked: list[TaskState], key: str) -> list[GroupRow]:
    """One row per value of the grouping `key` (GROUPINGS): urgency from 特急 down, the
    others in pinyin order, the unset value last."""
    if key not in GROUPINGS:
        raise ValueError(f"不认识的分组 {key!r}")
    acc: dict[str, list[int]] = {}
    for t in tracked:
        a = acc.setdefault(_group_key(t, key), [0, 0, 0, 0, 0, 0, 0])
        a[0] += 1
        a[1] += t.status == PENDING
        a[2] += t.status in (ASSIGNED, IN_PROGRESS)
        a[3] += t.status == SUSTAINED
        a[4] += t.status == DONE
        a[5] += t.status == CLOSED
        a[6] += t.overdue
    if key == "urgency":
        order = {u: -i for i, u in enumerate(URGENCIES)}

        def sort_key(name: str) -> tuple[int, bytes]:
            return (order.get(name, 1), _name_key(name))
    else:

        def sort_key(name: str) -> tuple[int, bytes]:
            return (name == NO_VALUE, _name_key(name))

    return [GroupRow(name, *acc[name]) for name in sorted(acc, key=sort_key)]


def co_owners_at(co_after: str | None, lead: str | None, reassigned_later: bool, now: list[str]) -> tuple[str, ...]:
    """Co-owners at the cutoff: the last event's snapshot. Events older than schema 3 have
    none; then today's co-owners stand in when nothing reassigned the task since (else
    none are known)."""
    if co_after is not None:
        names = co_after.split("、")
        if "" in names or lead in names:
            return tuple(x for x in names if x and x != lead)
        return tuple(names)  # the usual case, without a generator per task
    if not reassigned_later and now:
        return tuple(x for x in now if x != lead) if lead in now else tuple(now)
    return ()


def _name_key(name: str) -> bytes:
    """Units in pinyin order: GB2312 orders its 3,755 common characters by pinyin, and
    GB18030 keeps that order (what Chinese databases' gbk collations do). pypinyin would
    cost the report ~55 MB and half a second to order a few dozen names."""
    return name.encode("gb18030", errors="replace")


def _unit_rows(tracked: list[TaskState], unit: str | None) -> list[UnitRow]:
    """The 通报 table: lead units ranked by 销号率, then 完成率（含待核）, then fewest
    overdue. Units equal on all three share a rank and the next rank is skipped
    (standard competition ranking, 1-1-3); within a tie they are listed in pinyin order."""
    acc: dict[str, list[int]] = {}
    for t in tracked:
        if t.lead is None or t.status == PENDING:
            continue  # not past triage: no unit to rank, no denominator to join
        if unit is not None and t.lead != unit:
            continue  # department mode: its own row only
        a = acc.setdefault(t.lead, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        a[0] += 1
        a[1] += t.status == DONE
        a[2] += t.status == CLOSED
        a[3] += t.overdue
        a[4] += bool(t.on_time)
        a[5] += t.on_time is not None
        a[6] += t.status == SUSTAINED
        a[7] += t.unacknowledged_days is not None
        a[8] += t.sent_back
        a[9] += t.reminded

    def merit(a: list[int]) -> tuple[Decimal, Decimal, int]:
        # Exact fractions, not the rounded percentages: 1/3 and 33.33% are not a tie.
        return (-Decimal(a[2]) / a[0], -Decimal(a[1] + a[2]) / a[0], a[3])

    ordered = sorted(acc.items(), key=lambda kv: (merit(kv[1]), _name_key(kv[0])))
    rows: list[UnitRow] = []
    for i, (name, a) in enumerate(ordered):
        tied = i > 0 and merit(a) == merit(ordered[i - 1][1])
        rows.append(
            UnitRow(
                rank=rows[-1].rank if tied else i + 1,
                unit=name,
                total=a[0],
                in_progress=a[0] - a[1] - a[2] - a[6],
                awaiting_check=a[1],
                closed=a[2],
                overdue=a[3],
                on_time=a[4],
                completed_with_deadline=a[5],
                sustained=a[6],
                unacknowledged=a[7],
                sent_back=a[8],
                reminded=a[9],
            )
        )
    return rows


def _meeting_rows(tracked: list[TaskState]) -> list[MeetingRow]:
    acc: dict[int, list[int]] = {}
    info: dict[int, tuple[str, date | None]] = {}
    for t in tracked:
        a = acc.setdefault(t.meeting_id, [0, 0, 0, 0, 0, 0, 0])
        info[t.meeting_id] = (t.meeting, t.meeting_date)
        a[0] += 1
        a[1] += t.status == PENDING
        a[2] += t.status in (ASSIGNED, IN_PROGRESS)
        a[3] += t.status == DONE
        a[4] += t.status == CLOSED
        a[5] += t.overdue
        a[6] += t.status == SUSTAINED
    rows = [MeetingRow(mid, info[mid][0], info[mid][1], *a) for mid, a in acc.items()]
    return sorted(rows, key=lambda r: (r.date or date.max, r.meeting_id))


__all__ = [
    "as_of_day",
    "build_report",
    "co_owners_at",
    "compute_report",
    "cutoff_of",
    "sort_in_meeting_order",
]
