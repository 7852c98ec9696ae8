"""Alembic environment, driven from code (tasktui.store.migrations), not alembic.ini.

The caller passes an open connection in `config.attributes["connection"]`, already inside
the one transaction the whole upgrade runs in (`tasktui.store.migrations.transaction`:
atomic on PostgreSQL and SQLite alike). Alembic sees that outer transaction and opens
none of its own, so `transaction_per_migration` and `transactional_ddl` do not come into
play: nothing is committed before the last script has run and the revision is stamped.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import tasktui.models  # noqa: F401  (fills SQLModel.metadata for autogenerate)
from tasktui.store.migrations import include_object, transaction

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Plain `alembic -x` style use by a developer: open the URL given in the config, with
    # the same one-transaction handling as `tasktui db upgrade`.
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with transaction(engine) as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():  # pragma: no cover - SQL scripts are not offered
    raise SystemExit("tasktui migrations run online only")
run_migrations_online()
