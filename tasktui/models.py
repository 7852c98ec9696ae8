"""The data model (SQLModel): meetings, tasks, departments, owners, history events.

One module, as SQLModel's docs recommend. Sessions are created by `tasktui.store.db.Store`
and passed in; nothing here holds a global session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.schema import DDL
from sqlmodel import Field, SQLModel, col

from tasktui.extract.types import KINDS

# The library's capability and the index's name live with the standard library's reads;
# here they decide the schema (tests replace models.sqlite_has_trigram).
from tasktui.sqlite_features import SEARCH_FTS, sqlite_has_trigram
from tasktui.store.lifecycle import DEFAULT_URGENCY, NO_COUNTDOWN_STATUSES, STATUSES, URGENCIES

SCHEMA_VERSION = 9

# The countdown order's keys, computed by the database from status and deadline (generated
# columns, STORED; migration 0002 adds them VIRTUAL on SQLite, whose ALTER TABLE cannot add
# STORED ones — same values, same indexes), so no write path can leave them stale — a
# unit role on PostgreSQL may UPDATE only status/version/updated_at, and the keys still
# follow. Frozen copies of these expressions live in migrations 0002 and 0008; `settled`
# is 1 for a status without a countdown (lifecycle.NO_COUNTDOWN_STATUSES: the settled
# ones and 持续整改), which the countdown order lists after the running ones.
SETTLED_SQL = (
    "CASE WHEN status IN ("
    + ", ".join("'" + s + "'" for s in STATUSES if s in NO_COUNTDOWN_STATUSES)
    + ") THEN 1 ELSE 0 END"
)
# NULL deadlines sort last without NULLS LAST (SQLite puts NULL first in ascending order).
DUE_KEY_SENTINEL = dt.date(9999, 12, 31)
DUE_KEY_SQL = "COALESCE(deadline, '9999-12-31')"


def rank_sql(column: str, values: Iterable[str]) -> str:
    """`CASE column WHEN 'a' THEN 0 WHEN 'b' THEN 1 … END`: a value's place in `values`."""
    whens = " ".join("WHEN '" + v.replace("'", "''") + f"' THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {whens} END"


# The status sort in lifecycle order (待分派, 已交办, 整改中, 持续整改, 已完成待核, 已销号,
# 不立项), not by code point: generated like the countdown keys, so a status written any
# way (a unit role's raw UPDATE included) has its rank. Frozen copies in migrations 0007, 0008.
STATUS_RANK_SQL = rank_sql("status", STATUSES)


def in_list_sql(column: str, values: Iterable[str]) -> str:
    """`column IN ('a', 'b')`, quoted: the CHECK constraints below are built from the
    lifecycle's and the extractor's own tuples, never a copy of them."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


# The database refuses a status or kind the service does not know, whoever writes it (a
# unit role on PostgreSQL writes `status` with raw SQL if it likes). PostgreSQL only:
# SQLite would need the task table rebuilt to add them, and it has no roles — the
# service is its only writer. Migration 0004 adds them to existing PostgreSQL stores.
STATUS_CHECK = "ck_task_status"
KIND_CHECK = "ck_task_kind"
STATUS_CHECK_SQL = in_list_sql("status", STATUSES)
KIND_CHECK_SQL = in_list_sql("kind", KINDS)
URGENCY_CHECK = "ck_task_urgency"
URGENCY_CHECK_SQL = in_list_sql("urgency", URGENCIES)


class Meta(SQLModel, table=True):
    """Key/value facts about the store itself (schema version, office name)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=512)


