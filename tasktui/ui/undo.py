"""Undo (`u`) of the last action, in words: which compensating service call(s) undo it.

Nothing is ever deleted: an undo is a new action through the `Service` (reopen, unassign,
the old deadline back…), rules and version checks included, and lands in the history like
any other. Where the lifecycle has no compensating action (a progress note was said), or
the policy does not let this actor take it (a department cannot reopen what it marked
done), the plan says so instead.

Pure Python (no textual), so it can be tested without the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tasktui.extract.types import KIND_LABELS
from tasktui.store import policy
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS, PENDING, REJECTED, Action
from tasktui.store.service import Service
from tasktui.store.views import TaskRow

# One compensating step: given the row as it is now, make the next call (with its version,
# so an undo never overwrites a change someone else made meanwhile).
Step = Callable[[TaskRow], TaskRow]


@dataclass(frozen=True)
class UndoPlan:
    description: str  # what is undone: "区教体局 标记完成 #42"
    does: str = ""  # what the undo will do: "重新打开（回到整改中）"
    steps: tuple[Step, ...] = ()
    why_not: str = ""  # when there are no steps: why, and what to do instead
    after: TaskRow | None = None  # the row right after the action (its version guards the undo)
    rows: tuple[TaskRow, ...] = ()  # a batch: every row right after it (one undo step for all)
    batch: tuple[UndoPlan, ...] = ()  # a batch: each task's own plan
    together: Callable[[list[Callable[[], TaskRow]]], list[TaskRow]] | None = None  # Service.together

    @property
    def possible(self) -> bool:
        return bool(self.steps) or bool(self.batch)

    def run_batch(self) -> list[TaskRow]:
        """Undo a batch: each task's compensating steps, all in one transaction, so either
        every task goes back or none does (a stale one names itself)."""
        assert self.batch and self.together is not None
        return self.together([plan.run for plan in self.batch])

    def run(self) -> TaskRow:
        """Run the compensating steps in order (each one a transaction of its own)."""
        assert self.after is not None and self.steps
        row = self.after
        for step in self.steps:
            row = step(row)
        return row


# What to do instead, when an action cannot be undone by whoever took it.
_INSTEAD: dict[str, str] = {
    "done": "请联系督查室，或补充备注说明",
    "progress": "可以再报一条进展或备注更正",
    "note": "可以再加一条备注更正",
    "extend": "可以补充备注说明",
}


def plan_undo(svc: Service, action: str, before: TaskRow, after: TaskRow, description: str) -> UndoPlan:
    """How to undo `action` (a main-screen action name) that took `before` to `after`.

    The compensating steps are the same whoever acted; whether this actor may take them
    is `policy.may`'s answer (a department may not reopen what it marked done)."""
    actor = svc.actor
    note = f"撤销: {description}"

    def cannot(why: str) -> UndoPlan:
        return UndoPlan(description, why_not=why, after=after)

    def plan(does: str, first: Action, *steps: Step) -> UndoPlan:
        decision = policy.may(actor, first, after)
        if not decision:
            instead = _INSTEAD.get(action)
            return cannot(f"{decision.words}；{instead}" if instead else decision.words)
        return UndoPlan(description, does, tuple(steps), after=after)

    def reopen(r: TaskRow) -> TaskRow:
        return svc.reopen(r.id, note, expected_version=r.version)

    def mark_done(r: TaskRow) -> TaskRow:
        return svc.mark_done(r.id, note, expected_version=r.version)

    def verify(r: TaskRow) -> TaskRow:
        return svc.verify(r.id, note, expected_version=r.version)

    def reject(r: TaskRow) -> TaskRow:
        return svc.reject(r.id, note, expected_version=r.version)

    def assign_back(r: TaskRow) -> TaskRow:
        assert before.lead is not None
        return svc.assign(r.id, before.lead, before.co_owners, note=note, expected_version=r.version)

    def unassign(r: TaskRow) -> TaskRow:
        return svc.unassign(r.id, note, expected_version=r.version)

    def deadline_back(r: TaskRow) -> TaskRow:
        # A phrase that never resolved goes back as the phrase (待定 again), a date as the date.
        value: date | str = before.deadline if before.deadline is not None else (before.deadline_phrase or "")
        return svc.set_deadline(r.id, value, note, expected_version=r.version)

    deadline_restorable = before.deadline is not None or (before.deadline_unresolved and bool(before.deadline_phrase))
    deadline_moved = (before.deadline, before.deadline_unresolved) != (after.deadline, after.deadline_unresolved)

    # Said is said: the lifecycle has no action that takes back a report, a note or a
    # request for more time.
    if action == "progress":
        return cannot(f"进展已记录，不能收回；{_INSTEAD['progress']}")
    if action == "note":
        return cannot(f"备注已记录，不能收回；{_INSTEAD['note']}")
    if action == "extend" and policy.extension_action(actor) is Action.EXTENSION_REQUESTED:
        return cannot(f"延期申请已提交，不能撤回；{_INSTEAD['extend']}")
    if action == "extend_deny":
        return cannot("驳回已记录，不能收回；单位可以重新申请，督查室也可以直接批准延期")
    if action == "extend":
        # A grant answers the unit's request: taking it back would leave the request answered
        # and the deadline the report judges on time against moved; correct it with `d`.
        return cannot("批准延期已记录，不能收回；如需更正，请用「设定时限」另设时限")

    if action == "assign":
        extra: list[Step] = []
        words = ""
        if deadline_moved:
            if deadline_restorable:
                extra.append(deadline_back)
                words = "，时限改回原值"
            else:
                words = "（新时限保留: 原来没有时限，时限不能清空）"
        if before.status == PENDING:
            return plan(f"撤回交办，退回{PENDING}" + words, Action.REASSIGNED, unassign, *extra)
        if before.lead:
            return plan(f"改派回 {before.lead}" + words, Action.REASSIGNED, assign_back, *extra)
        return cannot("原来没有牵头单位，无法改派回去")
    if action == "reject":
        if before.status == ASSIGNED and before.lead:
            return plan(f"重新打开并交办回 {before.lead}", Action.REOPENED, reopen, assign_back)
        return plan(f"重新打开（回到{PENDING}）", Action.REOPENED, reopen)
    if action in ("done", "verify"):
        # reopen leads to 整改中 (待分派 when the task has no lead)
        return plan(f"重新打开（回到{IN_PROGRESS if after.lead else PENDING}）", Action.REOPENED, reopen)
    if action == "reopen":
        if before.status == REJECTED and after.status == PENDING:
            return plan("重新不立项", Action.REJECTED, reject)
        if after.status == IN_PROGRESS and before.status == DONE:
            return plan(f"重新标记完成（回到{DONE}）", Action.DONE, mark_done)
        if after.status == IN_PROGRESS and before.status == CLOSED:
            return plan(f"重新标记完成并销号（回到{CLOSED}）", Action.DONE, mark_done, verify)
        return cannot(f"重新打开后是{after.status}，无法回到{before.status}")
    if action == "deadline":
        if not deadline_moved:
            return cannot("时限没有变化，无需撤销")
        if deadline_restorable:
            old = before.deadline.isoformat() if before.deadline else f"待定（{before.deadline_phrase}）"
            return plan(f"时限改回 {old}", Action.DEADLINE_CHANGED, deadline_back)
        return cannot("原来没有时限，时限不能清空；如需更正请再设时限")
    if action == "acknowledge":
        return cannot("签收已记录，不能撤回；如签收有误，可以加一条备注说明")
    if action == "send_back":
        # The office takes its refusal back: the unit's done claim stands again (标记完成 by
        # the office, the note naming what it undoes).
        return plan(f"重新标记完成（回到{DONE}）", Action.DONE, mark_done)
    if action == "sustain":
        if before.status == DONE:
            return plan(f"重新标记完成（回到{DONE}）", Action.DONE, mark_done)
        # No action leads from 持续整改 back to 已交办/整改中: a reopen starts only from a
        # settled status, and a made-up 标记完成 on the way would put a claim nobody made
        # in the history.
        return cannot(f"持续整改没有退回{before.status}的操作；如有误，可以加一条备注说明，完成后照常标记完成")
    if action == "leader":
        old_leader = before.responsible_leader
        return plan(
            f"责任领导改回 {old_leader or '（无）'}",
            Action.LEADER_CHANGED,
            lambda r: svc.set_leader(r.id, old_leader, expected_version=r.version),
        )
    if action == "urgency":
        return plan(
            f"紧急程度改回 {before.urgency}",
            Action.URGENCY_CHANGED,
            lambda r: svc.set_urgency(r.id, before.urgency, expected_version=r.version),
        )
    if action == "kind":
        return plan(
            f"类别改回 {KIND_LABELS.get(before.kind, before.kind)}",
            Action.KIND_CHANGED,
            lambda r: svc.change_kind(r.id, before.kind, expected_version=r.version),
        )
    return cannot("这个操作不能撤销")


def plan_batch_undo(
    svc: Service, action: str, before: list[TaskRow], after: list[TaskRow], description: str
) -> UndoPlan:
    """How to undo a batch action (`u`, one step): each task's own plan, as for one task;
    if any task's cannot be undone, the batch is not undone, and the plan says which."""
    old = {r.id: r for r in before}
    plans = [plan_undo(svc, action, old[r.id], r, f"{description} 中的 #{r.id}") for r in after if r.id in old]
    last = after[-1] if after else None
    blocked = [p for p, r in zip(plans, after, strict=False) if not p.possible]
    if blocked or not plans:
        why = "；".join(f"#{p.after.id if p.after else '?'} {p.why_not}" for p in blocked[:3]) or "没有可撤销的事项"
        return UndoPlan(description, why_not=why, after=last)
    does = plans[0].does if len({p.does for p in plans}) == 1 else "每项各自恢复原状"
    return UndoPlan(
        description,
        f"{len(plans)} 项: {does}",
        after=last,
        rows=tuple(after),
        batch=tuple(plans),
        together=svc.together,
    )
