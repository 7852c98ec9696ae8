"""The words of the lifecycle a person types and reads: the statuses (整改状态), their
groups and English aliases, and the urgencies (紧急程度).

Apart from tasktui.store.lifecycle (which re-exports every name here) and free of imports
on purpose: the command line's parser names them in its help at start-up, where loading
the lifecycle's tables (dataclasses, enums, dates) would be paid by `tasktui --help`.
"""

from __future__ import annotations

PENDING = "待分派"  # extracted, not yet triaged
ASSIGNED = "已交办"  # assigned to a lead unit
IN_PROGRESS = "整改中"  # progress reported
# Basically done but needs lasting work (持续整改): no countdown, never overdue, still
# expected to report on its cadence; reports count it as not complete.
SUSTAINED = "持续整改"
DONE = "已完成待核"  # the unit says it is done
CLOSED = "已销号"  # the office verified and closed it
REJECTED = "不立项"  # triage rejected it

STATUSES: tuple[str, ...] = (PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED, DONE, CLOSED, REJECTED)
OPEN_STATUSES: frozenset[str] = frozenset({PENDING, ASSIGNED, IN_PROGRESS, SUSTAINED, DONE})
# Completed: the unit says it is done, or the office verified it (the reports' 完成率).
COMPLETED_STATUSES: frozenset[str] = frozenset({DONE, CLOSED})
# Settled: the unit's work is finished (claimed, verified) or was never taken on.
SETTLED_STATUSES: frozenset[str] = frozenset({DONE, CLOSED, REJECTED})
# A task with one of these statuses has no countdown and can never be overdue: the settled
# ones, and 持续整改, which has no end date by nature (it still owes periodic progress).
NO_COUNTDOWN_STATUSES: frozenset[str] = SETTLED_STATUSES | {SUSTAINED}

# English aliases accepted on the command line and in TOML files.
STATUS_ALIASES: dict[str, str] = {
    "pending": PENDING,
    "assigned": ASSIGNED,
    "in_progress": IN_PROGRESS,
    "in-progress": IN_PROGRESS,
    "sustained": SUSTAINED,
    "done": DONE,
    "closed": CLOSED,
    "verified": CLOSED,
    "rejected": REJECTED,
}


def parse_status(value: str) -> str | None:
    value = value.strip()
    if value in STATUSES:
        return value
    return STATUS_ALIASES.get(value.lower())


# Urgency (紧急程度) as offices mark a 督办 item, mildest first.
URGENCIES: tuple[str, ...] = ("一般", "急办", "特急")
DEFAULT_URGENCY = URGENCIES[0]


def status_label(status: str, unacknowledged_days: int | None) -> str:
    """The status as a list shows it: 「未签收3天」 for a 已交办 task unsigned past its
    window (it says 已交办 too), else the status."""
    return status if unacknowledged_days is None else f"未签收{unacknowledged_days}天"


def is_urgent(urgency: str) -> bool:
    """急办 or 特急: marked in lists."""
    return urgency != DEFAULT_URGENCY


__all__ = [
    "is_urgent",
    "status_label",
    "PENDING",
    "ASSIGNED",
    "IN_PROGRESS",
    "SUSTAINED",
    "DONE",
    "CLOSED",
    "REJECTED",
    "STATUSES",
    "OPEN_STATUSES",
    "COMPLETED_STATUSES",
    "SETTLED_STATUSES",
    "NO_COUNTDOWN_STATUSES",
    "STATUS_ALIASES",
    "parse_status",
    "URGENCIES",
    "DEFAULT_URGENCY",
]