class Meeting(SQLModel, table=True):
    # The meeting sort (by title, in pinyin order) walks this index, meeting by meeting,
    # and each meeting's tasks off ix_task_meeting_id: no sort of the whole task table.
    __table_args__ = (Index("ix_meeting_sort_key", "sort_key", "title", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    date: dt.date | None = Field(default=None)
    source_name: str | None = Field(default=None, max_length=500)
    # sha256 of the source text: re-importing the same speech is a no-op.
    content_hash: str | None = Field(default=None, max_length=64, unique=True)
    source_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    imported_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    # What kind of document the tasks came from (讲话, 会议纪要, 通知, 批示, 上级交办;
    # store.meetings.SOURCE_KINDS); NULL until someone says.
    source_kind: str | None = Field(default=None, max_length=16)
    # The title as a dictionary orders it (tasktui.search.pinyin_sort_key), for the meeting
    # sort; kept in step with the title on every insert and update (`_meeting_sort_key`).
    sort_key: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))


@event.listens_for(Meeting, "before_insert")
@event.listens_for(Meeting, "before_update")
def _meeting_sort_key(_mapper: object, _connection: object, target: Meeting) -> None:
    from tasktui.search import pinyin_sort_key

    target.sort_key = pinyin_sort_key(target.title)


class Department(SQLModel, table=True):
    # The lead sort walks units in this order and each unit's tasks off ix_task_lead_id.
    __table_args__ = (Index("ix_department_sort_key", "sort_key", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    # The name as a dictionary orders it (tasktui.search.pinyin_sort_key), so units sort
    # the way offices list them (安监局 before 财政局, not by code point); kept in step
    # with the name on every insert and update (`_department_sort_key` below).
    sort_key: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    # The name's pinyin and initials (tasktui.search.pinyin_key: "qujiaotiju qjtj"), so a
    # search for `jtj` finds the unit without loading pypinyin at query time.
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))


@event.listens_for(Department, "before_insert")
@event.listens_for(Department, "before_update")
def _department_sort_key(_mapper: object, _connection: object, target: Department) -> None:
    """The store's every write of a unit goes through the ORM (add, rename, a task file's
    units): the keys follow the name there, once, not per row at query time."""
    from tasktui.search import pinyin_key, pinyin_sort_key

    target.sort_key = pinyin_sort_key(target.name)
    target.search_key = pinyin_key(target.name)


class DepartmentAlias(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    alias: str = Field(max_length=200, unique=True)
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))


@event.listens_for(DepartmentAlias, "before_insert")
@event.listens_for(DepartmentAlias, "before_update")
def _alias_search_key(_mapper: object, _connection: object, target: DepartmentAlias) -> None:
    from tasktui.search import pinyin_key

    target.search_key = pinyin_key(target.alias)


