"""Whole meetings in and out: a speech's extraction stored as a meeting, a task file's
plan stored in one transaction, and the whole store given back as a plan to export.

Identity: a meeting's `content_hash` (the speech's sha256, or the task file's meeting
`id`); the same meeting imported twice is skipped and reported, never duplicated — also
when several processes import it at the same moment (`_retry_on_unique`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from tasktui.extract.types import Extraction
from tasktui.models import Attachment, Department, DepartmentAlias, Event, Meeting, Meta, Task, TaskCoOwner
from tasktui.search import pinyin_keys_many, pinyin_sort_key
from tasktui.store import bulk_insert, departments, policy, queries
from tasktui.store.cadence import CADENCE_MAX
from tasktui.store.context import ServiceContext
from tasktui.store.lifecycle import DEFAULT_URGENCY, PENDING, Action
from tasktui.store.plan import PlanMeeting, PlanTask, TaskFile
from tasktui.store.views import AttachmentView, EventRecord, ImportResult
from tasktui.textcheck import check_text

T = TypeVar("T")

# How many times an import is run again after another process stored the same meeting (or
# department) first. One is enough for one race; a unique violation that is still there on
# the last attempt is no race and goes up as it is.
IMPORT_ATTEMPTS = 3


def cycle_times(history: Sequence[EventRecord]) -> tuple[datetime | None, datetime | None]:
    """When the task was last given to a new lead (交办, 改派) and when that lead signed
    for it (签收), replayed from a history the way the actions write them."""
    assigned: datetime | None = None
    acknowledged: datetime | None = None
    lead: str | None = None
    for e in history:
        if e.action in ("assigned", "reassigned"):
            if e.to_value != lead:
                assigned, acknowledged = (e.at if e.to_value else None), None
            lead = e.to_value
        elif e.action == "acknowledged":
            acknowledged = e.at
    return assigned, acknowledged


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_unique_violation(exc: IntegrityError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def _retry_on_unique(run: Callable[[], T]) -> T:
    """`run()` (one whole write transaction), again when it lost a race on a unique key.

    SQLite serialises writers (BEGIN IMMEDIATE), so the "already imported?" look and the
    insert see the same store. PostgreSQL does not: eight processes importing the same
    speech all look, find nothing, and insert; the first to commit wins and the others get
    a unique violation on meeting.content_hash (or department.name). The transaction that
    lost is rolled back whole, so running it again is safe: its look now finds the
    meeting and reports it as already imported, as SQLite would have."""
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        try:
            return run()
        except IntegrityError as exc:
            if attempt == IMPORT_ATTEMPTS or not _is_unique_violation(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def import_extraction(
    ctx: ServiceContext,
    extraction: Extraction,
    *,
    source_name: str | None,
    meeting_date: date | None = None,
    title: str | None = None,
) -> ImportResult:
    """Store a speech's extracted items as one meeting: directives land in 待分派 with
    owners and deadlines as suggestions (the lead and co-owners the text states are
    pre-filled when they are known units), the other kinds stay as context. The same text
    imported twice is a no-op."""
    policy.office_only(ctx.actor, "导入讲话稿").enforce()
    digest = content_hash(extraction.text)
    return _retry_on_unique(
        lambda: _store_extraction(
            ctx, extraction, digest, source_name=source_name, meeting_date=meeting_date, title=title
        )
    )


def _proposed_cadence(phrase: str | None) -> str | None:
    """The extractor's cadence phrase, when the cadence grammar reads it and it fits."""
    from tasktui.extract.cadence import parse_cadence  # see store/cadence.py: loaded when judged

    if not phrase or len(phrase) > CADENCE_MAX or parse_cadence(phrase) is None:
        return None
    return phrase


