"""Opening the database: URL resolution, SQLite pragmas, schema creation, sessions.

SQLite is the default (one file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Code above this module stays dialect-neutral.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine, select

from tasktui.models import SCHEMA_VERSION, Meta
from tasktui.store import migrations
from tasktui.store.errors import RuleError, StoreError, TaskTuiError

ENV_VAR = "TASKTUI_DB"

# What a call into the service may raise without it being a bug: the errors a user is
# meant to read, and the database's own (a lock outlasting the busy timeout, a server
# gone). The UI turns these into a toast, never a crash.
STORE_ERRORS: tuple[type[Exception], ...] = (TaskTuiError, SQLAlchemyError)


def error_text(exc: BaseException) -> str:
    """One line for a person: the driver's own message, never the SQL statement."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = str(orig if orig is not None else exc).strip()
        return f"数据库错误: {text.splitlines()[0] if text else type(exc).__name__}"
    return str(exc)


def default_db_path() -> Path:
    return Path(user_data_dir("tasktui", appauthor=False)) / "tasktui.db"


def resolve_url(db: str | None = None) -> str:
    """`--db` wins, then $TASKTUI_DB, then the default file. A plain path means SQLite."""
    value = db or os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return f"sqlite:///{path}"


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even parseable: show no part of it that could be secret
        return url.split("@")[-1] if "@" in url else url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_connection.cursor()
    # WAL lets readers (the UI) carry on while a department's process writes.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """One database. Hands out sessions; never keeps one open between calls."""

    def __init__(self, url: str, *, create: bool = True, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                parent = Path(path).expanduser().parent
                try:
                    parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the folder for the database {path}: {exc}") from exc
            self.engine: Engine = create_engine(
                url, echo=echo, connect_args={"check_same_thread": False, "timeout": 10}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            try:
                self.engine = create_engine(url, echo=echo, pool_pre_ping=True)
            except Exception as exc:  # bad URL or driver missing
                raise StoreError(f"cannot open database {safe_url(url)}: {exc}") from exc
        if create:
            try:
                self.ensure_schema()
            except BaseException:
                # Refused (old schema, not a store): the caller never gets this Store to
                # dispose, so close the connection the check left in the pool here.
                self.engine.dispose()
                raise

    # -- schema ---------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create tables on an empty database; refuse a store written by another schema.

        The schema revision is Alembic's (see tasktui.store.migrations): a new store is
        made by create_all and stamped at the head revision; an older or unknown one is
        refused with what to do. Opening never migrates."""
        try:
            with self.engine.connect() as conn:
                existing = set(inspect(conn).get_table_names())
                revision = migrations.read_revision(conn)[0] if existing else None
        except OperationalError as exc:
            raise StoreError(f"cannot open database {safe_url(self.url)}: {exc.orig}") from exc
        except Exception as exc:
            raise StoreError(f"cannot open database {safe_url(self.url)}: {exc}") from exc
        if not existing:
            self.create_schema()
            return
        if "meta" not in existing:
            raise StoreError(f"{safe_url(self.url)} is not a tasktui store (no meta table)")
        self.check_revision(revision)
        # Tables added without a version bump (none yet) are created here.
        SQLModel.metadata.create_all(self.engine)

    def create_schema(self) -> None:
        """The current schema on an empty database, stamped at the head revision."""
        with self.engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            conn.execute(Meta.metadata.tables["meta"].insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            migrations.stamp_new(conn)

    def check_revision(self, revision: str | None) -> None:
        head = migrations.HEAD
        if revision == head:
            return
        if revision in migrations.REVISIONS:
            raise StoreError(
                f"this store has schema revision {revision}, this tasktui needs {head}: "
                "run `tasktui db upgrade` first (`tasktui backup FILE` keeps a copy)"
            )
        raise StoreError(
            f"this store has schema revision {revision}, unknown to this tasktui (it knows "
            f"up to {head}): it was written by a newer tasktui, upgrade tasktui"
        )

    # -- sessions ---------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except DBAPIError as exc:
                s.rollback()
                if _sqlstate(exc) == "42501":  # insufficient_privilege, RLS check included
                    raise RuleError(f"the database refused this change: {_first_line(exc)}") from exc
                if "NUL (0x00)" in str(exc.orig):  # psycopg refuses it before sending
                    raise StoreError("text with a NUL character cannot be stored in PostgreSQL; remove it") from exc
                raise
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def write(self, *, attempts: int = 8) -> Iterator[Session]:
        """One transaction that is going to write.

        On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken up front (and
        waited for, busy_timeout) instead of upgrading a read transaction later, which
        fails at once with "database is locked" when another process committed
        meanwhile — busy_timeout cannot help there. Taking the lock is retried with
        backoff, a bounded number of times; nothing has been done yet, so it is safe."""
        with self.session() as s:
            if self.is_sqlite:
                conn = s.connection()
                delay = 0.02
                for attempt in range(attempts):
                    try:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                        break
                    except OperationalError as exc:
                        if not _is_locked(exc) or attempt == attempts - 1:
                            raise
                        time.sleep(delay)
                        delay = min(delay * 2, 1.0)
            yield s

    def office_name(self) -> str:
        with Session(self.engine) as s:
            row = s.exec(select(Meta).where(Meta.key == "office")).first()
            return row.value if row else "督查室"

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)


def _is_locked(exc: OperationalError) -> bool:
    return "locked" in str(exc.orig).lower()


__all__ = ["STORE_ERRORS", "Store", "StoreError", "default_db_path", "error_text", "resolve_url"]
