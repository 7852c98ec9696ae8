"""Unit isolation on PostgreSQL, tried as an attacker (issue 10, items 1–4).

Every test connects as a unit role with hand-written SQL (psycopg), the way a department
with a database login and a SQL client could, against the throw-away cluster. Each attack
must fail with a permission error (SQLSTATE 42501) or see nothing; the legitimate
department path (the service connected as the unit role) must keep working.

The store is tests/data/basic.toml, plus #4 assigned to 区财政局 with 区卫健局 co-owning:
  #1 区教体局 leads, 区卫健局 co-owns, 整改中 · #2 区教体局, 已交办 · #3 区财政局, 已交办
  #4 区财政局 (区卫健局 co-owns), 已交办 · #5 区教体局, 已完成待核 · #6 a review item.
The attacker is 区教体局's role unless a test says otherwise.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
import pytest
from helpers import BASIC_TOML, load_toml
from pg import PgCluster
from psycopg import errors
from sqlalchemy import create_engine, text

from tasktui.cli import main
from tasktui.models import KIND_CHECK, STATUS_CHECK, URGENCY_CHECK
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS
from tasktui.store.roles import UNIT_GROUP, UNIT_TIMEOUTS, grant_unit, resolve_unit_role
from tasktui.store.service import Service
from tasktui.store.views import Actor

JTJ, WJJ, CZJ = "区教体局", "区卫健局", "区财政局"
OFFICE = "区政府督查室"
JTJ_TASKS = {1, 2, 5}


@dataclass
class Granted:
    """A loaded store with one login role per unit."""

    pg: PgCluster
    dbname: str
    roles: dict[str, str]  # unit name → role

    @property
    def url(self) -> str:
        return self.pg.url(self.dbname)

    def unit(self, unit: str = JTJ) -> psycopg.Connection:
        """A connection as the unit's role, autocommit: one statement, one transaction."""
        return psycopg.connect(self.pg.dsn(self.dbname, user=self.roles[unit]), autocommit=True)

    def office(self) -> psycopg.Connection:
        return psycopg.connect(self.pg.dsn(self.dbname), autocommit=True)

    def one(self, sql: str, params: tuple = ()) -> tuple:  # type: ignore[type-arg]
        """One row, read as the office."""
        with self.office() as conn:
            row = conn.execute(sql, params).fetchone()  # type: ignore[arg-type]
        assert row is not None
        return tuple(row)


def _load(url: str, clock) -> None:  # type: ignore[no-untyped-def]
    store = Store(url)
    office = Service(store, Actor.office(OFFICE), clock)
    load_toml(office, BASIC_TOML)
    office.assign(4, CZJ, [WJJ], "2026-12-31")  # a co-owner row 区教体局 must not see
    store.dispose()


@pytest.fixture
def granted(pg_server: PgCluster, pg_url: str, clock) -> Iterator[Granted]:  # type: ignore[no-untyped-def]
    _load(pg_url, clock)
    dbname = pg_url.rsplit("/", 1)[-1]
    n = dbname.rsplit("_", 1)[-1]  # roles are cluster-wide: one set per test database
    roles = {JTJ: f"sec{n}_jtj", WJJ: f"sec{n}_wjj", CZJ: f"sec{n}_czj"}
    for unit, role in roles.items():
        assert main(["--db", pg_url, "db", "grant-unit", unit, "--role", role]) == 0
    yield Granted(pg_server, dbname, roles)
    pg_server.drop_database(dbname)
    for role in roles.values():
        pg_server.admin(f"DROP ROLE IF EXISTS {role}")


def refused(conn: psycopg.Connection, sql: str, params: tuple | None = None) -> str:  # type: ignore[type-arg]
    """Run `sql`; it must fail with SQLSTATE 42501 (insufficient privilege). The message."""
    with pytest.raises(errors.InsufficientPrivilege) as info:
        conn.execute(sql, params)  # type: ignore[arg-type]
    return str(info.value)


def _event_sql(columns: str = "") -> str:
    extra = ", " + columns if columns else ""
    return f"INSERT INTO event (task_id, at, actor, action, note{extra}) VALUES (%s, %s, %s, %s, %s"


def insert_event(conn: psycopg.Connection, task_id: int, action: str, actor: str = JTJ, **values: object) -> None:
    """The INSERT a hand-written client sends; `values` are further columns."""
    cols = ", ".join(values)
    marks = "".join(", %s" for _ in values)
    conn.execute(
        _event_sql(cols) + marks + ")",
        (task_id, datetime(2026, 11, 20, 10, 0), actor, action, "x", *values.values()),
    )


def bump(conn: psycopg.Connection, task_id: int, status: str | None = None, table: str = "task") -> None:
    """A department's change of its task: the version up by one (and a status)."""
    if status is None:
        conn.execute(f"UPDATE {table} SET version = version + 1 WHERE id = %s", (task_id,))  # type: ignore[arg-type]
    else:
        conn.execute(
            f"UPDATE {table} SET status = %s, version = version + 1 WHERE id = %s",  # type: ignore[arg-type]
            (status, task_id),
        )


def refused_after_change(conn: psycopg.Connection, sql: str, params: tuple | None = None, table: str = "task") -> str:  # type: ignore[type-arg]
    """`sql` in a transaction that first makes a legitimate change to the unit's own
    task #2 (so "no change to record" is not why it fails): it must fail with 42501, and
    the whole transaction is rolled back."""
    with pytest.raises(errors.InsufficientPrivilege) as info:
        with conn.transaction():
            bump(conn, 2, table=table)
            conn.execute(sql, params)  # type: ignore[arg-type]
    return str(info.value)


# ---------------------------------------------------------------------- 1. search_path hijack


def test_unit_cannot_create_temporary_tables(granted: Granted) -> None:
    """The audit's first step: `CREATE TEMP TABLE pg_roles …` in the unit's own temporary
    schema, which a function without a pinned search_path searched before pg_catalog.
    PUBLIC's default TEMP on the database is revoked, so there is no temporary schema."""
    with granted.unit() as conn:
        refused(conn, "CREATE TEMP TABLE pg_roles (oid oid, rolname name)")
        refused(conn, "CREATE TEMP TABLE taskcoowner (task_id integer, department_id integer)")
        refused(conn, "CREATE TABLE pg_temp.task (id integer)")
        refused(conn, "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")