def _store_extraction(
    ctx: ServiceContext,
    extraction: Extraction,
    digest: str,
    *,
    source_name: str | None,
    meeting_date: date | None,
    title: str | None,
) -> ImportResult:
    with ctx.store.write() as s:
        existing = s.exec(select(Meeting).where(col(Meeting.content_hash) == digest)).first()
        if existing is not None:
            return ImportResult(existing.id, existing.title, created=False)
        now = ctx.clock.now()
        meeting = Meeting(
            title=(title or extraction.title or source_name or "未命名会议")[:500],
            date=meeting_date or extraction.meeting_date,
            source_name=source_name,
            content_hash=digest,
            source_text=extraction.text,
            imported_at=now,
        )
        s.add(meeting)
        s.flush()
        result = ImportResult(meeting.id, meeting.title, created=True, warnings=list(extraction.warnings))
        known = _KnownUnits(s)
        note = f"提取自 {source_name or meeting.title}"
        if extraction.items:
            check_text(note, "备注")  # as actions.record checks every event's note
        task_ids = bulk_insert.new_ids(s, _TASK, len(extraction.items))
        keys = pinyin_keys_many(item.text for item in extraction.items)
        by_outline: dict[str, int] = {}
        tasks: list[dict[str, object]] = []
        co_owners: list[dict[str, object]] = []
        events: list[dict[str, object]] = []
        for seq, (item, task_id, (search_key, heading_key)) in enumerate(
            zip(extraction.items, task_ids, keys, strict=True)
        ):
            dl = item.deadline
            lead_id, co_ids = (
                known.roles(item.lead, item.co_owners, item.owners) if item.kind == "directive" else (None, [])
            )
            tasks.append(
                {
                    "id": task_id,
                    "meeting_id": meeting.id,
                    "parent_id": by_outline.get(item.parent_id) if item.parent_id else None,
                    "seq": seq,
                    "outline": item.id,
                    "marker": item.marker,
                    "level": item.level,
                    "kind": item.kind,
                    "heading": item.text[:2000],
                    "text": item.body or item.text,
                    "span_start": item.span[0],
                    "span_end": item.span[1],
                    "deadline": dl.date if dl is not None else None,
                    "deadline_phrase": item.deadline_phrase,
                    "deadline_unresolved": bool(dl is not None and dl.status == "unresolved"),
                    "status": PENDING,
                    "priority": 0,
                    "lead_id": lead_id,
                    "owner_hint": "、".join(item.owners) or None,
                    # The speech's recurring report limit (每月5日前报送) is proposed as the
                    # task's 汇报频次: it counts only once the task is given out (a task in
                    # triage owes nothing), and the office changes or clears it with `cadence`.
                    "report_every": _proposed_cadence(item.report_every) if item.kind == "directive" else None,
                    "search_key": search_key,
                    "heading_key": heading_key,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "assigned_at": None,
                    "acknowledged_at": None,
                    "responsible_leader": None,
                    "urgency": DEFAULT_URGENCY,
                }
            )
            for cid in co_ids:
                co_owners.append({"task_id": task_id, "department_id": cid, "seq": 0})
            by_outline[item.id] = task_id
            result.items += 1
            if item.kind == "directive":
                result.directives += 1
                result.owners_found += 1 if item.owners else 0
                if dl is not None and dl.status == "unresolved":
                    result.unresolved_deadlines += 1
            lead_name = _department_name(s, lead_id) if lead_id else None
            # The event as actions.record writes it: the state after it, co-owners in
            # their listed order (all at position 0 here: by name).
            events.append(
                {
                    "task_id": task_id,
                    "at": now,
                    "actor": ctx.actor.name,
                    "action": Action.CREATED.value,
                    "from_value": None,
                    "to_value": PENDING,
                    "note": note,
                    "status_after": PENDING,
                    "deadline_after": dl.date if dl is not None else None,
                    "lead_after": lead_name,
                    "co_after": "、".join(_names_in_order(s, co_ids)),
                }
            )
        for table, rows in ((_TASK, tasks), (_CO_OWNER, co_owners), (_EVENT, events)):
            bulk_insert.insert_rows(s, table, rows)
        return result


def _department_name(s: Session, dept_id: int) -> str:
    dept = s.get(Department, dept_id)  # _KnownUnits loaded it: from the session's map
    return dept.name if dept is not None else ""


def _names_in_order(s: Session, dept_ids: Sequence[int]) -> list[str]:
    """Co-owners' names as the history lists them (queries.CO_OWNER_ORDER: position, all
    0 for a speech's, then name in the database's own collation)."""
    if not dept_ids:
        return []
    return list(
        s.exec(select(Department.name).where(col(Department.id).in_(list(dept_ids))).order_by(col(Department.name)))
    )


