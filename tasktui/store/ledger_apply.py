"""A unit's returned ledger workbook, applied: each row as that unit, through the same
actions (and so the same `policy.may`) as `--as UNIT`.

Per row: 本次进展 → a progress report; 完成情况 已完成 → 标记完成 (the lead only), with
情况说明 (or 本次进展) as its note; 申请延期 → an extension request to 申请延期至 with
情况说明 as the reason; 推进中 (or nothing) with only 情况说明 → a progress report of it.
A row with nothing written is skipped.

Checks before a row is acted on: its hidden id/version match their seal (`ledger`), the
unit leads or co-owns the task (a row pasted from another unit's workbook does not), and
the version: a task changed since the workbook was written takes only progress (as
`actions.ADDITIVE_ACTIONS` lets a stale progress report through); 完成 or 延期 on it is
refused. A row already applied (the unit's own event with the same content, after the
workbook was written, is in the task's history) is reported as such and not applied again,
so importing the same file twice changes nothing.

One file is one transaction. Any refusal rolls the file back (nothing written; the result
still says what would have been applied), unless `partial`: then the refused rows are left
out and the rest is applied again, until no row is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from tasktui.clock import Clock
from tasktui.models import Department, Event, Task
from tasktui.store import actions, bulk_insert, departments, extensions, ledger, policy, queries
from tasktui.store.context import ServiceContext
from tasktui.store.db import Store
from tasktui.store.errors import InputError, NotFoundError, RuleError, StaleEditError
from tasktui.store.ledger_terms import EXTENSION, FINISHED, ONGOING, OUTCOMES
from tasktui.store.lifecycle import Action, target_status
from tasktui.store.views import Actor
from tasktui.textcheck import check_text


@dataclass(frozen=True)
class ReturnedRow:
    """One data row of a returned workbook, as read (`exchange.ledger_return`)."""

    row: int  # the sheet's row number
    task_id: int | None
    version: int | None
    seal: str | None
    progress: str | None  # 本次进展
    outcome: str | None  # 完成情况: one of OUTCOMES, or None
    extend_to: date | None  # 申请延期至
    explanation: str | None  # 情况说明
    cells: dict[str, str]  # field → cell reference ("task_id" → "L7")
    problem: tuple[str, str] | None = None  # (why, field) when a cell could not be read

    @property
    def empty(self) -> bool:
        return not (self.progress or self.explanation or self.extend_to) and self.outcome in (None, ONGOING)


@dataclass(frozen=True)
class ReturnedFile:
    name: str  # the file's name, as cells are cited (区教体局.xlsx!J7)
    unit: str
    store_id: str
    written_at: datetime
    rows: list[ReturnedRow]


class RowState(str, Enum):
    APPLIED = "applied"
    ALREADY = "already"  # the same content was applied before (an earlier import)
    SKIPPED = "skipped"  # nothing written in the row
    REFUSED = "refused"


STATE_LABELS = {
    RowState.APPLIED: "已写入",
    RowState.ALREADY: "已导入过",
    RowState.SKIPPED: "跳过",
    RowState.REFUSED: "拒绝",
}


@dataclass(frozen=True)
class RowResult:
    row: int
    task_id: int | None
    state: RowState
    what: str = ""  # what the row does (进展、完成、延期至 2027-01-31)
    reason: str = ""
    cell: str = ""  # where, for a refusal: 区教体局.xlsx!J7


@dataclass
class FileResult:
    name: str
    unit: str
    written: bool  # whether this file's rows were stored
    rows: list[RowResult] = field(default_factory=list)

    def count(self, state: RowState) -> int:
        return sum(1 for r in self.rows if r.state is state)

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.state is RowState.REFUSED]


@dataclass
class _UnitContext:
    """The service context of the unit whose workbook this is: its actions are checked
    by the policy as that unit's."""

    store: Store
    actor: Actor
    clock: Clock
    warn_days: int
    done_requires_note: bool
    ack_days: int


class _Contended(Exception):
    """A batched write found a task changed by someone else since the file's state was
    read (PostgreSQL: another transaction committed meanwhile): the file is applied again
    row by row, so that each such row is refused as the row-by-row path refuses it."""


class _Rollback(Exception):
    def __init__(self, results: list[RowResult]) -> None:
        super().__init__("rollback")
        self.results = results


@dataclass(frozen=True)
class _Parts:
    progress: str | None
    done: bool
    done_note: str | None
    extend_to: date | None
    extend_note: str | None

    def words(self) -> str:
        parts = []
        if self.progress:
            parts.append("进展")
        if self.done:
            parts.append("完成")
        if self.extend_to:
            parts.append(f"申请延期至 {self.extend_to.isoformat()}")
        return "、".join(parts)


