"""Sort keys for the orders people read (models.SCHEMA_VERSION = 7).

* ``task.status_rank``: the status's place in the lifecycle (待分派 0, 已交办 1, 整改中 2,
  已完成待核 3, 已销号 4, 不立项 5), a generated column like 0002's countdown keys
  (VIRTUAL on SQLite, whose ALTER TABLE cannot add STORED ones; STORED on PostgreSQL), with
  ix_task_kind_status_rank and its reversed twin. They replace ix_task_kind_status_desc,
  which sorted statuses by code point (已交办 < 已完成待核 < 已销号 < 待分派 …).
* ``task.heading_key`` and ``department.sort_key``: a heading's and a unit's name as a
  dictionary orders them (tasktui.search.pinyin_sort_key: pinyin with tone numbers, 差异
  before 查处 before 常态化), filled here for the rows already there (about 9 s for
  100,000 tasks); the store sets them on every write after. ix_task_kind_heading_key
  gives a page of headings in that order off the index (8 ms at 100,000 tasks, where
  sorting the view took 110 ms).

Frozen: the rank expression is written out here, not read from tasktui.models.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None

STATUS_RANK_SQL = (
    "CASE status WHEN '待分派' THEN 0 WHEN '已交办' THEN 1 WHEN '整改中' THEN 2 "
    "WHEN '已完成待核' THEN 3 WHEN '已销号' THEN 4 WHEN '不立项' THEN 5 END"
)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column(
        "task",
        sa.Column("status_rank", sa.Integer(), sa.Computed(STATUS_RANK_SQL, persisted=not sqlite), nullable=True),
    )
    op.drop_index("ix_task_kind_status_desc", table_name="task")
    op.create_index("ix_task_kind_status_rank", "task", ["kind", "status_rank", "id"])
    op.execute(sa.text("CREATE INDEX ix_task_kind_status_rank_desc ON task (kind, status_rank DESC, id)"))

    op.add_column("department", sa.Column("sort_key", sa.Text(), nullable=False, server_default=""))
    op.add_column("task", sa.Column("heading_key", sa.Text(), nullable=False, server_default=""))
    # Imported here, where it is needed: pypinyin's dictionary is large.
    from tasktui.search import pinyin_sort_key

    for table, key, source in (("department", "sort_key", "name"), ("task", "heading_key", "heading")):
        rows = sa.table(table, sa.column("id", sa.Integer()), sa.column(source), sa.column(key))
        update = rows.update().where(rows.c.id == sa.bindparam("row_id")).values({key: sa.bindparam("k")})
        found = bind.execute(sa.select(rows.c.id, rows.c[source]).order_by(rows.c.id)).all()
        for start in range(0, len(found), 5000):
            batch = [{"row_id": i, "k": pinyin_sort_key(text or "")} for i, text in found[start : start + 5000]]
            bind.execute(update, batch)
    op.create_index("ix_task_kind_heading_key", "task", ["kind", "heading_key", "id"])
    op.execute(sa.text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
    if not sqlite:
        op.execute(sa.text("ANALYZE task"))


def downgrade() -> None:
    op.drop_column("department", "sort_key")
    op.drop_index("ix_task_kind_heading_key", table_name="task")
    op.drop_column("task", "heading_key")
    op.drop_index("ix_task_kind_status_rank_desc", table_name="task")
    op.drop_index("ix_task_kind_status_rank", table_name="task")
    op.execute(sa.text("CREATE INDEX ix_task_kind_status_desc ON task (kind, status DESC, id)"))
    op.drop_column("task", "status_rank")
    op.execute(sa.text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
