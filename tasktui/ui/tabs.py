"""What each view tab lists, and the filters/sort the user layered on top: pure Python,
turned into a `TaskQuery` for the service. (The data objects the service hands out are
`tasktui.store.views`; this module is about the UI's tabs.)"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tasktui.extract.types import KIND_LABELS
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS, PENDING, REJECTED, SUSTAINED
from tasktui.store.service import TaskQuery


@dataclass(frozen=True)
class View:
    id: str
    label: str


OFFICE_VIEWS: tuple[View, ...] = (
    View("triage", "待分派"),
    View("open", "在办"),
    View("overdue", "逾期"),
    View("week", "本周到期"),
    View("done", "已完成"),
    View("all", "全部"),
    View("extensions", "待批延期"),  # requests for more time the office has to answer
    View("context", "背景"),
)
DEPARTMENT_VIEWS: tuple[View, ...] = (
    View("mine", "我的"),
    View("overdue", "逾期"),
    View("week", "本周到期"),
    View("done", "已完成"),
    View("all", "全部"),
    # What the unit has yet to sign for, late (未签收): it fits a department's tab bar at 80
    # columns; the office's is full, and has the filter (F) instead.
    View("unsigned", "未签收"),
)

# Items that are not orders (工作回顾, 问题分析, 其他): kept with the meeting for context, listed
# in their own tab so that they never swell the checklist's counts.
CONTEXT_KINDS: tuple[str, ...] = ("review", "problem", "other")

# Columns the user can sort by, in the order `s` cycles through them.
SORT_KEYS: tuple[str, ...] = ("countdown", "status", "lead", "heading", "meeting", "id")


@dataclass(frozen=True)
class Filters:
    unit: str | None = None
    status: str | None = None
    meeting_id: int | None = None
    meeting_title: str | None = None
    search: str | None = None  # text, pinyin or initials of the heading or of a unit (`jtj`)
    kind: str | None = None  # directive / review / problem / other
    unacknowledged: bool = False  # only 未签收
    leader: str | None = None  # 责任领导 containing this text
    urgency: str | None = None  # 一般 / 急办 / 特急
    source_kind: str | None = None  # the meeting's source: 讲话, 会议纪要, 通知, 批示, 上级交办

    @property
    def active(self) -> bool:
        return any(
            (
                self.unit,
                self.status,
                self.meeting_id is not None,
                self.search,
                self.kind,
                self.unacknowledged,
                self.leader,
                self.urgency,
                self.source_kind,
            )
        )

    def describe(self) -> str:
        parts = []
        if self.search:
            parts.append(f"搜索「{self.search}」")
        if self.unit:
            parts.append(f"单位: {self.unit}")
        if self.status:
            parts.append(f"状态: {self.status}")
        if self.kind:
            parts.append(f"类别: {KIND_LABELS.get(self.kind, self.kind)}")
        if self.unacknowledged:
            parts.append("未签收")
        if self.leader:
            parts.append(f"责任领导: {self.leader}")
        if self.urgency:
            parts.append(f"紧急程度: {self.urgency}")
        if self.source_kind:
            parts.append(f"来源: {self.source_kind}")
        if self.meeting_id is not None:
            parts.append(f"会议: {self.meeting_title or self.meeting_id}")
        return "  ".join(parts)


def kind_home(kind: str, status: str) -> str:
    """The tab an item of this kind and status is listed in (said after a kind change)."""
    if kind in CONTEXT_KINDS:
        return "背景"
    return {PENDING: "待分派", DONE: "已完成", CLOSED: "已完成", REJECTED: "全部"}.get(status, "在办")


def days_to_sunday(today: date) -> int:
    return 6 - today.weekday()


def view_query(view_id: str, today: date, filters: Filters = Filters()) -> TaskQuery:
    """The query for a view tab with the user's filters on top (no paging, no sort)."""
    q = TaskQuery()
    if view_id == "open":  # 待分派 has its own tab; 待核 stays: the office must verify it
        q = TaskQuery(statuses=[ASSIGNED, IN_PROGRESS, SUSTAINED, DONE])
    elif view_id == "mine":  # what the department still has to do (持续整改 still reports)
        q = TaskQuery(statuses=[ASSIGNED, IN_PROGRESS, SUSTAINED])
    elif view_id == "triage":
        q = TaskQuery(statuses=[PENDING])
    elif view_id == "overdue":
        q = TaskQuery(overdue=True)
    elif view_id == "week":
        q = TaskQuery(due_within=days_to_sunday(today))
    elif view_id == "done":
        q = TaskQuery(statuses=[DONE, CLOSED])
    elif view_id == "all":
        q = TaskQuery(include_settled=True)
    elif view_id == "extensions":
        q = TaskQuery(extension_pending=True)
    elif view_id == "unsigned":
        q = TaskQuery(unacknowledged=True)
    elif view_id == "context":
        q = TaskQuery(include_settled=True, kinds=CONTEXT_KINDS)
    if filters.kind:
        # On a checklist tab a kind filter shows that kind's items in the tab's states; on 背景
        # it narrows to one kind of context (a directive is never context).
        kinds = (filters.kind,) if q.kinds is None or filters.kind in q.kinds or view_id != "context" else ()
        q = replace(q, kinds=kinds)
    if filters.status:
        # A status filter narrows the view; on "all" it may also pick 已销号/不立项.
        wanted: tuple[str, ...] = (filters.status,)
        if q.statuses is not None:
            # Empty when the view and the filter exclude each other: the service matches nothing.
            wanted = tuple(s for s in q.statuses if s == filters.status)
        q = replace(q, statuses=wanted)
    return replace(
        q,
        unit=filters.unit,
        meeting_id=filters.meeting_id,
        search=filters.search or None,
        unacknowledged=q.unacknowledged or filters.unacknowledged,
        leader=filters.leader,
        urgency=filters.urgency,
        source_kind=filters.source_kind,
    )