class Task(SQLModel, table=True):
    __table_args__ = (
        Index("ix_task_status_deadline", "status", "deadline"),
        Index("ix_task_kind_deadline", "kind", "deadline"),
        # Countdown order (open first, deadline ascending, none last, then id) straight off
        # the index, for every view; status trails so status filters need no row lookup.
        Index("ix_task_countdown", "kind", "settled", "due_key", "id", "status"),
        # Status filters and counts (covering), the status sort, a one-status view (待分派)
        # in countdown order.
        Index("ix_task_kind_status", "kind", "status", "settled", "due_key", "id"),
        # The status sort, in lifecycle order; the heading sort, by pinyin (search_key):
        # a page of either is read off the index, not sorted from the whole table.
        Index("ix_task_kind_status_rank", "kind", "status_rank", "id"),
        Index("ix_task_kind_heading_key", "kind", "heading_key", "id"),
        # The lead and meeting sorts walk units (meetings) in order and look up each one's
        # tasks here: the view's filters (kind, status, overdue / due soon) are read off
        # the index, so a unit with no task in the view costs one seek, not a row per task.
        Index("ix_task_lead_walk", "lead_id", "kind", "status", "settled", "due_key", "id"),
        Index("ix_task_meeting_walk", "meeting_id", "kind", "status", "settled", "due_key", "id"),
        CheckConstraint(STATUS_CHECK_SQL, name=STATUS_CHECK).ddl_if(dialect="postgresql"),
        CheckConstraint(KIND_CHECK_SQL, name=KIND_CHECK).ddl_if(dialect="postgresql"),
        CheckConstraint(URGENCY_CHECK_SQL, name=URGENCY_CHECK).ddl_if(dialect="postgresql"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    seq: int = 0  # reading order inside the meeting
    outline: str = Field(default="", max_length=64)
    marker: str = Field(default="", max_length=32)
    level: int = 1
    kind: str = Field(default="directive", max_length=16)
    heading: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    span_start: int | None = None
    span_end: int | None = None
    deadline: dt.date | None = Field(default=None, index=True)
    deadline_phrase: str | None = Field(default=None, max_length=200)
    # A placeholder phrase (`X月底前`) that a person must turn into a date.
    deadline_unresolved: bool = False
    status: str = Field(default="待分派", max_length=16)
    priority: int = 0
    lead_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    # Owners the extractor suggested (verbatim phrases, "、"-joined) for triage.
    owner_hint: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Pinyin of the heading, full and initials ("kongchuobaoxue kcbx"), for fast search.
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The heading as a dictionary orders it (tasktui.search.pinyin_sort_key), for the
    # heading sort; set on insert (`_task_heading_key` below) and by actions.save.
    heading_key: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    # Naive local times: the office works in one time zone and reads them as such.
    created_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    # Optimistic locking: every update carries the version it read.
    version: int = 1
    # The supervision cycle (schema 8). When the task was last given to its lead (交办 or
    # 改派) and when that lead signed for it (签收; cleared by a new assignment): 未签收 is
    # derived from these and today, never stored.
    assigned_at: datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    # 责任领导: the leader answerable for the task (a person's name and title, as offices write it).
    responsible_leader: str | None = Field(default=None, max_length=100)
    # 紧急程度 (lifecycle.URGENCIES).
    urgency: str = Field(
        default=DEFAULT_URGENCY,
        sa_column=Column(Text, nullable=False, default=DEFAULT_URGENCY, server_default=DEFAULT_URGENCY),
    )
    # 汇报频次: how often the owners must report progress, as a phrase the deadline grammar
    # reads (每月5日前, 每周五前, 每月, 每季度); 未按期报送 is derived from it and the history.
    report_every: str | None = Field(default=None, max_length=64)
    # Derived sort keys (read-only, see SETTLED_SQL / DUE_KEY_SQL above). Overdue is not
    # stored: it depends on today and is worked out at read time.
    settled: int | None = Field(
        default=None, sa_column=Column(Integer, Computed(SETTLED_SQL, persisted=True), nullable=True)
    )
    due_key: dt.date | None = Field(
        default=None, sa_column=Column(Date, Computed(DUE_KEY_SQL, persisted=True), nullable=True)
    )
    status_rank: int | None = Field(
        default=None, sa_column=Column(Integer, Computed(STATUS_RANK_SQL, persisted=True), nullable=True)
    )


# Status sort reversed (lifecycle order backwards, id still ascending): no backward scan gives it.
Index("ix_task_kind_status_rank_desc", col(Task.kind), col(Task.status_rank).desc(), col(Task.id))
# Countdown reversed (open first, latest deadline first, none still last, then id).
# SQLite's DESC already puts NULLs last and it refuses NULLS LAST in an index; PostgreSQL
# needs it spelled out. Same name, one per dialect.
Index("ix_task_countdown_desc", col(Task.kind), col(Task.settled), col(Task.deadline).desc(), col(Task.id)).ddl_if(
    dialect="sqlite"
)
Index(
    "ix_task_countdown_desc", col(Task.kind), col(Task.settled), col(Task.deadline).desc().nulls_last(), col(Task.id)
).ddl_if(dialect="postgresql")


@event.listens_for(Task, "before_insert")
def _task_heading_key(_mapper: object, _connection: object, target: Task) -> None:
    """Every task the store creates (a speech's items, a task file's tasks) goes through
    the ORM: its heading's sort key is worked out here, once."""
    from tasktui.search import pinyin_sort_key

    target.heading_key = pinyin_sort_key(target.heading)


# ---------------------------------------------------------------- the search index
#
# The task list's search (store/queries.py) asks for headings, texts and pinyin keys that
# contain what was typed. These indexes give it a small superset of the matching tasks,
# which the same LIKE predicate as before then checks: the answer is exactly the LIKE
# answer, without reading every row. Triggers (SQLite) and an expression index
# (PostgreSQL) keep them in step with every write, whoever makes it. Frozen copies of
# this DDL live in migration 0009.
#
# SQLite: an FTS5 table with the trigram tokenizer (case-folded) over the three columns,
# contentless (only rowids come back). Each value is indexed with two SEARCH_PAD
# characters after it, so every character of it starts a trigram: the tasks holding a 1–2
# character string are those with a trigram starting with it (a range of the index's
# terms, through the fts5vocab table), not a scan of every row.
SEARCH_FTS_VOCAB = "task_fts_terms"
SEARCH_PAD = "\x1f"
_PADDED = "{0}.heading || char(31, 31), {0}.text || char(31, 31), {0}.search_key || char(31, 31)"
SQLITE_SEARCH_DDL: tuple[str, ...] = (
    f"CREATE VIRTUAL TABLE {SEARCH_FTS} USING fts5(heading, text, search_key, tokenize='trigram', content='')",
    f"CREATE VIRTUAL TABLE {SEARCH_FTS_VOCAB} USING fts5vocab({SEARCH_FTS}, 'instance')",
    f"CREATE TRIGGER task_fts_insert AFTER INSERT ON task BEGIN "
    f"INSERT INTO {SEARCH_FTS}(rowid, heading, text, search_key) VALUES (new.id, {_PADDED.format('new')}); END",
    f"CREATE TRIGGER task_fts_delete AFTER DELETE ON task BEGIN "
    f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rowid, heading, text, search_key) "
    f"VALUES ('delete', old.id, {_PADDED.format('old')}); END",
    f"CREATE TRIGGER task_fts_update AFTER UPDATE OF heading, text, search_key ON task BEGIN "
    f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rowid, heading, text, search_key) "
    f"VALUES ('delete', old.id, {_PADDED.format('old')}); "
    f"INSERT INTO {SEARCH_FTS}(rowid, heading, text, search_key) VALUES (new.id, {_PADDED.format('new')}); END",
)
# PostgreSQL: a GIN index over the characters and character pairs of the three columns,
# lower-cased (ILIKE's own folding): a task holding a string holds its pairs (or, for one
# character, that character). pg_trgm is not used: under the C locale (the tests' cluster,
# and many servers) it takes no trigrams from Chinese text at all, and it asks for an
# extension; this needs neither and answers 1–2 characters as well. Like every tasktui
# function it pins its search path and runs as its owner (tests/security check all of
# them); it reads no table, so that grants nothing.
SEARCH_GRAMS_FUNCTION = "tasktui_grams"
SEARCH_GRAMS_SQL = "public.tasktui_grams(heading || chr(10) || text || chr(10) || search_key)"
POSTGRES_SEARCH_DDL: tuple[str, ...] = (
    """CREATE OR REPLACE FUNCTION public.tasktui_grams(value text) RETURNS text[]
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SECURITY DEFINER
       SET search_path = pg_catalog, public, pg_temp AS $$
         SELECT coalesce(pg_catalog.array_agg(DISTINCT g), '{}')
           FROM (SELECT pg_catalog.lower(value) AS v) l,
                LATERAL (SELECT pg_catalog.substr(l.v, i, 1)
                           FROM pg_catalog.generate_series(1, pg_catalog.length(l.v)) i
                         UNION ALL
                         SELECT pg_catalog.substr(l.v, i, 2)
                           FROM pg_catalog.generate_series(1, pg_catalog.length(l.v) - 1) i) AS grams(g)
       $$""",
    f"CREATE INDEX ix_task_search_grams ON task USING gin ({SEARCH_GRAMS_SQL})",
)
# Objects of the search index that Alembic's comparison with these models cannot know.
SEARCH_INDEX_OBJECTS = frozenset({SEARCH_FTS, SEARCH_FTS_VOCAB, "ix_task_search_grams"})