class _KnownUnits:
    """The store's departments for the units an extraction names, looked up once each.

    The import pre-fills the lead (牵头) and co-owners (配合) the text states when they
    are known units; the task still waits in 待分派 for the office to confirm (交办)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.ids: dict[str, int | None] = {}
        self.names: dict[int, list[str]] = {}  # a department's name and aliases

    def find(self, name: str) -> int | None:
        if name not in self.ids:
            dept = departments.find(self.s, name)
            self.ids[name] = dept.id if dept is not None else None
            if dept is not None and dept.id is not None and dept.id not in self.names:
                aliases = self.s.exec(
                    select(DepartmentAlias.alias).where(col(DepartmentAlias.department_id) == dept.id)
                ).all()
                self.names[dept.id] = [dept.name, *aliases]
        return self.ids[name]

    def _other_level(self, dept_id: int, phrases: list[str]) -> bool:
        """Does the text name this unit's kind at another level of government (县住建局 when
        the store has 市住建局)? Then the text means another unit: no pre-fill."""
        for known in self.names.get(dept_id, []):
            level, base = known[:1], known[1:]
            if level not in _LEVELS or len(base) < 2:
                continue
            for phrase in phrases:
                at = phrase.find(base)
                while at > 0:
                    if phrase[at - 1] in _LEVELS and phrase[at - 1] != level:
                        return True
                    at = phrase.find(base, at + 1)
        return False

    def roles(self, lead: list[str], co: list[str], phrases: list[str]) -> tuple[int | None, list[int]]:
        """The first known lead unit, and the other known units as co-owners (a 牵头 list
        of several units has one lead; the rest work with it); a unit the text names at
        another level of government is not taken for the store's."""

        def known(names: list[str]) -> list[int]:
            found = (self.find(n) for n in names)
            return [i for i in found if i is not None and not self._other_level(i, phrases)]

        lead_ids = known(lead)
        lead_id = lead_ids[0] if lead_ids else None
        co_ids = known([*lead[1:], *co])
        return lead_id, [i for i in dict.fromkeys(co_ids) if i != lead_id]


# Level-of-government prefixes of unit names (县住建局, 市住建局, 区教体局).
_LEVELS = frozenset("省市县区州镇乡")


def apply_task_file(ctx: ServiceContext, tf: TaskFile) -> list[ImportResult]:
    """Store a validated task file in one transaction. A meeting already imported
    (same content hash) is skipped and reported as such."""
    policy.office_only(ctx.actor, "导入任务文件").enforce()
    return _retry_on_unique(lambda: _apply_task_file(ctx, tf))


def _apply_task_file(ctx: ServiceContext, tf: TaskFile) -> list[ImportResult]:
    with ctx.store.write() as s:
        if tf.office:
            row = s.get(Meta, "office")
            if row is None:
                s.add(Meta(key="office", value=tf.office))
            else:
                row.value = tf.office
        ids: dict[str, int] = {}
        for name, aliases in tf.departments:
            dept = departments.find(s, name)
            if dept is None:
                dept = Department(name=name)
                s.add(dept)
                s.flush()
            for alias in aliases:
                if departments.find(s, alias) is None:
                    s.add(DepartmentAlias(department_id=dept.id or 0, alias=alias))
            ids[name] = dept.id or 0
        s.flush()

        def dept_id(name: str) -> int:
            if name not in ids:
                ids[name] = departments.require_id(s, name)
            return ids[name]

        # Which meetings are new: one look for the file's meetings, not one each.
        hashes = [pm.content_hash for pm in tf.meetings]
        stored: dict[str, tuple[int | None, str]] = {}
        for at in range(0, len(hashes), 500):
            for m_id, m_hash, m_title in s.exec(
                select(Meeting.id, Meeting.content_hash, Meeting.title).where(
                    col(Meeting.content_hash).in_(hashes[at : at + 500])
                )
            ):
                stored[m_hash or ""] = (m_id, m_title)
        fresh: dict[str, PlanMeeting] = {}
        for pm in tf.meetings:
            if pm.content_hash not in stored:
                fresh.setdefault(pm.content_hash, pm)
        rows = _PlanRows(s, ctx.clock.now(), dept_id, list(fresh.values()))
        made = {pm.content_hash: rows.add_meeting(pm) for pm in fresh.values()}
        rows.write()
        results: list[ImportResult] = []
        for pm in tf.meetings:
            if pm.content_hash in stored:
                m_id, m_title = stored[pm.content_hash]
                results.append(ImportResult(m_id, m_title, created=False))
            else:
                res = made[pm.content_hash]
                # The same meeting twice in one file: the second finds the first stored.
                again = any(r is res for r in results)
                results.append(ImportResult(res.meeting_id, res.title, created=False) if again else res)
    return results


