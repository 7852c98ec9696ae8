"""The rectification lifecycle (整改状态): statuses, the actions and where each may start
and lead, which actions are a department's, countdown rules. Who may take an action on
which task is `policy`'s answer, built on these tables.

Pure rules, no database: the service layer asks these before it changes anything. The
statuses' and urgencies' words are in `statuses` (imported by nothing else, for the
command line's start-up) and the countdown in `countdown` (what `tasktui list` needs
without the tables here); both are this module's names too, as they always were.
"""

from __future__ import annotations

from enum import Enum

from tasktui.store.countdown import Countdown, countdown, warn_until
from tasktui.store.errors import RuleError
from tasktui.store.statuses import (
    ASSIGNED,
    CLOSED,
    COMPLETED_STATUSES,
    DEFAULT_URGENCY,
    DONE,
    IN_PROGRESS,
    NO_COUNTDOWN_STATUSES,
    OPEN_STATUSES,
    PENDING,
    REJECTED,
    SETTLED_STATUSES,
    STATUS_ALIASES,
    STATUSES,
    SUSTAINED,
    URGENCIES,
    parse_status,
)


class Action(str, Enum):
    CREATED = "created"
    ASSIGNED = "assigned"
    REASSIGNED = "reassigned"
    DEADLINE_CHANGED = "deadline_changed"
    PROGRESS = "progress"
    DONE = "done"
    VERIFIED = "verified"
    REOPENED = "reopened"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_GRANTED = "extension_granted"
    EXTENSION_DENIED = "extension_denied"
    REJECTED = "rejected"
    KIND_CHANGED = "kind_changed"
    PRIORITY_CHANGED = "priority_changed"
    NOTE = "note"
    # The office renamed the task's lead or a co-owner, or merged one into another
    # (store/unit_changes.py): the task's owners change name, earlier events keep the old.
    UNIT_RENAMED = "unit_renamed"
    UNIT_MERGED = "unit_merged"
    # The supervision cycle (督办): the lead unit acknowledges an assignment (签收); the
    # office sends a done claim back (退回重办); a task becomes 持续整改; the office reminds
    # (催办); a unit attaches evidence (佐证材料); the office sets the fields it sorts by.
    ACKNOWLEDGED = "acknowledged"
    SENT_BACK = "sent_back"
    SUSTAINED = "sustained"
    REMINDED = "reminded"
    ATTACHED = "attached"
    LEADER_CHANGED = "leader_changed"
    URGENCY_CHANGED = "urgency_changed"
    CADENCE_CHANGED = "cadence_changed"


ACTION_LABELS: dict[str, str] = {
    "created": "创建",
    "assigned": "交办",
    "reassigned": "改派",
    "deadline_changed": "调整时限",
    "progress": "报告进展",
    "done": "标记完成",
    "verified": "核验销号",
    "reopened": "重新打开",
    "extension_requested": "申请延期",
    "extension_granted": "批准延期",
    "extension_denied": "驳回延期",
    "rejected": "不立项",
    "kind_changed": "修改类别",
    "priority_changed": "调整优先级",
    "note": "备注",
    "unit_renamed": "单位更名",
    "unit_merged": "单位合并",
    "acknowledged": "签收",
    "sent_back": "退回重办",
    "sustained": "转为持续整改",
    "reminded": "催办",
    "attached": "上传佐证材料",
    "leader_changed": "设定责任领导",
    "urgency_changed": "调整紧急程度",
    "cadence_changed": "设定汇报频次",
}

# Actions a department may take, on tasks it leads or co-owns. Everything else is the
# office's.
DEPARTMENT_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.PROGRESS,
        Action.DONE,
        Action.EXTENSION_REQUESTED,
        Action.NOTE,
        Action.ACKNOWLEDGED,
        Action.SUSTAINED,
        Action.ATTACHED,
    }
)

# Of the department actions, those only the lead unit (牵头) may take: in 督办 practice the
# lead reports completion for every unit on the task; a co-owner (配合) reports progress on
# its part. The office may take them on any task.
# Signing for the task (签收) and declaring it 持续整改 speak for the task as a whole: the lead's too.
LEAD_ONLY_ACTIONS: frozenset[Action] = frozenset({Action.DONE, Action.ACKNOWLEDGED, Action.SUSTAINED})

# The only actions on an item that is not a directive (review, problem, other): it is
# context, not a tracked task, until its kind is changed.
CONTEXT_ACTIONS: frozenset[Action] = frozenset({Action.KIND_CHANGED, Action.NOTE, Action.PRIORITY_CHANGED})