def _sqlite_search_index(
    ddl: Any, target: Any, bind: Any, tables: Any = None, state: Any = None, *, dialect: Any, **kw: Any
) -> bool:
    return bool(dialect.name == "sqlite" and sqlite_has_trigram())


_task_table = Task.__table__  # type: ignore[attr-defined]
for _stmt in SQLITE_SEARCH_DDL:
    event.listen(_task_table, "after_create", DDL(_stmt).execute_if(callable_=_sqlite_search_index))
for _stmt in POSTGRES_SEARCH_DDL:
    event.listen(_task_table, "after_create", DDL(_stmt).execute_if(dialect="postgresql"))


class TaskCoOwner(SQLModel, table=True):
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True, index=True)
    # Position in the list as entered (0, 1, …): co-owners are shown and recorded in this
    # order, never re-sorted. Rows from before schema 5 are all 0 (then by name).
    seq: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Event(SQLModel, table=True):
    """Append-only history. Nothing in the product updates or deletes a row here.

    Besides the change itself (`from_value` → `to_value`) every event snapshots the task's
    status, deadline and lead *after* it, so any past day's state is one lookup (the weekly
    report rebuilds the week's end from these, not from the current row).
    """

    __table_args__ = (
        Index("ix_event_task_at", "task_id", "at"),
        # The extension queue (store/extensions.py): the last request/grant/deny per task
        # is a range of this index, not a scan of the whole history.
        Index("ix_event_action", "action", "task_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    at: datetime = Field(sa_column=Column(DateTime, nullable=False, index=True))
    actor: str = Field(max_length=200)
    action: str = Field(max_length=32)
    from_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    to_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status_after: str = Field(max_length=16)
    deadline_after: dt.date | None = None
    lead_after: str | None = Field(default=None, max_length=200)
    # Co-owners (配合) after the event, "、"-joined ('' = none); NULL on events written
    # before schema 3, when only the current co-owners are known.
    co_after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Attachment(SQLModel, table=True):
    """Evidence (佐证材料) a unit or the office attached to a task: the file's bytes in the
    database (both backends), its name without any client path, its content hash."""

    __table_args__ = (UniqueConstraint("task_id", "seq", name="uq_attachment_task_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    seq: int  # 1, 2, … per task: the N of `tasktui attachment ID N`
    name: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    added_by: str = Field(max_length=200)


class HolidayYear(SQLModel, table=True):
    """An official 放假安排 the office imported for one year: it overrides the
    chinesecalendar package and the estimate for that year (tasktui.store.holidays)."""

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    source_name: str = Field(max_length=500)  # the file it came from
    note: str | None = Field(default=None, max_length=500)  # the notice's title or number, as the file says
    imported_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    imported_by: str = Field(max_length=200)


class HolidayBreak(SQLModel, table=True):
    """One break of an imported year: days off from first_day to last_day inclusive."""

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(foreign_key="holidayyear.year", index=True)
    names: str = Field(max_length=64)  # canonical holiday names, "、"-joined (国庆节、中秋节)
    first_day: dt.date
    last_day: dt.date


class HolidayWorkday(SQLModel, table=True):
    """A make-up working day (调休上班) of an imported break."""

    id: int | None = Field(default=None, primary_key=True)
    break_id: int = Field(foreign_key="holidaybreak.id", index=True)
    day: dt.date


__all__ = [
    "SCHEMA_VERSION",
    "Meta",
    "Meeting",
    "Department",
    "DepartmentAlias",
    "Task",
    "TaskCoOwner",
    "Event",
    "Attachment",
    "HolidayYear",
    "HolidayBreak",
    "HolidayWorkday",
    "UniqueConstraint",
]
