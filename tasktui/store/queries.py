"""Reading tasks: what to list (`TaskQuery`), the one scoping rule (a department sees the
tasks it leads or co-owns), one task with its history, meetings, the change marker.

Every read goes through `visible_ids`, so the task list, the counts, the meetings, the
dashboard and the weekly report scope a department the same way. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Integer, and_, false, func, or_, text, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, defer
from sqlalchemy.sql.selectable import Join
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from tasktui.extract.workdays import WorkCalendar
from tasktui.models import (
    SEARCH_FTS,
    SEARCH_FTS_VOCAB,
    SEARCH_GRAMS_FUNCTION,
    SEARCH_PAD,
    Attachment,
    Department,
    Event,
    Meeting,
    Task,
    TaskCoOwner,
)
from tasktui.store import (
    acknowledgement,
    departments,
    extensions,
    late_reports,
    owner_progress,
    policy,
    reminders,
    work_calendar,
)
from tasktui.store.context import ServiceContext
from tasktui.store.errors import NotFoundError
from tasktui.store.lifecycle import ASSIGNED, NO_COUNTDOWN_STATUSES, OPEN_STATUSES, STATUSES, countdown, warn_until
from tasktui.store.views import Actor, AttachmentView, EventRecord, ExtensionRequest, MeetingView, TaskDetail, TaskRow


@dataclass
class TaskQuery:
    """What to list. Defaults: tracked (directive) tasks that are still open."""

    statuses: Sequence[str] | None = None
    include_settled: bool = False  # add 已销号 and 不立项
    kinds: Sequence[str] | None = ("directive",)
    unit: str | None = None  # lead or co-owner (canonical name or alias)
    meeting_id: int | None = None
    overdue: bool = False
    due_within: int | None = None
    search: str | None = None
    extension_pending: bool = False  # only tasks with a request for more time awaiting the office
    late_reports: bool = False  # only tasks with an owner late with its periodic report (未按期报送)
    unacknowledged: bool = False  # only 未签收 tasks (store/acknowledgement.py)
    leader: str | None = None  # 责任领导 containing this text
    urgency: str | None = None  # 紧急程度: 一般, 急办 or 特急
    source_kind: str | None = None  # the meeting's source: 讲话, 会议纪要, 通知, 批示, 上级交办
    sort: str = "countdown"  # countdown|id|status|lead|heading|meeting|deadline|priority|updated
    descending: bool = False
    offset: int = 0
    limit: int | None = None


# Orders people read go by stored keys: statuses in lifecycle order (task.status_rank),
# headings by their pinyin (task.heading_key); units by theirs below.
_SORT_COLUMNS: dict[str, Any] = {
    "id": Task.id,
    "status": Task.status_rank,
    "heading": Task.heading_key,
    "priority": Task.priority,
    "updated": Task.updated_at,
    "outline": Task.seq,
}

SOURCE_CONTEXT_CHARS = 160

# Tasks whose generated sort keys (models.SETTLED_SQL / DUE_KEY_SQL) disagree with their
# status and deadline, worked out here from lifecycle.NO_COUNTDOWN_STATUSES: always empty
# (tests run it after scripted histories and after the 0001 → 0002 upgrade).
SORT_KEY_MISMATCH = (
    "SELECT id, status, deadline, settled, due_key FROM task WHERE settled IS NULL OR due_key IS NULL"
    " OR settled <> CASE WHEN status IN ("
    + ", ".join(f"'{st}'" for st in sorted(NO_COUNTDOWN_STATUSES))
    + ") THEN 1 ELSE 0 END"
    " OR (deadline IS NULL AND due_key <> '9999-12-31') OR (deadline IS NOT NULL AND due_key <> deadline)"
    " OR status_rank IS NULL OR status_rank <> CASE status "
    + " ".join(f"WHEN '{st}' THEN {i}" for i, st in enumerate(STATUSES))
    + " END"
)


# ---------------------------------------------------------------------- scope


def owned_ids(unit_ids: Sequence[int]) -> Any:
    """Ids of the tasks these units lead or co-own, as one id set (lead index ∪ co-owner
    index): the planner keeps walking whatever index drives the query and checks
    membership, where an OR of the two made it look every row up."""
    led = aliased(Task)
    return union_all(
        select(led.id).where(col(led.lead_id).in_(list(unit_ids))),
        select(TaskCoOwner.task_id).where(col(TaskCoOwner.department_id).in_(list(unit_ids))),
    )


def visible_ids(ctx: ServiceContext, s: Session) -> Any | None:
    """The tasks the actor may read, as an id subquery; None: all of them (the office).
    The one scoping rule of every read (policy.owns, in SQL)."""
    unit = departments.actor_unit_id(ctx, s)
    return None if unit is None else owned_ids([unit])


def canonical_actor(ctx: ServiceContext, s: Session) -> Actor:
    """The actor with its department's canonical name (it may have been given an alias),
    so policy decisions compare like with like."""
    if ctx.actor.is_office:
        return ctx.actor
    return Actor.department(departments.require(s, ctx.actor.name).name)


# ---------------------------------------------------------------------- lists


TaskSelect = Select[Task, Meeting, Department]


def task_select(ctx: ServiceContext, s: Session, q: TaskQuery, for_count: bool = False) -> TaskSelect:
    """The task list's statement: filters, the actor's scope, the order and the page."""
    today = ctx.clock.today()
    stmt: TaskSelect = (
        select(Task, Meeting, Department)
        .join(Meeting, col(Meeting.id) == col(Task.meeting_id))
        .join(Department, col(Department.id) == col(Task.lead_id), isouter=True)
    )
    conds: list[Any] = []
    if q.kinds:
        conds.append(col(Task.kind).in_(list(q.kinds)))
    if q.statuses is not None:
        # An empty sequence matches nothing (a view and a status filter that exclude
        # each other); None means no status filter.
        conds.append(col(Task.status).in_(list(q.statuses)) if q.statuses else false())
    elif not q.include_settled:
        conds.append(col(Task.status).in_(list(OPEN_STATUSES)))
    unit_id = departments.actor_unit_id(ctx, s)
    if q.unit:
        wanted = departments.require_id(s, q.unit)
        if unit_id is not None and wanted != unit_id:
            unit_id = -1  # a department sees only its own tasks
        else:
            unit_id = wanted
    if unit_id is not None:
        conds.append(col(Task.id).in_(owned_ids([unit_id])))
    if q.meeting_id is not None:
        conds.append(col(Task.meeting_id) == q.meeting_id)
    if q.extension_pending:
        conds.append(col(Task.status).in_(list(extensions.OPEN_FOR_REQUESTS)))
        conds.append(col(Task.id).in_(extensions.pending_ids()))
    if q.late_reports:
        # Worked out from each task's cadence and history in Python (a period depends on
        # the cadence), then matched by id.
        conds.append(col(Task.id).in_(late_reports.late_task_ids(ctx, s, visible_ids(ctx, s))))
    # Overdue / due soon are worked out here against today, on the generated sort keys
    # (settled = status in NO_COUNTDOWN_STATUSES; due_key = deadline, 9999-12-31 for none), so
    # they are ranges of the countdown index.
    if q.overdue:
        conds.append(and_(col(Task.settled) == 0, col(Task.due_key) < today))
    if q.due_within is not None:
        conds.append(
            and_(
                col(Task.settled) == 0,
                col(Task.due_key) >= today,
                col(Task.due_key) <= today + timedelta(days=q.due_within),
            )
        )
    if q.unacknowledged:
        # The cutoff is worked out here on the store's calendar, so the filter is one range.
        cutoff = acknowledgement.assigned_before(work_calendar.calendar_of(s), today, ctx.ack_days)
        conds.append(
            and_(
                col(Task.status) == ASSIGNED,
                col(Task.acknowledged_at).is_(None),
                col(Task.assigned_at) < cutoff,
            )
        )
        actor_unit = departments.actor_unit_id(ctx, s)
        if actor_unit is not None:
            # A department's own 未签收 is what it leads: only the lead signs (签收).
            conds.append(col(Task.lead_id) == actor_unit)
    if q.leader and q.leader.strip():
        conds.append(col(Task.responsible_leader).ilike(f"%{_escape_like(q.leader.strip())}%", escape="\\"))
    if q.urgency:
        conds.append(col(Task.urgency) == q.urgency)
    if q.source_kind:
        # A subquery, not the join: the counts select from task alone.
        conds.append(col(Task.meeting_id).in_(select(Meeting.id).where(col(Meeting.source_kind) == q.source_kind)))
    if q.search and q.search.strip():
        term = q.search.strip()
        matches: list[Any] = [text_match(s, term)]
        # Units by name, alias or their pinyin (`jtj` -> 区教体局): resolved here from the
        # small department table, then matched by id on the lead and co-owner indexes.
        dept_ids = departments.matching(s, term)
        if dept_ids:
            matches.append(col(Task.id).in_(owned_ids(dept_ids)))
        conds.append(or_(*matches))
    if conds:
        stmt = stmt.where(and_(*conds))
    if for_count:
        return stmt
    order: list[Any]
    if q.sort == "countdown":
        # Tasks still to act on first, by deadline (overdue on top, none last); items
        # already done (待核), closed or rejected after them, whatever their date.
        # Ascending: straight off ix_task_countdown (kind, settled, due_key, id).
        # Descending keeps open first, no deadline last and id ascending: straight off
        # ix_task_countdown_desc (kind, settled, deadline DESC [NULLS LAST], id).
        order = [
            col(Task.settled),
            col(Task.deadline).desc().nulls_last() if q.descending else col(Task.due_key),
            col(Task.id),
        ]
    elif q.sort == "deadline":
        deadline = col(Task.deadline)
        order = [deadline.desc().nulls_last() if q.descending else deadline.asc().nulls_last(), col(Task.id)]
    elif q.sort == "lead":
        # Units by pinyin (department.sort_key), name to part homophones; no lead last.
        key, name = col(Department.sort_key), col(Department.name)
        if q.descending:
            order = [key.desc().nulls_last(), name.desc(), col(Task.id)]
        else:
            order = [key.asc().nulls_last(), name.asc(), col(Task.id)]
    elif q.sort == "meeting":
        # Meetings by title in pinyin order (meeting.sort_key), then by title and meeting
        # (one meeting's tasks stay together), each meeting's tasks in id order: the order
        # of ix_meeting_sort_key then ix_task_meeting_id, so a page walks both indexes.
        keys = (col(Meeting.sort_key), col(Meeting.title), col(Meeting.id))
        order = [*(k.desc() if q.descending else k.asc() for k in keys), col(Task.id)]
    else:
        column = col(_SORT_COLUMNS.get(q.sort, Task.id))
        order = [column.desc() if q.descending else column.asc(), col(Task.id)]
    stmt = stmt.order_by(*order)
    if q.offset:
        stmt = stmt.offset(q.offset)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return stmt


def list_tasks(ctx: ServiceContext, query: TaskQuery | None = None) -> list[TaskRow]:
    query = query or TaskQuery()
    with ctx.store.session() as s:
        rows = s.exec(task_select(ctx, s, query)).all()
        return rows_of(ctx, s, rows)


def count_tasks(ctx: ServiceContext, query: TaskQuery | None = None) -> int:
    """How many tasks `list_tasks` would give, counted over task alone (the filters need
    no join), so the tab counts of a large store read only indexes."""
    query = query or TaskQuery()
    with ctx.store.session() as s:
        full = task_select(ctx, s, query, for_count=True)
        stmt = select(func.count()).select_from(Task)
        if full.whereclause is not None:
            stmt = stmt.where(full.whereclause)
        return int(s.exec(stmt).one())


def task_page(ctx: ServiceContext, query: TaskQuery) -> list[TaskRow]:
    """`list_tasks` for one page of a large store: pick the page's ids with only the
    joins the sort/search needs (so an index can drive it), then load those rows. Same
    filters and order as `list_tasks` (it reuses `task_select`)."""
    with ctx.store.session() as s:
        full = task_select(ctx, s, query)
        where = full.whereclause
        if query.sort in ("lead", "meeting") and not _narrow(query):
            ids = _walk_page(s, query, where, full._order_by_clauses)
        else:
            # Primary keys of stored rows are never NULL, whatever the model's `int | None` says.
            ids_stmt = cast("SelectOfScalar[int]", select(Task.id))
            if query.sort == "meeting":
                ids_stmt = ids_stmt.join(Meeting, col(Meeting.id) == col(Task.meeting_id))
            if query.sort == "lead":
                ids_stmt = ids_stmt.outerjoin(Department, col(Department.id) == col(Task.lead_id))
            if where is not None:
                ids_stmt = ids_stmt.where(where)
            ids = list(s.exec(_paged(ids_stmt.order_by(*full._order_by_clauses), query.offset, query.limit)).all())
        if not ids:
            return []
        stmt = (
            select(Task, Meeting, Department)
            .join(Meeting, col(Meeting.id) == col(Task.meeting_id))
            .join(Department, col(Department.id) == col(Task.lead_id), isouter=True)
            .where(col(Task.id).in_(ids))
        )
        by_id = {t.id: (t, m, d) for t, m, d in s.exec(stmt).all()}
        return rows_of(ctx, s, [by_id[i] for i in ids if i in by_id])


def _narrow(q: TaskQuery) -> bool:
    """Filters that may leave few tasks: then sorting the matches beats walking every
    unit's or meeting's tasks in order looking for them."""
    return bool(
        (q.search and q.search.strip())
        or q.unit
        or q.meeting_id is not None
        or q.leader
        or q.late_reports
        or q.extension_pending
        or q.unacknowledged
        or q.source_kind
        or q.urgency
        or q.due_within is not None  # 本周到期: a few days' deadlines
    )


def _paged(stmt: Any, offset: int, limit: int | None) -> Any:
    if offset:
        stmt = stmt.offset(offset)
    return stmt if limit is None else stmt.limit(limit)


def _walk_page(s: Session, q: TaskQuery, where: Any, order: Sequence[Any]) -> list[int]:
    """A page in lead or meeting order, walking units (meetings) in their sort-key index
    order and each one's tasks off ix_task_lead_walk (ix_task_meeting_walk), which hold
    the views' filters: the page costs its offset and length, not a sort of every task. The walk is
    written as the outer side of the join (`_OuterFirst`), which SQLite would otherwise
    turn round to read task first. Tasks without a lead come after every unit's, by id."""
    parent: Any = Department if q.sort == "lead" else Meeting
    link = col(Task.lead_id) if q.sort == "lead" else col(Task.meeting_id)
    walked = select(Task.id).select_from(
        _OuterFirst(parent.__table__, Task.__table__, col(parent.id) == link)  # type: ignore[attr-defined]
    )
    if where is not None:
        walked = walked.where(where)
    walked = walked.order_by(*order)
    ids = list(s.exec(_paged(walked, q.offset, q.limit)).all())
    if q.sort != "lead" or (q.limit is not None and len(ids) >= q.limit):
        return ids
    skip = 0
    if not ids and q.offset:  # the page starts among the tasks without a lead
        skip = max(0, q.offset - int(s.exec(select(func.count()).select_from(walked.order_by(None).subquery())).one()))
    orphans = select(Task.id).where(col(Task.lead_id).is_(None))
    if where is not None:
        orphans = orphans.where(where)
    left = None if q.limit is None else q.limit - len(ids)
    return ids + list(s.exec(_paged(orphans.order_by(col(Task.id)), skip, left)).all())


