"""The supervision cycle's actions on one task (督办): the lead signs for an assignment
(签收), the office sends a done claim back (退回重办), a task becomes 持续整改, and the
office sets the fields it sorts by (责任领导, 紧急程度).

Each is one transaction on the write kernel of `actions` (`begin` checks the version and
`policy.may`; `save` is the versioned UPDATE; `record` the event), so the rules live in
the lifecycle's tables and the policy, not here.
"""

from __future__ import annotations

from sqlmodel import Session

from tasktui.store import queries
from tasktui.store.actions import begin, record, save
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError, RuleError
from tasktui.store.lifecycle import URGENCIES, Action, target_status
from tasktui.store.views import TaskRow
from tasktui.textcheck import check_text

LEADER_MAX = 100  # models.Task.responsible_leader


def _required(note: str | None, what: str) -> str:
    if not note or not note.strip():
        raise InputError(what)
    return note.strip()


def acknowledge(
    ctx: ServiceContext, task_id: int, note: str | None = None, expected_version: int | None = None
) -> TaskRow:
    """签收: the lead unit (or the office for it) acknowledges the task it was given."""
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.ACKNOWLEDGED, expected_version)
        if task.acknowledged_at is not None:
            raise RuleError(f"#{task_id} 已于 {task.acknowledged_at:%Y-%m-%d %H:%M} 签收，无需再签收")
        save(ctx, s, task, acknowledged_at=ctx.clock.now())
        record(ctx, s, task, Action.ACKNOWLEDGED, note=note.strip() if note and note.strip() else None)
        return queries.row_of(ctx, s, task)


def _move(
    ctx: ServiceContext, s: Session, task_id: int, action: Action, note: str, expected_version: int | None
) -> TaskRow:
    task = begin(ctx, s, task_id, action, expected_version)
    old = task.status
    new = target_status(action, old, task.lead_id is not None)
    save(ctx, s, task, status=new)
    record(ctx, s, task, action, from_value=old, to_value=new, note=note)
    return queries.row_of(ctx, s, task)


def send_back(ctx: ServiceContext, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
    """退回重办: the office refuses the unit's done claim, with its reason (已完成待核 → 整改中)."""
    reason = _required(note, "退回重办需要说明理由（--note）")
    with ctx.store.write() as s:
        return _move(ctx, s, task_id, Action.SENT_BACK, reason, expected_version)


def sustain(ctx: ServiceContext, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
    """转为持续整改: basically done, the rest is lasting work (the office, or the lead)."""
    reason = _required(note, "转为持续整改需要说明已完成的情况和需长期坚持的工作（--note）")
    with ctx.store.write() as s:
        return _move(ctx, s, task_id, Action.SUSTAINED, reason, expected_version)


def set_leader(ctx: ServiceContext, task_id: int, leader: str | None, expected_version: int | None = None) -> TaskRow:
    """责任领导: a person's name and title as the office writes it; empty clears it."""
    value = leader.strip() if leader else None
    if value:
        check_text(value, "责任领导")
        if len(value) > LEADER_MAX:
            raise InputError(f"责任领导最多 {LEADER_MAX} 个字")
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.LEADER_CHANGED, expected_version)
        old = task.responsible_leader
        if old == value:
            return queries.row_of(ctx, s, task)
        save(ctx, s, task, responsible_leader=value or None)
        record(ctx, s, task, Action.LEADER_CHANGED, from_value=old, to_value=value or None)
        return queries.row_of(ctx, s, task)


def set_urgency(ctx: ServiceContext, task_id: int, urgency: str, expected_version: int | None = None) -> TaskRow:
    """紧急程度: 一般, 急办 or 特急."""
    value = urgency.strip()
    if value not in URGENCIES:
        raise InputError(f"没有紧急程度「{urgency}」：可用 {'、'.join(URGENCIES)}")
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.URGENCY_CHANGED, expected_version)
        old = task.urgency
        if old == value:
            return queries.row_of(ctx, s, task)
        save(ctx, s, task, urgency=value)
        record(ctx, s, task, Action.URGENCY_CHANGED, from_value=old, to_value=value)
        return queries.row_of(ctx, s, task)


__all__ = ["acknowledge", "send_back", "set_leader", "set_urgency", "sustain"]
