"""Changing a task: the write kernel (check, save with the version, record the event) and
every action built on it (assign, deadlines, extensions asked, granted and denied,
progress, done, verify, reopen, reject, notes, kind, priority, the undo of an assignment).

Each action is one transaction: `begin` loads the task, checks the version the caller
read and asks `policy.may`; `save` writes only if nobody bumped the version meanwhile;
`record` appends the event with the task's state after the change. Raising anywhere
rolls the whole action back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from tasktui.models import Department, Event, Meeting, Task, TaskCoOwner
from tasktui.search import pinyin_key, pinyin_sort_key
from tasktui.store import departments, extensions, policy, queries
from tasktui.store.context import ServiceContext
from tasktui.store.deadline_input import check_date, resolve_deadline_value
from tasktui.store.errors import InputError, RuleError, StaleEditError
from tasktui.store.lifecycle import ASSIGNED, PENDING, REJECTED, Action, target_status
from tasktui.store.views import TaskRow
from tasktui.store.work_calendar import calendar_of
from tasktui.textcheck import check_text

# ---------------------------------------------------------------------- the write kernel


def _lead_name(s: Session, task: Task) -> str | None:
    dept = s.get(Department, task.lead_id) if task.lead_id else None
    return dept.name if dept else None


def _co_names(s: Session, task: Task) -> list[str]:
    return list(
        s.exec(
            select(Department.name)
            .join(TaskCoOwner, col(TaskCoOwner.department_id) == col(Department.id))
            .where(col(TaskCoOwner.task_id) == task.id)
            .order_by(*queries.CO_OWNER_ORDER)
        ).all()
    )


ADDITIVE_ACTIONS = frozenset({Action.NOTE, Action.PROGRESS})


def begin(ctx: ServiceContext, s: Session, task_id: int, action: Action, expected_version: int | None) -> Task:
    """Load the task for `action`: the version the caller read, then the policy."""
    task = queries.load(s, task_id)
    # A note or a progress report only adds to the history: someone else's change meanwhile
    # (a new deadline, an owner) does not make it wrong, and the policy below still judges
    # it against the task as it is now (done by others, reassigned away: refused).
    stale = expected_version is not None and task.version != expected_version
    if stale and action not in ADDITIVE_ACTIONS:
        raise StaleEditError(
            f"#{task_id} 已被他人修改（你读到的是第 {expected_version} 版，现为第 {task.version} 版），"
            "未保存：请重新读取后再试"
        )
    policy.may(queries.canonical_actor(ctx, s), action, facts(s, task)).enforce()
    return task


def facts(s: Session, task: Task) -> policy.Facts:
    """The loaded task as `policy.may` reads it (owners, the pending extension request)."""
    task_id = task.id or 0
    pending = extensions.requests_for(s, [(task_id, task.status)]).get(task_id)
    return policy.Facts(
        task_id, task.status, task.kind, _lead_name(s, task), tuple(_co_names(s, task)), pending, task.acknowledged_at
    )


def save(ctx: ServiceContext, s: Session, task: Task, **changes: Any) -> None:
    """Write `changes` only if nobody else bumped the version since we read it."""
    changes["updated_at"] = ctx.clock.now()
    if "heading" in changes:
        changes["search_key"] = pinyin_key(changes["heading"])
        changes["heading_key"] = pinyin_sort_key(changes["heading"])
    result = s.exec(
        update(Task)
        .where(col(Task.id) == task.id, col(Task.version) == task.version)
        .values(version=task.version + 1, **changes)
    )
    if result.rowcount != 1:
        raise StaleEditError(f"#{task.id} 刚被他人修改，未保存：请重新读取后再试")
    s.expire(task)
    s.refresh(task)


def record(
    ctx: ServiceContext,
    s: Session,
    task: Task,
    action: Action,
    *,
    from_value: str | None = None,
    to_value: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> None:
    """Append the event of `action`, with the task's state after it."""
    # Checked here, where every note passes; raising rolls the whole action back.
    check_text(note, "备注")
    check_text(to_value, "新值")
    s.add(
        Event(
            task_id=task.id or 0,
            at=at or ctx.clock.now(),
            actor=ctx.actor.name,
            action=action.value,
            from_value=from_value,
            to_value=to_value,
            note=note,
            status_after=task.status,
            deadline_after=task.deadline,
            lead_after=_lead_name(s, task),
            co_after="、".join(_co_names(s, task)),
        )
    )


def _resolve_deadline(
    ctx: ServiceContext, s: Session, task: Task, value: date | str
) -> tuple[date | None, str | None, bool]:
    if isinstance(value, date):
        return check_date(value, "时限"), None, False
    meeting = s.get(Meeting, task.meeting_id)
    # The store's calendar: an imported 放假安排 decides holidays for its year.
    return resolve_deadline_value(value, meeting.date if meeting else None, ctx.clock.today(), calendar_of(s))


