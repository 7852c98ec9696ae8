"""Schema migrations: revision 0001 is the first released schema; upgrading keeps every
task, owner and event; opening an old or unknown store says what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from tasktui.cli import main
from tasktui.models import SCHEMA_VERSION
from tasktui.store import migrations
from tasktui.store.db import Store, StoreError
from tasktui.store.service import Service
from tasktui.store.views import Actor

from helpers import BASIC_TOML, load_toml

pytestmark = pytest.mark.backends("sqlite", "postgresql")


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_empty_url"))
    return f"sqlite:///{tmp_path / 'old.db'}"


def _snapshot(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table, order in (("task", "id"), ("taskcoowner", "task_id, department_id"), ("event", "id"),
                             ("department", "id"), ("departmentalias", "id"), ("meeting", "id")):
            out[table] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))]
    engine.dispose()
    return out


def test_head_matches_scripts_and_models() -> None:
    assert migrations.script_heads() == (migrations.HEAD,)
    assert migrations.REVISIONS[-1] == migrations.HEAD
    assert int(migrations.HEAD) == SCHEMA_VERSION


def test_migrations_build_exactly_the_models_schema(empty_url: str) -> None:
    """Running the scripts from nothing gives what create_all gives: a model change
    without a migration fails here."""
    engine = create_engine(empty_url)
    before, after = migrations.upgrade(engine)
    assert (before, after) == (None, migrations.HEAD)
    with engine.connect() as conn:
        assert migrations.compare_with_models(conn) == []
        assert conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar() == str(SCHEMA_VERSION)
    engine.dispose()
    Store(empty_url).dispose()  # opens without complaint


def test_first_schema_store_upgrades_with_everything_kept(empty_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(empty_url)
    migrations.upgrade(engine, "0001")  # the first released schema, from its own script
    engine.dispose()
    store = Store(empty_url)
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML)
    office.assign(4, "区财政局", ["区卫健局"], "2026-12-31", note="补充交办")
    office.add_note(1, "it's 100% done; DROP TABLE task; --")
    store.dispose()
    before = _snapshot(empty_url)
    assert len(before["task"]) == 6 and len(before["event"]) > 6 and before["taskcoowner"]

    assert main(["--db", empty_url, "db", "upgrade"]) == 0
    after = _snapshot(empty_url)
    assert after == before
    store = Store(empty_url)
    detail = Service(store, Actor.office("区政府督查室"), clock).get_task(4)
    assert detail.row.lead == "区财政局" and detail.row.co_owners == ["区卫健局"]
    store.dispose()


def test_pre_alembic_store_is_recognised_and_stamped(tmp_path: Path, backend: str, clock) -> None:  # type: ignore[no-untyped-def]
    if backend != "sqlite":
        pytest.skip("one backend is enough: the pre-Alembic release only shipped SQLite stores")
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    # What the first release wrote: create_all plus meta.schema_version, no alembic_version.
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', '1')"))
    engine.dispose()
    store = Store(url)  # revision 0001 == head: opens as is, writes nothing
    load_toml(Service(store, Actor.office("区政府督查室"), clock), BASIC_TOML)
    store.dispose()
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
    with pytest.raises(StoreError, match="unknown to this tasktui.*upgrade tasktui"):
        Store(empty_url)
    assert main(["--db", empty_url, "list"]) == 2
    assert "upgrade tasktui" in capsys.readouterr().err
    assert main(["--db", empty_url, "db", "upgrade"]) == 2
    # An older revision than head (simulated: pretend head moved on) asks for db upgrade.
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    store = Store(empty_url, create=False)
    old_head, old_revs = migrations.HEAD, migrations.REVISIONS
    try:
        migrations.HEAD, migrations.REVISIONS = "0002", ("0001", "0002")
        with pytest.raises(StoreError, match="run `tasktui db upgrade`"):
            store.ensure_schema()
    finally:
        migrations.HEAD, migrations.REVISIONS = old_head, old_revs
        store.dispose()


def test_db_init_and_status(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", empty_url, "db", "status"]) == 0
    assert "empty" in capsys.readouterr().out
    assert main(["--db", empty_url, "db", "init"]) == 0
    assert main(["--db", empty_url, "db", "init"]) == 0  # idempotent
    assert main(["--db", empty_url, "db", "status"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["--db", empty_url, "list"]) == 0


def test_db_init_refuses_a_foreign_database(empty_url: str) -> None:
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    assert main(["--db", empty_url, "db", "init"]) == 2
    assert main(["--db", empty_url, "list"]) == 2
