"""Sort keys for the orders people read (models.SCHEMA_VERSION = 7).

* ``task.status_rank``: the status's place in the lifecycle (待分派 0, 已交办 1, 整改中 2,
  已完成待核 3, 已销号 4, 不立项 5), a generated column like 0002's countdown keys
  (VIRTUAL on SQLite, whose ALTER TABLE cannot add STORED ones; STORED on PostgreSQL), with
  ix_task_kind_status_rank and its reversed twin. They replace ix_task_kind_status_desc,
  which sorted statuses by code point (已交办 < 已完成待核 < 已销号 < 待分派 …).
* ``department.sort_key``: the unit's name in pinyin (tasktui.search.pinyin_key), filled
  here for the units already there; the store keeps it in step on every write after.
  Units sort by it (安监局, 财政局, 教体局 …) whatever the database's collation.

* ix_task_kind_heading_key: headings sort by ``task.search_key``, the pinyin the store
  has kept since 0001; with the index a page of them is read off it (0.1 ms at 100,000
  tasks) instead of sorting the view (95 ms).

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
    op.create_index("ix_task_kind_heading_key", "task", ["kind", "search_key", "id"])

    op.add_column("department", sa.Column("sort_key", sa.Text(), nullable=False, server_default=""))
    # Imported here, where it is needed: pypinyin's dictionary is large.
    from tasktui.search import pinyin_key

    department = sa.table("department", sa.column("id", sa.Integer()), sa.column("name"), sa.column("sort_key"))
    rows = bind.execute(sa.select(department.c.id, department.c.name)).all()
    for dept_id, name in rows:
        bind.execute(department.update().where(department.c.id == dept_id).values(sort_key=pinyin_key(name)))
    op.execute(sa.text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
    if not sqlite:
        op.execute(sa.text("ANALYZE task"))


def downgrade() -> None:
    op.drop_column("department", "sort_key")
    op.drop_index("ix_task_kind_heading_key", table_name="task")
    op.drop_index("ix_task_kind_status_rank_desc", table_name="task")
    op.drop_index("ix_task_kind_status_rank", table_name="task")
    op.execute(sa.text("CREATE INDEX ix_task_kind_status_desc ON task (kind, status DESC, id)"))
    op.drop_column("task", "status_rank")
    op.execute(sa.text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