def test_shadow_catalogs_and_tables_change_nothing_even_with_temp_granted_back(granted: Granted) -> None:
    """Defence in depth: even if a DBA grants TEMP back, a unit's shadow copies of
    pg_roles, pg_auth_members, taskcoowner, task, meta and department (with the session's
    search_path putting them first) do not reach the functions and triggers, which pin
    `search_path = pg_catalog, public, pg_temp` and name every object with its schema.
    The audit's attacks: close its own task (已销号) and write 'bogus' on a co-owned one
    (the guard trigger found no pg_roles row and let anything through), read every event
    and write events on other units' tasks (the ownership function read the shadow
    taskcoowner)."""
    roles = granted.roles
    with granted.office() as office:
        office.execute(f'GRANT TEMPORARY ON DATABASE "{granted.dbname}" TO {roles[JTJ]}, {roles[WJJ]}')
    shadows = [
        "SET search_path = pg_temp, public, pg_catalog",
        "CREATE TEMP TABLE pg_roles (oid oid, rolname name, rolsuper boolean)",
        "CREATE TEMP TABLE pg_auth_members (roleid oid, member oid)",
        "CREATE TEMP TABLE taskcoowner AS SELECT g AS task_id, d.id AS department_id "
        "FROM generate_series(1, 6) g, public.department d",
        "CREATE TEMP TABLE task AS SELECT g AS id, d.id AS lead_id FROM generate_series(1, 6) g, public.department d",
        "CREATE TEMP TABLE meta (key text, value text)",
        "INSERT INTO meta SELECT 'unit_role:' || r, '区财政局' FROM (VALUES (current_user)) v(r)",
        "CREATE TEMP TABLE department AS SELECT * FROM public.department",
    ]
    with granted.unit(JTJ) as jtj, granted.unit(WJJ) as wjj:
        for conn in (jtj, wjj):
            for stmt in shadows:
                conn.execute(stmt)  # type: ignore[arg-type]
        refused(jtj, "UPDATE public.task SET status = %s, version = version + 1 WHERE id = 2", (CLOSED,))
        refused(wjj, "UPDATE public.task SET status = 'bogus', version = version + 1 WHERE id = 1")
        assert {r[0] for r in jtj.execute("SELECT DISTINCT task_id FROM public.event")} <= JTJ_TASKS
        assert jtj.execute("SELECT public.tasktui_unit_owns(3)").fetchone() == (False,)
        refused_after_change(
            jtj,
            "INSERT INTO public.event (task_id, at, actor, action, status_after) "
            "VALUES (3, now(), '区教体局', 'note', '已交办')",
            table="public.task",
        )
    assert granted.one("SELECT status, version FROM task WHERE id = 2") == (ASSIGNED, 1)
    assert granted.one("SELECT status FROM task WHERE id = 1") == (IN_PROGRESS,)


def test_every_function_pins_its_search_path_and_names_schemas(granted: Granted) -> None:
    """The rule from PostgreSQL's "Writing SECURITY DEFINER Functions Safely", checked on
    what grant-unit created: every tasktui function sets `search_path = pg_catalog, public,
    pg_temp` (temporary schema last) and names every table it reads or writes with its
    schema, so no search path can make it read something else."""
    with granted.office() as conn:
        rows = conn.execute(
            "SELECT proname, prosecdef, proconfig, prosrc FROM pg_proc "
            "WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'tasktui%%'"
        ).fetchall()
    names = {r[0] for r in rows}
    assert {"tasktui_unit_owns", "tasktui_unit_id", "tasktui_unit_task_guard", "tasktui_unit_event_guard"} <= names
    table_ref = re.compile(
        r"(?<!DISTINCT )\b(?:FROM|JOIN|UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+(?!public\.|pg_catalog\.)([a-z_]\w*)"
    )
    for name, _definer, config, src in rows:
        assert "search_path=pg_catalog, public, pg_temp" in (config or []), name
        assert table_ref.findall(src) == [], (name, table_ref.findall(src))
    assert all(definer for name, definer, *_ in rows if name != "tasktui_unit_caller")


def test_status_and_kind_are_checked_by_the_database(granted: Granted) -> None:
    """Whatever slips past the triggers (or whoever writes: even the owner), the database
    refuses a status or kind the lifecycle does not know: CHECK constraints built from
    lifecycle.STATUSES and extract.types.KINDS."""
    with granted.office() as office:
        with pytest.raises(errors.CheckViolation):
            office.execute("UPDATE task SET status = 'bogus' WHERE id = 3")
        with pytest.raises(errors.CheckViolation):
            office.execute("UPDATE task SET kind = 'bogus' WHERE id = 3")
    with granted.unit() as conn:  # a unit is stopped earlier, by the guard trigger
        refused(conn, "UPDATE task SET status = 'bogus', version = version + 1 WHERE id = 2")


def test_created_and_migrated_stores_carry_the_same_checks(pg_url: str, pg_empty_url: str) -> None:
    """create_all (a new store) and migration 0004 (an upgraded one) give the same two
    constraints; Alembic's comparison does not look at CHECKs, so this does."""

    def checks(url: str) -> dict[str, str]:
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = 'task'::regclass AND contype = 'c'"
                )
            ).all()
        engine.dispose()
        return {str(n): str(d) for n, d in rows}

    engine = create_engine(pg_empty_url)
    migrations.upgrade(engine)
    engine.dispose()
    created = checks(pg_url)
    assert set(created) == {STATUS_CHECK, KIND_CHECK, URGENCY_CHECK}
    assert checks(pg_empty_url) == created


