"""Several tasks, one action, one transaction: batch triage (交办, 不立项 or 时限 for the
rows selected in the UI), and any run of service calls that must land together (the undo
of a batch).

Each task gets the store's own per-task action — its checks, its event(s) — and all of
them run inside one write transaction (`Store.write` joins an open one), so a batch is
all or nothing. Before anything is written every task is checked — the version the
caller read, then `policy.may` — and any refusal refuses the whole batch with every task
it concerns named, so the user can deselect them or look again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from sqlmodel import Session

from tasktui.store import actions, policy, queries
from tasktui.store.context import ServiceContext
from tasktui.store.errors import InputError, NotFoundError, RuleError, StaleEditError
from tasktui.store.lifecycle import ACTION_LABELS, Action
from tasktui.store.views import TaskRow

# (task id, the version the caller read; None: whatever it is now)
Target = tuple[int, int | None]
T = TypeVar("T")


def _refusals(
    ctx: ServiceContext, s: Session, targets: Sequence[Target], action_of: Callable[[str], Action]
) -> tuple[list[str], bool]:
    """Why each refused task is refused (its id first), and whether any was a stale read."""
    actor = queries.canonical_actor(ctx, s)
    problems: list[str] = []
    stale = False
    for task_id, version in targets:
        try:
            task = queries.load(s, task_id)
        except NotFoundError:
            problems.append(f"#{task_id} 不存在")
            continue
        if version is not None and task.version != version:
            stale = True
            problems.append(f"#{task_id} 已被他人修改")
            continue
        decision = policy.may(actor, action_of(task.status), actions.facts(s, task))
        if not decision:
            words = decision.words or decision.reason
            problems.append(words if words.startswith(f"#{task_id} ") else f"#{task_id} {words}")
    return problems, stale


def _run(
    ctx: ServiceContext,
    targets: Sequence[Target],
    label: str,
    action_of: Callable[[str], Action],
    one: Callable[[int, int | None], TaskRow],
) -> list[TaskRow]:
    unique = list(dict(targets).items())  # a task named twice is acted on once, in first order
    if not unique:
        raise InputError(f"批量{label}：没有选中的事项")
    with ctx.store.write() as s:
        problems, stale = _refusals(ctx, s, unique, action_of)
        if problems:
            text = f"批量{label}未保存（{len(unique)} 项均未改动）：" + "；".join(problems)
            raise StaleEditError(text) if stale else RuleError(text)
        # Each call joins this transaction: one event (or the action's usual events) per task.
        return [one(task_id, version) for task_id, version in unique]


def assign_many(
    ctx: ServiceContext,
    targets: Sequence[Target],
    lead: str,
    co: Sequence[str] = (),
    deadline: date | str | None = None,
    note: str | None = None,
) -> list[TaskRow]:
    """交办 (or 改派, per task as its status says) every target to one lead, co-owners
    and deadline; all or nothing."""
    return _run(
        ctx,
        targets,
        "交办",
        policy.assign_action,
        lambda task_id, version: actions.assign(ctx, task_id, lead, co, deadline, note, version),
    )


def reject_many(ctx: ServiceContext, targets: Sequence[Target], note: str | None = None) -> list[TaskRow]:
    """不立项 for every target, with one reason; all or nothing."""
    return _run(
        ctx,
        targets,
        ACTION_LABELS[Action.REJECTED.value],
        lambda _status: Action.REJECTED,
        lambda task_id, version: actions.change_status(ctx, task_id, Action.REJECTED, note, version),
    )


def set_deadline_many(
    ctx: ServiceContext, targets: Sequence[Target], value: date | str, note: str | None = None
) -> list[TaskRow]:
    """One deadline for every target (a phrase resolves from each task's own meeting
    date); all or nothing."""
    return _run(
        ctx,
        targets,
        "设定时限",
        lambda _status: Action.DEADLINE_CHANGED,
        lambda task_id, version: actions.set_deadline(ctx, task_id, value, note, version),
    )


def together(ctx: ServiceContext, calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run service calls (each its own checks and events) as one transaction: the undo of
    a batch puts every task back, or none."""
    with ctx.store.write():
        return [call() for call in calls]


__all__ = ["Target", "assign_many", "reject_many", "set_deadline_many", "together"]
