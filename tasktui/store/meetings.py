"""Editing a meeting after import: its date, title and source kind (讲话, 会议纪要, …).

The date is what every deadline phrase of the meeting counts from, so changing it
resolves those deadlines again in the same transaction (tasktui.store.reresolve), each
change recorded in the task's history. Office only (policy.may_edit_meeting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from tasktui.models import Meeting, Task
from tasktui.store import policy
from tasktui.store.context import ServiceContext
from tasktui.store.date_input import parse_date_text
from tasktui.store.deadline_input import check_date
from tasktui.store.errors import InputError, NotFoundError
from tasktui.store.reresolve import DeadlineChange, reresolve
from tasktui.store.views import MeetingView
from tasktui.store.work_calendar import calendar_of
from tasktui.textcheck import TITLE_MAX, check_name

# The kinds of document tasks come from, as the office names them.
SOURCE_KINDS: tuple[str, ...] = ("讲话", "会议纪要", "通知", "批示", "上级交办")


@dataclass
class MeetingUpdate:
    meeting: MeetingView
    changed: list[str]  # what changed, in words: 「日期 2026-03-05 → 2026-03-10」
    changes: list[DeadlineChange] = field(default_factory=list)  # deadlines resolved again


def meeting_date_value(value: date | str, current: date | None, today: date) -> date:
    """A meeting date as typed (ISO or Chinese); `3月5日` takes the meeting's year, or
    this year when the meeting has no date yet."""
    if isinstance(value, date):
        return check_date(value, "会议日期")
    return parse_date_text(value, (current or today).year, "会议日期")


def _view(s: Session, m: Meeting) -> MeetingView:
    items = s.exec(select(func.count()).select_from(Task).where(col(Task.meeting_id) == m.id)).one()
    directives = s.exec(
        select(func.count()).select_from(Task).where(col(Task.meeting_id) == m.id, col(Task.kind) == "directive")
    ).one()
    return MeetingView(
        id=m.id or 0,
        title=m.title,
        date=m.date,
        source_name=m.source_name,
        imported_at=m.imported_at,
        items=int(items),
        directives=int(directives),
        source_kind=m.source_kind,
    )


def update_meeting(
    ctx: ServiceContext,
    meeting_id: int,
    *,
    meeting_date: date | str | None = None,
    title: str | None = None,
    source_kind: str | None = None,
) -> MeetingUpdate:
    """Change what is given; a new date re-resolves the meeting's following deadlines."""
    policy.may_edit_meeting(ctx.actor).enforce()
    if meeting_date is None and title is None and source_kind is None:
        raise InputError("没有要修改的内容：请给出日期、名称或来源")
    new_title = check_name(title, "会议名称", TITLE_MAX) if title is not None else None
    if new_title is not None and not new_title:
        raise InputError("会议名称不能为空")
    if source_kind is not None and source_kind.strip() not in SOURCE_KINDS:
        raise InputError(f"来源「{source_kind}」不认识：请写 {'、'.join(SOURCE_KINDS)} 之一")
    with ctx.store.write() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise NotFoundError(f"没有编号为 {meeting_id} 的会议（tasktui meetings 列出全部会议）")
        changed: list[str] = []
        old_date = m.date
        new_date = None
        if meeting_date is not None:
            new_date = meeting_date_value(meeting_date, m.date, ctx.clock.today())
            if new_date != old_date:
                m.date = new_date
                changed.append(f"日期 {old_date.isoformat() if old_date else '无'} → {new_date.isoformat()}")
        if new_title is not None and new_title != m.title:
            changed.append(f"名称「{m.title}」→「{new_title}」")
            m.title = new_title
        if source_kind is not None and source_kind.strip() != m.source_kind:
            changed.append(f"来源 {m.source_kind or '未定'} → {source_kind.strip()}")
            m.source_kind = source_kind.strip()
        s.add(m)
        s.flush()
        changes: list[DeadlineChange] = []
        if new_date is not None and new_date != old_date:
            was = old_date.isoformat() if old_date else "无"
            changes = reresolve(
                ctx, s, calendar_of(s), f"会议日期 {was} → {new_date.isoformat()}", meeting_ids=[meeting_id]
            )
        return MeetingUpdate(_view(s, m), changed, changes)


__all__ = ["SOURCE_KINDS", "MeetingUpdate", "meeting_date_value", "update_meeting"]
