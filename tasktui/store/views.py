"""Plain read-only views the service hands to the CLI, the UI and the reports.

They are detached dataclasses, so callers never hold a session or an ORM object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from tasktui.store.lifecycle import ACTION_LABELS, Countdown
from tasktui.store.statuses import is_urgent, status_label  # here for the views' callers


@dataclass(frozen=True)
class Actor:
    """Who acts: the office (default) or a department (`--as 区教体局`)."""

    name: str
    is_office: bool = True

    @classmethod
    def office(cls, name: str = "督查室") -> Actor:
        return cls(name, True)

    @classmethod
    def department(cls, name: str) -> Actor:
        return cls(name, False)


@dataclass(frozen=True)
class ExtensionRequest:
    """A department's request for a later deadline that the office has not yet answered
    (the 待批延期 queue). Worked out from the history: `store/extensions.py`."""

    task_id: int
    unit: str  # who asked
    asked_at: datetime
    current: date | None  # the deadline when it was asked
    requested: date | None  # the date asked for
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "asked_at": self.asked_at.isoformat(timespec="seconds"),
            "current_deadline": self.current.isoformat() if self.current else None,
            "requested_deadline": self.requested.isoformat() if self.requested else None,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class UnitProgress:
    """What one owner of a task has reported: the lead and each co-owner, in the task's
    order (lead first, co-owners as entered)."""

    unit: str
    lead: bool
    reports: int  # progress reports by this unit
    last_at: datetime | None
    last_note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "role": "lead" if self.lead else "co",
            "reports": self.reports,
            "last_at": self.last_at.isoformat(timespec="seconds") if self.last_at else None,
            "last_note": self.last_note,
        }


@dataclass(frozen=True)
class AttachmentView:
    """One piece of evidence (佐证材料) on a task, without its bytes (`Service.attachment`
    reads those)."""

    task_id: int
    seq: int  # 1, 2, … per task: the N of `tasktui attachment ID N`
    name: str  # the file's own name, no client path
    media_type: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str

    @property
    def kind(self) -> str:
        """The type as an office names it: PDF, JPG, PNG, Word, Excel, 文本."""
        return MEDIA_KINDS.get(self.media_type, self.media_type)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "added_at": self.added_at.isoformat(timespec="seconds"),
            "added_by": self.added_by,
        }


# The media types store/attachments.py accepts, as the lists show them.
MEDIA_KINDS: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "text/plain": "文本",
}


@dataclass
class TaskRow:
    id: int
    outline: str
    marker: str
    level: int
    kind: str
    heading: str
    status: str
    priority: int
    lead: str | None
    co_owners: list[str]
    deadline: date | None
    deadline_phrase: str | None
    deadline_unresolved: bool
    meeting_id: int
    meeting: str
    meeting_date: date | None
    version: int
    updated_at: datetime
    countdown: Countdown
    extension: ExtensionRequest | None = None  # a pending request for a later deadline
    # The supervision cycle (schema 8): when the lead was given the task and signed for it
    # (签收), who answers for it, how urgent, how often its owners report.
    assigned_at: datetime | None = None
    acknowledged_at: datetime | None = None
    responsible_leader: str | None = None
    urgency: str = "一般"
    report_every: str | None = None
    # 未按期报送 (derived, store/late_reports.py): the owners that owe the report of the
    # cadence's last period, lead first; empty when none (or no cadence).
    late_report_units: list[str] = field(default_factory=list)
    remind_count: int = 0  # 催办 received (REMINDED events)

    @property
    def late_report(self) -> bool:
        return bool(self.late_report_units)

    # 未签收: working days since 交办 of a task still unsigned past the setting's window;
    # None when it is not (derived at read time: store/acknowledgement.py).
    unacknowledged_days: int | None = None

    @property
    def days_left(self) -> int | None:
        return self.countdown.days_left

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.unacknowledged_days)

    @property
    def urgent(self) -> bool:
        return is_urgent(self.urgency)

    @property
    def overdue(self) -> bool:
        return self.countdown.overdue

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outline": self.outline,
            "marker": self.marker,
            "level": self.level,
            "heading": self.heading,
            "kind": self.kind,
            "status": self.status,
            "priority": self.priority,
            "lead": self.lead,
            "co_owners": list(self.co_owners),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_phrase": self.deadline_phrase,
            "deadline_unresolved": self.deadline_unresolved,
            "days_left": self.countdown.days_left,
            "overdue": self.countdown.overdue,
            "warning": self.countdown.warning,
            "meeting": self.meeting,
            "meeting_id": self.meeting_id,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "version": self.version,
            "extension_request": self.extension.to_json() if self.extension else None,
            "assigned_at": self.assigned_at.isoformat(timespec="seconds") if self.assigned_at else None,
            "acknowledged_at": self.acknowledged_at.isoformat(timespec="seconds") if self.acknowledged_at else None,
            "responsible_leader": self.responsible_leader,
            "urgency": self.urgency,
            "report_every": self.report_every,
            "late_report_units": list(self.late_report_units),
            "remind_count": self.remind_count,
            "unacknowledged_days": self.unacknowledged_days,
        }


class EventRecord(NamedTuple):
    """One history event, the same record everywhere it travels: a task's history in the
    detail view, a task file's `[[meetings.tasks.history]]`, the weekly report's input.

    Besides the change itself (`from_value` → `to_value`) it carries the task's status,
    deadline, lead and co-owners *after* it. A NamedTuple, so that the report can stream
    database rows (tuples with these fields, in this order) without copying them."""

    at: datetime
    actor: str
    action: str
    from_value: str | None
    to_value: str | None
    note: str | None
    status_after: str
    deadline_after: date | None
    lead_after: str | None
    co_after: str | None = None  # "、"-joined co-owners; None: not known (before schema 3)
    task_id: int = 0  # 0 until stored
    id: int = 0  # 0 until stored

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "from": self.from_value,
            "to": self.to_value,
            "note": self.note,
        }


@dataclass
class TaskDetail:
    row: TaskRow
    text: str
    parent_id: int | None
    parent_outline: str | None
    parent_heading: str | None
    owner_hint: str | None
    span: tuple[int, int] | None
    source_excerpt: str | None  # the paragraph of the speech around the item
    history: list[EventRecord] = field(default_factory=list)
    # The deadline before any granted extension (on-time is judged against it).
    original_deadline: date | None = None
    unit_progress: list[UnitProgress] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)  # 佐证材料, by seq

    def to_json(self) -> dict[str, Any]:
        data = self.row.to_json()
        data.update(
            {
                "text": self.text,
                "parent_id": self.parent_id,
                "parent_outline": self.parent_outline,
                "parent_heading": self.parent_heading,
                "owner_hint": self.owner_hint,
                "span": list(self.span) if self.span else None,
                "source": self.source_excerpt,
                "history": [e.to_json() for e in self.history],
                "original_deadline": self.original_deadline.isoformat() if self.original_deadline else None,
                "unit_progress": [u.to_json() for u in self.unit_progress],
                "attachments": [a.to_json() for a in self.attachments],
            }
        )
        return data


@dataclass
class MeetingView:
    id: int
    title: str
    date: date | None
    source_name: str | None
    imported_at: datetime
    items: int
    directives: int
    source_kind: str | None = None  # 讲话, 会议纪要, 通知, 批示, 上级交办 (store.meetings.SOURCE_KINDS)


@dataclass
class ImportResult:
    meeting_id: int | None
    title: str
    created: bool  # False: the same source was imported before (no-op)
    items: int = 0
    directives: int = 0
    owners_found: int = 0
    unresolved_deadlines: int = 0
    warnings: list[str] = field(default_factory=list)