def apply_returned(ctx: ServiceContext, returned: ReturnedFile, partial: bool = False) -> FileResult:
    """Apply `returned` as its unit, in one transaction (see the module docstring)."""
    policy.office_only(ctx.actor, "导入单位报回的台账").enforce()
    with ctx.store.session() as s:
        ident = ledger.existing_identity(s)
        if ident is None or ident.store_id != returned.store_id:
            raise InputError(f"{returned.name}：不是从本数据库导出的单位台账（数据库标识不符），未导入")
        dept = departments.find(s, returned.unit)
        if dept is None:
            raise InputError(f"{returned.name}：台账所属单位「{returned.unit}」不在本数据库中，未导入")
        unit = dept.name
    unit_ctx = _UnitContext(
        ctx.store, Actor.department(unit), ctx.clock, ctx.warn_days, ctx.done_requires_note, ctx.ack_days
    )
    fixed: list[RowResult] = []  # rows decided without the database: skipped, unreadable
    todo: list[ReturnedRow] = []
    for r in returned.rows:
        if r.problem is not None:
            why, where = r.problem
            fixed.append(_refused(returned, r, why, where))
        elif r.empty:
            fixed.append(RowResult(r.row, r.task_id, RowState.SKIPPED))
        else:
            todo.append(r)
    refused_earlier: list[RowResult] = []
    batched = True
    while True:
        try:
            with ctx.store.write() as s:
                ids = [r.task_id for r in todo if r.task_id is not None]
                state = _FileState(s, ids, unit, returned.written_at, batched=batched)
                results = [_apply_row(unit_ctx, state, ident, returned, r) for r in todo]
                state.flush()
                if any(x.state is RowState.REFUSED for x in results + fixed):
                    if not partial or any(x.state is RowState.REFUSED for x in results):
                        raise _Rollback(results)
                written = any(x.state is RowState.APPLIED for x in results)
        except _Contended:
            batched = False
            continue
        except _Rollback as rb:
            if not partial:
                return FileResult(returned.name, unit, False, _in_order(fixed + rb.results))
            refused_now = [x for x in rb.results if x.state is RowState.REFUSED]
            refused_earlier += refused_now
            gone = {x.row for x in refused_now}
            todo = [r for r in todo if r.row not in gone]
            continue
        return FileResult(returned.name, unit, written, _in_order(fixed + refused_earlier + results))


def _in_order(results: list[RowResult]) -> list[RowResult]:
    return sorted(results, key=lambda x: x.row)


def _cell(returned: ReturnedFile, r: ReturnedRow, field_name: str) -> str:
    ref = r.cells.get(field_name) or r.cells.get("task_id") or str(r.row)
    return f"{returned.name}!{ref}"


def _refused(returned: ReturnedFile, r: ReturnedRow, why: str, field_name: str) -> RowResult:
    return RowResult(r.row, r.task_id, RowState.REFUSED, reason=why, cell=_cell(returned, r, field_name))


def _parts(r: ReturnedRow) -> tuple[_Parts | None, tuple[str, str] | None]:
    """What the row asks for, or why it cannot be read as anything (reason, field)."""
    progress, explanation = r.progress, r.explanation
    outcome = r.outcome
    if outcome is None and r.extend_to is not None:
        outcome = EXTENSION  # a date asked for says what the drop-down was left at
    if outcome == FINISHED:
        if r.extend_to is not None:
            return None, ("完成情况为已完成，却填了申请延期至：请只填其一", "extend_to")
        return _Parts(progress, True, explanation or progress, None, None), None
    if outcome == EXTENSION:
        if r.extend_to is None:
            return None, ("申请延期需要在「申请延期至」填写日期", "extend_to")
        return _Parts(progress, False, None, r.extend_to, explanation or progress), None
    # 推进中 or nothing: what was written is this period's progress.
    note = "；".join(x for x in (progress, explanation) if x)
    return _Parts(note or None, False, None, None, None), None


_HISTORY_ACTIONS = (Action.PROGRESS.value, Action.DONE.value, Action.EXTENSION_REQUESTED.value)


