"""PostgreSQL unit roles: a login role that sees and changes only one unit's tasks.

Holds the SQL (privileges, row-level security policies, the task guard trigger and the
definer function they share) and `grant_unit` / `revoke_unit`, which run it on a Store.
SQLite has no roles: both refuse it with InputError. `tasktui db grant-unit|revoke-unit`
is the caller; it reads the password and prints. See docs/postgres.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import select

from tasktui.models import Department
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import ASSIGNED, DEPARTMENT_ACTIONS, DONE, IN_PROGRESS
from tasktui.store.service import Service

ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
UNIT_GROUP = "tasktui_unit"  # every unit role is a member: the task guard trigger checks it
PROTECTED_TABLES = ("task", "taskcoowner", "event")
READABLE_TABLES = ("meta", "meeting", "department", "departmentalias", migrations.VERSION_TABLE)


@dataclass(frozen=True)
class UnitRole:
    """A checked role name and the unit (department) it is to stand for."""

    role: str
    unit: str  # the department's canonical name
    department_id: int


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ddl(conn: Any, stmt: str) -> None:
    """Run one statement verbatim: through the driver without parameters, so a % in a
    unit name, password or PL/pgSQL body is not taken for a placeholder."""
    with conn.connection.dbapi_connection.cursor() as cur:
        cur.execute(stmt)


def require_postgres(store: Store, what: str) -> None:
    if store.engine.dialect.name != "postgresql":
        raise InputError(f"{what} needs PostgreSQL: SQLite has no database roles (it is one file, one office)")


def check_role(role: str) -> str:
    """`role` if it is a plain lower-case name that is not reserved; InputError otherwise."""
    if not ROLE_RE.match(role):
        raise InputError(f"role {role!r}: use lower-case letters, digits and _ (start with a letter or _)")
    if role in ("postgres", "public", UNIT_GROUP) or role.startswith("pg_"):
        raise InputError(f"role {role!r} is reserved")
    return role


def grant_unit_sql(role: str, unit: str, dept_id: int, dbname: str, event_seq: str) -> list[str]:
    """The statements that make `role` one unit's: privileges, RLS policies, task guard."""
    r, d = _ident(role), int(dept_id)
    own_task = (
        f"(lead_id = {d} OR EXISTS (SELECT 1 FROM taskcoowner c WHERE c.task_id = task.id AND c.department_id = {d}))"
    )
    actions = ", ".join(_lit(a.value) for a in sorted(DEPARTMENT_ACTIONS, key=lambda a: a.value))
    stmts = [
        f"GRANT CONNECT ON DATABASE {_ident(dbname)} TO {r}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT {_ident(UNIT_GROUP)} TO {r}",
        f"GRANT SELECT ON {', '.join(READABLE_TABLES)} TO {r}",
        f"GRANT SELECT ON {', '.join(PROTECTED_TABLES)} TO {r}",
        # Only what a department's actions write: status (progress/done) and the lock.
        f"GRANT UPDATE (status, version, updated_at) ON task TO {r}",
        f"GRANT INSERT ON event TO {r}",
        f"GRANT USAGE ON SEQUENCE {event_seq} TO {r}",
        f"GRANT EXECUTE ON FUNCTION tasktui_unit_owns(integer, integer) TO {r}",
    ]
    for table in PROTECTED_TABLES:
        for suffix in ("read", "update", "insert"):
            stmts.append(f"DROP POLICY IF EXISTS {_ident(f'tasktui_{role}_{table}_{suffix}')} ON {table}")
    stmts += [
        f"CREATE POLICY {_ident(f'tasktui_{role}_task_read')} ON task FOR SELECT TO {r} USING {own_task}",
        f"CREATE POLICY {_ident(f'tasktui_{role}_task_update')} ON task FOR UPDATE TO {r} "
        f"USING {own_task} WITH CHECK {own_task}",
        # Not `task`'s own policy inside: that would recurse; the definer function does not.
        f"CREATE POLICY {_ident(f'tasktui_{role}_taskcoowner_read')} ON taskcoowner FOR SELECT TO {r} "
        f"USING (department_id = {d} OR tasktui_unit_owns(task_id, {d}))",
        f"CREATE POLICY {_ident(f'tasktui_{role}_event_read')} ON event FOR SELECT TO {r} "
        f"USING (tasktui_unit_owns(task_id, {d}))",
        f"CREATE POLICY {_ident(f'tasktui_{role}_event_insert')} ON event FOR INSERT TO {r} "
        f"WITH CHECK (tasktui_unit_owns(task_id, {d}) AND actor = {_lit(unit)} AND action IN ({actions}))",
    ]
    return stmts