def _drop_co_owners(s: Session, task: Task) -> None:
    for link in s.exec(select(TaskCoOwner).where(col(TaskCoOwner.task_id) == task.id)).all():
        s.delete(link)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------------- actions


def assign(
    ctx: ServiceContext,
    task_id: int,
    lead: str,
    co: Sequence[str] = (),
    deadline: date | str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> TaskRow:
    """Triage accept (待分派 → 已交办) or reassign an open task to a new lead."""
    with ctx.store.write() as s:
        action = policy.assign_action(queries.load(s, task_id).status)
        task = begin(ctx, s, task_id, action, expected_version)
        lead_dept = departments.require(s, lead)
        co_depts = [departments.require(s, c) for c in co]
        co_ids = [d.id for d in co_depts if d.id != lead_dept.id]
        old_lead = _lead_name(s, task)
        changes: dict[str, Any] = {"lead_id": lead_dept.id, "status": target_status(action, task.status, True)}
        if lead_dept.id != task.lead_id:
            # A new lead signs for it afresh (签收); the same lead keeps its signature.
            changes.update(assigned_at=ctx.clock.now(), acknowledged_at=None)
        new_deadline = None
        if deadline is not None:
            new_deadline = _resolve_deadline(ctx, s, task, deadline)
        old_deadline = task.deadline
        if new_deadline is not None:
            changes.update(
                deadline=new_deadline[0], deadline_phrase=new_deadline[1], deadline_unresolved=new_deadline[2]
            )
        save(ctx, s, task, **changes)
        _drop_co_owners(s, task)
        s.flush()
        for seq, cid in enumerate(dict.fromkeys(co_ids)):
            s.add(TaskCoOwner(task_id=task.id or 0, department_id=cid or 0, seq=seq))
        names = [d.name for d in co_depts if d.id != lead_dept.id]
        co_note = f"配合: {'、'.join(names)}" if names else None
        record(
            ctx,
            s,
            task,
            action,
            from_value=old_lead,
            to_value=lead_dept.name,
            note="; ".join(x for x in (note, co_note) if x) or None,
        )
        if new_deadline is not None and new_deadline[0] != old_deadline:
            record(
                ctx,
                s,
                task,
                Action.DEADLINE_CHANGED,
                from_value=_iso(old_deadline),
                to_value=_iso(new_deadline[0]),
                note=new_deadline[1],
            )
        return queries.row_of(ctx, s, task)


def set_deadline(
    ctx: ServiceContext, task_id: int, value: date | str, note: str | None = None, expected_version: int | None = None
) -> TaskRow:
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.DEADLINE_CHANGED, expected_version)
        new, phrase, unresolved = _resolve_deadline(ctx, s, task, value)
        old = task.deadline
        save(ctx, s, task, deadline=new, deadline_phrase=phrase, deadline_unresolved=unresolved)
        record(ctx, s, task, Action.DEADLINE_CHANGED, from_value=_iso(old), to_value=_iso(new) or phrase, note=note)
        return queries.row_of(ctx, s, task)


def extend(
    ctx: ServiceContext, task_id: int, to: date | str, note: str | None = None, expected_version: int | None = None
) -> TaskRow:
    """A department asks for an extension (one pending request per task: the policy); the
    office grants one (the new deadline), which answers a pending request. The old
    deadline stays in the history."""
    with ctx.store.write() as s:
        action = policy.extension_action(ctx.actor)
        task = begin(ctx, s, task_id, action, expected_version)
        new, phrase, _ = _resolve_deadline(ctx, s, task, to)
        if new is None:
            raise InputError(f"延期需要一个具体日期：「{to}」得不出日期")
        old = task.deadline
        if old is not None and new <= old:
            raise InputError(f"新时限 {new} 不晚于现时限 {old}")
        if action is Action.EXTENSION_GRANTED:
            save(ctx, s, task, deadline=new, deadline_phrase=phrase, deadline_unresolved=False)
        else:
            save(ctx, s, task)  # bump the version: the request is a change others must see
        record(ctx, s, task, action, from_value=_iso(old), to_value=_iso(new), note=note)
        return queries.row_of(ctx, s, task)