class _FileState:
    """What a file's rows are judged on, read in a few queries for the whole file (the
    tasks, their owners, pending requests, the unit's own recent events) instead of a
    dozen per row; a task a row has written to is read again for any later row.

    Progress rows' writes wait here and go in one statement per table (`flush`): the
    task UPDATEs (each still guarded by the version read) and the events. Everything
    that reads a task again or acts on it through `actions` flushes first."""

    def __init__(self, s: Session, ids: Sequence[int], unit: str, since: datetime, *, batched: bool = True) -> None:
        self.s, self.unit, self.since = s, unit, since
        # Whether the driver counts the rows an executemany changed (both of ours do);
        # without that count a stale task could not be told from a written one.
        self.batched = batched and s.get_bind().dialect.supports_sane_multi_rowcount
        wanted = sorted({i for i in ids if 0 < i < 2**31})
        self.tasks: dict[int, Task] = {}
        self.history: dict[int, list[Event]] = {i: [] for i in wanted}
        for chunk in ledger.chunks(wanted):
            for t in s.exec(select(Task).where(col(Task.id).in_(chunk))):
                self.tasks[t.id or 0] = t
            for e in s.exec(self._history_stmt(chunk)):
                self.history[e.task_id].append(e)
        lead_ids = {t.lead_id for t in self.tasks.values() if t.lead_id is not None}
        leads = {d.id: d.name for d in s.exec(select(Department).where(col(Department.id).in_(list(lead_ids))))}
        co = ledger.co_owner_names(s, list(self.tasks))
        requests = extensions.requests_for(s, [(i, t.status) for i, t in self.tasks.items()])
        self.facts: dict[int, policy.Facts] = {
            i: policy.Facts(
                i,
                t.status,
                t.kind,
                leads.get(t.lead_id) if t.lead_id is not None else None,
                tuple(co.get(i, ())),
                requests.get(i),
                t.acknowledged_at,
            )
            for i, t in self.tasks.items()
        }
        self.touched: set[int] = set()
        self.bumps: list[dict[str, Any]] = []
        self.events_to_insert: list[dict[str, Any]] = []

    def bump(self, change: dict[str, Any]) -> None:
        """A progress row's UPDATE of its task (`_BUMP`'s parameters): now, or with the
        file's others at the next flush."""
        if self.batched:
            self.bumps.append(change)
            return
        if self.s.connection().execute(_BUMP, change).rowcount != 1:
            raise StaleEditError(f"#{change['task_id']} 刚被他人修改，未保存：请重新读取后再试")

    def flush(self) -> None:
        """Write the progress rows' task updates and events so far (one statement for
        many each). A task changed meanwhile by someone else is no longer at the version
        read: fewer rows change than were asked, and the file is done again row by row."""
        if self.bumps:
            done = self.s.connection().execute(_BUMP, self.bumps)
            if done.rowcount != len(self.bumps):
                raise _Contended()
            self.bumps = []
        if self.events_to_insert:
            self.s.execute(insert(Event), self.events_to_insert)
            self.events_to_insert = []

    def _history_stmt(self, ids: Sequence[int]) -> Any:
        return select(Event).where(
            col(Event.task_id).in_(list(ids)),
            col(Event.actor) == self.unit,
            col(Event.at) >= self.since,
            col(Event.action).in_(_HISTORY_ACTIONS),
        )

    def task(self, task_id: int) -> Task:
        if task_id in self.touched or task_id not in self.tasks:
            self.flush()
            return queries.load(self.s, task_id)
        return self.tasks[task_id]

    def facts_of(self, task: Task) -> policy.TaskFacts:
        task_id = task.id or 0
        if task_id in self.touched or task_id not in self.facts:
            self.flush()
            return actions.facts(self.s, task)
        return self.facts[task_id]

    def events(self, task_id: int) -> Sequence[Event]:
        if task_id in self.touched:
            self.flush()
            return self.s.exec(self._history_stmt([task_id])).all()
        return self.history.get(task_id, [])


