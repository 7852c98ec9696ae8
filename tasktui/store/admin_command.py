"""Database administration commands: `tasktui db init|upgrade|status|grant-unit|revoke-unit`,
`tasktui backup FILE` and `tasktui restore FILE`.

Loaded by tasktui.cli through its extension hook (`register`). Exit codes as everywhere:
0 ok, 1 refused, 2 bad input (raised as InputError/StoreError and printed by the CLI).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from tasktui.store import migrations
from tasktui.store.lifecycle import RuleError
from tasktui.store.db import Store, StoreError, resolve_url
from tasktui.store.lifecycle import ASSIGNED, DEPARTMENT_ACTIONS, DONE, IN_PROGRESS
from tasktui.store.service import InputError

Handler = Callable[[argparse.Namespace], int]
ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
UNIT_GROUP = "tasktui_unit"  # every unit role is a member: the task guard trigger checks it
PROTECTED_TABLES = ("task", "taskcoowner", "event")
READABLE_TABLES = ("meta", "meeting", "department", "departmentalias", migrations.VERSION_TABLE)


def register(subparsers: Any, cmd: Callable[[str, str], argparse.ArgumentParser]) -> dict[str, Handler]:
    from tasktui.cli import _common  # the global options (--db …) for nested subcommands

    sp = cmd("db", "database administration: init, upgrade, status, grant-unit (PostgreSQL)")
    dsub = sp.add_subparsers(dest="db_command", metavar="ACTION")

    def sub(name: str, help_: str) -> argparse.ArgumentParser:
        p = dsub.add_parser(name, help=help_, description=help_)
        _common(p, top=False)
        return p

    sub("status", "show the store's schema revision and whether it needs `db upgrade`")
    sub("init", "create the schema on an empty database (e.g. a new PostgreSQL database)")
    sub("upgrade", "migrate the store to this tasktui's schema (SQLite: keeps a copy first)")
    p = sub("grant-unit", "PostgreSQL: a login role that sees and changes only one unit's tasks")
    p.add_argument("unit", metavar="UNIT", help="department name or alias")
    p.add_argument("--role", required=True, help="database role to create or update (lower case)")
    p.add_argument("--password-env", metavar="VAR",
                   help="set the role's password from this environment variable (never on the command line)")
    p = sub("revoke-unit", "PostgreSQL: remove a unit role's policies and privileges")
    p.add_argument("--role", required=True)
    p.add_argument("--drop-role", action="store_true", help="also drop the role itself")

    sp = cmd("backup", "write a consistent copy of the store while others keep working")
    sp.add_argument("file", type=Path, metavar="FILE")
    sp = cmd("restore", "replace the store's content with a backup made by `tasktui backup`")
    sp.add_argument("file", type=Path, metavar="FILE")
    sp.add_argument("--force", action="store_true", help="replace a store that already holds tasks")
    return {"db": cmd_db, "backup": cmd_backup, "restore": cmd_restore}


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _open(args: argparse.Namespace) -> Store:
    """The store without the schema check: these commands work on old or empty ones.
    They act on the whole store, so they are the office's alone."""
    if getattr(args, "actor", None):
        raise RuleError(
            f"{args.actor} cannot administer the store (db, backup, restore act on every "
            "unit's tasks): only the office can; run without --as"
        )
    return Store(resolve_url(getattr(args, "db", None)), create=False)


def _display_url(store: Store) -> str:
    from sqlalchemy.engine import make_url

    return make_url(store.url).render_as_string(hide_password=True)


# ---------------------------------------------------------------------- db …


def cmd_db(args: argparse.Namespace) -> int:
    action = getattr(args, "db_command", None) or "status"
    store = _open(args)
    try:
        return {
            "status": _db_status,
            "init": _db_init,
            "upgrade": _db_upgrade,
            "grant-unit": _db_grant_unit,
            "revoke-unit": _db_revoke_unit,
        }[action](store, args)
    finally:
        store.dispose()


def _revision(store: Store) -> tuple[str | None, bool, set[str]]:
    try:
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            rev, stamped = migrations.read_revision(conn)
    except Exception as exc:
        raise StoreError(f"cannot open database {_display_url(store)}: {exc}") from exc
    return rev, stamped, tables


def _db_status(store: Store, args: argparse.Namespace) -> int:
    rev, stamped, tables = _revision(store)
    where = _display_url(store)
    if rev is None:
        _out(f"{where}: empty ({'tables: ' + ', '.join(sorted(tables)) if tables else 'no tables'}); "
             "`tasktui db init` creates the schema")
        return 0
    note = "" if stamped else " (recorded before migrations; `db upgrade` stamps it)"
    if rev == migrations.HEAD:
        state = "up to date"
    elif rev in migrations.REVISIONS:
        state = "needs `tasktui db upgrade`"
    else:
        state = "unknown to this tasktui (written by a newer one)"
    _out(f"{where}: schema revision {rev}{note}, this tasktui's is {migrations.HEAD}: {state}")
    return 0


def _db_init(store: Store, args: argparse.Namespace) -> int:
    rev, _, tables = _revision(store)
    if rev is not None:
        _out(f"already a tasktui store (schema revision {rev})"
             + ("" if rev == migrations.HEAD else "; run `tasktui db upgrade`"))
        return 0
    if tables:
        raise StoreError(
            f"the database is not empty and is not a tasktui store (tables: {', '.join(sorted(tables)[:8])}); "
            "use an empty database"
        )
    store.create_schema()
    _out(f"created the tasktui schema (revision {migrations.HEAD}) in {_display_url(store)}")
    return 0


