"""What each key of the main screen means for this actor and this row: the lifecycle
action it takes, whether the policy allows it (the same answer the service gives), and
what Enter does. No textual here: the palette, the help screen and tests read it too."""

from __future__ import annotations

from tasktui.store import policy
from tasktui.store.lifecycle import ASSIGNED, DONE, IN_PROGRESS, PENDING, Action
from tasktui.store.views import Actor, TaskRow

# Screen action -> the lifecycle action it takes (交办 becomes 改派 on a task already
# assigned, 延期 asks for a department and grants for the office: see `lifecycle_action`).
# Whether it may is `policy.may`'s answer, the same the service gives.
ACTION_RULES: dict[str, Action] = {
    "assign": Action.ASSIGNED,
    "reject": Action.REJECTED,
    "deadline": Action.DEADLINE_CHANGED,
    "extend": Action.EXTENSION_REQUESTED,
    "progress": Action.PROGRESS,
    "done": Action.DONE,
    "verify": Action.VERIFIED,
    "reopen": Action.REOPENED,
    "note": Action.NOTE,
    "kind": Action.KIND_CHANGED,
    "acknowledge": Action.ACKNOWLEDGED,
    "send_back": Action.SENT_BACK,
    "sustain": Action.SUSTAINED,
    "leader": Action.LEADER_CHANGED,
    "urgency": Action.URGENCY_CHANGED,
    "attach": Action.ATTACHED,
}
# Screen actions that are store-wide, not on a task: the office's (policy.office_only;
# the units view, policy.manage_units; the meetings screen, policy.may_edit_meeting).
OFFICE_ONLY_SCREEN_ACTIONS = frozenset({"import_file", "units", "meetings", "ledger", "remind"})

# Enter on a row: the next step for its status (the `?` help says the same, enter_help).
ENTER_ACTIONS_OFFICE: dict[str, str] = {PENDING: "assign", ASSIGNED: "note", IN_PROGRESS: "note", DONE: "verify"}
ENTER_ACTIONS_DEPARTMENT: dict[str, str] = {ASSIGNED: "progress", IN_PROGRESS: "progress"}


def enter_help(is_office: bool) -> str:
    if is_office:
        return "Enter: 待分派→交办，已交办/整改中→备注，已完成待核→核验销号（需确认），其余→查看详情"
    return "Enter: 已交办/整改中→报告进展，其余→查看详情"


def lifecycle_action(action: str, actor: Actor, row: TaskRow | None) -> Action:
    if action == "assign" and row is not None:
        return policy.assign_action(row.status)
    if action == "extend":
        return policy.extension_action(actor)
    return ACTION_RULES[action]


def decide(action: str, row: TaskRow | None, actor: Actor) -> policy.Decision:
    """The policy's answer for a screen action on `row` (None: no row selected)."""
    if action not in ACTION_RULES:
        if action == "units":
            return policy.manage_units(actor)
        if action == "meetings":
            return policy.may_edit_meeting(actor)
        if action == "import_file":
            return policy.office_only(actor, "导入讲话稿或任务文件")
        if action == "ledger":
            return policy.office_only(actor, "导出单位台账")
        if action == "remind":
            return policy.office_only(actor, "催办")
        return policy.ALLOWED
    rule = lifecycle_action(action, actor, row)
    if row is None:
        first = policy.may_act(actor, rule)
        return first if not first else policy.Decision(False, words="没有选中的事项")
    return policy.may(actor, rule, row)


def allowed(action: str, row: TaskRow | None, actor: Actor) -> bool | None:
    """True: allowed; None: not on this row (shown dimmed); False: never for this actor."""
    decision = decide(action, row, actor)
    if decision.ok:
        return True
    return False if decision.never else None


__all__ = [
    "ACTION_RULES",
    "ENTER_ACTIONS_DEPARTMENT",
    "ENTER_ACTIONS_OFFICE",
    "OFFICE_ONLY_SCREEN_ACTIONS",
    "allowed",
    "decide",
    "enter_help",
    "lifecycle_action",
]
