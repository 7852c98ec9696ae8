"""CHECK constraints on task.status and task.kind, PostgreSQL only (models.SCHEMA_VERSION = 4).

A unit role on PostgreSQL writes `task.status` with its own SQL if it likes; the unit
guard trigger (tasktui.store.roles) refuses moves a department may not make, and these
constraints refuse any value the lifecycle does not know, whoever writes it and whatever
happens to the trigger. SQLite gets none: adding a CHECK there means rebuilding the task
table, and a SQLite store has no roles (the service is its only writer).

The value lists are built from lifecycle.STATUSES and extract.types.KINDS (through
tasktui.models), not copied here, so they cannot drift from the code that writes them.
A later change to either tuple needs a migration that re-creates the constraint; this
one, replayed from empty, then builds the list that migration expects to replace.

An existing store holding a value outside the lists is not changed: the upgrade stops
(in one transaction on PostgreSQL, so nothing is half done) and names the tasks.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tasktui.models import KIND_CHECK, KIND_CHECK_SQL, STATUS_CHECK, STATUS_CHECK_SQL
from tasktui.store.errors import StoreError

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        unknown = f"NOT ({STATUS_CHECK_SQL}) OR NOT ({KIND_CHECK_SQL})"
        bad = bind.execute(sa.text(f"SELECT id FROM task WHERE {unknown} ORDER BY id LIMIT 21")).scalars()
        ids = [str(i) for i in bad]
        if ids:
            more = "等" if len(ids) > 20 else ""
            raise StoreError(
                "无法升级：以下事项的状态或类别不是 tasktui 认识的值（可能被人用 SQL 直接改过），"
                f"请先核实并改正：#{'、#'.join(ids[:20])}{more}"
            )
        op.create_check_constraint(STATUS_CHECK, "task", STATUS_CHECK_SQL)
        op.create_check_constraint(KIND_CHECK, "task", KIND_CHECK_SQL)
    op.execute(sa.text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(KIND_CHECK, "task", type_="check")
        op.drop_constraint(STATUS_CHECK, "task", type_="check")
    op.execute(sa.text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))