def deny_extension(ctx: ServiceContext, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
    """The office denies the pending extension request, with its reason; the deadline
    stays. Recorded from the current deadline to the date that was asked for."""
    if not note or not note.strip():
        raise InputError("驳回延期申请需要说明理由（--note）")
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.EXTENSION_DENIED, expected_version)
        pending = extensions.requests_for(s, [(task_id, task.status)])[task_id]  # the policy checked it
        save(ctx, s, task)  # bump the version: the answer is a change others must see
        asked = _iso(pending.requested)
        record(ctx, s, task, Action.EXTENSION_DENIED, from_value=_iso(task.deadline), to_value=asked, note=note.strip())
        return queries.row_of(ctx, s, task)


def change_status(
    ctx: ServiceContext, task_id: int, action: Action, note: str | None, expected_version: int | None
) -> TaskRow:
    """An action whose whole effect is the status the lifecycle gives it (progress,
    done, verify, reopen, reject)."""
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, action, expected_version)
        if action is Action.DONE and ctx.done_requires_note and not (note and note.strip()):
            # The 办结报告: the office verifies against what the unit says it did.
            raise InputError("标记完成需要填写整改情况（--note），说明做了什么、结果如何")
        old = task.status
        new = target_status(action, old, task.lead_id is not None)
        changes: dict[str, Any] = {"status": new}
        if action is Action.REOPENED and old == REJECTED:
            # Back to triage means triage again: a lead kept from before the rejection
            # would show a 待分派 item as someone's task. The history keeps who it was.
            changes["lead_id"] = None
            _drop_co_owners(s, task)
        save(ctx, s, task, **changes)
        record(ctx, s, task, action, from_value=old, to_value=new, note=note)
        return queries.row_of(ctx, s, task)


def report_progress(ctx: ServiceContext, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
    if not note or not note.strip():
        raise InputError("报告进展需要写明进展情况（--note）")
    return change_status(ctx, task_id, Action.PROGRESS, note.strip(), expected_version)


def add_note(ctx: ServiceContext, task_id: int, note: str, expected_version: int | None = None) -> TaskRow:
    if not note or not note.strip():
        raise InputError("备注不能为空")
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.NOTE, expected_version)
        save(ctx, s, task)
        record(ctx, s, task, Action.NOTE, note=note.strip())
        return queries.row_of(ctx, s, task)


def change_kind(ctx: ServiceContext, task_id: int, kind: str, expected_version: int | None = None) -> TaskRow:
    from tasktui.extract.types import KIND_LABELS, KINDS

    if kind not in KINDS:
        known = "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS)
        raise InputError(f"没有类别「{kind}」：可用 {known}")
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.KIND_CHANGED, expected_version)
        old = task.kind
        changes: dict[str, Any] = {"kind": kind}
        if kind == "directive" and task.status == REJECTED:
            changes["status"] = PENDING
        save(ctx, s, task, **changes)
        record(ctx, s, task, Action.KIND_CHANGED, from_value=old, to_value=kind)
        return queries.row_of(ctx, s, task)


def set_priority(ctx: ServiceContext, task_id: int, priority: int, expected_version: int | None = None) -> TaskRow:
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.PRIORITY_CHANGED, expected_version)
        old = task.priority
        save(ctx, s, task, priority=priority)
        record(ctx, s, task, Action.PRIORITY_CHANGED, from_value=str(old), to_value=str(priority))
        return queries.row_of(ctx, s, task)


def unassign(
    ctx: ServiceContext, task_id: int, note: str | None = None, expected_version: int | None = None
) -> TaskRow:
    """Take a triage assignment back (the UI's undo of 交办): 已交办 → 待分派, lead and
    co-owners cleared, deadline kept. Office only, and only while the unit has not
    reported anything (已交办): once work is under way, reassign instead.

    Recorded as a `reassigned` event to no lead (there is no separate action), so the
    report's replay of status/lead after each event needs nothing new; nothing is deleted.
    """
    with ctx.store.write() as s:
        task = begin(ctx, s, task_id, Action.REASSIGNED, expected_version)
        if task.status != ASSIGNED:
            raise RuleError(
                f"#{task_id} 现为{task.status}：只有{ASSIGNED}的事项可以撤回交办、退回{PENDING}（已开展的请改派）"
            )
        old_lead = _lead_name(s, task)
        save(ctx, s, task, lead_id=None, status=PENDING, assigned_at=None, acknowledged_at=None)
        _drop_co_owners(s, task)
        record(
            ctx, s, task, Action.REASSIGNED, from_value=old_lead, to_value=None, note=note or f"撤回交办，退回{PENDING}"
        )
        return queries.row_of(ctx, s, task)


__all__ = [
    "add_note",
    "assign",
    "begin",
    "change_kind",
    "change_status",
    "deny_extension",
    "extend",
    "facts",
    "record",
    "report_progress",
    "save",
    "set_deadline",
    "set_priority",
    "unassign",
]
