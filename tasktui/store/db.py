"""Opening the database: URL resolution, SQLite pragmas, schema creation, sessions.

SQLite is the default (one file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Code above this module stays dialect-neutral.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from platformdirs import user_data_dir
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from tasktui import models
from tasktui.models import SCHEMA_VERSION, Meta

ENV_VAR = "TASKTUI_DB"
T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be opened or used as asked (bad URL, old schema…)."""


def default_db_path() -> Path:
    return Path(user_data_dir("tasktui", appauthor=False)) / "tasktui.db"


def resolve_url(db: str | None = None) -> str:
    """`--db` wins, then $TASKTUI_DB, then the default file. A plain path means SQLite."""
    value = db or os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return f"sqlite:///{path}"


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
                raise StoreError(f"cannot open database {url!r}: {exc}") from exc
        if create:
            self.ensure_schema()

    # -- schema ---------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create tables on an empty database; refuse a store written by another schema."""
        try:
            existing = set(inspect(self.engine).get_table_names())
        except OperationalError as exc:
            raise StoreError(f"cannot open database {self.url}: {exc.orig}") from exc
        except Exception as exc:
            raise StoreError(f"cannot open database {self.url}: {exc}") from exc
        if not existing:
            SQLModel.metadata.create_all(self.engine)
            with Session(self.engine) as s:
                s.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
                s.commit()
            return
        if "meta" not in existing:
            raise StoreError(f"{self.url} is not a tasktui store (no meta table)")
        with Session(self.engine) as s:
            row = s.get(Meta, "schema_version")
        found = int(row.value) if row else 0
        if found < SCHEMA_VERSION:
            raise StoreError(
                f"this store has schema version {found}, this tasktui needs {SCHEMA_VERSION}: "
                "run `tasktui db upgrade` first"
            )
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"this store has schema version {found}, newer than this tasktui "
                f"({SCHEMA_VERSION}): upgrade tasktui"
            )
        # Tables added without a version bump (none yet) are created here.
        SQLModel.metadata.create_all(self.engine)

    # -- sessions ---------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def run(self, fn: Callable[[Session], T], *, attempts: int = 6) -> T:
        """Run `fn` in one transaction, retrying a bounded number of times when SQLite
        says the database is locked (busy_timeout covers most waits; this covers the
        WAL upgrade races busy_timeout cannot)."""
        delay = 0.05
        for attempt in range(attempts):
            try:
                with self.session() as s:
                    return fn(s)
            except OperationalError as exc:
                if "locked" not in str(exc).lower() or attempt == attempts - 1:
                    raise
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def office_name(self) -> str:
        with Session(self.engine) as s:
            row = s.exec(select(Meta).where(Meta.key == "office")).first()
            return row.value if row else "督查室"

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["Store", "StoreError", "resolve_url", "default_db_path", "models"]