def test_upgrade_stops_on_a_status_it_does_not_know(pg_empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A store an attacker already wrote 'bogus' into (under the old code) is not
    silently upgraded: migration 0004 stops, names the task, and changes nothing."""
    engine = create_engine(pg_empty_url)
    migrations.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meeting (id, title, imported_at) VALUES (1, 'm', now())"))
        conn.execute(
            text(
                "INSERT INTO task (id, meeting_id, seq, outline, marker, level, kind, heading, text, "
                "deadline_unresolved, status, priority, search_key, created_at, updated_at, version) "
                "VALUES (7, 1, 0, '', '', 1, 'directive', 'h', 't', false, 'bogus', 0, '', now(), now(), 1)"
            )
        )
    assert main(["--db", pg_empty_url, "db", "upgrade"]) == 2
    assert "#7" in capsys.readouterr().err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    engine.dispose()


def test_unit_cannot_create_anything(granted: Granted) -> None:
    """No functions, tables, views or schemas of its own: nothing to shadow the real
    objects with, no SECURITY DEFINER function of its own to run as someone else."""
    with granted.unit() as conn:
        refused(conn, "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        refused(conn, "CREATE TABLE public.x (id int)")
        refused(conn, "CREATE VIEW public.v AS SELECT 1")
        refused(conn, "CREATE SCHEMA s")
        refused(conn, "CREATE TEMP TABLE t (id int)")


# ---------------------------------------------------------------------- 2. forged history


def test_event_without_a_change_is_refused(granted: Granted) -> None:
    """An event must be the record of a change the unit made to the task in the same
    transaction; a bare INSERT (a note on a task nobody touched, a 'done' out of the
    blue) is refused."""
    with granted.unit() as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="同一事务"):
            insert_event(conn, 2, "note")
        with pytest.raises(errors.InsufficientPrivilege):
            insert_event(conn, 2, "done", status_after=DONE)


def test_change_without_an_event_is_refused_at_commit(granted: Granted) -> None:
    """The other half: a unit cannot move its task and leave no trace in the history the
    weekly report is computed from. A deferred check at COMMIT refuses the transaction."""
    with granted.unit() as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="没有在同一事务中写入"):
            bump(conn, 2, IN_PROGRESS)
        with pytest.raises(errors.InsufficientPrivilege):  # asking for the check early only fails sooner
            with conn.transaction():
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                bump(conn, 2, IN_PROGRESS)
    assert granted.one("SELECT status, version FROM task WHERE id = 2") == (ASSIGNED, 1)


def test_forged_closing_is_refused(granted: Granted) -> None:
    """The audit's forgery: a unit marks its task done and writes the event as 'done' with
    to_value 已销号 (or status_after 已销号, or as the office's 'verified'), and the weekly
    report counted a 销号. The values an event carries must be the ones the server works
    out from the task, and the action must be the one the change amounts to."""
    forgeries: list[dict[str, object]] = [
        {"action": "done", "to_value": CLOSED},
        {"action": "done", "status_after": CLOSED},
        {"action": "verified", "status_after": CLOSED},
        {"action": "verified", "actor": OFFICE},
        {"action": "done", "actor": OFFICE},
    ]
    with granted.unit() as conn:
        for forged in forgeries:
            values = dict(forged)
            action, actor = str(values.pop("action")), str(values.pop("actor", JTJ))
            with pytest.raises(errors.InsufficientPrivilege):
                with conn.transaction():
                    bump(conn, 2, DONE)
                    insert_event(conn, 2, action, actor, **values)
        refused(conn, "UPDATE task SET status = %s, version = version + 1 WHERE id = 5", (CLOSED,))
    assert granted.one("SELECT count(*) FROM event WHERE status_after = %s OR action = 'verified'", (CLOSED,)) == (0,)
    assert granted.one("SELECT status FROM task WHERE id = 2") == (ASSIGNED,)


def test_forged_state_after_is_refused(granted: Granted) -> None:
    """The state an event snapshots (status, deadline, lead, co-owners after it) is what
    the weekly report replays: a unit cannot claim another lead, a later deadline, other
    co-owners or other from/to values than the task really has."""
    forgeries: list[dict[str, object]] = [
        {"lead_after": CZJ},
        {"deadline_after": datetime(2099, 1, 1).date()},
        {"co_after": WJJ},
        {"from_value": "待分派"},
        {"status_after": ASSIGNED},
    ]
    with granted.unit() as conn:
        for values in forgeries:
            with pytest.raises(errors.InsufficientPrivilege, match="以数据库为准"):
                with conn.transaction():
                    bump(conn, 2, IN_PROGRESS)
                    insert_event(conn, 2, "progress", **values)
    assert granted.one("SELECT count(*) FROM event WHERE task_id = 2 AND action = 'progress'") == (0,)


def test_backdated_time_does_not_land(granted: Granted) -> None:
    """A unit backdates its progress report (`at` = 2020) to look on time. The server's
    clock wins for unit roles: the event is stored with the server's time, and every
    value it carries is built from the task row."""
    with granted.unit() as conn:
        with conn.transaction():
            bump(conn, 2, IN_PROGRESS)
            conn.execute(
                "INSERT INTO event (task_id, at, actor, action, note) VALUES (2, '2020-01-01', %s, 'progress', 'x')",
                (JTJ,),
            )
    at, actor, frm, to, status, deadline, lead, co = granted.one(
        "SELECT at, actor, from_value, to_value, status_after, deadline_after, lead_after, co_after "
        "FROM event WHERE task_id = 2 ORDER BY id DESC LIMIT 1"
    )
    (server_now,) = granted.one("SELECT localtimestamp")
    assert abs(server_now - at) < timedelta(minutes=5)
    assert (actor, frm, to, status, lead, co) == (JTJ, ASSIGNED, IN_PROGRESS, IN_PROGRESS, JTJ, "")
    assert str(deadline) == "2026-11-25"
    (updated_at,) = granted.one("SELECT updated_at FROM task WHERE id = 2")
    assert abs(server_now - updated_at) < timedelta(minutes=5)  # the row's time too


def test_action_must_match_the_change(granted: Granted) -> None:
    """One event per change, and the right one: 'done' only when the task really went to
    已完成待核 in this transaction (not a second 'done' on a task already done), 'progress'
    only when it went to 整改中, a note only when the status stayed; no office action."""
    cases = [
        (None, "done"),  # the version bumped, the status did not move
        (DONE, "progress"),
        (IN_PROGRESS, "note"),
        (None, "created"),
        (None, "extension_granted"),
    ]
    before = granted.one("SELECT count(*) FROM event WHERE task_id IN (2, 5)")
    with granted.unit() as conn:
        for status, action in cases:
            with pytest.raises(errors.InsufficientPrivilege):
                with conn.transaction():
                    bump(conn, 2, status)
                    insert_event(conn, 2, action)
        with pytest.raises(errors.InsufficientPrivilege):  # 已完成待核 again: no second 'done'
            with conn.transaction():
                bump(conn, 5)
                insert_event(conn, 5, "done")
        with pytest.raises(errors.InsufficientPrivilege, match="同一事务"):  # two events, one change
            with conn.transaction():
                bump(conn, 2)
                insert_event(conn, 2, "note")
                insert_event(conn, 2, "note")
    assert granted.one("SELECT count(*) FROM event WHERE task_id IN (2, 5)") == before


def test_savepoints_do_not_multiply_events(granted: Granted) -> None:
    """Subtransactions do not split the bookkeeping: an event rolled back to a savepoint
    leaves its change without an event (refused at commit), and a second event in a new
    savepoint still finds the change already recorded."""
    with granted.unit() as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            with conn.transaction():
                bump(conn, 2)
                conn.execute("SAVEPOINT a")
                insert_event(conn, 2, "note")
                conn.execute("ROLLBACK TO SAVEPOINT a")
        with pytest.raises(errors.InsufficientPrivilege):
            with conn.transaction():
                bump(conn, 2)
                insert_event(conn, 2, "note")
                conn.execute("SAVEPOINT b")
                insert_event(conn, 2, "note")
    assert granted.one("SELECT count(*) FROM event WHERE task_id = 2 AND action = 'note'") == (0,)


def test_triggers_and_policies_cannot_be_switched_off(granted: Granted) -> None:
    """The server-side rules hold only if a unit cannot turn them off: replica mode
    (skips triggers), disabling triggers or row security, dropping or replacing the
    policies and functions. All need a superuser or the owner."""
    with granted.unit() as conn:
        refused(conn, "SET session_replication_role = replica")
        refused(conn, "ALTER TABLE event DISABLE TRIGGER ALL")
        refused(conn, "ALTER TABLE task DISABLE ROW LEVEL SECURITY")
        refused(conn, "DROP POLICY tasktui_unit_task_read ON task")
        refused(conn, "DROP TRIGGER tasktui_unit_event_guard ON event")
        refused(conn, "DROP FUNCTION tasktui_unit_owns(integer)")
        refused(conn, "CREATE OR REPLACE FUNCTION tasktui_unit_id() RETURNS integer LANGUAGE sql AS 'SELECT 3'")
        refused(conn, "SELECT * FROM tasktui_unit_change")
        refused(conn, "DELETE FROM tasktui_unit_change")
        conn.execute("SET row_security = off")  # then a query RLS would filter is refused outright
        refused(conn, "SELECT id FROM task")


def test_unit_cannot_choose_an_event_id(granted: Granted) -> None:
    """The UI notices changes by max(event.id); a unit that picked a low id could slip a
    change past it, a high one burn the range. The id column is not granted."""
    with granted.unit() as conn:
        refused_after_change(
            conn,
            "INSERT INTO event (id, task_id, at, actor, action, note) VALUES (1, 2, now(), %s, 'note', 'x')",
            (JTJ,),
        )


def test_extension_request_needs_a_later_date(granted: Granted) -> None:
    """An extension request (a department's action) carries the date asked for; the
    server checks it is a date after the current deadline and records the deadline
    itself as from_value."""
    with granted.unit() as conn:
        for asked in ("2026-10-01", "someday", "2026-02-30"):
            with pytest.raises(errors.InsufficientPrivilege, match="申请延期"):
                with conn.transaction():
                    bump(conn, 2)
                    insert_event(conn, 2, "extension_requested", to_value=asked)
        with conn.transaction():
            bump(conn, 2)
            insert_event(conn, 2, "extension_requested", to_value="2026-12-15")
    assert granted.one("SELECT from_value, to_value FROM event WHERE action = 'extension_requested'") == (
        "2026-11-25",
        "2026-12-15",
    )


def test_only_the_lead_unit_records_done(granted: Granted) -> None:
    """A co-owner (区卫健局 on #1, led by 区教体局) reports progress on its part; marking
    the task done is the lead's. With its own SQL it gets no further than the service."""
    with granted.unit(WJJ) as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="只有牵头单位"):
            with conn.transaction():
                bump(conn, 1, DONE)
                insert_event(conn, 1, "done", actor=WJJ)
    assert granted.one("SELECT status FROM task WHERE id = 1") == (IN_PROGRESS,)
    with granted.unit() as conn:
        with conn.transaction():
            bump(conn, 1, DONE)
            insert_event(conn, 1, "done")
    assert granted.one("SELECT status FROM task WHERE id = 1") == (DONE,)


def test_one_pending_extension_request_per_task(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """A second request while one waits is refused by the server too; once the office
    has answered (here: denied), the unit may ask again."""
    with granted.unit() as conn:
        with conn.transaction():
            bump(conn, 2)
            insert_event(conn, 2, "extension_requested", to_value="2026-12-15")
        with pytest.raises(errors.InsufficientPrivilege, match="已有待批的延期申请"):
            with conn.transaction():
                bump(conn, 2)
                insert_event(conn, 2, "extension_requested", to_value="2026-12-20")
    store = Store(granted.url)
    try:
        Service(store, Actor.office(OFFICE), clock).deny_extension(2, "不予延期")
    finally:
        store.dispose()
    with granted.unit() as conn:
        with conn.transaction():
            bump(conn, 2)
            insert_event(conn, 2, "extension_requested", to_value="2026-12-20")
    assert granted.one("SELECT count(*) FROM event WHERE task_id = 2 AND action = 'extension_requested'") == (2,)


def test_unit_events_keep_co_owners_in_the_order_entered(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """The server builds a unit's event with the co-owners as the office entered them
    (by name 区卫健局 would come first), the same as the service writes."""
    store = Store(granted.url)
    try:
        Service(store, Actor.office(OFFICE), clock).assign(3, CZJ, [JTJ, WJJ])
    finally:
        store.dispose()
    unit = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    try:
        Service(unit, Actor.department(JTJ), clock).add_note(3, "配合推进")
    finally:
        unit.dispose()
    assert granted.one("SELECT actor, co_after FROM event WHERE task_id = 3 ORDER BY id DESC LIMIT 1") == (
        JTJ,
        f"{JTJ}、{WJJ}",
    )


def test_upgrade_to_0005_reinstalls_the_unit_functions(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """A store whose unit functions came from grant-unit at schema 4 (co-owners by name)
    gets this version's from `db upgrade`: otherwise every unit event on a task with
    co-owners entered out of name order would be refused after the upgrade."""
    from tasktui.store.roles import function_sql

    old = [stmt.replace("ORDER BY c.seq, d.name", "ORDER BY d.name") for stmt in function_sql()]
    assert old != function_sql()
    with granted.office() as conn:  # back to schema 4 as it was, unit functions included
        for stmt in old:
            conn.execute(stmt)  # type: ignore[arg-type]
        conn.execute("DROP INDEX ix_task_search_grams, ix_task_lead_walk, ix_task_meeting_walk")  # 0009's
        conn.execute("DROP FUNCTION public.tasktui_grams(text)")
        conn.execute("ALTER TABLE department DROP COLUMN search_key")
        conn.execute("ALTER TABLE departmentalias DROP COLUMN search_key")
        conn.execute("ALTER TABLE meeting DROP COLUMN sort_key")
        conn.execute("DROP TABLE attachment")  # 0008's, after it
        conn.execute("ALTER TABLE task DROP CONSTRAINT ck_task_urgency")
        for column in ("assigned_at", "acknowledged_at", "responsible_leader", "urgency", "report_every"):
            conn.execute(f"ALTER TABLE task DROP COLUMN {column}")  # type: ignore[arg-type]
        conn.execute("DROP INDEX ix_event_action")
        conn.execute("ALTER TABLE taskcoowner DROP COLUMN seq")
        conn.execute("ALTER TABLE task DROP COLUMN status_rank")  # 0007's, with its indexes
        conn.execute("CREATE INDEX ix_task_kind_status_desc ON task (kind, status DESC, id)")
        conn.execute("ALTER TABLE department DROP COLUMN sort_key")
        conn.execute("ALTER TABLE task DROP COLUMN heading_key")
        conn.execute("DROP TABLE holidayworkday, holidaybreak, holidayyear")  # 0006's, after it
        conn.execute("ALTER TABLE meeting DROP COLUMN source_kind")
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    assert main(["--db", granted.url, "db", "upgrade"]) == 0
    test_unit_events_keep_co_owners_in_the_order_entered(granted, clock)


# ---------------------------------------------------------------------- 3. the ownership oracle


def test_ownership_function_answers_only_for_the_callers_unit(granted: Granted) -> None:
    """`tasktui_unit_owns(task, department)` answered for any unit, so a unit could map
    who owns what. Now it takes the task alone and answers for the caller's own unit,
    worked out on the server from the role; about another unit's task it says no, as
    about one that does not exist."""
    with granted.unit(JTJ) as jtj:
        assert [jtj.execute(f"SELECT tasktui_unit_owns({t})").fetchone() for t in (1, 2, 3, 4, 999)] == [
            (True,),
            (True,),
            (False,),
            (False,),
            (False,),
        ]
        with pytest.raises(errors.UndefinedFunction):  # the old two-argument form is gone
            jtj.execute("SELECT tasktui_unit_owns(3, 3)")
        # Refused the same way whether the task is another unit's or does not exist.
        other = refused_after_change(jtj, _event_sql() + ")", (3, datetime.now(), JTJ, "note", "x"))
        missing = refused_after_change(jtj, _event_sql() + ")", (999, datetime.now(), JTJ, "note", "x"))
        assert other.replace("#3", "#N") == missing.replace("#999", "#N")
    with granted.unit(WJJ) as wjj:
        assert wjj.execute("SELECT tasktui_unit_owns(1), tasktui_unit_owns(4), tasktui_unit_owns(2)").fetchone() == (
            True,
            True,
            False,
        )


def test_the_caller_is_the_role_set_or_the_login(granted: Granted) -> None:
    """Inside a SECURITY DEFINER function current_user is the owner; the caller is the
    role set with SET ROLE, else the login. Checked both ways, and SET ROLE to the group
    itself (which every unit role may do) makes a caller with no unit: it sees nothing."""
    with granted.office() as office:
        office.execute(f"SET ROLE {granted.roles[JTJ]}")
        assert office.execute("SELECT tasktui_unit_owns(2), count(*) FROM task").fetchone() == (True, len(JTJ_TASKS))
    with granted.unit() as conn:
        conn.execute(f"SET ROLE {UNIT_GROUP}")
        assert conn.execute("SELECT tasktui_unit_owns(2), count(*) FROM task").fetchone() == (False, 0)
        assert conn.execute("SELECT count(*) FROM event").fetchone() == (0,)


# ---------------------------------------------------------------------- 4. locks held by a unit


def test_unit_roles_get_session_limits(granted: Granted) -> None:
    """lock_timeout, statement_timeout and idle_in_transaction_session_timeout are set on
    every unit role (ALTER ROLE … SET), so a unit's session starts with them."""
    with granted.unit() as conn:
        for name, value in UNIT_TIMEOUTS.items():
            assert conn.execute(f"SHOW {name}").fetchone() == (value,)


def _short_limits(granted: Granted) -> None:
    """grant-unit again with limits a test can wait for."""
    store = Store(granted.url)
    try:
        target = resolve_unit_role(store, JTJ, granted.roles[JTJ])
        short = {"lock_timeout": "1s", "statement_timeout": "2s", "idle_in_transaction_session_timeout": "1s"}
        grant_unit(store, target, timeouts=short)
    finally:
        store.dispose()


def test_idle_lock_holder_loses_its_lock(granted: Granted) -> None:
    """The audit: a unit's `SELECT … FOR UPDATE` in a transaction left open blocked the
    office's writes on that task without limit. With idle_in_transaction_session_timeout
    the server ends the unit's session and the office's write goes through. (The office's
    own wait is bounded here by its lock_timeout, so this test cannot hang.)"""
    _short_limits(granted)
    unit = psycopg.connect(granted.pg.dsn(granted.dbname, user=granted.roles[JTJ]))  # not autocommit
    try:
        assert unit.execute("SELECT id FROM task WHERE id = 2 FOR UPDATE").fetchall() == [(2,)]
        with granted.office() as office:
            office.execute("SET lock_timeout = '20s'")
            started = time.monotonic()
            office.execute("UPDATE task SET priority = 3 WHERE id = 2")
            waited = time.monotonic() - started
        assert waited < 10
        # The unit's session was ended (the server says why, or the socket is gone).
        with pytest.raises((errors.IdleInTransactionSessionTimeout, psycopg.OperationalError)):
            unit.execute("SELECT 1")
    finally:
        unit.close()
    assert granted.one("SELECT priority FROM task WHERE id = 2") == (3,)


def test_unit_waits_and_statements_are_bounded(granted: Granted) -> None:
    """The unit's own side: it waits at most lock_timeout for a lock the office holds,
    and a statement runs at most statement_timeout."""
    _short_limits(granted)
    office = psycopg.connect(granted.pg.dsn(granted.dbname))
    try:
        office.execute("SELECT id FROM task WHERE id = 2 FOR UPDATE")
        with granted.unit() as conn:
            # Without the limit the wait would be endless: a watchdog cancels it after 20 s,
            # which gives QueryCanceled instead, and the test fails rather than hangs.
            watchdog = threading.Timer(20, conn.cancel)
            watchdog.start()
            try:
                with pytest.raises(errors.LockNotAvailable):
                    bump(conn, 2)
            finally:
                watchdog.cancel()
            started = time.monotonic()
            with pytest.raises(errors.QueryCanceled):
                conn.execute("SELECT pg_sleep(5)")
            assert time.monotonic() - started < 4
    finally:
        office.rollback()
        office.close()


def test_unit_cannot_lock_whole_tables(granted: Granted) -> None:
    """Beyond its own task rows, a unit cannot take a lock that stops the office's
    writes: LOCK TABLE in any mode stronger than reading needs table-wide UPDATE, DELETE
    or TRUNCATE (a unit has UPDATE on three columns only), and row locks on the reference
    tables need UPDATE on them."""
    attempts = [f"LOCK TABLE {t} IN EXCLUSIVE MODE" for t in ("task", "taskcoowner", "department", "meeting", "meta")]
    attempts += [
        "LOCK TABLE event IN SHARE MODE",
        "SELECT id FROM department FOR UPDATE",
        "SELECT id FROM meeting FOR SHARE",
    ]
    # LOCK TABLE only inside a transaction: no autocommit, a rollback after each refusal.
    with psycopg.connect(granted.pg.dsn(granted.dbname, user=granted.roles[JTJ])) as conn:
        for sql in attempts:
            refused(conn, sql)
            conn.rollback()


# ---------------------------------------------------------------------- the audit's whole list


def test_other_units_rows_are_invisible(granted: Granted) -> None:
    """Read other units' tasks, events and co-owner rows: not there, whether asked
    directly, by id, through an error side channel (a division by zero only another
    unit's row would trigger) or through the planner's statistics (pg_stats)."""
    with granted.office() as office:
        office.execute("ANALYZE")
    with granted.unit() as conn:
        assert {r[0] for r in conn.execute("SELECT id FROM task")} == JTJ_TASKS
        assert conn.execute("SELECT * FROM task WHERE id IN (3, 4, 6)").fetchall() == []
        assert conn.execute("SELECT count(*) FROM event WHERE task_id NOT IN (1, 2, 5)").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM taskcoowner WHERE task_id = 4").fetchone() == (0,)
        assert conn.execute("SELECT id FROM task WHERE 1 / (id - 3) > 100").fetchall() == []  # no error
        assert conn.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename IN ('task', 'event', 'taskcoowner')"
        ).fetchone() == (0,)


def test_writes_on_other_units_rows_are_refused(granted: Granted) -> None:
    """Update another unit's task (nothing to update: it is invisible), write an event on
    it, make itself a co-owner of it, or touch co-owner rows at all."""
    with granted.unit() as conn:
        assert conn.execute("UPDATE task SET version = version + 1 WHERE id = 3").rowcount == 0
        refused_after_change(conn, _event_sql() + ")", (3, datetime.now(), JTJ, "note", "x"))
        dept = "(SELECT id FROM department WHERE name = '区教体局')"
        refused(conn, f"INSERT INTO taskcoowner (task_id, department_id) VALUES (3, {dept})")
        refused(conn, f"UPDATE taskcoowner SET department_id = {dept}")
        refused(conn, "DELETE FROM taskcoowner")
        refused(
            conn,
            "INSERT INTO task (meeting_id, heading, text, search_key, created_at, updated_at) "
            "VALUES (1, 'x', 'x', '', now(), now())",
        )


def test_reference_tables_are_read_only(granted: Granted) -> None:
    """Departments, aliases, meetings, meta (which holds the role→unit mapping: a unit
    that could edit it would become another unit) and the schema revision: readable by
    design (the service needs names, titles and dates), never writable."""
    with granted.unit() as conn:
        assert conn.execute("SELECT count(*) FROM department").fetchone() == (3,)
        refused(conn, "UPDATE meta SET value = '区财政局' WHERE key LIKE 'unit_role:%%'", ())
        refused(conn, "INSERT INTO meta (key, value) VALUES ('unit_role:x', '区财政局')")
        refused(conn, "DELETE FROM meta")
        refused(conn, "INSERT INTO department (name) VALUES ('假单位')")
        refused(conn, "UPDATE department SET name = name || 'x'")
        refused(conn, "DELETE FROM department")
        refused(conn, "INSERT INTO departmentalias (department_id, alias) VALUES (1, '别名')")
        refused(conn, "INSERT INTO meeting (title, imported_at) VALUES ('x', now())")
        refused(conn, "UPDATE meeting SET title = 'x'")
        refused(conn, "DELETE FROM meeting")
        refused(conn, "UPDATE alembic_version SET version_num = '0001'")
        for table in ("task", "event", "taskcoowner", "department", "meeting", "meta"):
            refused(conn, f"TRUNCATE {table}")  # type: ignore[arg-type]


def test_own_task_only_as_a_department(granted: Granted) -> None:
    """On its own task a unit does what a department may: not change its own lead (or
    the deadline, the text), not delete it, not close it, not skip versions, and never
    touch the history it wrote."""
    with granted.unit() as conn:
        refused(conn, "UPDATE task SET lead_id = (SELECT id FROM department WHERE name = '区财政局') WHERE id = 2")
        refused(conn, "UPDATE task SET deadline = '2099-01-01' WHERE id = 2")
        refused(conn, "UPDATE task SET heading = 'x' WHERE id = 2")
        refused(conn, "DELETE FROM task WHERE id = 2")
        refused(conn, "UPDATE task SET status = %s, version = version + 1 WHERE id = 5", (CLOSED,))
        refused(conn, "UPDATE task SET status = %s, version = version + 2 WHERE id = 2", (IN_PROGRESS,))
        refused(conn, "UPDATE event SET note = 'x' WHERE task_id = 2")
        refused(conn, "DELETE FROM event WHERE task_id = 2")


def test_unit_cannot_become_someone_else(granted: Granted) -> None:
    """SET ROLE to the office (owner) or to another unit, SET SESSION AUTHORIZATION,
    granting itself a role, or giving itself BYPASSRLS / CREATEROLE: all refused. A unit
    role is a member of tasktui_unit and nothing else."""
    with granted.unit() as conn:
        for target in ("postgres", granted.roles[WJJ], granted.roles[CZJ]):
            refused(conn, f"SET ROLE {target}")  # type: ignore[arg-type]
        refused(conn, "SET SESSION AUTHORIZATION postgres")
        refused(conn, f"GRANT {granted.roles[WJJ]} TO {granted.roles[JTJ]}")  # type: ignore[arg-type]
        refused(conn, f"ALTER ROLE {granted.roles[JTJ]} BYPASSRLS")  # type: ignore[arg-type]
        refused(conn, f"ALTER ROLE {granted.roles[JTJ]} CREATEROLE")  # type: ignore[arg-type]


def test_legitimate_department_path_still_works(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """All of the above must not stop a department doing its work through tasktui
    connected as its role: progress, done, notes, extension requests, and the co-owner
    too. The events come out as the service would have written them, with the server's
    time."""
    jtj = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    wjj = Store(granted.pg.url(granted.dbname, user=granted.roles[WJJ]))
    try:
        unit = Service(jtj, Actor.department(JTJ), clock)
        assert {r.id for r in unit.list_tasks()} <= JTJ_TASKS
        assert unit.report_progress(2, "排查完毕").status == IN_PROGRESS
        assert unit.mark_done(2, "已完成").status == DONE
        unit.add_note(5, "补充材料")
        unit.extend(1, "2026-12-15", note="需要更多时间")
        co = Service(wjj, Actor.department(WJJ), clock)
        co.add_note(1, "配合完成")
        history = unit.get_task(2).history
        assert [e.action for e in history[-2:]] == ["progress", "done"]
        assert history[-1].status_after == DONE and history[-1].from_value == IN_PROGRESS
        ext = unit.get_task(1).history
        assert (ext[-2].action, ext[-2].from_value, ext[-2].to_value) == (
            "extension_requested",
            "2026-11-01",
            "2026-12-15",
        )
        assert (ext[-1].actor, ext[-1].co_after) == (WJJ, WJJ)
    finally:
        jtj.dispose()
        wjj.dispose()
    assert (
        main(
            [
                "--db",
                granted.pg.url(granted.dbname, user=granted.roles[JTJ]),
                "--as",
                JTJ,
                "progress",
                "1",
                "--note",
                "继续推进",
            ]
        )
        == 0
    )


# ---------------------------------------------------------------------- grant-unit and revoke-unit

# What grant-unit created before this hardening (tasktui at 44296d4), reduced to the
# parts that matter: the two-argument oracle with `search_path = public`, the guard with
# unqualified catalogs, and one set of policies per role with the unit's id written in.
LEGACY_SHARED = [
    "ALTER TABLE task ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE taskcoowner ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE event ENABLE ROW LEVEL SECURITY",
    """CREATE OR REPLACE FUNCTION tasktui_unit_owns(t_id integer, d_id integer) RETURNS boolean
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
         SELECT EXISTS (SELECT 1 FROM task WHERE id = t_id AND lead_id = d_id)
             OR EXISTS (SELECT 1 FROM taskcoowner WHERE task_id = t_id AND department_id = d_id)
       $$""",
    """CREATE OR REPLACE FUNCTION tasktui_unit_task_guard() RETURNS trigger
       LANGUAGE plpgsql SET search_path = public AS $$
       BEGIN
         IF NOT EXISTS (
             SELECT 1 FROM pg_auth_members m
             JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = 'tasktui_unit'
             JOIN pg_roles u ON u.oid = m.member AND u.rolname = current_user) THEN
           RETURN NEW;
         END IF;
         IF NEW.version <> OLD.version + 1 THEN
           RAISE EXCEPTION 'a unit must bump the task version by one' USING ERRCODE = '42501';
         END IF;
         IF NEW.status IS DISTINCT FROM OLD.status
            AND NOT (OLD.status IN ('已交办', '整改中') AND NEW.status IN ('整改中', '已完成待核')) THEN
           RAISE EXCEPTION 'a unit cannot move a task from % to %', OLD.status, NEW.status USING ERRCODE = '42501';
         END IF;
         RETURN NEW;
       END $$""",
    "CREATE TRIGGER tasktui_unit_task_guard BEFORE UPDATE ON task FOR EACH ROW EXECUTE FUNCTION tasktui_unit_task_guard()",
]


def _legacy_grant(conn: psycopg.Connection, role: str, unit: str, dbname: str) -> None:
    d = conn.execute("SELECT id FROM department WHERE name = %s", (unit,)).fetchone()[0]  # type: ignore[index]
    own = f"(lead_id = {d} OR EXISTS (SELECT 1 FROM taskcoowner c WHERE c.task_id = task.id AND c.department_id = {d}))"
    conn.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tasktui_unit') "
        "THEN CREATE ROLE tasktui_unit NOLOGIN; END IF; END $$"
    )
    for stmt in [
        f"CREATE ROLE {role} LOGIN",
        f'GRANT CONNECT ON DATABASE "{dbname}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT tasktui_unit TO {role}",
        f"GRANT SELECT ON meta, meeting, department, departmentalias, alembic_version, task, taskcoowner, event TO {role}",
        f"GRANT UPDATE (status, version, updated_at) ON task TO {role}",
        f"GRANT INSERT ON event TO {role}",
        f"GRANT USAGE ON SEQUENCE event_id_seq TO {role}",
        f"GRANT EXECUTE ON FUNCTION tasktui_unit_owns(integer, integer) TO {role}",
        f"CREATE POLICY tasktui_{role}_task_read ON task FOR SELECT TO {role} USING {own}",
        f"CREATE POLICY tasktui_{role}_task_update ON task FOR UPDATE TO {role} USING {own} WITH CHECK {own}",
        f"CREATE POLICY tasktui_{role}_taskcoowner_read ON taskcoowner FOR SELECT TO {role} "
        f"USING (department_id = {d} OR tasktui_unit_owns(task_id, {d}))",
        f"CREATE POLICY tasktui_{role}_event_read ON event FOR SELECT TO {role} USING (tasktui_unit_owns(task_id, {d}))",
        f"CREATE POLICY tasktui_{role}_event_insert ON event FOR INSERT TO {role} "
        f"WITH CHECK (tasktui_unit_owns(task_id, {d}) AND actor = '{unit}')",
        f"INSERT INTO meta (key, value) VALUES ('unit_role:{role}', '{unit}')",
    ]:
        conn.execute(stmt)  # type: ignore[arg-type]


def test_regrant_upgrades_a_store_granted_by_the_old_code(pg_server: PgCluster, pg_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    """A store granted by the old code is open to the audit's attack (shown first, so
    the test is known to reproduce it). grant-unit for ANY one unit replaces the shared
    functions and trigger, drops every old per-role policy and privilege, and brings the
    other, not re-granted units under the new rules too."""
    _load(pg_url, clock)
    dbname = pg_url.rsplit("/", 1)[-1]
    n = dbname.rsplit("_", 1)[-1]
    jtj, wjj = f"old{n}_jtj", f"old{n}_wjj"
    try:
        with psycopg.connect(pg_server.dsn(dbname), autocommit=True) as office:
            for stmt in LEGACY_SHARED:
                office.execute(stmt)  # type: ignore[arg-type]
            _legacy_grant(office, jtj, JTJ, dbname)
            _legacy_grant(office, wjj, WJJ, dbname)
        with psycopg.connect(pg_server.dsn(dbname, user=jtj), autocommit=True) as conn:  # the audit's attack
            conn.execute("CREATE TEMP TABLE pg_roles (oid oid, rolname name)")
            conn.execute("UPDATE task SET status = %s, version = version + 1 WHERE id = 2", (CLOSED,))
            assert conn.execute("SELECT tasktui_unit_owns(3, 3)").fetchone() == (True,)  # the oracle

        assert main(["--db", pg_url, "db", "grant-unit", JTJ, "--role", jtj]) == 0

        with psycopg.connect(pg_server.dsn(dbname), autocommit=True) as office:
            policies = {r[0] for r in office.execute("SELECT policyname FROM pg_policies WHERE schemaname = 'public'")}
            assert policies and all(p.startswith("tasktui_unit_") for p in policies)
            assert office.execute(
                "SELECT count(*) FROM pg_proc WHERE proname = 'tasktui_unit_owns' AND pronargs = 2"
            ).fetchone() == (0,)
            # The not re-granted unit: no privileges of its own left, the limits set.
            own_grants = office.execute(
                "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = %s", (wjj,)
            ).fetchone()
            assert own_grants == (0,)
        with psycopg.connect(pg_server.dsn(dbname, user=wjj), autocommit=True) as conn:
            assert {r[0] for r in conn.execute("SELECT id FROM task")} == {1, 4}
            refused(conn, "CREATE TEMP TABLE pg_roles (oid oid, rolname name)")
            refused(conn, "UPDATE task SET status = 'bogus', version = version + 1 WHERE id = 1")
            assert conn.execute("SHOW idle_in_transaction_session_timeout").fetchone() == (
                UNIT_TIMEOUTS["idle_in_transaction_session_timeout"],
            )
        with psycopg.connect(pg_server.dsn(dbname, user=jtj), autocommit=True) as conn:
            refused(conn, "UPDATE task SET status = %s, version = version + 1 WHERE id = 5", (CLOSED,))
    finally:
        pg_server.drop_database(dbname)
        for role in (jtj, wjj):
            pg_server.admin(f"DROP ROLE IF EXISTS {role}")


def test_revoke_removes_what_grant_added(granted: Granted) -> None:
    """revoke-unit takes back the membership, the privileges, the session limits and the
    mapping: the role can still log in (until dropped) but reads nothing."""
    role = granted.roles[JTJ]
    assert main(["--db", granted.url, "db", "revoke-unit", "--role", role]) == 0
    with granted.office() as office:
        assert office.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (role, UNIT_GROUP)).fetchone() == (False,)
        assert office.execute("SELECT count(*) FROM meta WHERE key = %s", (f"unit_role:{role}",)).fetchone() == (0,)
        assert office.execute(
            "SELECT count(*) FROM pg_db_role_setting WHERE setrole = %s::regrole", (role,)
        ).fetchone() == (0,)
    with granted.unit() as conn:
        refused(conn, "SELECT id FROM task")
        refused(conn, "SELECT key FROM meta")
    with granted.unit(WJJ) as conn:  # the others are untouched
        assert {r[0] for r in conn.execute("SELECT id FROM task")} == {1, 4}


def test_grant_refuses_roles_that_could_step_out(granted: Granted, capsys: pytest.CaptureFixture[str]) -> None:
    """A role that is a superuser, has BYPASSRLS or CREATEROLE, or is a member of another
    role (which it could SET ROLE to) would carry its unit's login out of the walls:
    grant-unit refuses it and changes nothing."""
    n = granted.dbname.rsplit("_", 1)[-1]
    bad = {f"bad{n}_su": "SUPERUSER", f"bad{n}_cr": "CREATEROLE", f"bad{n}_by": "BYPASSRLS", f"bad{n}_in": ""}
    try:
        for role, attr in bad.items():
            granted.pg.admin(f"CREATE ROLE {role} LOGIN {attr}")
        granted.pg.admin(f"GRANT {granted.roles[CZJ]} TO bad{n}_in")
        for role in bad:
            assert main(["--db", granted.url, "db", "grant-unit", JTJ, "--role", role]) == 2
            assert "不能作为单位角色" in capsys.readouterr().err
            assert granted.one("SELECT count(*) FROM meta WHERE key = %s", (f"unit_role:{role}",)) == (0,)
    finally:
        for role in bad:
            granted.pg.admin(f"DROP ROLE IF EXISTS {role}")


def test_an_office_that_is_not_a_superuser(pg_server: PgCluster, clock) -> None:  # type: ignore[no-untyped-def]
    """The usual set-up: the office logs in as a role that owns the database and the
    tables and may create roles, not as a superuser. grant-unit works, TEMP is taken
    from PUBLIC (the owner keeps it), and the office cannot make itself a unit."""
    dbname = pg_server.create_database("o")  # empty; the office creates the schema
    n = dbname.rsplit("_", 1)[-1]
    office_role, unit_role = f"office{n}", f"ou{n}_jtj"
    pg_server.admin(f"CREATE ROLE {office_role} LOGIN CREATEROLE")
    pg_server.admin(f'ALTER DATABASE "{dbname}" OWNER TO {office_role}')  # schema public goes with it
    try:
        url = pg_server.url(dbname, user=office_role)
        _load(url, clock)
        assert main(["--db", url, "db", "grant-unit", JTJ, "--role", unit_role]) == 0
        assert main(["--db", url, "db", "grant-unit", WJJ, "--role", office_role]) == 2
        with psycopg.connect(pg_server.dsn(dbname, user=office_role), autocommit=True) as office:
            temp = office.execute(
                "SELECT has_database_privilege(%s, current_database(), 'TEMP'), "
                "has_database_privilege(current_user, current_database(), 'TEMP')",
                (unit_role,),
            ).fetchone()
            assert temp == (False, True)
        with psycopg.connect(pg_server.dsn(dbname, user=unit_role), autocommit=True) as conn:
            assert {r[0] for r in conn.execute("SELECT id FROM task")} == JTJ_TASKS
            refused(conn, "CREATE TEMP TABLE x (id int)")
        store = Store(pg_server.url(dbname, user=unit_role))
        try:
            assert Service(store, Actor.department(JTJ), clock).report_progress(2, "进展").status == IN_PROGRESS
        finally:
            store.dispose()
    finally:
        pg_server.drop_database(dbname)
        pg_server.admin(f"DROP ROLE IF EXISTS {unit_role}")
        pg_server.admin(f"DROP ROLE IF EXISTS {office_role}")


# ---------------------------------------------------------------------- 签收 (schema 8)


def test_signing_goes_with_its_event_and_the_servers_time(granted: Granted) -> None:
    """A unit may write task.acknowledged_at only from empty, only together with a 签收
    event, and only the server's time lands (no back-dating)."""
    sign = "UPDATE task SET acknowledged_at = %s, version = version + 1 WHERE id = 2"
    with granted.unit() as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="没有在同一事务中写入"):
            conn.execute(sign, (datetime(2020, 1, 1),))  # no event: refused at commit
        with pytest.raises(errors.InsufficientPrivilege, match="只能随「签收」记录"):
            with conn.transaction():
                conn.execute(sign, (datetime(2020, 1, 1),))
                insert_event(conn, 2, "note")  # the signature under another record
        with pytest.raises(errors.InsufficientPrivilege, match="只能随「签收」记录"):
            with conn.transaction():
                bump(conn, 2)
                insert_event(conn, 2, "acknowledged")  # 签收 without the time written
        with conn.transaction():
            conn.execute(sign, (datetime(2020, 1, 1),))  # back-dated: the server's time lands
            insert_event(conn, 2, "acknowledged")
        (server_now,) = granted.one("SELECT localtimestamp")
        (signed_at,) = granted.one("SELECT acknowledged_at FROM task WHERE id = 2")
        assert abs(server_now - signed_at) < timedelta(minutes=5)
        for value in (None, datetime(2020, 1, 1)):  # neither cleared nor moved afterwards
            with pytest.raises(errors.InsufficientPrivilege, match="只能由空写入一次"):
                with conn.transaction():
                    conn.execute(sign, (value,))
                    insert_event(conn, 2, "acknowledged")
    assert granted.one("SELECT acknowledged_at FROM task WHERE id = 2") == (signed_at,)
    (action,) = granted.one("SELECT action FROM event WHERE task_id = 2 ORDER BY id DESC LIMIT 1")
    assert action == "acknowledged"


def test_only_the_lead_signs_its_own_assigned_task(granted: Granted) -> None:
    """Another unit's task is out of reach; a co-owner cannot sign; nor can the lead sign a
    task that is not 已交办, or move its status while signing."""
    sign = "UPDATE task SET acknowledged_at = now(), version = version + 1 WHERE id = %s"
    with granted.unit() as conn:  # 区教体局
        assert conn.execute(sign, (3,)).rowcount == 0  # 区财政局's: invisible
    with granted.unit(WJJ) as conn:  # co-owns #4 (区财政局 leads)
        with pytest.raises(errors.InsufficientPrivilege, match="只有牵头单位可以签收"):
            with conn.transaction():
                conn.execute(sign, (4,))
                insert_event(conn, 4, "acknowledged", actor=WJJ)
    with granted.unit() as conn:
        for task_id in (1, 5):  # 整改中, 已完成待核
            with pytest.raises(errors.InsufficientPrivilege, match="只有已交办的督办事项可以签收"):
                with conn.transaction():
                    conn.execute(sign, (task_id,))
                    insert_event(conn, task_id, "acknowledged")
        with pytest.raises(errors.InsufficientPrivilege, match="签收不改变状态"):
            with conn.transaction():
                conn.execute(
                    "UPDATE task SET acknowledged_at = now(), status = %s, version = version + 1 WHERE id = 2",
                    (IN_PROGRESS,),
                )
                insert_event(conn, 2, "acknowledged")
    assert granted.one("SELECT count(*) FROM task WHERE acknowledged_at IS NOT NULL") == (0,)


def test_the_service_signs_as_a_unit_role(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    czj = Store(granted.pg.url(granted.dbname, user=granted.roles[CZJ]))
    wjj = Store(granted.pg.url(granted.dbname, user=granted.roles[WJJ]))
    try:
        from tasktui.store.errors import RuleError

        with pytest.raises(RuleError, match="只有牵头单位（区财政局）可以签收"):
            Service(wjj, Actor.department(WJJ), clock).acknowledge(4)
        row = Service(czj, Actor.department(CZJ), clock).acknowledge(4, "已安排专人")
        assert row.acknowledged_at is not None
        last = Service(czj, Actor.department(CZJ), clock).get_task(4).history[-1]
        assert (last.action, last.actor, last.note, last.status_after) == ("acknowledged", CZJ, "已安排专人", ASSIGNED)
    finally:
        czj.dispose()
        wjj.dispose()
    (signed_at,) = granted.one("SELECT acknowledged_at FROM task WHERE id = 4")
    (server_now,) = granted.one("SELECT localtimestamp")
    assert abs(server_now - signed_at) < timedelta(minutes=5)


def test_a_unit_role_searches_lists_and_reports_its_own_tasks(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """The speed work's read paths, connected as the unit's own role: the search through
    the grams index (public.tasktui_grams, called by the role), the lean `list` rows and
    the report's driver reads give the unit its tasks and nothing of another's."""
    from tasktui.store.queries import TaskQuery

    jtj = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    try:
        unit = Service(jtj, Actor.department(JTJ), clock)
        for term in ("培训体系", "培", "pxtx"):  # #5 完善教师培训体系: 3+, 1 character, initials
            assert {r.id for r in unit.list_tasks(TaskQuery(search=term))} == {5}, term
        assert unit.list_tasks(TaskQuery(search="课后服务")) == []  # #4, 区财政局's
        listed = {t.id for t in unit.listed_tasks(TaskQuery(include_settled=True))}
        assert listed == {r.id for r in unit.list_tasks(TaskQuery(include_settled=True))} <= JTJ_TASKS
        feed = unit.history_feed()
        own = set(feed.tasks())
        assert own and own <= JTJ_TASKS
        far = datetime(2100, 1, 1)
        assert {row[0] for row in feed.events_until(far, far)} == own
    finally:
        jtj.dispose()