def shared_sql() -> list[str]:
    """Objects every unit role relies on (idempotent)."""
    from_ok = ", ".join(_lit(s) for s in (ASSIGNED, IN_PROGRESS))
    to_ok = ", ".join(_lit(s) for s in (IN_PROGRESS, DONE))
    return [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY" for t in PROTECTED_TABLES] + [
        # SECURITY DEFINER: runs with the owner's rights, so it reads task/taskcoowner
        # without their policies (no policy recursion) and reveals only a yes/no.
        """CREATE OR REPLACE FUNCTION tasktui_unit_owns(t_id integer, d_id integer) RETURNS boolean
           LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
             SELECT EXISTS (SELECT 1 FROM task WHERE id = t_id AND lead_id = d_id)
                 OR EXISTS (SELECT 1 FROM taskcoowner WHERE task_id = t_id AND department_id = d_id)
           $$""",
        "REVOKE ALL ON FUNCTION tasktui_unit_owns(integer, integer) FROM PUBLIC",
        # Policies cannot see the old row; this trigger does: a unit may move a task only
        # from 已交办/整改中 to 整改中/已完成待核, and must bump the version by exactly one.
        f"""CREATE OR REPLACE FUNCTION tasktui_unit_task_guard() RETURNS trigger
           LANGUAGE plpgsql SET search_path = public AS $$
           BEGIN
             IF NOT EXISTS (
                 SELECT 1 FROM pg_auth_members m
                 JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = {_lit(UNIT_GROUP)}
                 JOIN pg_roles u ON u.oid = m.member AND u.rolname = current_user) THEN
               RETURN NEW;
             END IF;
             IF NEW.version <> OLD.version + 1 THEN
               RAISE EXCEPTION 'a unit must bump the task version by one' USING ERRCODE = '42501';
             END IF;
             IF NEW.status IS DISTINCT FROM OLD.status
                AND NOT (OLD.status IN ({from_ok}) AND NEW.status IN ({to_ok})) THEN
               RAISE EXCEPTION 'a unit cannot move a task from % to %', OLD.status, NEW.status
                 USING ERRCODE = '42501';
             END IF;
             RETURN NEW;
           END $$""",
        "DROP TRIGGER IF EXISTS tasktui_unit_task_guard ON task",
        "CREATE TRIGGER tasktui_unit_task_guard BEFORE UPDATE ON task "
        "FOR EACH ROW EXECUTE FUNCTION tasktui_unit_task_guard()",
    ]


def resolve_unit_role(store: Store, unit: str, role: str) -> UnitRole:
    """Check everything `grant_unit` needs before it touches the database: PostgreSQL,
    a usable role name, a current schema (a unit role on an old schema would get the
    wrong policies) and a known unit (name or alias)."""
    require_postgres(store, "grant-unit")
    role = check_role(role)
    store.ensure_schema()
    name = Service(store).resolve_department(unit)
    with store.session() as s:
        dept_id = s.exec(select(Department.id).where(Department.name == name)).one()
    return UnitRole(role, name, int(dept_id or 0))


def grant_unit(store: Store, target: UnitRole, password: str | None = None) -> bool:
    """Create or update the login role for one unit, in one transaction. True when the
    role was created, False when it existed and was updated."""
    role, unit = target.role, target.unit
    with store.engine.begin() as conn:
        dbname = str(conn.execute(text("SELECT current_database()")).scalar())
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": UNIT_GROUP}).first():
            _ddl(conn, f"CREATE ROLE {_ident(UNIT_GROUP)} NOLOGIN")
        if not exists:
            _ddl(conn, f"CREATE ROLE {_ident(role)} LOGIN")
        if password:
            _ddl(conn, f"ALTER ROLE {_ident(role)} PASSWORD {_lit(password)}")
        seq = conn.execute(text("SELECT pg_get_serial_sequence('event', 'id')")).scalar()
        for stmt in shared_sql() + grant_unit_sql(role, unit, target.department_id, dbname, str(seq)):
            _ddl(conn, stmt)
        # Remember who is who, for `db status` readers and for revoke-unit.
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": f"unit_role:{role}"})
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": f"unit_role:{role}", "v": unit})
    return not exists


def revoke_unit(store: Store, role: str, drop_role: bool = False) -> None:
    """Remove a unit role's policies and privileges (and the role, with `drop_role`)."""
    require_postgres(store, "revoke-unit")
    role = check_role(role)
    with store.engine.begin() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
            raise InputError(f"no role {role!r}")
        dbname = str(conn.execute(text("SELECT current_database()")).scalar())
        for table in PROTECTED_TABLES:
            for suffix in ("read", "update", "insert"):
                _ddl(conn, f"DROP POLICY IF EXISTS {_ident(f'tasktui_{role}_{table}_{suffix}')} ON {table}")
        r = _ident(role)
        _ddl(conn, f"REVOKE ALL ON {', '.join(READABLE_TABLES + PROTECTED_TABLES)} FROM {r}")
        _ddl(conn, f"REVOKE ALL ON DATABASE {_ident(dbname)} FROM {r}")
        _ddl(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}")
        _ddl(conn, f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {r}")
        _ddl(conn, f"REVOKE USAGE ON SCHEMA public FROM {r}")
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": f"unit_role:{role}"})
        if drop_role:
            _ddl(conn, f"DROP ROLE {r}")


__all__ = [
    "UNIT_GROUP",
    "UnitRole",
    "check_role",
    "grant_unit",
    "grant_unit_sql",
    "resolve_unit_role",
    "require_postgres",
    "revoke_unit",
    "shared_sql",
]
