"""Shared fixtures: a real database per test, a fixed clock, services acting as anyone.

`backend_url` is the database the service-layer tests run against; the PostgreSQL
fixture (tests/pg.py) adds a second parametrisation when a server can be started.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest
from helpers import BASIC_TOML, REPO, SHARED, TODAY, load_toml  # noqa: F401

from tasktui.clock import FixedClock
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

# Store backends (SQLite, and PostgreSQL from a throwaway cluster): the `backend`,
# `pg_server`, `pg_url` fixtures and which test modules run on both (tests/conftest_pg.py).
pytest_plugins = ["conftest_pg"]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY, at=time(10, 0))


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The store's URL: SQLite in tmp_path, or a fresh PostgreSQL database when the test
    is parametrised with backend="postgresql" (see conftest_pg.py)."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def office(store: Store, clock: FixedClock) -> Service:
    return Service(store, Actor.office("区政府督查室"), clock)


@pytest.fixture
def as_unit(store: Store, clock: FixedClock) -> Callable[[str], Service]:
    def make(name: str) -> Service:
        return Service(store, Actor.department(name), clock)

    return make


@pytest.fixture
def basic(office: Service) -> Service:
    """The office's service over a store loaded with BASIC_TOML (ids 1..6 in file order)."""
    load_toml(office, BASIC_TOML)
    return office