def _apply_row(
    ctx: _UnitContext, st: _FileState, ident: ledger.LedgerIdentity, returned: ReturnedFile, r: ReturnedRow
) -> RowResult:
    if r.task_id is None or r.version is None:
        return _refused(returned, r, "这一行没有任务ID或版本（新增的行不能导入；新的事项请报督查室）", "task_id")
    if not ident.sealed(r.task_id, r.version, r.seal):
        return _refused(
            returned, r, f"任务ID/版本（#{r.task_id}，第 {r.version} 版）与校验码不符：隐藏列被改动过", "task_id"
        )
    parts, problem = _parts(r)
    if parts is None:
        assert problem is not None
        return _refused(returned, r, problem[0], problem[1])
    try:
        task = st.task(r.task_id)
    except NotFoundError as exc:
        return _refused(returned, r, str(exc), "task_id")
    unit = ctx.actor.name
    facts = st.facts_of(task)
    if not policy.owns(ctx.actor, facts):  # before the row's content is judged
        why = f"#{r.task_id} 不是{unit}牵头或配合的事项（是否从其他单位的台账复制来的？）"
        return _refused(returned, r, why, "task_id")
    done_before = _done_before(st.events(r.task_id), parts)
    remaining = replace(
        parts,
        progress=None if "progress" in done_before else parts.progress,
        done=parts.done and "done" not in done_before,
        extend_to=None if "extend" in done_before else parts.extend_to,
    )
    if not (remaining.progress or remaining.done or remaining.extend_to):
        return RowResult(r.row, r.task_id, RowState.ALREADY, what=parts.words())
    # The policy's answer first (a co-owner's 完成 is refused as such, however stale),
    # then the version: on a task changed meanwhile only progress goes through.
    for wanted, action, field_name in (
        (remaining.progress, Action.PROGRESS, "progress"),
        (remaining.done, Action.DONE, "outcome"),
        (remaining.extend_to, Action.EXTENSION_REQUESTED, "extend_to"),
    ):
        decision = policy.may(ctx.actor, action, facts)
        if wanted and not decision:
            return _refused(returned, r, decision.reason or decision.words, field_name)
    if task.version != r.version and (remaining.done or remaining.extend_to):
        why = (
            f"#{r.task_id} 在台账写出后已被修改（第 {r.version} 版，现为第 {task.version} 版）："
            "只能补报进展，标记完成和申请延期未执行，请向督查室要新的台账后再报"
        )
        return _refused(returned, r, why, "outcome")
    st.touched.add(r.task_id)
    field_name = "progress"
    try:
        if remaining.progress and not (remaining.done or remaining.extend_to):
            _progress(ctx, st, task, facts, remaining.progress)
        else:
            st.flush()  # the actions below read the history
            version: int | None = r.version
            if remaining.progress:
                version = actions.report_progress(ctx, r.task_id, remaining.progress, version).version
            if remaining.done:
                field_name = "outcome"
                actions.change_status(ctx, r.task_id, Action.DONE, remaining.done_note, version)
            if remaining.extend_to:
                field_name = "extend_to"
                actions.extend(ctx, r.task_id, remaining.extend_to, remaining.extend_note, version)
    except (RuleError, StaleEditError, InputError, NotFoundError) as exc:
        return _refused(returned, r, str(exc), field_name)
    return RowResult(r.row, r.task_id, RowState.APPLIED, what=remaining.words())


def _progress(ctx: _UnitContext, st: _FileState, task: Task, facts: policy.TaskFacts, note: str) -> None:
    """A progress report as `actions.report_progress` writes it — the task's status and
    version, one event with the state after it — as two plain rows written with the
    file's others (`_FileState.flush`): a file of a thousand rows applies in a fraction of
    a second, where the ORM round trips of a full action per row took ten. Its checks were made above on
    the file's prefetch (`policy.may`; the version is no obstacle to progress), and the
    UPDATE still refuses a task that someone else changed meanwhile. A test holds the
    events equal to the action's."""
    check_text(note, "备注")
    task_id, version, deadline, old = task.id, task.version, task.deadline, task.status
    new = target_status(Action.PROGRESS, old, task.lead_id is not None)
    now = ctx.clock.now()
    st.bump({"task_id": task_id, "read": version, "status": new, "version": version + 1, "at": now})
    # The session's copy is stale now; expiring it costs nothing unless a later row of the
    # file reads the task again (`_FileState.task` flushes and loads it afresh then).
    st.s.expire(task)
    st.events_to_insert.append(
        {
            "task_id": task_id,
            "at": now,
            "actor": ctx.actor.name,
            "action": Action.PROGRESS.value,
            "from_value": old,
            "to_value": new,
            "note": note,
            "status_after": new,
            "deadline_after": deadline,
            "lead_after": facts.lead,
            "co_after": "、".join(facts.co_owners),
        }
    )


# A progress report's write to the task, built once: a statement made per row costs more
# to build and look up in the compiled cache than the UPDATE costs SQLite.
_TASK = bulk_insert.table_of(Task)
_BUMP = (
    update(_TASK)
    .where(_TASK.c.id == bindparam("task_id"), _TASK.c.version == bindparam("read"))
    .values(status=bindparam("status"), version=bindparam("version"), updated_at=bindparam("at"))
)


def _done_before(events: Sequence[Event], parts: _Parts) -> set[str]:
    """Which of the row's parts this unit's history on the task already holds, recorded
    after the workbook was written: the same progress text, a 完成, the same date asked."""
    found: set[str] = set()
    for e in events:
        if e.action == Action.PROGRESS.value and parts.progress and e.note == parts.progress:
            found.add("progress")
        elif e.action == Action.DONE.value and parts.done:
            found.add("done")
        elif e.action == Action.EXTENSION_REQUESTED.value and parts.extend_to:
            if e.to_value == parts.extend_to.isoformat():
                found.add("extend")
    return found


__all__ = [
    "EXTENSION",
    "FINISHED",
    "ONGOING",
    "OUTCOMES",
    "STATE_LABELS",
    "FileResult",
    "ReturnedFile",
    "ReturnedRow",
    "RowResult",
    "RowState",
    "apply_returned",
]
