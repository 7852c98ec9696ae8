"""Schema migrations: revision 0001 is the first released schema; upgrading keeps every
task, owner and event; opening an old or unknown store says what to do."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from helpers import BASIC_TOML, assert_search_like_predicate, load_toml
from sqlalchemy import bindparam, create_engine, text

from tasktui.cli import main
from tasktui.models import SCHEMA_VERSION
from tasktui.search import pinyin_key, pinyin_sort_key
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import StoreError
from tasktui.store.lifecycle import NO_COUNTDOWN_STATUSES
from tasktui.store.queries import SORT_KEY_MISMATCH
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

pytestmark = pytest.mark.backends("sqlite", "postgresql")


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_empty_url"))
    return f"sqlite:///{tmp_path / 'old.db'}"


# The task columns of revision 0001 (0002 adds the generated sort keys after them).
FIRST_TASK_COLUMNS = (
    "id, meeting_id, parent_id, seq, outline, marker, level, kind, heading, text, span_start, span_end, "
    "deadline, deadline_phrase, deadline_unresolved, status, priority, lead_id, owner_hint, search_key, "
    "created_at, updated_at, version"
)
FIRST_EVENT_COLUMNS = (
    "id, task_id, at, actor, action, from_value, to_value, note, status_after, deadline_after, lead_after"
)
FIRST_COLUMNS = {
    "task": FIRST_TASK_COLUMNS,
    "event": FIRST_EVENT_COLUMNS,
    "taskcoowner": "task_id, department_id",  # 0005 adds seq
    "meeting": "id, title, date, source_name, content_hash, source_text, imported_at",  # 0006 adds source_kind
    "department": "id, name",  # 0007 adds sort_key, 0009 search_key
    "departmentalias": "id, department_id, alias",  # 0009 adds search_key
}
# Copied table by table into a 0001 store, parents first.
FIRST_TABLES = ("department", "departmentalias", "meeting", "task", "taskcoowner", "event")


def _fill_first_schema_store(url: str, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    """Data in a store at revision 0001. Today's service writes only the head schema, so a
    scripted history is made in a scratch head store and its rows copied over with the
    0001 columns: tasks of every status, with and without a deadline, co-owners, events."""
    scratch = Store(f"sqlite:///{tmp_path / 'scratch.db'}")
    office = Service(scratch, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML)
    office.assign(4, "区财政局", ["区卫健局"], "2026-12-31", note="补充交办")
    office.add_note(1, "it's 100% done; DROP TABLE task; --")
    _scripted_history(office, scratch)
    src = scratch.engine
    dst = create_engine(url)
    with src.connect() as a, dst.begin() as b:
        for table in FIRST_TABLES:
            cols = FIRST_COLUMNS.get(table, "*")
            result = a.execute(text(f"SELECT {cols} FROM {table}"))
            names = list(result.keys())
            rows = [dict(zip(names, r)) for r in result]
            for row in rows:  # SQLite hands back 0/1 for booleans
                if "deadline_unresolved" in row:
                    row["deadline_unresolved"] = bool(row["deadline_unresolved"])
            if rows:
                b.execute(
                    text(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"),
                    rows,
                )
            if dst.dialect.name == "postgresql" and "id" in names:
                b.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    dst.dispose()
    scratch.dispose()


def _scripted_history(office: Service, store: Store) -> None:
    """Every kind of change that moves status or deadline, on the BASIC_TOML tasks."""
    from tasktui.store.lifecycle import PENDING

    for row in office.list_tasks(TaskQuery(include_settled=True, kinds=None)):
        if row.kind == "directive" and row.status == PENDING:
            office.assign(row.id, "区教体局")
    rows = office.list_tasks(TaskQuery(statuses=["已交办", "整改中"]))
    assert len(rows) >= 2
    a, b = rows[0], rows[1]
    unit_a = Service(store, Actor.department(a.lead or ""), office.clock)
    unit_a.report_progress(a.id, "进展")
    unit_a.mark_done(a.id, "完成")
    office.verify(a.id)
    office.set_deadline(b.id, "2026-11-01")  # overdue
    office.extend(b.id, "2027-01-15")
    Service(store, Actor.department(b.lead or ""), office.clock).mark_done(b.id, "完成")


def _snapshot(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        out["task"] = [tuple(r) for r in conn.execute(text(f"SELECT {FIRST_TASK_COLUMNS} FROM task ORDER BY id"))]
        for table, order in (
            ("taskcoowner", "task_id, department_id"),
            ("event", "id"),
            ("department", "id"),
            ("departmentalias", "id"),
            ("meeting", "id"),
        ):
            cols = FIRST_COLUMNS.get(table, "*")
            out[table] = [tuple(r) for r in conn.execute(text(f"SELECT {cols} FROM {table} ORDER BY {order}"))]
    engine.dispose()
    return out


def test_head_matches_scripts_and_models() -> None:
    assert migrations.script_heads() == (migrations.HEAD,)
    assert migrations.REVISIONS[-1] == migrations.HEAD
    assert int(migrations.HEAD) == SCHEMA_VERSION


def test_migrations_build_exactly_the_models_schema(empty_url: str, backend: str, tmp_path: Path) -> None:
    """Running the scripts from nothing gives what create_all gives: a model change
    without a migration fails here."""
    engine = create_engine(empty_url)
    before, after = migrations.upgrade(engine)
    assert (before, after) == (None, migrations.HEAD)
    with engine.connect() as conn:
        assert migrations.compare_with_models(conn) == []
        assert conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar() == str(SCHEMA_VERSION)
        migrated = _dialect_indexes(conn)
    engine.dispose()
    Store(empty_url).dispose()  # opens without complaint
    # The per-dialect indexes (left out of the comparison): as create_all makes them.
    created = create_engine(f"sqlite:///{tmp_path / 'created.db'}") if backend == "sqlite" else None
    if created is not None:
        Store(str(created.url)).dispose()
        with created.connect() as conn:
            assert _dialect_indexes(conn) == migrated
        created.dispose()
    want = "deadline DESC" + (" NULLS LAST" if backend == "postgresql" else "")
    assert set(migrated) == set(migrations.DIALECT_INDEXES)
    assert want in migrated["ix_task_countdown_desc"]


def _dialect_indexes(conn) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite":
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN :names"
    else:
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN :names"
    stmt = text(sql).bindparams(bindparam("names", expanding=True))
    return {n: d for n, d in conn.execute(stmt, {"names": sorted(migrations.DIALECT_INDEXES)})}


def test_first_schema_store_upgrades_with_everything_kept(empty_url: str, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(empty_url)
    migrations.upgrade(engine, "0001")  # the first released schema, from its own script
    engine.dispose()
    _fill_first_schema_store(empty_url, tmp_path, clock)
    with pytest.raises(StoreError, match="db upgrade"):
        Store(empty_url)
    before = _snapshot(empty_url)
    assert len(before["task"]) == 6 and len(before["event"]) > 6 and before["taskcoowner"]
    statuses = {r[15] for r in before["task"]}
    assert {"已销号", "已完成待核", "已交办"} <= statuses  # settled and open rows to fill

    assert main(["--db", empty_url, "db", "upgrade"]) == 0
    after = _snapshot(empty_url)
    assert after == before
    # 0001 → 0002 filled the sort keys of the rows already there.
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT id, status, deadline, settled, due_key FROM task ORDER BY id")).all()
        assert conn.execute(text(SORT_KEY_MISMATCH)).all() == []
        assert conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar() == str(SCHEMA_VERSION)
        # 0002 → 0003: events written before it have no co-owner snapshot (NULL).
        assert conn.execute(text("SELECT count(*) FROM event WHERE co_after IS NOT NULL")).scalar() == 0
        # 0006 → 0007: the units and headings already there get their pinyin sort keys.
        units = conn.execute(text("SELECT name, sort_key FROM department")).all()
        assert units and all(key == pinyin_sort_key(name) for name, key in units)
        headings = conn.execute(text("SELECT heading, heading_key FROM task")).all()
        assert headings and all(key == pinyin_sort_key(heading) for heading, key in headings)
        # 0007 → 0008: a task with a lead was given to it at its last 交办/改派 event; nobody
        # has signed yet; every task is 一般.
        cycle = conn.execute(
            text(
                "SELECT t.lead_id, t.assigned_at, t.acknowledged_at, t.urgency, (SELECT max(e.at) FROM event e "
                "WHERE e.task_id = t.id AND e.action IN ('assigned', 'reassigned')) FROM task t"
            )
        ).all()
        assert any(lead for lead, *_ in cycle)
        for lead, assigned_at, acknowledged_at, urgency, last_assigned in cycle:
            assert str(assigned_at) == str(last_assigned if lead else None)
            assert acknowledged_at is None and urgency == "一般"
        # 0008 → 0009: units and aliases get their pinyin keys, meetings their title's sort key.
        for table, source in (("department", "name"), ("departmentalias", "alias")):
            named = conn.execute(text(f"SELECT {source}, search_key FROM {table}")).all()
            assert named and all(key == pinyin_key(name) for name, key in named)
        titles = conn.execute(text("SELECT title, sort_key FROM meeting")).all()
        assert titles and all(key == pinyin_sort_key(title) for title, key in titles)
    engine.dispose()
    assert len(keys) == 6
    for _id, status, deadline, settled, due_key in keys:
        assert settled == (1 if status in NO_COUNTDOWN_STATUSES else 0)
        assert str(due_key) == str(deadline if deadline is not None else "9999-12-31")
    store = Store(empty_url)
    office = Service(store, Actor.office("区政府督查室"), clock)
    detail = office.get_task(4)
    assert detail.row.lead == "区财政局" and detail.row.co_owners == ["区卫健局"]
    # Upgraded rows sort like new ones: open first, deadline ascending, none last.
    rows = office.list_tasks(TaskQuery(include_settled=True))
    assert [r.id for r in rows] == [r.id for r in sorted(rows, key=_countdown_key)]
    assert [r.id for r in office.task_page(TaskQuery(include_settled=True, limit=50))] == [r.id for r in rows]
    # The search index was built for the rows already there: every search gives what the
    # LIKE predicate alone gives (tests/functional/test_service_search_index.py).
    assert_search_like_predicate(office, ["校园", "控辍", "学", "kcbx", "jtj", "区财政局", "无此", "DROP"])
    # …and stay right through writes after the upgrade.
    _scripted_history(office, store)
    with store.engine.connect() as conn:
        assert conn.execute(text(SORT_KEY_MISMATCH)).all() == []
    store.dispose()


def _countdown_key(r):  # type: ignore[no-untyped-def]
    return (r.status in NO_COUNTDOWN_STATUSES, r.deadline is None, r.deadline or date.min, r.id)


def test_pre_alembic_store_is_recognised_and_stamped(tmp_path: Path, backend: str, clock) -> None:  # type: ignore[no-untyped-def]
    if backend != "sqlite":
        pytest.skip("one backend is enough: the pre-Alembic release only shipped SQLite stores")
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    # What the first release wrote: its create_all (= the 0001 script) plus
    # meta.schema_version = 1, no alembic_version.
    engine = create_engine(url)
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    _fill_first_schema_store(url, tmp_path, clock)
    with pytest.raises(StoreError, match="db upgrade"):
        Store(url)  # revision 0001 (from meta) is behind head
    assert "alembic_version" not in _tables(tmp_path / "legacy.db")
    assert main(["--db", url, "db", "upgrade"]) == 0
    con = sqlite3.connect(tmp_path / "legacy.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrations.HEAD,)]
    assert con.execute("SELECT count(*) FROM task").fetchone() == (6,)
    con.close()


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_unknown_or_old_revision_gives_a_clear_message(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    Store(empty_url).dispose()
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreError, match="本版 tasktui 不认识.*请升级 tasktui"):
        Store(empty_url)
    assert main(["--db", empty_url, "list"]) == 2
    assert "请升级 tasktui" in capsys.readouterr().err
    assert main(["--db", empty_url, "db", "upgrade"]) == 2
    # An older revision than head (simulated: pretend head moved on) asks for db upgrade.
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    store = Store(empty_url, create=False)
    old_head, old_revs = migrations.HEAD, migrations.REVISIONS
    try:
        migrations.HEAD, migrations.REVISIONS = "0002", ("0001", "0002")
        with pytest.raises(StoreError, match="请先运行 `tasktui db upgrade`"):
            store.ensure_schema()
    finally:
        migrations.HEAD, migrations.REVISIONS = old_head, old_revs
        store.dispose()


def test_db_init_and_status(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", empty_url, "db", "status"]) == 0
    assert "空数据库" in capsys.readouterr().out
    assert main(["--db", empty_url, "db", "init"]) == 0
    assert main(["--db", empty_url, "db", "init"]) == 0  # idempotent
    assert main(["--db", empty_url, "db", "status"]) == 0
    assert "已是最新" in capsys.readouterr().out
    assert main(["--db", empty_url, "list"]) == 0


def test_db_init_refuses_a_foreign_database(empty_url: str) -> None:
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    assert main(["--db", empty_url, "db", "init"]) == 2
    assert main(["--db", empty_url, "list"]) == 2
