"""Who may take which action on which task: the one answer for the service, the UI, the
CLI and undo.

`may(actor, action, task)` checks, in this order, the same things everywhere:
1. the actor: a department may take only `lifecycle.DEPARTMENT_ACTIONS`, the rest is the
   office's (a refusal here is `never`: the UI hides the key for this actor);
2. the scope: a department acts only on tasks it leads or co-owns (配合), and
   `lifecycle.LEAD_ONLY_ACTIONS` (标记完成) only on tasks it leads;
3. the kind: an item that is not a directive allows only `lifecycle.CONTEXT_ACTIONS`;
4. the status: `lifecycle.TRANSITIONS` says which statuses an action may start from;
5. 签收 once: a task signed for is not signed again (a new lead signs afresh);
6. the extension queue: one pending request per task; only a pending one can be denied.

Pure: no database. The service hands in what it loaded, the UI the row it shows; both are
`TaskFacts`. A refusal is worded once (`refuse`), from the rule that refused: `words`, and
the same sentence naming the task (`reason`), which the service raises and the toasts show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tasktui.extract.types import KIND_LABELS
from tasktui.store import lifecycle
from tasktui.store.errors import RuleError
from tasktui.store.lifecycle import (
    ACTION_LABELS,
    CONTEXT_ACTIONS,
    DEPARTMENT_ACTIONS,
    LEAD_ONLY_ACTIONS,
    PENDING,
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
    @property
    def acknowledged_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Facts:
    """A task as the store loaded it, read as `TaskFacts` (callers without a `TaskRow`: the
    write kernel, a ledger's rows, the 催办 run)."""

    id: int
    status: str
    kind: str
    lead: str | None
    co_owners: tuple[str, ...]
    extension: ExtensionRequest | None = None
    acknowledged_at: datetime | None = None


@dataclass(frozen=True)
class Decision:
    ok: bool
    reason: str = ""  # the refusal as the service raises it (RuleError); `words` when empty
    words: str = ""  # the refusal as the UI shows it
    never: bool = False  # refused for this actor whatever the task: the key is hidden

    def __bool__(self) -> bool:
        return self.ok

    def enforce(self) -> None:
        """RuleError with the refusal's reason, for a caller that acts on the answer."""
        if not self.ok:
            raise RuleError(self.reason or self.words)


def refuse(words: str, task_id: int | None = None, *, never: bool = False) -> Decision:
    """A refusal worded once: the UI shows `words`, the service raises the same sentence
    naming the task it is about, unless it does already (the CLI may be acting on an id
    typed from a list; a toast, on a row the user may have scrolled from)."""
    named = task_id is None or f"#{task_id} " in words
    return Decision(False, reason=words if named else f"{words}（#{task_id}）", words=words, never=never)


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
    return refuse(f"只有督查室可以{ACTION_LABELS[action.value]}", never=True)


def may(actor: Actor, action: Action, task: TaskFacts) -> Decision:
    """Whether `actor` may take `action` on `task` as it is now."""
    label = ACTION_LABELS[action.value]
    first = may_act(actor, action)
    if not first:
        return refuse(first.words, task.id, never=True)
    if not owns(actor, task):
        return refuse(_not_yours(actor, task))
    if action in LEAD_ONLY_ACTIONS and not actor.is_office and task.lead != actor.name:
        lead = task.lead or "未定"
        return refuse(f"只有牵头单位（{lead}）可以{label}；配合单位请报告本单位负责部分的进展", task.id)
    if task.kind != "directive" and action not in CONTEXT_ACTIONS:
        kind = KIND_LABELS.get(task.kind, task.kind)
        return refuse(f"这是{kind}，不是督办事项（先把类别改为督办事项）", task.id)
    refusal = transition_refusal(action, task.status)
    if refusal is not None:
        return refuse(refusal, task.id)
    if action is Action.ACKNOWLEDGED and task.acknowledged_at is not None:
        return refuse(f"#{task.id} 已于 {task.acknowledged_at:%Y-%m-%d %H:%M} 签收，无需再签收", task.id)
    return _extension_queue(action, task)


def _not_yours(actor: Actor, task: TaskFacts) -> str:
    return f"#{task.id} 不是{actor.name}牵头或配合的事项"


def _extension_queue(action: Action, task: TaskFacts) -> Decision:
    """Rule 5: one pending request per task; only a pending request can be denied."""
    pending = task.extension
    if action is Action.EXTENSION_REQUESTED and pending is not None:
        asked = pending.requested.isoformat() if pending.requested else "—"
        return refuse(f"已有待批的延期申请（{pending.unit}申请延至{asked}），请等督查室批准或驳回后再申请", task.id)
    if action is Action.EXTENSION_DENIED and pending is None:
        return refuse("没有待批的延期申请可以驳回", task.id)
    return ALLOWED


def may_see(actor: Actor, task: TaskFacts) -> Decision:
    """Reading a task: the office sees all, a department only its own."""
    if owns(actor, task):
        return ALLOWED
    return refuse(_not_yours(actor, task))


def office_only(actor: Actor, what: str) -> Decision:
    """Store-wide work (imports, exports, administration) is the office's; `what` says
    it as a verb phrase (「导入讲话稿」)."""
    if actor.is_office:
        return ALLOWED
    return refuse(f"只有督查室可以{what}", never=True)


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
    return lifecycle.status_words(action)


__all__ = [
    "ALLOWED",
    "Decision",
    "Facts",
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
    "refuse",
    "status_words",
]
