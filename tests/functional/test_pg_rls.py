"""`tasktui db grant-unit` on a real PostgreSQL: a unit role, connected with hand-written
SQL, can neither read nor change another unit's task, and may change its own only as a
department may (progress/done, notes as events)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from helpers import BASIC_TOML, load_toml
from pg import PgCluster
from psycopg import errors

from tasktui.cli import main
from tasktui.store.db import Store
from tasktui.store.errors import RuleError
from tasktui.store.lifecycle import CLOSED, DONE, IN_PROGRESS
from tasktui.store.service import Service
from tasktui.store.views import Actor

# BASIC_TOML: #1 区教体局 leads, 区卫健局 co-owns; #2 区教体局; #3 区财政局; #4 no lead;
# #5 区教体局 (done); #6 review.
JTJ_TASKS = {1, 2, 5}
WJJ_TASKS = {1}


@pytest.fixture
def granted(pg_server: PgCluster, pg_url: str, clock) -> Iterator[tuple[PgCluster, str, str]]:  # type: ignore[no-untyped-def]
    store = Store(pg_url)
    load_toml(Service(store, Actor.office("区政府督查室"), clock), BASIC_TOML)
    store.dispose()
    role = f"jtj_{pg_url.rsplit('_', 1)[-1]}"  # roles are cluster-wide: one per test database
    assert main(["--db", pg_url, "db", "grant-unit", "教体局", "--role", role]) == 0
    assert main(["--db", pg_url, "db", "grant-unit", "区卫健局", "--role", role + "_w"]) == 0
    dbname = pg_url.rsplit("/", 1)[-1]
    yield pg_server, dbname, role
    pg_server.admin(f'DROP DATABASE "{dbname}" WITH (FORCE)')
    pg_server.admin(f"DROP ROLE IF EXISTS {role}")
    pg_server.admin(f"DROP ROLE IF EXISTS {role}_w")


def _as(pg: PgCluster, dbname: str, role: str) -> psycopg.Connection:
    return psycopg.connect(pg.dsn(dbname, user=role), autocommit=True)


def test_unit_role_reads_only_its_own_tasks_and_their_events(granted) -> None:  # type: ignore[no-untyped-def]
    pg, dbname, role = granted
    with _as(pg, dbname, role) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM task")}
        assert ids == JTJ_TASKS
        # Even asked by id, another unit's task is not there.
        assert conn.execute("SELECT * FROM task WHERE id = 3").fetchall() == []
        assert conn.execute("SELECT count(*) FROM task WHERE lead_id <> 1 OR lead_id IS NULL").fetchone() == (0,)
        event_tasks = {r[0] for r in conn.execute("SELECT DISTINCT task_id FROM event")}
        assert event_tasks <= JTJ_TASKS and event_tasks
        assert conn.execute("SELECT count(*) FROM event WHERE task_id = 3").fetchone() == (0,)
        # Departments and meetings are shared reference data.
        assert conn.execute("SELECT count(*) FROM department").fetchone() == (3,)
    with _as(pg, dbname, role + "_w") as conn:  # a co-owner sees the co-owned task only
        assert {r[0] for r in conn.execute("SELECT id FROM task")} == WJJ_TASKS


def test_unit_role_cannot_update_another_units_task(granted) -> None:  # type: ignore[no-untyped-def]
    pg, dbname, role = granted
    with _as(pg, dbname, role) as conn:
        cur = conn.execute("UPDATE task SET status = %s, version = version + 1 WHERE id = 3", (IN_PROGRESS,))
        assert cur.rowcount == 0  # invisible, so nothing to update
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE task SET lead_id = 1 WHERE id = 3")  # column not granted
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM task WHERE id = 2")
        with pytest.raises(errors.InsufficientPrivilege):  # history is append-only
            conn.execute("UPDATE event SET note = 'x'")
        with pytest.raises(errors.InsufficientPrivilege):  # no notes on others' tasks
            conn.execute(
                "INSERT INTO event (task_id, at, actor, action, status_after) "
                "VALUES (3, now(), '区教体局', 'note', '已交办')"
            )
        with pytest.raises(errors.InsufficientPrivilege):  # nor in another unit's name
            conn.execute(
                "INSERT INTO event (task_id, at, actor, action, status_after) "
                "VALUES (2, now(), '区政府督查室', 'verified', '已销号')"
            )
    with psycopg.connect(pg.dsn(dbname), autocommit=True) as admin:
        assert admin.execute("SELECT status, version, lead_id FROM task WHERE id = 3").fetchone()[1] == 1


def test_unit_role_changes_its_own_task_only_as_a_department_may(granted) -> None:  # type: ignore[no-untyped-def]
    pg, dbname, role = granted
    with _as(pg, dbname, role) as conn:
        # Closing (销号) is the office's, even on its own task.
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE task SET status = %s, version = version + 1 WHERE id = 2", (CLOSED,))
        with pytest.raises(errors.InsufficientPrivilege):  # the version must move by one
            conn.execute("UPDATE task SET status = %s WHERE id = 2", (IN_PROGRESS,))
        # The change and its event, in one transaction (a change without its event is
        # refused at commit: tests/security/test_pg_isolation.py).
        with conn.transaction():
            cur = conn.execute("UPDATE task SET status = %s, version = version + 1 WHERE id = 2", (IN_PROGRESS,))
            assert cur.rowcount == 1
            conn.execute(
                "INSERT INTO event (task_id, at, actor, action, note, status_after) "
                "VALUES (2, now(), '区教体局', 'progress', '已完成 80%%', %s)",
                (IN_PROGRESS,),
            )


def test_service_connected_as_the_unit_role(granted, clock) -> None:  # type: ignore[no-untyped-def]
    pg, dbname, role = granted
    store = Store(pg.url(dbname, user=role))
    try:
        unit = Service(store, Actor.department("区教体局"), clock)
        assert {r.id for r in unit.list_tasks()} == JTJ_TASKS
        row = unit.report_progress(2, "排查完毕")
        assert row.status == IN_PROGRESS
        assert unit.mark_done(2, "完成").status == DONE
        assert unit.get_task(2).history[-1].action == "done"
        # Pretending to be the office does not help: the database refuses.
        office = Service(store, Actor.office("区政府督查室"), clock)
        with pytest.raises(RuleError):
            office.verify(2)
        assert office.list_tasks() and {r.id for r in office.list_tasks()} <= JTJ_TASKS
    finally:
        store.dispose()
    assert main(["--db", pg.url(dbname, user=role), "--as", "区教体局", "progress", "3", "--note", "x"]) in (1, 2)


def test_grant_unit_refuses_sqlite_and_bad_roles(tmp_path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(tmp_path / "s.db"), "db", "grant-unit", "x", "--role", "jtj"]) == 2
    assert main(["--db", pg_url, "db", "grant-unit", "区教体局", "--role", "Robert'); DROP TABLE task;--"]) == 2
    assert main(["--db", pg_url, "db", "grant-unit", "不存在局", "--role", "nobody_here"]) == 2


def test_revoke_unit(granted) -> None:  # type: ignore[no-untyped-def]
    pg, dbname, role = granted
    url = pg.url(dbname)
    assert main(["--db", url, "db", "revoke-unit", "--role", role + "_w", "--drop-role"]) == 0
    with _as(pg, dbname, role) as conn:
        assert conn.execute("SELECT count(*) FROM task").fetchone() == (len(JTJ_TASKS),)
    with pytest.raises(psycopg.OperationalError):
        _as(pg, dbname, role + "_w").close()
