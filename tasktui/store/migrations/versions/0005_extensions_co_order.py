"""The extension queue's index and the co-owners' order (models.SCHEMA_VERSION = 5).

* ``ix_event_action`` (action, task_id, id): the 待批延期 queue is the tasks whose last
  request/grant/deny event is a request (store/extensions.py); with this index that is a
  range of the index, not a scan of the whole history.
* ``taskcoowner.seq``: co-owners (配合) keep the order they were entered in. Existing rows
  get 0, so they keep today's order (by name) until the task is assigned again.
* On PostgreSQL, stores where `tasktui db grant-unit` installed the unit functions get
  them again from this version's code: the server builds a unit's events with the
  co-owners in the new order, refuses 标记完成 from a co-owner, and a second pending
  extension request. Without this, a unit's events would be refused after the upgrade
  (their co-owners, in entered order, would not match the server's, by name).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def _unit_functions_installed(bind: sa.Connection) -> bool:
    found = bind.execute(
        sa.text(
            "SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.proname = 'tasktui_unit_event_guard'"
        )
    ).first()
    return found is not None


def upgrade() -> None:
    op.create_index("ix_event_action", "event", ["action", "task_id", "id"])
    op.add_column("taskcoowner", sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _unit_functions_installed(bind):
        from tasktui.store import roles

        # Verbatim through the driver, as grant-unit runs them: a % in a PL/pgSQL body is
        # not a placeholder.
        with bind.connection.dbapi_connection.cursor() as cur:  # type: ignore[union-attr]
            for stmt in roles.function_sql():
                cur.execute(stmt)
    op.execute(sa.text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))


def downgrade() -> None:
    op.drop_column("taskcoowner", "seq")
    op.drop_index("ix_event_action", table_name="event")
    op.execute(sa.text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))
