"""The ledger (台账) as the store gives it: the tasks each unit's workbook lists, the whole
store's ledger rows, and the store's ledger identity that a returned workbook is checked
against.

A unit's workbook carries, per row, the task's id and version and a seal (an HMAC of the
two with a key only this store holds, `meta.ledger_key`), so a returned row whose hidden
cells were edited, or that came from another store, is recognised; the workbook carries
the store's id (`meta.ledger_store_id`). Both are made once, the first time a ledger is
written, and kept in `meta`: no table of issued workbooks is needed (importing the same
file twice is recognised from the history: `ledger_apply`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from tasktui.models import Department, Event, Meeting, Meta, Task, TaskCoOwner
from tasktui.store import departments, policy, queries
from tasktui.store.context import ServiceContext
from tasktui.store.ledger_terms import DEFAULT_STATUSES
from tasktui.store.lifecycle import Action

STORE_ID_KEY = "ledger_store_id"
LEDGER_KEY = "ledger_key"
SEAL_CHARS = 16  # 64 bits of HMAC-SHA256: guessing one is out of reach for a spreadsheet user


@dataclass(frozen=True)
class LedgerIdentity:
    store_id: str
    key: bytes

    def seal(self, task_id: int, version: int) -> str:
        """The row's seal: whoever edits the id or the version cannot make a matching one."""
        msg = f"{self.store_id}|{task_id}|{version}".encode()
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:SEAL_CHARS]

    def sealed(self, task_id: int, version: int, seal: str | None) -> bool:
        return seal is not None and hmac.compare_digest(self.seal(task_id, version), seal.strip().lower())


@dataclass(frozen=True)
class LedgerTask:
    """One task as a ledger row shows it."""

    id: int
    version: int
    meeting_id: int
    meeting: str
    meeting_date: date | None
    parent_id: int | None
    seq: int
    outline: str
    marker: str
    level: int
    kind: str
    heading: str
    text: str
    status: str
    lead: str | None
    co_owners: tuple[str, ...]
    leader: str | None  # 责任领导, when the store records one
    deadline: date | None
    deadline_phrase: str | None
    progress_note: str | None  # the latest progress report, by whichever owner
    progress_unit: str | None
    progress_at: datetime | None


@dataclass
class UnitLedger:
    unit: str
    tasks: list[LedgerTask] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerSnapshot:
    """What a set of workbooks is written from: the rows, the store's identity, the office
    named in the store, and the moment it was read (the workbooks' `written_at`)."""

    identity: LedgerIdentity
    office: str
    written_at: datetime
    units: list[UnitLedger]


def identity(ctx: ServiceContext) -> LedgerIdentity:
    """The store's ledger identity, made (in one write) the first time it is asked for."""
    with ctx.store.session() as s:
        found = _read_identity(s)
    if found is not None:
        return found
    with ctx.store.write() as s:
        found = _read_identity(s)  # another process may have made it meanwhile
        if found is None:
            s.add(Meta(key=STORE_ID_KEY, value=str(uuid.uuid4())))
            s.add(Meta(key=LEDGER_KEY, value=secrets.token_hex(32)))
            s.flush()
            found = _read_identity(s)
        assert found is not None
        return found


def existing_identity(s: Session) -> LedgerIdentity | None:
    """The identity if a ledger was ever written from this store (else no returned
    workbook can be this store's)."""
    return _read_identity(s)


def _read_identity(s: Session) -> LedgerIdentity | None:
    store_id = s.get(Meta, STORE_ID_KEY)
    key = s.get(Meta, LEDGER_KEY)
    if store_id is None or key is None:
        return None
    return LedgerIdentity(store_id.value, bytes.fromhex(key.value))


def unit_ledgers(
    ctx: ServiceContext, units: Sequence[str] | None = None, statuses: Sequence[str] = DEFAULT_STATUSES
) -> LedgerSnapshot:
    """Each unit's tasks (led or co-owned, directive, in `statuses`), in reading order
    (meeting, then position in it). `units` None: every unit with such a task; named
    units are written even when they have none (an empty workbook says so)."""
    policy.office_only(ctx.actor, "导出单位台账").enforce()
    ident = identity(ctx)
    with ctx.store.session() as s:
        named = [departments.require(s, u).name for u in units] if units else None
        tasks = _tasks(s, statuses=statuses)
        by_unit: dict[str, list[LedgerTask]] = {}
        for t in tasks:
            for owner in dict.fromkeys(([t.lead] if t.lead else []) + list(t.co_owners)):
                by_unit.setdefault(owner, []).append(t)
        names = list(dict.fromkeys(named)) if named is not None else _by_pinyin(s, by_unit)
        ledgers = [UnitLedger(u, by_unit.get(u, [])) for u in names]
        return LedgerSnapshot(ident, ctx.store.office_name(), ctx.clock.now(), ledgers)


