"""催办 (reminders): what each unit owes, one 催办通知单 per unit, and the REMINDED events.

A unit owes, on tasks open for work (已交办, 整改中, 持续整改 — where `TRANSITIONS`
allows 催办):
- as lead (牵头): every overdue task (逾期, the countdown's rule);
- as lead: every task it has not signed for (未签收, `unacknowledged_days`: the one rule);
- as lead or co-owner (配合): the report of the cadence's last period (未按期报送,
  `late_reports`).

`remind` numbers the notices (文号 `督办〔2026〕N号`: N follows the distinct numbers of the
year's REMINDED events, so it is derived from the history and travels with an export),
records one REMINDED event per task on each notice (to_value: the 文号; note: the unit and
what it owes) and hands the notices to the caller's writer inside the same transaction:
if the files cannot be written, no event is kept. A second 催办 the same day is a second
notice and a second event: offices do remind twice when a unit does not answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tasktui.models import Department, Event, Task
from tasktui.store import acknowledgement, departments, late_reports, policy, work_calendar
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError, RuleError
from tasktui.store.lifecycle import ASSIGNED, TRANSITIONS, Action

REMINDED = Action.REMINDED.value
REMINDABLE: frozenset[str] = TRANSITIONS[Action.REMINDED][0]
DEFAULT_ACK_DAYS = acknowledgement.DEFAULT_ACK_DAYS
DEFAULT_PREFIX = "督办"
_CHUNK = 900


# ---------------------------------------------------------------- 未签收: the one rule


# The rule itself is store/acknowledgement.py's (the list, the filter, the report and
# this notice agree); here it is applied to every unsigned task at once.


# ---------------------------------------------------------------- what each unit owes


@dataclass
class OwedItem:
    """One task on one unit's notice, with what the unit owes on it."""

    task_id: int
    outline: str
    heading: str
    status: str
    deadline: date | None
    role: str  # 牵头 | 配合
    overdue_days: int | None = None
    unacknowledged_days: int | None = None
    late_report: late_reports.LateReport | None = None
    reminded_before: int = 0

    @property
    def reasons(self) -> list[str]:
        out: list[str] = []
        if self.overdue_days is not None:
            out.append(f"逾期{self.overdue_days}天")
        if self.unacknowledged_days is not None:
            out.append(f"交办{self.unacknowledged_days}个工作日未签收")
        if self.late_report is not None:
            p = self.late_report.period
            out.append(f"未按期报送（{self.late_report.cadence}，应于{p.due.month}月{p.due.day}日前报送）")
        return out


@dataclass
class ReminderNotice:
    """One 催办通知单: to one unit, its items, its number once issued."""

    unit: str
    items: list[OwedItem]
    date: date
    number: str = ""  # 文号, set by `remind`

    @property
    def overdue(self) -> int:
        return sum(i.overdue_days is not None for i in self.items)

    @property
    def unacknowledged(self) -> int:
        return sum(i.unacknowledged_days is not None for i in self.items)

    @property
    def late(self) -> int:
        return sum(i.late_report is not None for i in self.items)


def owed(
    ctx: ServiceContext, s: Session, units: Sequence[str] = (), ack_days: int = DEFAULT_ACK_DAYS
) -> list[ReminderNotice]:
    """One notice per unit that owes anything (`units`: only these), units by pinyin,
    items by deadline (none last) then id."""
    today = ctx.clock.today()
    wanted = {departments.require(s, u).name for u in units}
    calendar = work_calendar.calendar_of(s)
    # Rows of the columns needed, not Task objects: tens of thousands of them at scale.
    loaded = s.execute(
        sa_select(
            *late_reports.TASK_COLUMNS,
            col(Task.outline),
            col(Task.kind),
            col(Task.deadline),
            col(Task.acknowledged_at),
            col(Department.name),
        )
        .join(Department, col(Department.id) == col(Task.lead_id))
        .where(col(Task.kind) == "directive", col(Task.status).in_(list(REMINDABLE)))
        .where(
            (col(Task.deadline) < today)
            | ((col(Task.status) == ASSIGNED) & col(Task.acknowledged_at).is_(None))
            | col(Task.report_every).is_not(None)
        )
    ).all()
    ids = [t.id for t in loaded]
    co = late_reports.co_owner_names(s, ids)
    late = late_reports.for_rows(s, [(t, t.name, co.get(t.id, [])) for t in loaded], today)
    late_by = {(r.task_id, r.unit): r for r in late}
    items: dict[str, dict[int, OwedItem]] = {}

    def item(unit: str, t: Any, role: str) -> OwedItem:
        per = items.setdefault(unit, {})
        tid = t.id
        if tid not in per:
            per[tid] = OwedItem(tid, t.outline, t.heading, t.status, t.deadline, role)
        return per[tid]

    counter = acknowledgement.WorkdaysTo(calendar, today)
    tasks: dict[int, tuple[Any, str]] = {}
    for t in loaded:
        tid, lead = t.id, t.name
        tasks[tid] = (t, lead)
        overdue = (today - t.deadline).days if t.deadline is not None and t.deadline < today else None
        unack = acknowledgement.unacknowledged_days(
            calendar, t.status, t.assigned_at, t.acknowledged_at, today, ack_days, counter
        )
        if overdue is not None:
            item(lead, t, "牵头").overdue_days = overdue
        if unack is not None:
            item(lead, t, "牵头").unacknowledged_days = unack
    for (tid, unit), r in late_by.items():
        item(unit, tasks[tid][0], "牵头" if r.lead else "配合").late_report = r
    if wanted:
        items = {u: v for u, v in items.items() if u in wanted}
    actor = ctx.actor
    for unit_items in items.values():
        for it in unit_items.values():
            t, lead = tasks[it.task_id]
            facts = policy.Facts(it.task_id, t.status, t.kind, lead, tuple(co.get(it.task_id, [])))
            policy.may(actor, Action.REMINDED, facts).enforce()
    counts = remind_counts(s, list({i for per in items.values() for i in per}))
    order = _unit_order(s, list(items))
    notices = []
    for unit in sorted(items, key=lambda u: order.get(u, (u, u))):
        listed = sorted(items[unit].values(), key=lambda i: (i.deadline or date.max, i.task_id))
        for it in listed:
            it.reminded_before = counts.get(it.task_id, 0)
        notices.append(ReminderNotice(unit, listed, today))
    return notices