def _db_upgrade(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.backup import _sqlite_copy, sqlite_path

    rev, stamped, tables = _revision(store)
    if rev is not None and rev not in migrations.REVISIONS:
        raise StoreError(f"this store has schema revision {rev}, newer than this tasktui ({migrations.HEAD}): upgrade tasktui")
    if rev is None and tables:
        raise StoreError("the database is not empty and is not a tasktui store")
    if rev == migrations.HEAD and stamped:
        _out(f"already at schema revision {rev}")
        return 0
    if store.is_sqlite and rev is not None and rev != migrations.HEAD:
        # SQLite runs DDL outside the transaction: keep the old file to go back to.
        src = sqlite_path(store)
        keep = src.with_name(f"{src.name}.rev{rev}.bak")
        _sqlite_copy(src, keep)
        _out(f"saved the store as it was in {keep}")
    try:
        before, after = migrations.upgrade(store.engine)
    except migrations.UnknownRevisionError as exc:
        raise StoreError(f"unknown schema revision {exc.revision}: upgrade tasktui") from exc
    _out(f"schema revision {before or '(empty)'} → {after}")
    return 0


# ---------------------------------------------------------------------- grant-unit


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ddl(conn: Any, stmt: str) -> None:
    """Run one statement verbatim: through the driver without parameters, so a % in a
    unit name, password or PL/pgSQL body is not taken for a placeholder."""
    with conn.connection.dbapi_connection.cursor() as cur:
        cur.execute(stmt)


def _require_pg(store: Store, what: str) -> None:
    if store.engine.dialect.name != "postgresql":
        raise InputError(f"{what} needs PostgreSQL: SQLite has no database roles (it is one file, one office)")


def _check_role(role: str) -> str:
    if not ROLE_RE.match(role):
        raise InputError(f"role {role!r}: use lower-case letters, digits and _ (start with a letter or _)")
    if role in ("postgres", "public", UNIT_GROUP) or role.startswith("pg_"):
        raise InputError(f"role {role!r} is reserved")
    return role


def grant_unit_sql(role: str, unit: str, dept_id: int, dbname: str, event_seq: str) -> list[str]:
    """The statements that make `role` one unit's: privileges, RLS policies, task guard."""
    r, d = _ident(role), int(dept_id)
    own_task = f"(lead_id = {d} OR EXISTS (SELECT 1 FROM taskcoowner c WHERE c.task_id = task.id AND c.department_id = {d}))"
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


def _shared_sql() -> list[str]:
    """Objects every unit role relies on (idempotent)."""
    from_ok = ", ".join(_lit(s) for s in (ASSIGNED, IN_PROGRESS))
    to_ok = ", ".join(_lit(s) for s in (IN_PROGRESS, DONE))
    return [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY" for t in PROTECTED_TABLES
    ] + [
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


def _db_grant_unit(store: Store, args: argparse.Namespace) -> int:
    from tasktui.store.service import Service

    _require_pg(store, "grant-unit")
    role = _check_role(args.role)
    store.ensure_schema()  # a unit role on an old schema would get the wrong policies
    svc = Service(store)
    if not svc.actor.is_office:
        raise InputError("grant-unit is the office's")
    with store.session() as s:
        from tasktui.store import departments

        dept = departments.require(s, args.unit)
        dept_id, unit = int(dept.id or 0), dept.name
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise InputError(f"${args.password_env} is empty or unset")
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
        for stmt in _shared_sql() + grant_unit_sql(role, unit, dept_id, dbname, str(seq)):
            _ddl(conn, stmt)
        # Remember who is who, for `db status` readers and for revoke-unit.
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": f"unit_role:{role}"})
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": f"unit_role:{role}", "v": unit})
    _out(f"role {role} {'updated' if exists else 'created'}: reads and changes only the tasks {unit} leads or "
         f"co-owns (connect as {role} and run tasktui with --as {unit})")
    return 0


def _db_revoke_unit(store: Store, args: argparse.Namespace) -> int:
    _require_pg(store, "revoke-unit")
    role = _check_role(args.role)
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
        if args.drop_role:
            _ddl(conn, f"DROP ROLE {r}")
    _out(f"role {role}: policies and privileges removed" + (", role dropped" if args.drop_role else ""))
    return 0


# ---------------------------------------------------------------------- backup / restore


def cmd_backup(args: argparse.Namespace) -> int:
    from tasktui.store.backup import backup

    store = _open(args)
    try:
        store.ensure_schema()  # back up only a tasktui store this version understands
        info = backup(store, args.file)
    finally:
        store.dispose()
    extra = f", {info.tasks} tasks" if info.tasks is not None else ""
    _out(f"backup written to {info.path} ({info.kind}, {info.size} bytes{extra})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from tasktui.store.backup import restore

    store = _open(args)
    try:
        info, saved = restore(store, args.file, force=args.force)
    finally:
        store.dispose()
    if saved is not None:
        _out(f"the store's previous content is saved in {saved}")
    extra = f" ({info.tasks} tasks)" if info.tasks is not None else ""
    _out(f"restored {info.path}{extra} into {_display_url(store)}")
    return 0


__all__ = ["register", "grant_unit_sql", "cmd_db", "cmd_backup", "cmd_restore"]
