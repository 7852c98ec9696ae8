"""Evidence (佐证材料) on PostgreSQL, tried as an attacker: a unit role with hand-written
SQL against the attachment table (row-level security, grants and the insert guard in
store/roles.py), and the legitimate path (the service connected as the unit role).

The store is test_pg_isolation's: #1, #2, #5 are 区教体局's; #3, #4 are 区财政局's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime

import psycopg
import pytest
import test_pg_isolation
from pg import PgCluster
from psycopg import errors
from test_pg_isolation import CZJ, JTJ, OFFICE, Granted, bump, refused

from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(name="granted")
def granted_store(pg_server: PgCluster, pg_url: str, clock) -> Iterator[Granted]:  # type: ignore[no-untyped-def]
    """test_pg_isolation's store, with one login role per unit."""
    yield from test_pg_isolation.granted.__wrapped__(pg_server, pg_url, clock)  # type: ignore[attr-defined]


_INSERT = (
    "INSERT INTO attachment (task_id, seq, name, media_type, size, sha256, content, added_at, added_by) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _row(task_id: int, content: bytes = PDF, **over: object) -> tuple[object, ...]:
    values: dict[str, object] = {
        "task_id": task_id,
        "seq": 90,
        "name": "证明.pdf",
        "media_type": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": content,
        "added_at": datetime(2000, 1, 1),
        "added_by": JTJ,
    }
    values.update(over)
    return tuple(values.values())


def _office_attaches(granted: Granted, clock, task_id: int) -> None:  # type: ignore[no-untyped-def]
    store = Store(granted.url)
    try:
        Service(store, Actor.office(OFFICE), clock).attach(task_id, [("财政局证明.pdf", PDF + b"czj")])
    finally:
        store.dispose()


def refused_in_change(conn: psycopg.Connection, task_id: int, row: tuple[object, ...]) -> str:
    """The insert in a transaction that first bumps the unit's own task #2 (so a missing
    change of the task is not why it fails): 42501, all rolled back."""
    try:
        with conn.transaction():
            bump(conn, 2)
            conn.execute(_INSERT, row)
    except errors.InsufficientPrivilege as exc:
        return str(exc)
    raise AssertionError(f"insert for #{task_id} was not refused")


def test_a_unit_reads_no_other_units_attachment(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    _office_attaches(granted, clock, 3)  # 区财政局's task
    assert granted.one("SELECT count(*) FROM attachment WHERE task_id = 3") == (1,)
    with granted.unit(JTJ) as conn:
        assert conn.execute("SELECT count(*) FROM attachment").fetchone() == (0,)
        assert conn.execute("SELECT content FROM attachment WHERE task_id = 3").fetchall() == []
    with granted.unit(CZJ) as conn:  # its owner reads it
        got = conn.execute("SELECT name, content FROM attachment WHERE task_id = 3").fetchall()
        assert got == [("财政局证明.pdf", PDF + b"czj")]


def test_a_unit_cannot_attach_to_another_units_task(granted: Granted) -> None:
    with granted.unit(JTJ) as conn:
        message = refused_in_change(conn, 3, _row(3))
        assert "不是本单位牵头或配合的事项" in message
        assert granted.one("SELECT count(*) FROM attachment") == (0,)


def test_a_unit_cannot_forge_who_added_it_or_its_hash(granted: Granted) -> None:
    with granted.unit(JTJ) as conn:
        refused_in_change(conn, 2, _row(2, added_by=CZJ))
        refused_in_change(conn, 2, _row(2, added_by=OFFICE))
        refused_in_change(conn, 2, _row(2, sha256="0" * 64))
        refused_in_change(conn, 2, _row(2, size=1))
        refused_in_change(conn, 2, _row(2, media_type="application/x-msdownload"))
    assert granted.one("SELECT count(*) FROM attachment") == (0,)


def test_a_unit_attaches_only_with_a_change_of_its_task(granted: Granted) -> None:
    """A bare insert (no version bump, so no history event owed) is refused; with the
    change and its ATTACHED event it lands, stamped with the server's time."""
    with granted.unit(JTJ) as conn:
        message = refused(conn, _INSERT, _row(2))
        assert "同一事务" in message
        with conn.transaction():
            bump(conn, 2)
            conn.execute(_INSERT, _row(2))
            conn.execute(
                "INSERT INTO event (task_id, at, actor, action, to_value) VALUES (%s, %s, %s, %s, %s)",
                (2, datetime(2026, 11, 20), JTJ, "attached", "证明.pdf"),
            )
    added_at, added_by = granted.one("SELECT added_at, added_by FROM attachment WHERE task_id = 2")
    assert added_by == JTJ and added_at.year >= 2026  # not the client's 2000-01-01
    assert granted.one("SELECT action, to_value FROM event WHERE task_id = 2 ORDER BY id DESC LIMIT 1") == (
        "attached",
        "证明.pdf",
    )


def test_a_unit_cannot_change_or_remove_evidence(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    store = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    try:
        Service(store, Actor.department(JTJ), clock).attach(2, [("证明.pdf", PDF)])
    finally:
        store.dispose()
    with granted.unit(JTJ) as conn:
        refused(conn, "UPDATE attachment SET name = 'x.pdf' WHERE task_id = 2")
        refused(conn, "UPDATE attachment SET content = %s WHERE task_id = 2", (b"%PDF-forged",))
        refused(conn, "DELETE FROM attachment WHERE task_id = 2")
    assert granted.one("SELECT name, content FROM attachment WHERE task_id = 2") == ("证明.pdf", PDF)


def test_the_service_as_the_unit_role(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """The legitimate path: attach, list, read back; another unit's task refused by the
    service before the database is asked."""
    store = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    try:
        unit = Service(store, Actor.department(JTJ), clock)
        result = unit.attach(1, [("C:\\材料\\整改报告.pdf", PDF), ("说明.txt", "已完成".encode())])
        assert [(a.seq, a.name) for a in result.added] == [(1, "整改报告.pdf"), (2, "说明.txt")]
        stamped = granted.one("SELECT added_at FROM attachment WHERE task_id = 1 AND seq = 1")[0]
        assert result.added[0].added_at == stamped != clock.now()  # the server's time, as stored
        view, content = unit.attachment(1, 1)
        assert (view.name, content, view.added_by) == ("整改报告.pdf", PDF, JTJ)
        assert [e.action for e in unit.get_task(1).history[-2:]] == ["attached", "attached"]
    finally:
        store.dispose()


def test_roles_granted_before_schema_8_get_the_attachment_rules(granted: Granted, clock) -> None:  # type: ignore[no-untyped-def]
    """A store whose units were granted at revision 0007 has no attachment table, so no
    policy or grant on it: migration 0008 runs roles.upgrade_sql() for them. Simulated by
    going down to 0007 (the table and its rules dropped) and up again."""
    from alembic import command
    from sqlalchemy import create_engine

    from tasktui.store import migrations

    engine = create_engine(granted.url)
    try:
        with migrations.transaction(engine) as conn:
            command.downgrade(migrations.alembic_config(conn), migrations.revision_for(7))
        assert granted.one("SELECT to_regclass('public.attachment') IS NULL") == (True,)
        migrations.upgrade(engine)
    finally:
        engine.dispose()
    assert granted.one("SELECT relrowsecurity FROM pg_class WHERE relname = 'attachment'") == (True,)
    _office_attaches(granted, clock, 3)
    store = Store(granted.pg.url(granted.dbname, user=granted.roles[JTJ]))
    try:
        unit = Service(store, Actor.department(JTJ), clock)
        assert [a.seq for a in unit.attach(2, [("证明.pdf", PDF)]).added] == [1]
    finally:
        store.dispose()
    with granted.unit(JTJ) as conn:
        assert conn.execute("SELECT task_id FROM attachment").fetchall() == [(2,)]
        refused(conn, "DELETE FROM attachment")