def _unit_order(s: Session, names: list[str]) -> dict[str, tuple[str, str]]:
    rows = s.exec(select(Department.name, Department.sort_key).where(col(Department.name).in_(names))).all()
    return {name: (key, name) for name, key in rows}


def remind_counts(s: Session, task_ids: Sequence[int]) -> dict[int, int]:
    """How many 催办 each task has had (REMINDED events)."""
    counts: dict[int, int] = {}
    for i in range(0, len(task_ids), _CHUNK):
        chunk = list(task_ids[i : i + _CHUNK])
        stmt = (
            select(Event.task_id, func.count())
            .where(col(Event.action) == REMINDED, col(Event.task_id).in_(chunk))
            .group_by(col(Event.task_id))
        )
        counts.update({tid: int(n) for tid, n in s.exec(stmt).all()})
    return counts


def next_number(s: Session, year: int) -> int:
    """The next notice's N in the year: one more than the distinct 文号 of the year's
    REMINDED events."""
    start = datetime(year, 1, 1)
    stmt = select(func.count(func.distinct(Event.to_value))).where(
        col(Event.action) == REMINDED, col(Event.at) >= start, col(Event.at) < datetime(year + 1, 1, 1)
    )
    return int(s.exec(stmt).one() or 0) + 1


def number_words(prefix: str, year: int, n: int) -> str:
    return f"{prefix}〔{year}〕{n}号"


# ---------------------------------------------------------------- 催办


def remind(
    ctx: ServiceContext,
    units: Sequence[str] = (),
    *,
    ack_days: int = DEFAULT_ACK_DAYS,
    prefix: str = DEFAULT_PREFIX,
    write: Callable[[list[ReminderNotice]], None] | None = None,
    record: bool = True,
    again: bool = False,
) -> list[ReminderNotice]:
    """Issue the notices: number them, record a REMINDED event per task on each, and call
    `write` with them before the transaction commits (an error there keeps no event).
    `record=False`: the notices only (a preview; no number, no event). A task already
    reminded today refuses the whole run unless `again`: a second run by mistake would
    double every 催办 count the reports and the 通报 name units by."""
    policy.may_act(ctx.actor, Action.REMINDED).enforce()
    if not prefix.strip():
        raise InputError("催办文号的机关代字不能为空（[cycle] remind_prefix）")
    if not record:
        with ctx.store.session() as s:
            return owed(ctx, s, units, ack_days)
    with ctx.store.write() as s:
        notices = owed(ctx, s, units, ack_days)
        now = ctx.clock.now()
        if not again:
            listed = sorted({i.task_id for nt in notices for i in nt.items})
            midnight = datetime.combine(now.date(), datetime.min.time())
            done_today: set[int] = set()
            for i in range(0, len(listed), _CHUNK):
                done_today |= set(
                    s.exec(
                        select(Event.task_id).where(
                            col(Event.action) == REMINDED,
                            col(Event.at) >= midnight,
                            col(Event.task_id).in_(listed[i : i + _CHUNK]),
                        )
                    ).all()
                )
            if done_today:
                shown = "、".join(f"#{t}" for t in sorted(done_today)[:8]) + ("等" if len(done_today) > 8 else "")
                raise RuleError(
                    f"今天已催办过其中 {len(done_today)} 项（{shown}），未再次催办：同一天确需再催办，命令行加 --again"
                )
        n = next_number(s, now.year)
        co = late_reports.co_owner_names(s, list({i.task_id for nt in notices for i in nt.items}))
        leads = (
            dict(
                s.exec(
                    select(Task.id, Department.name)
                    .join(Department, col(Department.id) == col(Task.lead_id))
                    .where(col(Task.id).in_(list({i.task_id for nt in notices for i in nt.items})))
                ).all()
            )
            if notices
            else {}
        )
        rows: list[dict[str, Any]] = []
        for notice in notices:
            notice.number = number_words(prefix.strip(), now.year, n)
            n += 1
            for it in notice.items:
                rows.append(
                    {
                        "task_id": it.task_id,
                        "at": now,
                        "actor": ctx.actor.name,
                        "action": REMINDED,
                        "from_value": None,
                        "to_value": notice.number,
                        "note": f"致{notice.unit}：{'；'.join(it.reasons)}",
                        "status_after": it.status,
                        "deadline_after": it.deadline,
                        "lead_after": leads.get(it.task_id),
                        "co_after": "、".join(co.get(it.task_id, [])),
                    }
                )
        conn = s.connection()  # Core executemany: the ORM's bulk path costs more per row
        for i in range(0, len(rows), 5000):
            conn.execute(insert(Event.__table__), rows[i : i + 5000])  # type: ignore[attr-defined]
        if write is not None:
            write(notices)
        return notices


__all__ = [
    "DEFAULT_ACK_DAYS",
    "DEFAULT_PREFIX",
    "REMINDABLE",
    "OwedItem",
    "ReminderNotice",
    "next_number",
    "number_words",
    "owed",
    "remind",
    "remind_counts",
]
