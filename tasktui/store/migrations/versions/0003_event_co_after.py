"""Co-owners in the history (models.SCHEMA_VERSION = 3).

Every event now snapshots the task's co-owners (配合) after it, as it already did for the
status, deadline and lead, so a past week's report knows who co-owned a task then. Events
written before this revision keep NULL: only today's co-owners are known for them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("co_after", sa.Text(), nullable=True))
    op.execute(sa.text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))


def downgrade() -> None:
    op.drop_column("event", "co_after")
    op.execute(sa.text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
