"""Schema migrations (Alembic), configured from code: no alembic.ini at run time.

Design
------
* Revision ids are four digits, and revision ``NNNN`` is schema version ``int(NNNN)``:
  ``models.SCHEMA_VERSION`` equals ``int(HEAD)`` and every migration keeps the
  ``meta.schema_version`` row in step (tests check both).
* A new store is made by ``create_all`` and stamped at ``HEAD`` (Alembic's documented
  recipe); an existing one is upgraded by running the scripts in ``versions/``.
* Stores written before Alembic came in have ``meta.schema_version`` = 1 and no
  ``alembic_version`` table: they count as revision ``0001`` (the first released schema,
  which ``versions/0001_first_schema.py`` reproduces exactly), and ``db upgrade`` stamps
  them before upgrading.
* Opening a store never migrates it: `Store.ensure_schema` compares the store's revision
  with ``HEAD`` and asks for ``tasktui db upgrade`` when they differ.
* An upgrade is one transaction on every backend (`transaction`): killed at any moment,
  the store is at the old revision with the old schema, or at the new one. SQLite's DDL
  is transactional; what used to break it is the pysqlite driver, which runs DDL outside
  any transaction (it only opens one before INSERT/UPDATE/DELETE), so the columns a
  migration added were committed long before the revision that names them.

This module imports Alembic lazily, so opening a store stays cheap.

To write the next migration (a developer's task)::

    python -m tasktui.store.migrations revision -m "what changes" --autogenerate \
        --db sqlite:///path/to/store-at-head.db

then name it ``NNNN_…``, set ``revision = "NNNN"``, bump ``HEAD`` and ``REVISIONS`` here and
``SCHEMA_VERSION`` in models.py, and update ``meta.schema_version`` in the script.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, String, Table, create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "0009"
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")  # oldest first
SCRIPT_DIR = Path(__file__).resolve().parent
VERSION_TABLE = "alembic_version"

# Alembic's own bookkeeping table, declared here so a new store can be stamped without
# loading Alembic; kept out of SQLModel.metadata so autogenerate never proposes to drop it.
_version_md = MetaData()
alembic_version = Table(
    VERSION_TABLE,
    _version_md,
    Column("version_num", String(32), primary_key=True, nullable=False),
)


def revision_for(schema_version: int) -> str:
    return f"{schema_version:04d}"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_DIR))
    if url:
        # configparser interpolates %: escape it (passwords may contain one).
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_heads() -> tuple[str, ...]:
    """Heads according to the scripts themselves (tests compare them with HEAD)."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def read_revision(conn: Connection) -> tuple[str | None, bool]:
    """(revision, stamped): the store's revision and whether Alembic recorded it.

    A pre-Alembic store (no alembic_version, meta.schema_version = N) reads as
    revision_for(N), stamped False. An empty database reads as (None, False)."""
    tables = set(inspect(conn).get_table_names())
    if VERSION_TABLE in tables:
        rows = conn.execute(select(alembic_version.c.version_num)).scalars().all()
        if len(rows) == 1:
            return str(rows[0]), True
        if len(rows) > 1:  # branches: never produced by tasktui
            return ",".join(sorted(map(str, rows))), True
    if "meta" in tables:
        row = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
        if row is not None and str(row[0]).isdigit():
            return revision_for(int(row[0])), False
        return revision_for(0), False
    return None, False


def stamp_new(conn: Connection, revision: str = HEAD) -> None:
    """Record `revision` in a store just made by create_all."""
    _version_md.create_all(conn)
    conn.execute(alembic_version.delete())
    conn.execute(alembic_version.insert().values(version_num=revision))


class IntegrityCheckError(Exception):
    """A schema change would leave rows pointing at nothing (PRAGMA foreign_key_check)."""


