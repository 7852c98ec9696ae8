"""Imported holiday schedules and a meeting's source kind (models.SCHEMA_VERSION = 6).

`holidayyear`, `holidaybreak`, `holidayworkday`: the official 放假安排 the office loads
with `tasktui holidays import` (tasktui.store.holidays). `meeting.source_kind`: 讲话,
会议纪要, 通知, 批示 or 上级交办, set with `tasktui meetings set --source`.

On PostgreSQL a unit role may read the schedules (its deadline phrases resolve with
them) and write none of them; a store whose unit roles were granted before this revision
gets the group's SELECT here, as `grant-unit` gives it from now on.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None

UNIT_GROUP = "tasktui_unit"  # frozen copy of tasktui.store.roles.UNIT_GROUP
TABLES = ("holidayyear", "holidaybreak", "holidayworkday")


def upgrade() -> None:
    op.create_table(
        "holidayyear",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "holidaybreak",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("names", sa.String(length=64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["year"], ["holidayyear.year"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_holidaybreak_year", "holidaybreak", ["year"])
    op.create_table(
        "holidayworkday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("break_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["break_id"], ["holidaybreak.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_holidayworkday_break_id", "holidayworkday", ["break_id"])
    op.add_column("meeting", sa.Column("source_kind", sa.String(length=16), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        group = bind.execute(sa.text("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :g"), {"g": UNIT_GROUP})
        if group.first() is not None:
            op.execute(sa.text(f"GRANT SELECT ON {', '.join('public.' + t for t in TABLES)} TO {UNIT_GROUP}"))
    op.execute(sa.text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))


def downgrade() -> None:
    op.drop_column("meeting", "source_kind")
    op.drop_index("ix_holidayworkday_break_id", table_name="holidayworkday")
    op.drop_table("holidayworkday")
    op.drop_index("ix_holidaybreak_year", table_name="holidaybreak")
    op.drop_table("holidaybreak")
    op.drop_table("holidayyear")
    op.execute(sa.text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
