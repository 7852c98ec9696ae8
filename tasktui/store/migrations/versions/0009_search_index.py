"""The search index and the indexed sorts at scale (models.SCHEMA_VERSION = 9).

* The task list's search gets an index kept in step by the database: on SQLite an FTS5
  table (trigram tokenizer, contentless) over heading, text and search_key, filled by
  triggers on task; on PostgreSQL a GIN index over the characters and character pairs of
  the same columns (`tasktui_grams`). Both are built here for the rows already there.
* ``department.search_key`` / ``departmentalias.search_key``: the pinyin and initials of a
  unit's names, so a search for `jtj` needs no pypinyin at query time.
* ``meeting.sort_key``: the title in pinyin order, for the meeting sort.
* ``ix_department_sort_key`` and ``ix_meeting_sort_key``: the lead and meeting sorts walk
  units / meetings in order and each one's tasks by index (``ix_task_lead_walk``,
  ``ix_task_meeting_walk``, which hold the views' filters too).

Frozen: the DDL is written out here, not read from tasktui.models.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None

_PADDED = "{0}.heading || char(31, 31), {0}.text || char(31, 31), {0}.search_key || char(31, 31)"
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE task_fts USING fts5(heading, text, search_key, tokenize='trigram', content='')",
    "CREATE VIRTUAL TABLE task_fts_terms USING fts5vocab(task_fts, 'instance')",
    "CREATE TRIGGER task_fts_insert AFTER INSERT ON task BEGIN "
    f"INSERT INTO task_fts(rowid, heading, text, search_key) VALUES (new.id, {_PADDED.format('new')}); END",
    "CREATE TRIGGER task_fts_delete AFTER DELETE ON task BEGIN "
    "INSERT INTO task_fts(task_fts, rowid, heading, text, search_key) "
    f"VALUES ('delete', old.id, {_PADDED.format('old')}); END",
    "CREATE TRIGGER task_fts_update AFTER UPDATE OF heading, text, search_key ON task BEGIN "
    "INSERT INTO task_fts(task_fts, rowid, heading, text, search_key) "
    f"VALUES ('delete', old.id, {_PADDED.format('old')}); "
    f"INSERT INTO task_fts(rowid, heading, text, search_key) VALUES (new.id, {_PADDED.format('new')}); END",
    f"INSERT INTO task_fts(rowid, heading, text, search_key) SELECT id, {_PADDED.format('task')} FROM task",
)
POSTGRES_DDL = (
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
    "CREATE INDEX ix_task_search_grams ON task USING gin "
    "(public.tasktui_grams(heading || chr(10) || text || chr(10) || search_key))",
)


def _fill(bind: sa.Connection, table: str, source: str, key: str, make) -> None:  # type: ignore[no-untyped-def]
    rows = sa.table(table, sa.column("id", sa.Integer()), sa.column(source), sa.column(key))
    update = rows.update().where(rows.c.id == sa.bindparam("row_id")).values({key: sa.bindparam("k")})
    found = bind.execute(sa.select(rows.c.id, rows.c[source]).order_by(rows.c.id)).all()
    for start in range(0, len(found), 5000):
        bind.execute(update, [{"row_id": i, "k": make(text or "")} for i, text in found[start : start + 5000]])


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for table in ("department", "departmentalias"):
        op.add_column(table, sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    op.add_column("meeting", sa.Column("sort_key", sa.Text(), nullable=False, server_default=""))
    # Imported here, where it is needed: pypinyin's dictionary is large.
    from tasktui.search import pinyin_key, pinyin_sort_key

    _fill(bind, "department", "name", "search_key", pinyin_key)
    _fill(bind, "departmentalias", "alias", "search_key", pinyin_key)
    _fill(bind, "meeting", "title", "sort_key", pinyin_sort_key)
    op.create_index("ix_department_sort_key", "department", ["sort_key", "name"])
    op.create_index("ix_meeting_sort_key", "meeting", ["sort_key", "title", "id"])
    op.create_index("ix_task_lead_walk", "task", ["lead_id", "kind", "status", "settled", "due_key", "id"])
    op.create_index("ix_task_meeting_walk", "task", ["meeting_id", "kind", "status", "settled", "due_key", "id"])
    # The library's capability, not the schema's: an SQLite without FTS5's trigram
    # tokenizer gets no index, and the search's LIKE predicate answers alone.
    from tasktui.models import sqlite_has_trigram

    for stmt in (SQLITE_DDL if sqlite_has_trigram() else ()) if sqlite else POSTGRES_DDL:
        op.execute(sa.text(stmt))
    op.execute(sa.text("UPDATE meta SET value = '9' WHERE key = 'schema_version'"))
    if not sqlite:
        op.execute(sa.text("ANALYZE task"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("task_fts_insert", "task_fts_delete", "task_fts_update"):
            op.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
        op.execute(sa.text("DROP TABLE IF EXISTS task_fts_terms"))
        op.execute(sa.text("DROP TABLE IF EXISTS task_fts"))
    else:
        op.execute(sa.text("DROP INDEX ix_task_search_grams"))
        op.execute(sa.text("DROP FUNCTION public.tasktui_grams(text)"))
    op.drop_index("ix_task_meeting_walk", table_name="task")
    op.drop_index("ix_task_lead_walk", table_name="task")
    op.drop_index("ix_meeting_sort_key", table_name="meeting")
    op.drop_index("ix_department_sort_key", table_name="department")
    op.drop_column("meeting", "sort_key")
    op.drop_column("departmentalias", "search_key")
    op.drop_column("department", "search_key")
    op.execute(sa.text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