@contextmanager
def transaction(engine: Engine, busy_timeout_ms: int = 10_000) -> Iterator[Connection]:
    """One transaction for schema changes (DDL and all), committed when the block ends.

    PostgreSQL: the engine's own transaction (its DDL is transactional).

    SQLite: a connection of its own, with the driver's implicit transaction handling off
    (`isolation_level = None`: pysqlite then never BEGINs or COMMITs by itself, before DDL
    or anywhere) and our own `BEGIN IMMEDIATE` instead, as SQLAlchemy's pysqlite notes
    ("Serializable isolation / Savepoints / Transactional DDL") describe. IMMEDIATE takes
    the write lock up front, waiting up to `busy_timeout_ms` for other writers. Foreign
    keys are off meanwhile, as SQLite's ALTER TABLE procedure asks (a batch migration drops
    and renames tables), and `PRAGMA foreign_key_check` must come back empty before the
    commit, or everything is rolled back."""
    in_memory = engine.url.database in (None, "", ":memory:") or engine.url.query.get("mode") == "memory"
    if engine.dialect.name != "sqlite" or in_memory:
        # An in-memory SQLite database lives in the engine's one connection (another engine
        # would see another, empty database), and nothing of it outlives a kill anyway.
        with engine.begin() as conn:
            yield conn
        return
    ddl = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(ddl, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.close()

    @event.listens_for(ddl, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with ddl.begin() as conn:
            yield conn
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if dangling:
                raise IntegrityCheckError(f"{len(dangling)} 行，例如 {tuple(dangling[0])}")
    finally:
        ddl.dispose()


def upgrade(engine: Engine, target: str = "head", busy_timeout_ms: int = 10_000) -> tuple[str | None, str]:
    """Bring the store at `engine` to `target`, in one transaction (`transaction`).
    Returns (before, after) revisions.

    An empty database gets the whole history run from 0001; a pre-Alembic store is
    stamped with the revision its meta.schema_version names, then upgraded."""
    from alembic import command

    with transaction(engine, busy_timeout_ms) as conn:
        before, stamped = read_revision(conn)
        if before is not None and before not in REVISIONS:
            raise UnknownRevisionError(before)
        cfg = alembic_config(conn)
        if before is not None and not stamped:
            command.stamp(cfg, before)
        command.upgrade(cfg, target)
        after, _ = read_revision(conn)
    return before, after or ""


class UnknownRevisionError(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


# Indexes declared once per dialect under one name (Index(...).ddl_if(dialect=...)):
# create_all honours ddl_if, Alembic's comparison does not (it would pick either copy), so
# they are left out of it; tests/functional/test_migrations.py checks them directly.
DIALECT_INDEXES = frozenset({"ix_task_countdown_desc"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "index" and name in DIALECT_INDEXES:
        return False
    # The search index (models.SQLITE_SEARCH_DDL / POSTGRES_SEARCH_DDL): raw DDL that the
    # models' metadata does not describe; FTS5 keeps its data in task_fts_* tables.
    # So is the unit roles' change table (store/roles.py), which an upgrade creates in a
    # cluster where grant-unit made the roles (0008 refreshes them).
    from tasktui.models import SEARCH_INDEX_OBJECTS
    from tasktui.store.roles import CHANGE_TABLE

    if type_ == "table" and (name == CHANGE_TABLE or (name or "").startswith("task_fts_")):
        return False
    return name not in SEARCH_INDEX_OBJECTS


def compare_with_models(conn: Connection) -> list[Any]:
    """Differences between the database's schema and tasktui.models (empty = in step)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import tasktui.models  # noqa: F401

    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
    return list(compare_metadata(ctx, SQLModel.metadata))


__all__ = [
    "HEAD",
    "REVISIONS",
    "SCRIPT_DIR",
    "alembic_config",
    "script_heads",
    "read_revision",
    "stamp_new",
    "upgrade",
    "transaction",
    "IntegrityCheckError",
    "compare_with_models",
    "include_object",
    "DIALECT_INDEXES",
    "UnknownRevisionError",
    "revision_for",
]