def store_ledger(ctx: ServiceContext) -> list[LedgerTask]:
    """Every directive of the store, any status, with the items above them (sections),
    in reading order: the whole store as one ledger (`export --format xlsx`)."""
    policy.office_only(ctx.actor, "导出台账").enforce()
    with ctx.store.session() as s:
        directives = _tasks(s, statuses=None)
        ids = {t.id for t in directives}
        parent_ids = {t.parent_id for t in directives if t.parent_id is not None} - ids
        parents: list[LedgerTask] = []
        while parent_ids:  # sections above sections, up to the top
            found = _tasks(s, statuses=None, kinds=None, ids=sorted(parent_ids))
            parents += found
            ids |= {t.id for t in found}
            parent_ids = {t.parent_id for t in found if t.parent_id is not None} - ids
        return sorted(directives + parents, key=_reading_order)


def _reading_order(t: LedgerTask) -> tuple[date, int, int]:
    return (t.meeting_date or date.max, t.meeting_id, t.seq)


def _by_pinyin(s: Session, names: Iterable[str]) -> list[str]:
    wanted = set(names)
    rows = s.exec(select(Department.name).order_by(col(Department.sort_key), col(Department.name))).all()
    return [n for n in rows if n in wanted]


def _tasks(
    s: Session,
    *,
    statuses: Sequence[str] | None,
    kinds: Sequence[str] | None = ("directive",),
    ids: Sequence[int] | None = None,
) -> list[LedgerTask]:
    stmt = (
        select(Task, Meeting, Department)
        .join(Meeting, col(Meeting.id) == col(Task.meeting_id))
        .join(Department, col(Department.id) == col(Task.lead_id), isouter=True)
    )
    if statuses is not None:
        stmt = stmt.where(col(Task.status).in_(list(statuses)))
    if kinds is not None:
        stmt = stmt.where(col(Task.kind).in_(list(kinds)))
    if ids is not None:
        stmt = stmt.where(col(Task.id).in_(list(ids)))
    stmt = stmt.order_by(col(Meeting.date), col(Meeting.id), col(Task.seq), col(Task.id))
    rows = s.exec(stmt).all()
    task_ids = [t.id or 0 for t, _, _ in rows]
    co = co_owner_names(s, task_ids)
    progress = _latest_progress(s, task_ids)
    out = []
    for t, m, d in rows:
        tid = t.id or 0
        note = progress.get(tid)
        out.append(
            LedgerTask(
                id=tid,
                version=t.version,
                meeting_id=m.id or 0,
                meeting=m.title,
                meeting_date=m.date,
                parent_id=t.parent_id,
                seq=t.seq,
                outline=t.outline,
                marker=t.marker,
                level=t.level,
                kind=t.kind,
                heading=t.heading,
                text=t.text,
                status=t.status,
                lead=d.name if d else None,
                co_owners=tuple(co.get(tid, ())),
                leader=t.responsible_leader,
                deadline=t.deadline,
                deadline_phrase=t.deadline_phrase,
                progress_note=note.note if note else None,
                progress_unit=note.actor if note else None,
                progress_at=note.at if note else None,
            )
        )
    return out


def chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    # SQLite binds at most 999 parameters per statement on older builds.
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def co_owner_names(s: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """Each task's co-owners in their order, for many tasks in a few queries."""
    co: dict[int, list[str]] = {}
    for chunk in chunks(ids):
        for task_id, name in s.exec(
            select(TaskCoOwner.task_id, Department.name)
            .join(Department, col(Department.id) == col(TaskCoOwner.department_id))
            .where(col(TaskCoOwner.task_id).in_(chunk))
            .order_by(col(TaskCoOwner.task_id), *queries.CO_OWNER_ORDER)
        ):
            co.setdefault(task_id, []).append(name)
    return co


def _latest_progress(s: Session, ids: Sequence[int]) -> dict[int, Event]:
    latest: dict[int, Event] = {}
    for chunk in chunks(ids):
        last_ids = (
            select(func.max(Event.id))
            .where(col(Event.task_id).in_(chunk), col(Event.action) == Action.PROGRESS.value)
            .group_by(col(Event.task_id))
        )
        for e in s.exec(select(Event).where(col(Event.id).in_(last_ids))):
            latest[e.task_id] = e
    return latest


__all__ = [
    "DEFAULT_STATUSES",
    "LedgerIdentity",
    "LedgerSnapshot",
    "LedgerTask",
    "UnitLedger",
    "chunks",
    "co_owner_names",
    "existing_identity",
    "identity",
    "store_ledger",
    "unit_ledgers",
]