class _PlanRows:
    """A task file's new meetings as plain rows, written table by table with one
    statement each (`bulk_insert`): the rows the ORM wrote one object and one flush at a
    time, with the same ids in the same order (drawn up front for every meeting and
    task of the file)."""

    def __init__(self, s: Session, now: datetime, dept_id: Callable[[str], int], fresh: Sequence[PlanMeeting]) -> None:
        self.s, self.now, self.dept_id = s, now, dept_id
        self.meeting_ids = iter(bulk_insert.new_ids(s, _MEETING, len(fresh)))
        self.task_ids = iter(bulk_insert.new_ids(s, _TASK, sum(len(pm.tasks) for pm in fresh)))
        self.meetings: list[dict[str, object]] = []
        self.tasks: list[dict[str, object]] = []
        self.co_owners: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []

    def add_meeting(self, pm: PlanMeeting) -> ImportResult:
        meeting_id = next(self.meeting_ids)
        self.meetings.append(
            {
                "id": meeting_id,
                "title": pm.title,
                # Written here as the ORM's insert hook would (models._meeting_sort_key):
                # these rows bypass the ORM, and an empty key sorts the meeting first.
                "sort_key": pinyin_sort_key(pm.title),
                "date": pm.date,
                "source_name": pm.source,
                "content_hash": pm.content_hash,
                "source_text": pm.source_text,
                "source_kind": pm.source_kind,
                "imported_at": self.now,
            }
        )
        res = ImportResult(meeting_id, pm.title, created=True)
        listed = sum(len(pt.attachments) for pt in pm.tasks)
        if listed:
            res.warnings.append(
                f"任务文件列出 {listed} 份佐证材料，但不含文件内容，未导入（历史中仍有上传记录；"
                "连同文件整库迁移请用 tasktui backup / restore）"
            )
        keys = pinyin_keys_many(pt.heading for pt in pm.tasks)
        by_outline: dict[str, int] = {}
        for seq, (pt, (search_key, heading_key)) in enumerate(zip(pm.tasks, keys, strict=True)):
            task_id = next(self.task_ids)
            assigned_at, acknowledged_at = cycle_times(pt.history)
            self.tasks.append(
                {
                    "id": task_id,
                    "meeting_id": meeting_id,
                    "parent_id": by_outline.get(pt.parent_outline or ""),
                    "seq": seq,
                    "outline": pt.outline,
                    "marker": pt.marker,
                    "level": pt.level,
                    "kind": pt.kind,
                    "heading": pt.heading,
                    "text": pt.text,
                    "span_start": pt.span[0] if pt.span else None,
                    "span_end": pt.span[1] if pt.span else None,
                    "deadline": pt.deadline,
                    "deadline_phrase": pt.deadline_phrase,
                    "deadline_unresolved": pt.deadline_unresolved,
                    "status": pt.status,
                    "priority": pt.priority,
                    "lead_id": self.dept_id(pt.lead) if pt.lead else None,
                    "owner_hint": pt.owner_hint,
                    "search_key": search_key,
                    "heading_key": heading_key,
                    "created_at": pt.created_at,
                    "updated_at": pt.history[-1].at if pt.history else self.now,
                    "version": 1,
                    "assigned_at": assigned_at,
                    "acknowledged_at": acknowledged_at,
                    "responsible_leader": pt.responsible_leader,
                    "urgency": pt.urgency,
                    "report_every": pt.report_every,
                }
            )
            by_outline[pt.outline] = task_id
            for position, c in enumerate(dict.fromkeys(pt.co)):
                self.co_owners.append({"task_id": task_id, "department_id": self.dept_id(c), "seq": position})
            for e in pt.history:
                # The record's fields are the event's columns; the id is the database's.
                event: dict[str, object] = e._asdict()
                del event["id"]
                event["task_id"] = task_id
                self.events.append(event)
            res.items += 1
            if pt.kind == "directive":
                res.directives += 1
                res.unresolved_deadlines += int(pt.deadline_unresolved)
                res.owners_found += int(pt.lead is not None)
        return res

    def write(self) -> None:
        """Parents first: meetings, tasks (a parent before its children), then the rows
        that name a task."""
        for table, rows in (
            (_MEETING, self.meetings),
            (_TASK, self.tasks),
            (_CO_OWNER, self.co_owners),
            (_EVENT, self.events),
        ):
            bulk_insert.insert_rows(self.s, table, rows)


