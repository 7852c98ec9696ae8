"""Store backends for the tests: SQLite always, PostgreSQL from a throwaway cluster.

Registered from tests/conftest.py (`pytest_plugins`). The `backend` fixture is
parametrised over ("sqlite", "postgresql") for the service-layer and import test modules
(names in BOTH_BACKENDS_PREFIXES) and for any test marked `@pytest.mark.backends(...)`;
everything else keeps running on SQLite only, with unchanged test ids.

PostgreSQL: one cluster per test session (`pg_server`, see tests/pg.py); every test gets
its own database cloned from a template that already holds the schema (~30 ms), dropped
afterwards. Without the binaries the PostgreSQL cases are skipped locally, with the reason,
and FAIL when $CI is set: CI must test PostgreSQL for real.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pg import PgCluster, unavailable_reason

BACKENDS: tuple[str, ...] = ("sqlite", "postgresql")
# Test modules whose store-using tests run on both backends.
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
    from tasktui.store.db import Store

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
