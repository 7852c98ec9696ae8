"""A store's content as plain data: what a task-file import applies and an export gives.

`tasktui.exchange.taskfile` reads a TOML task file into a `TaskFile` (validated, every
date resolved, every task with a complete history) and writes one back;
`tasktui.store.transfer` stores one in a transaction and builds one from the store. No
database and no file format here, so neither side depends on the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tasktui.store.lifecycle import DEFAULT_URGENCY
from tasktui.store.views import AttachmentView, EventRecord


@dataclass
class PlanTask:
    outline: str
    marker: str
    level: int
    kind: str
    heading: str
    text: str
    lead: str | None
    co: list[str]
    deadline: date | None
    deadline_phrase: str | None
    deadline_unresolved: bool
    status: str
    priority: int
    notes: list[str]
    history: list[EventRecord]  # complete, ready to append (synthesised when the file has none)
    parent_outline: str | None
    created_at: datetime
    span: tuple[int, int] | None = None  # where the item sits in the meeting's source text
    owner_hint: str | None = None  # owners the extractor suggested, verbatim
    responsible_leader: str | None = None  # 责任领导
    urgency: str = DEFAULT_URGENCY  # 紧急程度
    report_every: str | None = None  # 汇报频次, a phrase the deadline grammar reads
    # 佐证材料 as a list (name, type, size, hash, who, when): a task file carries no bytes,
    # so an import restores none of them and says so (docs/evidence.md).
    attachments: list[AttachmentView] = field(default_factory=list)


@dataclass
class PlanMeeting:
    title: str
    date: date | None
    source: str | None
    content_hash: str  # the meeting's identity: `id` when the file gives one
    tasks: list[PlanTask] = field(default_factory=list)
    source_text: str | None = None  # the speech the items were extracted from
    source_kind: str | None = None  # 讲话, 会议纪要, 通知, 批示, 上级交办 (store.meetings.SOURCE_KINDS)


@dataclass
class TaskFile:
    office: str | None
    departments: list[tuple[str, list[str]]]
    meetings: list[PlanMeeting]
    demo_anchor: date | None = None


__all__ = ["PlanMeeting", "PlanTask", "TaskFile"]