_MEETING = bulk_insert.table_of(Meeting)
_TASK = bulk_insert.table_of(Task)
_CO_OWNER = bulk_insert.table_of(TaskCoOwner)
_EVENT = bulk_insert.table_of(Event)


def export_task_file(ctx: ServiceContext) -> TaskFile:
    """The whole store as a task-file plan (what `tasktui export --format toml` writes)."""
    policy.office_only(ctx.actor, "导出数据").enforce()
    with ctx.store.session() as s:
        names = {d.id: d.name for d in s.exec(select(Department))}
        co: dict[int, list[str]] = {}
        for task_id, name in s.exec(
            select(TaskCoOwner.task_id, Department.name)
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .order_by(col(TaskCoOwner.task_id), *queries.CO_OWNER_ORDER)
        ):
            co.setdefault(task_id, []).append(name)
        evidence: dict[int, list[AttachmentView]] = {}
        listing = select(Attachment).options(defer(Attachment.content))  # type: ignore[arg-type]
        for a in s.exec(listing.order_by(col(Attachment.task_id), col(Attachment.seq))):
            evidence.setdefault(a.task_id, []).append(
                AttachmentView(a.task_id, a.seq, a.name, a.media_type, a.size, a.sha256, a.added_at, a.added_by)
            )
        events: dict[int, list[EventRecord]] = {}
        for e in s.exec(select(Event).order_by(col(Event.task_id), col(Event.at), col(Event.id))):
            events.setdefault(e.task_id, []).append(queries.event_record(e))
        meetings: list[PlanMeeting] = []
        for m in s.exec(select(Meeting).order_by(col(Meeting.id))):
            pm = PlanMeeting(
                m.title,
                m.date,
                m.source_name,
                m.content_hash or "",
                source_text=m.source_text,
                source_kind=m.source_kind,
            )
            tasks = s.exec(select(Task).where(col(Task.meeting_id) == m.id).order_by(col(Task.seq), col(Task.id)))
            for t in tasks:
                outline = t.outline
                pm.tasks.append(
                    PlanTask(
                        outline=outline,
                        marker=t.marker,
                        level=t.level,
                        kind=t.kind,
                        heading=t.heading,
                        text=t.text,
                        lead=names.get(t.lead_id) if t.lead_id else None,
                        co=co.get(t.id or 0, []),
                        deadline=t.deadline,
                        deadline_phrase=t.deadline_phrase,
                        deadline_unresolved=t.deadline_unresolved,
                        status=t.status,
                        priority=t.priority,
                        notes=[],
                        history=events.get(t.id or 0, []),
                        parent_outline=outline.rsplit(".", 1)[0] if "." in outline else None,
                        created_at=t.created_at,
                        responsible_leader=t.responsible_leader,
                        urgency=t.urgency,
                        report_every=t.report_every,
                        span=(t.span_start, t.span_end)
                        if t.span_start is not None and t.span_end is not None
                        else None,
                        owner_hint=t.owner_hint,
                        attachments=evidence.get(t.id or 0, []),
                    )
                )
            meetings.append(pm)
    return TaskFile(office=ctx.store.office_name(), departments=departments.listing(ctx), meetings=meetings)


__all__ = ["apply_task_file", "content_hash", "export_task_file", "import_extraction"]
