"""Who may take which action on which task: the one answer for the service, the UI, the
CLI and undo.

`may(actor, action, task)` checks, in this order, the same things everywhere:
1. the actor: a department may take only `lifecycle.DEPARTMENT_ACTIONS`, the rest is the
   office's (a refusal here is `never`: the UI hides the key for this actor);
2. the scope: a department acts only on tasks it leads or co-owns (配合), and
   `lifecycle.LEAD_ONLY_ACTIONS` (标记完成) only on tasks it leads;
3. the kind: an item that is not a directive allows only `lifecycle.CONTEXT_ACTIONS`;
4. the status: `lifecycle.TRANSITIONS` says which statuses an action may start from;
5. the extension queue: one pending request per task; only a pending one can be denied.

Pure: no database. The service hands in what it loaded, the UI the row it shows; both are
`TaskFacts`. A refusal carries the sentence the service raises (`reason`) and the one the
UI shows (`words`), both worded from the rule that refused, never restated elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tasktui.store.errors import RuleError
from tasktui.store.lifecycle import (
    ACTION_LABELS,
    CONTEXT_ACTIONS,
    DEPARTMENT_ACTIONS,
    LEAD_ONLY_ACTIONS,
    PENDING,
    STATUSES,
    TRANSITIONS,
    Action,
    transition_refusal,
)
from tasktui.store.views import Actor, ExtensionRequest


class TaskFacts(Protocol):
    """What a decision reads of a task (a `TaskRow` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def lead(self) -> str | None: ...
    @property
    def co_owners(self) -> Sequence[str]: ...
    @property
    def extension(self) -> ExtensionRequest | None: ...


@dataclass(frozen=True)
class Decision:
    ok: bool
    reason: str = ""  # the refusal as the service raises it (RuleError)
    words: str = ""  # the refusal as the UI shows it, in Chinese
    never: bool = False  # refused for this actor whatever the task: the key is hidden

    def __bool__(self) -> bool:
        return self.ok

    def enforce(self) -> None:
        """RuleError with the refusal's reason, for a caller that acts on the answer."""
        if not self.ok:
            raise RuleError(self.reason)


ALLOWED = Decision(True)


def assign_action(status: str) -> Action:
    """交办 of a triage item, 改派 of anything else: one key, two lifecycle actions."""
    return Action.ASSIGNED if status == PENDING else Action.REASSIGNED


def extension_action(actor: Actor) -> Action:
    """延期: a department asks, the office grants."""
    return Action.EXTENSION_GRANTED if actor.is_office else Action.EXTENSION_REQUESTED


def owns(actor: Actor, task: TaskFacts) -> bool:
    """The office owns everything; a department what it leads or co-owns."""
    return actor.is_office or task.lead == actor.name or actor.name in task.co_owners


def may_act(actor: Actor, action: Action) -> Decision:
    """Whether `actor` may ever take `action` (rule 1 alone)."""
    if actor.is_office or action in DEPARTMENT_ACTIONS:
        return ALLOWED
    label = ACTION_LABELS[action.value]
    return Decision(
        False,
        reason=f"{actor.name} cannot {label}: only the office (督查室) can",
        words=f"只有督查室可以{label}",
        never=True,
    )


def may(actor: Actor, action: Action, task: TaskFacts) -> Decision:
    """Whether `actor` may take `action` on `task` as it is now."""
    label = ACTION_LABELS[action.value]
    first = may_act(actor, action)
    if not first:
        return Decision(
            False,
            reason=f"{actor.name} cannot {label} (task #{task.id}): only the office (督查室) can",
            words=first.words,
            never=True,
        )
    if not owns(actor, task):
        return Decision(
            False,
            reason=f"{actor.name} cannot {label} task #{task.id}: it is not lead or co-owner of it",
            words=f"#{task.id} 不是{actor.name}牵头或配合的事项",
        )
    if action in LEAD_ONLY_ACTIONS and not actor.is_office and task.lead != actor.name:
        words = f"只有牵头单位（{task.lead or '未定'}）可以{label}；配合单位请报告本单位负责部分的进展"
        return Decision(False, reason=f"{actor.name} 是 #{task.id} 的配合单位：{words}", words=words)
    if task.kind != "directive" and action not in CONTEXT_ACTIONS:
        return Decision(
            False,
            reason=(f"task #{task.id} is classified {task.kind}, not a directive: change its kind to directive first"),
            words="这不是督办事项（先把类别改为督办事项）",
        )
    refusal = transition_refusal(action, task.status)
    if refusal is not None:
        return Decision(False, reason=refusal, words=status_words(action))
    return _extension_queue(action, task)


def _extension_queue(action: Action, task: TaskFacts) -> Decision:
    """Rule 5: one pending request per task; only a pending request can be denied."""
    pending = task.extension
    if action is Action.EXTENSION_REQUESTED and pending is not None:
        asked = pending.requested.isoformat() if pending.requested else "—"
        words = f"已有待批的延期申请（{pending.unit}申请延至{asked}），请等督查室批准或驳回后再申请"
        return Decision(False, reason=f"#{task.id} {words}", words=words)
    if action is Action.EXTENSION_DENIED and pending is None:
        words = "没有待批的延期申请可以驳回"
        return Decision(False, reason=f"#{task.id} {words}", words=words)
    return ALLOWED


def may_see(actor: Actor, task: TaskFacts) -> Decision:
    """Reading a task: the office sees all, a department only its own."""
    if owns(actor, task):
        return ALLOWED
    return Decision(
        False,
        reason=f"{actor.name} cannot see task #{task.id}: it is not lead or co-owner of it",
        words=f"#{task.id} 不是{actor.name}牵头或配合的事项",
    )


def office_only(actor: Actor, what: str) -> Decision:
    """Store-wide work (units, imports, exports, administration) is the office's."""
    if actor.is_office:
        return ALLOWED
    return Decision(False, reason=f"{actor.name} cannot {what}: only the office (督查室) can", never=True)


UNITS_WORDS = "只有督查室可以管理单位（登记、别名、更名、合并）"


def manage_units(actor: Actor) -> Decision:
    """Units (add, alias, rename, merge) are the office's: a unit's name is on every task
    and report that names it, and a merge moves another unit's tasks."""
    if actor.is_office:
        return ALLOWED
    return Decision(False, reason=f"{actor.name}不能管理单位：{UNITS_WORDS}", words=UNITS_WORDS, never=True)


def may_edit_meeting(actor: Actor) -> Decision:
    """A meeting's date, title and source kind are the office's: changing the date moves
    the deadlines of every unit that has tasks from it."""
    if actor.is_office:
        return ALLOWED
    words = "只有督查室可以修改会议信息"
    return Decision(False, reason=f"{actor.name}不能修改会议：{words}", words=words, never=True)


def may_manage_holidays(actor: Actor) -> Decision:
    """The official holiday schedules (放假安排) are the office's: they move deadlines
    of every unit."""
    if actor.is_office:
        return ALLOWED
    words = "只有督查室可以导入放假安排"
    return Decision(False, reason=f"{actor.name}不能导入放假安排：{words}", words=words, never=True)


def status_words(action: Action) -> str:
    """「只有已交办或整改中的事项可以报告进展」, worded from lifecycle.TRANSITIONS."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return ""
    ordered = [s for s in STATUSES if s in rule[0]]
    statuses = "、".join(ordered[:-1]) + ("或" if len(ordered) > 1 else "") + ordered[-1]
    return f"只有{statuses}的事项可以{ACTION_LABELS[action.value]}"


__all__ = [
    "ALLOWED",
    "Decision",
    "TaskFacts",
    "assign_action",
    "extension_action",
    "may",
    "may_act",
    "may_edit_meeting",
    "may_manage_holidays",
    "may_see",
    "manage_units",
    "office_only",
    "owns",
    "status_words",
]
