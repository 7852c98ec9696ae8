"""An SQLite library without FTS5's trigram tokenizer (SQLite before 3.34, or FTS5 left
out, as on an old system Python): a new store and a store upgraded to schema 9 get no
search index and the search's LIKE predicate answers alone, with the same answers; a store
that has the index is refused with one line on such a library (its triggers could not
write). The library's capability is the one thing replaced here (models.sqlite_has_trigram);
the stores are real."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from helpers import BASIC_TOML, assert_search_like_predicate, load_toml, read_data
from sqlalchemy import create_engine

from tasktui import models
from tasktui.clock import FixedClock
from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import StoreError
from tasktui.store.service import Service, TaskQuery

TERMS = ("学", "安全", "控辍保学", "kcbx", "jtj", "教体局", "无此事项", "%", "WiFi")


@pytest.fixture
def no_trigram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "sqlite_has_trigram", lambda: False)


def _index_tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'task_fts%'")}


def test_the_library_here_has_the_tokenizer() -> None:
    # The test machines' Python bundles SQLite 3.40: the index is built there (the other
    # tests of the search index depend on it).
    assert models.sqlite_has_trigram() is (sqlite3.sqlite_version_info >= (3, 34, 0))


def test_a_new_store_has_no_index_and_searches_by_like(no_trigram: None, tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "old-sqlite.db"
    svc = Service(Store(f"sqlite:///{path}"), clock=clock)
    load_toml(svc, BASIC_TOML)
    load_toml(svc, read_data("search_extra.toml"))
    assert _index_tables(path) == set()
    assert_search_like_predicate(svc, TERMS)
    found = svc.list_tasks(TaskQuery(search="控辍保学", include_settled=True, kinds=None))
    assert found, "a search still finds tasks without the index"


def test_an_upgrade_to_schema_9_builds_no_index(no_trigram: None, tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "upgraded.db"
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    migrations.upgrade(engine, "0008")
    migrations.upgrade(engine)
    engine.dispose()
    assert _index_tables(path) == set()
    svc = Service(Store(url), clock=clock)
    load_toml(svc, BASIC_TOML)
    assert_search_like_predicate(svc, TERMS)


def test_a_store_with_the_index_is_refused_in_one_line(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "made-elsewhere.db"
    Service(Store(f"sqlite:///{path}"), clock=clock)  # made where the library has the tokenizer
    assert "task_fts" in _index_tables(path)
    monkeypatch.setattr(models, "sqlite_has_trigram", lambda: False)
    monkeypatch.setattr("tasktui.store.db.sqlite_has_trigram", lambda: False)
    with pytest.raises(StoreError, match="需要 SQLite 3.34 及以上版本") as caught:
        Store(f"sqlite:///{path}")
    assert "\n" not in str(caught.value)