# Which statuses each status-changing action may start from, and where it leads.
TRANSITIONS: dict[Action, tuple[frozenset[str], str | None]] = {
    Action.ASSIGNED: (frozenset({PENDING}), ASSIGNED),
    Action.REASSIGNED: (frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED}), None),
    # Progress on a 持续整改 task keeps it there (target_status): it is how it reports.
    Action.PROGRESS: (frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED}), IN_PROGRESS),
    Action.DONE: (frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED}), DONE),
    Action.VERIFIED: (frozenset({DONE}), CLOSED),
    Action.REOPENED: (frozenset({DONE, CLOSED, REJECTED}), None),  # target computed
    Action.REJECTED: (frozenset({PENDING, ASSIGNED}), REJECTED),
    Action.EXTENSION_REQUESTED: (frozenset({ASSIGNED, IN_PROGRESS}), None),
    Action.EXTENSION_GRANTED: (frozenset({PENDING, ASSIGNED, IN_PROGRESS}), None),
    # A request can be pending only where it can be made (see store/extensions.py).
    Action.EXTENSION_DENIED: (frozenset({ASSIGNED, IN_PROGRESS}), None),
    Action.DEADLINE_CHANGED: (frozenset({PENDING, ASSIGNED, IN_PROGRESS}), None),
    Action.KIND_CHANGED: (frozenset({PENDING, REJECTED}), None),
    # Signing for an assignment: once, before any progress (a progress report signs too).
    Action.ACKNOWLEDGED: (frozenset({ASSIGNED}), None),
    # The office refuses a done claim, with its reason: back to work.
    Action.SENT_BACK: (frozenset({DONE}), IN_PROGRESS),
    Action.SUSTAINED: (frozenset({ASSIGNED, IN_PROGRESS, DONE}), SUSTAINED),
    # Reminders go to work that is owed: not to triage, not to finished work.
    Action.REMINDED: (frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED}), None),
    # Evidence comes with the work and with the done claim (办结报告), not after closing.
    Action.ATTACHED: (frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED, DONE}), None),
    Action.LEADER_CHANGED: (frozenset({PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED, DONE}), None),
    Action.URGENCY_CHANGED: (frozenset({PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED, DONE}), None),
    Action.CADENCE_CHANGED: (frozenset({PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED}), None),
}


def status_words(action: Action) -> str:
    """「只有已交办或整改中的事项可以报告进展」, worded from TRANSITIONS (empty for an
    action that may start anywhere)."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return ""
    ordered = [s for s in STATUSES if s in rule[0]]
    statuses = "、".join(ordered[:-1]) + ("或" if len(ordered) > 1 else "") + ordered[-1]
    return f"只有{statuses}的事项可以{ACTION_LABELS[action.value]}"


def transition_refusal(action: Action, status: str) -> str | None:
    """Why `action` cannot start from `status` (None: it can), in one line:
    「只有已完成待核的事项可以核验销号，此事项现为整改中」."""
    rule = TRANSITIONS.get(action)
    if rule is None or status in rule[0]:
        return None
    return f"{status_words(action)}，此事项现为{status}"


def check_transition(action: Action, status: str) -> None:
    refusal = transition_refusal(action, status)
    if refusal is not None:
        raise RuleError(refusal)


def target_status(action: Action, status: str, has_lead: bool) -> str:
    if action is Action.REOPENED:
        if status == REJECTED or not has_lead:
            return PENDING
        return IN_PROGRESS
    if action is Action.PROGRESS and status == SUSTAINED:
        return SUSTAINED
    rule = TRANSITIONS.get(action)
    if rule is None or rule[1] is None:
        return status
    return rule[1]


__all__ = [
    # the words, from statuses.py
    "PENDING",
    "ASSIGNED",
    "IN_PROGRESS",
    "SUSTAINED",
    "DONE",
    "CLOSED",
    "REJECTED",
    "STATUSES",
    "OPEN_STATUSES",
    "SETTLED_STATUSES",
    "COMPLETED_STATUSES",
    "NO_COUNTDOWN_STATUSES",
    "STATUS_ALIASES",
    "parse_status",
    "URGENCIES",
    "DEFAULT_URGENCY",
    # the rules
    "Action",
    "ACTION_LABELS",
    "DEPARTMENT_ACTIONS",
    "LEAD_ONLY_ACTIONS",
    "CONTEXT_ACTIONS",
    "TRANSITIONS",
    "status_words",
    "transition_refusal",
    "check_transition",
    "target_status",
    "Countdown",
    "countdown",
    "warn_until",
]