class _OuterFirst(Join):
    """An inner join whose left side the SQLite planner must read first (CROSS JOIN is
    SQLite's documented way to fix the loop order); a plain JOIN elsewhere."""

    inherit_cache = True


@compiles(_OuterFirst, "sqlite")
def _cross_join(element: _OuterFirst, compiler: Any, **kw: Any) -> str:
    # SQLAlchemy's own join, with SQLite's keyword: the left side is a plain table, so the
    # first " JOIN " is the join's own.
    return str(compiler.visit_join(element, **kw)).replace(" JOIN ", " CROSS JOIN ", 1)


# ---------------------------------------------------------------------- rows


def rows_of(ctx: ServiceContext, s: Session, rows: Sequence[tuple[Task, Meeting, Department | None]]) -> list[TaskRow]:
    """Detached `TaskRow`s for loaded (task, meeting, lead) triples, co-owners included."""
    ids = [t.id for t, _, _ in rows if t.id is not None]
    co: dict[int, list[str]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for link, dept in s.exec(
            select(TaskCoOwner, Department)
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .where(col(TaskCoOwner.task_id).in_(chunk))
            .order_by(*CO_OWNER_ORDER)
        ):
            co.setdefault(link.task_id, []).append(dept.name)
    requests = extensions.requests_for(s, [(t.id, t.status) for t, _, _ in rows if t.id is not None])
    today = ctx.clock.today()
    calendar = work_calendar.calendar_of(s)
    derived = _Derived(calendar, today, ctx.ack_days, warn_until(calendar, today, ctx.warn_days))
    out = [_row(ctx, t, m, d, co.get(t.id or 0, []), derived, requests.get(t.id or 0)) for t, m, d in rows]
    _add_cycle_figures(s, rows, out, co, today)
    return out


def _add_cycle_figures(
    s: Session,
    rows: Sequence[tuple[Task, Meeting, Department | None]],
    out: list[TaskRow],
    co: dict[int, list[str]],
    today: date,
) -> None:
    """未按期报送 and the 催办 count of the rows (the page only: two grouped reads)."""
    late: dict[int, list[str]] = {}
    for lr in late_reports.for_rows(s, [(t, d.name if d else None, co.get(t.id or 0, [])) for t, _, d in rows], today):
        late.setdefault(lr.task_id, []).append(lr.unit)
    counts = reminders.remind_counts(s, [r.id for r in out])
    for r in out:
        r.late_report_units = late.get(r.id, [])
        r.remind_count = counts.get(r.id, 0)


@dataclass
class _Derived:
    """What a row's derived flags are judged against, worked out once per list: today,
    the yellow window's last day, the 未签收 setting, on the store's working-day calendar."""

    calendar: WorkCalendar
    today: date
    ack_days: int
    warn_until: date
    _unsigned: dict[date, int | None] = field(default_factory=dict)
    _counter: acknowledgement.WorkdaysTo | None = None

    def unacknowledged_days(self, t: Task) -> int | None:
        if t.status != ASSIGNED or t.acknowledged_at is not None or t.assigned_at is None:
            return None
        day = t.assigned_at.date()
        if day not in self._unsigned:  # many tasks are given on the same day
            if self._counter is None:
                self._counter = acknowledgement.WorkdaysTo(self.calendar, self.today)
            self._unsigned[day] = acknowledgement.unacknowledged_days(
                self.calendar, t.status, t.assigned_at, None, self.today, self.ack_days, self._counter
            )
        return self._unsigned[day]


# Co-owners in the order they were entered (protocol order matters in 督办: the first
# named is the first asked); rows from before schema 5 all have seq 0 and keep name order.
CO_OWNER_ORDER = (col(TaskCoOwner.seq), col(Department.name))


def _row(
    ctx: ServiceContext,
    t: Task,
    m: Meeting,
    d: Department | None,
    co: list[str],
    derived: _Derived,
    extension: ExtensionRequest | None = None,
) -> TaskRow:
    return TaskRow(
        id=t.id or 0,
        outline=t.outline,
        marker=t.marker,
        level=t.level,
        kind=t.kind,
        heading=t.heading,
        status=t.status,
        priority=t.priority,
        lead=d.name if d else None,
        co_owners=co,
        deadline=t.deadline,
        deadline_phrase=t.deadline_phrase,
        deadline_unresolved=t.deadline_unresolved,
        meeting_id=m.id or 0,
        meeting=m.title,
        meeting_date=m.date,
        version=t.version,
        updated_at=t.updated_at,
        countdown=countdown(t.deadline, t.status, derived.today, ctx.warn_days, warn_until=derived.warn_until),
        extension=extension,
        assigned_at=t.assigned_at,
        acknowledged_at=t.acknowledged_at,
        responsible_leader=t.responsible_leader,
        urgency=t.urgency,
        report_every=t.report_every,
        unacknowledged_days=derived.unacknowledged_days(t),
    )


def row_of(ctx: ServiceContext, s: Session, task: Task) -> TaskRow:
    """The `TaskRow` of one loaded task, as it is in this session."""
    meeting = s.get(Meeting, task.meeting_id)
    assert meeting is not None  # a foreign key
    lead = s.get(Department, task.lead_id) if task.lead_id else None
    return rows_of(ctx, s, [(task, meeting, lead)])[0]


def load(s: Session, task_id: int) -> Task:
    # Ids are 32-bit on PostgreSQL and 64-bit on SQLite; a bigger number would make
    # the driver raise (overflow) instead of simply finding nothing.
    task = s.get(Task, task_id) if 0 < task_id < 2**31 else None
    if task is None:
        raise NotFoundError(f"没有编号为 #{task_id} 的事项（tasktui list 列出事项编号）")
    return task


# ---------------------------------------------------------------------- one task


def get_task(ctx: ServiceContext, task_id: int) -> TaskDetail:
    with ctx.store.session() as s:
        task = load(s, task_id)
        row = row_of(ctx, s, task)
        policy.may_see(canonical_actor(ctx, s), row).enforce()
        meeting = s.get(Meeting, task.meeting_id)
        assert meeting is not None
        parent = s.get(Task, task.parent_id) if task.parent_id else None
        events = s.exec(select(Event).where(col(Event.task_id) == task.id).order_by(col(Event.at), col(Event.id))).all()
        span = (task.span_start, task.span_end) if task.span_start is not None and task.span_end is not None else None
        history = [event_record(e) for e in events]
        return TaskDetail(
            row=row,
            text=task.text,
            parent_id=task.parent_id,
            parent_outline=parent.outline if parent else None,
            parent_heading=parent.heading if parent else None,
            owner_hint=task.owner_hint,
            span=span,
            source_excerpt=excerpt(meeting.source_text, span),
            history=history,
            original_deadline=extensions.original_deadline(history),
            unit_progress=owner_progress.unit_progress(row.lead, row.co_owners, history),
            attachments=attachment_list(s, task_id),
        )


def attachment_list(s: Session, task_id: int) -> list[AttachmentView]:
    """A task's attachments (佐证材料) by seq, without their bytes; the caller checked the
    scope (store/attachments.py writes them)."""
    rows = s.exec(
        select(Attachment)
        .options(defer(Attachment.content))  # type: ignore[arg-type]
        .where(col(Attachment.task_id) == task_id)
        .order_by(col(Attachment.seq))
    ).all()
    return [
        AttachmentView(a.task_id, a.seq, a.name, a.media_type, a.size, a.sha256, a.added_at, a.added_by) for a in rows
    ]


def event_record(e: Event) -> EventRecord:
    return EventRecord(
        at=e.at,
        actor=e.actor,
        action=e.action,
        from_value=e.from_value,
        to_value=e.to_value,
        note=e.note,
        status_after=e.status_after,
        deadline_after=e.deadline_after,
        lead_after=e.lead_after,
        co_after=e.co_after,
        task_id=e.task_id,
        id=e.id or 0,
    )


def excerpt(source: str | None, span: tuple[int, int] | None) -> str | None:
    """The paragraph of the speech around an item, for the detail pane."""
    if not source or not span:
        return None
    start, end = max(0, span[0]), min(len(source), span[1])
    para_start = source.rfind("\n", 0, start) + 1
    para_start = max(para_start, start - SOURCE_CONTEXT_CHARS)
    para_end = source.find("\n", end)
    para_end = len(source) if para_end < 0 else para_end
    para_end = min(para_end, end + SOURCE_CONTEXT_CHARS)
    return source[para_start:para_end].strip()


# ---------------------------------------------------------------------- meetings, changes


def meetings(ctx: ServiceContext) -> list[MeetingView]:
    """Meetings with their item counts; a department sees only the meetings that gave
    it tasks, counting only its own tasks."""
    with ctx.store.session() as s:
        scope: list[Any] = []
        visible = visible_ids(ctx, s)
        if visible is not None:
            scope.append(col(Task.id).in_(visible))
        counts: dict[int, int] = dict(
            s.exec(select(Task.meeting_id, func.count()).where(*scope).group_by(col(Task.meeting_id))).all()
        )
        dcounts: dict[int, int] = dict(
            s.exec(
                select(Task.meeting_id, func.count())
                .where(col(Task.kind) == "directive", *scope)
                .group_by(col(Task.meeting_id))
            ).all()
        )
        out = []
        for m in s.exec(select(Meeting).order_by(col(Meeting.date), col(Meeting.id))):
            if scope and m.id not in counts:
                continue
            out.append(
                MeetingView(
                    id=m.id or 0,
                    title=m.title,
                    date=m.date,
                    source_name=m.source_name,
                    imported_at=m.imported_at,
                    items=counts.get(m.id or 0, 0),
                    directives=dcounts.get(m.id or 0, 0),
                    source_kind=m.source_kind,
                )
            )
        return out


def leaders(ctx: ServiceContext) -> list[str]:
    """The 责任领导 named on the tasks the actor may read, for completion in the UI."""
    with ctx.store.session() as s:
        stmt = select(Task.responsible_leader).where(col(Task.responsible_leader).is_not(None)).distinct()
        visible = visible_ids(ctx, s)
        if visible is not None:
            stmt = stmt.where(col(Task.id).in_(visible))
        return sorted(str(name) for name in s.exec(stmt).all() if name)


def change_marker(ctx: ServiceContext) -> tuple[int, int]:
    """A cheap fingerprint of the store that changes whenever anything is written
    (every change appends an event). Pollers compare it instead of re-reading."""
    with ctx.store.session() as s:
        ev = s.exec(select(func.max(Event.id))).one()
        mt = s.exec(select(func.max(Meeting.id))).one()
        return (int(ev or 0), int(mt or 0))


# ---------------------------------------------------------------------- search


def text_match(s: Session, term: str) -> Any:
    """Tasks whose heading or text contains `term` (any case), or whose pinyin key
    (search_key) contains it in lower case: the LIKE predicate, narrowed first by the
    search index (models: SQLITE_SEARCH_DDL / POSTGRES_SEARCH_DDL) to the tasks that can
    match, so the predicate reads a few rows instead of every one. The answer is the
    predicate's own: the index only ever gives a superset of it."""
    exact = like_match(term)
    narrowed = _indexed_candidates(s, term)
    return exact if narrowed is None else and_(narrowed, exact)


def like_match(term: str) -> Any:
    """The search's definition, row by row (and its answer without the index)."""
    like = f"%{_escape_like(term)}%"
    return or_(
        col(Task.heading).ilike(like, escape="\\"),
        col(Task.text).ilike(like, escape="\\"),
        col(Task.search_key).like(f"%{_escape_like(term.lower())}%", escape="\\"),
    )


def _indexed_candidates(s: Session, term: str) -> Any | None:
    """A condition true for every task the LIKE predicate can match (and few others), read
    off the search index; None when the index cannot promise that for this term.

    The index folds case its own way (FTS5: Unicode folding; PostgreSQL: lower() under the
    database's locale), while the predicate folds ASCII only (SQLite) or ILIKE's way, and
    the pinyin key is compared with Python's lower(). These agree on every character
    without case and on ASCII; a term with any other cased letter (Ａ, É, Σ) is left to
    the predicate alone, as is one holding the index's padding character."""
    if not term or SEARCH_PAD in term or any(not c.isascii() and (c.lower() != c or c.upper() != c) for c in term):
        return None
    if s.get_bind().dialect.name == "postgresql":
        # The same expression as ix_task_search_grams, so the planner reads the GIN index.
        return text(f"{_GRAMS_OF_TASK} @> public.{SEARCH_GRAMS_FUNCTION}(:search_grams)").bindparams(search_grams=term)
    if not _has_search_table(s):
        return None  # an SQLite without FTS5's trigram tokenizer made this store (models.sqlite_has_trigram)
    folded = term.lower()
    if len(folded) >= 3:
        phrase = '"' + folded.replace('"', '""') + '"'
        return col(Task.id).in_(
            text(f"SELECT rowid FROM {SEARCH_FTS} WHERE {SEARCH_FTS} MATCH :phrase")
            .bindparams(phrase=phrase)
            .columns(rowid=Integer)
        )
    # One or two characters: each indexed value has two padding characters after it, so
    # every occurrence starts a trigram; the trigrams starting with the term are one range
    # of the index's terms (fts5vocab reads it without a scan of the rows).
    upper = _next_string(folded)
    if upper is None:
        return None
    return col(Task.id).in_(
        text(f"SELECT doc FROM {SEARCH_FTS_VOCAB} WHERE term >= :lo AND term < :hi")
        .bindparams(lo=folded, hi=upper)
        .columns(doc=Integer)
    )


def _has_search_table(s: Session) -> bool:
    """Whether this SQLite store has the search index (one lookup in the schema table)."""
    in_schema = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n")
    found = s.connection().execute(in_schema, {"n": SEARCH_FTS})
    return found.first() is not None


# heading, text and pinyin key of a task as ix_task_search_grams indexes them.
_GRAMS_OF_TASK = f"public.{SEARCH_GRAMS_FUNCTION}(task.heading || chr(10) || task.text || chr(10) || task.search_key)"


def _next_string(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix` (code point order, as
    UTF-8 bytes compare); None if there is none to write."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000  # surrogates are not characters: the next one is past them
    if last > 0x10FFFF:
        return None
    return prefix[:-1] + chr(last)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = [
    "SORT_KEY_MISMATCH",
    "SOURCE_CONTEXT_CHARS",
    "TaskQuery",
    "attachment_list",
    "canonical_actor",
    "change_marker",
    "count_tasks",
    "event_record",
    "excerpt",
    "get_task",
    "leaders",
    "list_tasks",
    "load",
    "meetings",
    "owned_ids",
    "row_of",
    "rows_of",
    "task_page",
    "task_select",
    "visible_ids",
]
