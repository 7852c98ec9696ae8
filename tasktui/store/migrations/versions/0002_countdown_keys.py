"""Countdown sort keys (models.SCHEMA_VERSION = 2).

Two generated columns on task, worked out by the database from status and deadline, and the
indexes the UI's paged reads walk instead of sorting the whole table:

* ``settled``: 1 when status is 已完成待核 / 已销号 / 不立项 (lifecycle.SETTLED_STATUSES), else 0;
* ``due_key``: the deadline, or 9999-12-31 when there is none (so NULLs sort last in an
  ascending index scan on both backends);
* ix_task_countdown (ascending countdown, overdue / due-soon ranges), ix_task_kind_status
  (status filters and counts, status sort), ix_task_countdown_desc / ix_task_kind_status_desc
  (the reversed countdown / status sort: descending, id still ascending).

Existing rows get their values as the columns are added (SQLite computes VIRTUAL columns on
read and while building the indexes; PostgreSQL rewrites the table for STORED ones). SQLite's
ALTER TABLE cannot add a STORED column, hence VIRTUAL there; a new store made by create_all
has them STORED. Values and indexes are the same either way.

Frozen: the expressions are written out here, not read from tasktui.models.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

SETTLED_SQL = "CASE WHEN status IN ('已完成待核', '已销号', '不立项') THEN 1 ELSE 0 END"
DUE_KEY_SQL = "COALESCE(deadline, '9999-12-31')"

INDEXES = {
    "ix_task_countdown": ["kind", "settled", "due_key", "id", "status"],
    "ix_task_kind_status": ["kind", "status", "settled", "due_key", "id"],
}


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    persisted = not sqlite  # see the module docstring
    op.add_column(
        "task", sa.Column("settled", sa.Integer(), sa.Computed(SETTLED_SQL, persisted=persisted), nullable=True)
    )
    op.add_column("task", sa.Column("due_key", sa.Date(), sa.Computed(DUE_KEY_SQL, persisted=persisted), nullable=True))
    for name, cols in INDEXES.items():
        op.create_index(name, "task", cols)
    # The countdown reversed: SQLite's DESC already puts NULLs last (and it refuses NULLS
    # LAST in an index); PostgreSQL needs it spelled out.
    desc = "deadline DESC" if sqlite else "deadline DESC NULLS LAST"
    op.execute(sa.text(f"CREATE INDEX ix_task_countdown_desc ON task (kind, settled, {desc}, id)"))
    op.execute(sa.text("CREATE INDEX ix_task_kind_status_desc ON task (kind, status DESC, id)"))
    op.execute(sa.text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    if not sqlite:
        # Statistics for the new columns now rather than at autovacuum's next pass. SQLite
        # is left without sqlite_stat1: its plans for the UI's reads are the same without
        # (benchmarks/tui_scale.py --analyze), and stale statistics after big imports could
        # only mislead it.
        op.execute(sa.text("ANALYZE task"))


def downgrade() -> None:
    op.drop_index("ix_task_countdown_desc", table_name="task")
    op.drop_index("ix_task_kind_status_desc", table_name="task")
    for name in INDEXES:
        op.drop_index(name, table_name="task")
    op.drop_column("task", "due_key")
    op.drop_column("task", "settled")
    op.execute(sa.text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
