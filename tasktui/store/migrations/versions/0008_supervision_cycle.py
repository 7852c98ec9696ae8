"""The supervision cycle (督办) on the task (models.SCHEMA_VERSION = 8).

* ``task.assigned_at`` / ``task.acknowledged_at``: when the task was last given to its lead
  (交办, 改派) and when that lead signed for it (签收). Filled for the rows already there:
  assigned_at from the task's last 交办/改派 event; acknowledged_at stays empty (nobody has
  signed yet: an old 已交办 task shows 未签收 once the setting's days have passed).
* ``task.responsible_leader`` (责任领导), ``task.urgency`` (紧急程度, 一般 for every row
  already there), ``task.report_every`` (汇报频次).
* The new status 持续整改 between 整改中 and 已完成待核: the generated ``status_rank``
  (lifecycle order) and ``settled`` (no countdown: 持续整改 joins 已完成待核/已销号/不立项)
  are re-created with their new expressions, their indexes with them. PostgreSQL's
  ck_task_status is re-created with the new list, ck_task_urgency added.
* ``attachment``: evidence files (佐证材料), their bytes in the database.
* PostgreSQL unit roles granted before this revision get the new functions (the guard
  builds the new actions' events) and read access to the new table.

Frozen: the expressions and lists are written out here, not read from tasktui.models.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tasktui.store.errors import StoreError

revision = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None

UNIT_GROUP = "tasktui_unit"  # frozen copy of tasktui.store.roles.UNIT_GROUP

STATUSES = ("待分派", "已交办", "整改中", "持续整改", "已完成待核", "已销号", "不立项")
OLD_STATUSES = ("待分派", "已交办", "整改中", "已完成待核", "已销号", "不立项")
NO_COUNTDOWN = ("持续整改", "已完成待核", "已销号", "不立项")
OLD_NO_COUNTDOWN = ("已完成待核", "已销号", "不立项")
URGENCIES = ("一般", "急办", "特急")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _settled_sql(statuses: tuple[str, ...]) -> str:
    return f"CASE WHEN status IN ({_quoted(statuses)}) THEN 1 ELSE 0 END"


def _rank_sql(statuses: tuple[str, ...]) -> str:
    return "CASE status " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(statuses)) + " END"


def _rebuild_keys(sqlite: bool, statuses: tuple[str, ...], no_countdown: tuple[str, ...]) -> None:
    """Drop the generated keys and the indexes on them; add them back with these lists."""
    for name in (
        "ix_task_countdown",
        "ix_task_kind_status",
        "ix_task_countdown_desc",
        "ix_task_kind_status_rank",
        "ix_task_kind_status_rank_desc",
    ):
        op.drop_index(name, table_name="task")
    op.drop_column("task", "settled")
    op.drop_column("task", "status_rank")
    persisted = not sqlite  # SQLite's ALTER TABLE adds only VIRTUAL generated columns
    op.add_column(
        "task",
        sa.Column("settled", sa.Integer(), sa.Computed(_settled_sql(no_countdown), persisted=persisted), nullable=True),
    )
    op.add_column(
        "task",
        sa.Column("status_rank", sa.Integer(), sa.Computed(_rank_sql(statuses), persisted=persisted), nullable=True),
    )
    op.create_index("ix_task_countdown", "task", ["kind", "settled", "due_key", "id", "status"])
    op.create_index("ix_task_kind_status", "task", ["kind", "status", "settled", "due_key", "id"])
    desc = "deadline DESC" if sqlite else "deadline DESC NULLS LAST"
    op.execute(sa.text(f"CREATE INDEX ix_task_countdown_desc ON task (kind, settled, {desc}, id)"))
    op.create_index("ix_task_kind_status_rank", "task", ["kind", "status_rank", "id"])
    op.execute(sa.text("CREATE INDEX ix_task_kind_status_rank_desc ON task (kind, status_rank DESC, id)"))


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column("task", sa.Column("assigned_at", sa.DateTime(), nullable=True))
    op.add_column("task", sa.Column("acknowledged_at", sa.DateTime(), nullable=True))
    op.add_column("task", sa.Column("responsible_leader", sa.String(length=100), nullable=True))
    op.add_column("task", sa.Column("urgency", sa.Text(), nullable=False, server_default="一般"))
    op.add_column("task", sa.Column("report_every", sa.String(length=64), nullable=True))
    op.execute(
        sa.text(
            "UPDATE task SET assigned_at = (SELECT MAX(e.at) FROM event e WHERE e.task_id = task.id "
            "AND e.action IN ('assigned', 'reassigned')) WHERE lead_id IS NOT NULL"
        )
    )
    _rebuild_keys(sqlite, STATUSES, NO_COUNTDOWN)
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id", "seq", name="uq_attachment_task_seq"),
    )
    op.create_index("ix_attachment_task_id", "attachment", ["task_id"])
    if not sqlite:
        unknown = bind.execute(
            sa.text(f"SELECT id FROM task WHERE status NOT IN ({_quoted(STATUSES)}) ORDER BY id LIMIT 21")
        ).scalars()
        ids = [str(i) for i in unknown]
        if ids:
            raise StoreError(
                "无法升级：以下事项的状态不是 tasktui 认识的值（可能被人用 SQL 直接改过），"
                f"请先核实并改正：#{'、#'.join(ids[:20])}{'等' if len(ids) > 20 else ''}"
            )
        op.drop_constraint("ck_task_status", "task", type_="check")
        op.create_check_constraint("ck_task_status", "task", f"status IN ({_quoted(STATUSES)})")
        op.create_check_constraint("ck_task_urgency", "task", f"urgency IN ({_quoted(URGENCIES)})")
        _refresh_unit_roles(bind)
    op.execute(sa.text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
    if not sqlite:
        op.execute(sa.text("ANALYZE task"))


def _refresh_unit_roles(bind: sa.Connection) -> None:
    """Unit roles granted before this revision: the guard functions learn the new actions
    and statuses; the new table gets the grants and row-level policy every unit table has."""
    group = bind.execute(sa.text("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :g"), {"g": UNIT_GROUP}).first()
    if group is None:
        return
    from tasktui.store import roles

    # Verbatim through the driver, as grant-unit runs them: a % in a PL/pgSQL body is
    # not a placeholder.
    with bind.connection.dbapi_connection.cursor() as cur:  # type: ignore[union-attr]
        for stmt in roles.upgrade_sql():
            cur.execute(stmt)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    moved = bind.execute(sa.text("SELECT COUNT(*) FROM task WHERE status = '持续整改'")).scalar_one()
    if moved:
        raise StoreError(f"无法降级：有 {moved} 个事项为持续整改，旧版本没有这个状态")
    if not sqlite:
        op.drop_constraint("ck_task_urgency", "task", type_="check")
        op.drop_constraint("ck_task_status", "task", type_="check")
        op.create_check_constraint("ck_task_status", "task", f"status IN ({_quoted(OLD_STATUSES)})")
    op.drop_index("ix_attachment_task_id", table_name="attachment")
    op.drop_table("attachment")
    _rebuild_keys(sqlite, OLD_STATUSES, OLD_NO_COUNTDOWN)
    for column in ("report_every", "urgency", "responsible_leader", "acknowledged_at", "assigned_at"):
        op.drop_column("task", column)
    op.execute(sa.text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
