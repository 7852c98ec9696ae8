"""Every shared fixture of the test suite (plain helper functions are in tests/helpers.py).

- A fixed clock, a real store per test and services acting as anyone (`clock`, `db_url`,
  `store`, `office`, `as_unit`, `basic`).
- Store backends: SQLite always, PostgreSQL from a throwaway cluster (`backend`,
  `pg_server`, `pg_template`, `pg_url`, `pg_empty_url`). The `backend` fixture is
  parametrised over ("sqlite", "postgresql") for the service-layer and import test modules
  (basenames in BOTH_BACKENDS_PREFIXES) and for any test marked
  `@pytest.mark.backends(...)`; everything else keeps running on SQLite only, with
  unchanged test ids. One cluster per test session (per xdist worker; see tests/pg.py);
  every test gets its own database cloned from a template that already holds the schema
  (~30 ms), dropped afterwards. Without the binaries the PostgreSQL cases are skipped
  locally, with the reason, and FAIL when $CI is set: CI must test PostgreSQL for real.
- The UI tests' store (`ui_url`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import BASIC_TOML, build_store, fixed_clock, load_toml
from pg import PgCluster, unavailable_reason

from tasktui.clock import FixedClock
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

# ---------------------------------------------------------------- store backends

BACKENDS: tuple[str, ...] = ("sqlite", "postgresql")
# Test modules (by basename) whose store-using tests run on both backends.
BOTH_BACKENDS_PREFIXES: tuple[str, ...] = (
    "test_service",
    "test_taskfile",
    "test_import",
    "test_pg_",
    "test_backends",
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    # The marks of clean integrity checks (store/checked_files.py) go to a cache folder of
    # this run, not the user's: tests and the commands they start inherit it.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tasktui-test-cache-")
    config.addinivalue_line("markers", "backends(*names): run this test on these store backends")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if marker is not None:
        names: tuple[str, ...] = tuple(marker.args) or BACKENDS
    elif module.startswith(BOTH_BACKENDS_PREFIXES):
        names = BACKENDS
    else:
        return  # SQLite only; not parametrised, so ids (and UI snapshot names) stay as they were
    metafunc.parametrize("backend", names, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgCluster]:
    reason = unavailable_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    cluster = PgCluster().start()  # a failure to start is an error, never a skip
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgCluster) -> str:
    """A database holding an empty current schema, cloned for every test."""
    name = pg_server.create_database("tpl")
    store = Store(pg_server.url(name))
    store.dispose()  # a template must have no open connections
    return name


@pytest.fixture
def pg_url(pg_server: PgCluster, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL store (current schema, no data) for one test."""
    name = pg_server.create_database("t", template=pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_empty_url(pg_server: PgCluster) -> Iterator[str]:
    """An empty PostgreSQL database (no tables) for one test."""
    name = pg_server.create_database("e")
    yield pg_server.url(name)
    pg_server.drop_database(name)


# ---------------------------------------------------------------- a store and its services


@pytest.fixture
def clock() -> FixedClock:
    return fixed_clock()


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The store's URL: SQLite in tmp_path, or a fresh PostgreSQL database when the test
    is parametrised with backend="postgresql"."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
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
    """The office's service over a store loaded with tests/data/basic.toml (ids 1..6 in file order)."""
    load_toml(office, BASIC_TOML)
    return office


# ---------------------------------------------------------------- the UI tests' store


@pytest.fixture
def ui_url(tmp_path: Path) -> str:
    """A SQLite store in tmp_path loaded from tests/data/ui_store.toml (helpers.build_store)."""
    return build_store(tmp_path)
