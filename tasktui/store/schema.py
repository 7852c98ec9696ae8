"""The schema's state on a database and the two ways to change it: `init_schema` on an
empty database and `upgrade_schema` (the Alembic migrations) on an older store.

These work on a Store opened without the schema check (`Store(url, create=False)`):
they are meant for stores that are old or empty. They return plain data and raise
StoreError with what to do; the command line (`tasktui db …`) does the wording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect

from tasktui.store import migrations
from tasktui.store.db import Store, safe_url
from tasktui.store.errors import StoreError


@dataclass(frozen=True)
class SchemaState:
    """What is in a database, as far as tasktui's schema goes."""

    url: str  # for messages: the password masked
    revision: str | None  # None: no tasktui schema at all
    stamped: bool  # False: the revision was recorded before tasktui used migrations
    tables: frozenset[str]
    head: str  # this tasktui's revision

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head

    @property
    def known(self) -> bool:
        """A revision this tasktui can migrate from (or is at)."""
        return self.revision in migrations.REVISIONS


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None  # None: the database was empty
    after: str
    migrated: bool  # False: already at this tasktui's revision, nothing done


def read_state(store: Store) -> SchemaState:
    """The schema revision and tables; StoreError when the database cannot be opened."""
    try:
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            rev, stamped = migrations.read_revision(conn)
    except Exception as exc:
        raise StoreError(f"cannot open database {safe_url(store.url)}: {exc}") from exc
    return SchemaState(safe_url(store.url), rev, stamped, frozenset(tables), migrations.HEAD)


def init_schema(store: Store) -> tuple[SchemaState, bool]:
    """Create the schema on an empty database. Returns the state found before and
    whether the schema was created (False: it already was a tasktui store)."""
    state = read_state(store)
    if state.revision is not None:
        return state, False
    if state.tables:
        raise StoreError(
            f"the database is not empty and is not a tasktui store (tables: {', '.join(sorted(state.tables)[:8])}); "
            "use an empty database"
        )
    store.create_schema()
    return state, True


def upgrade_schema(store: Store, copy_saved: Callable[[Path], None] | None = None) -> UpgradeResult:
    """Migrate the store to this tasktui's revision.

    On SQLite the old file is copied first (SQLite runs DDL outside the transaction, so
    a failed migration cannot be rolled back); `copy_saved` hears where, before the
    migration starts, so a caller can tell the user even if the migration then fails."""
    from tasktui.store.backup import _sqlite_copy, sqlite_path

    state = read_state(store)
    rev = state.revision
    if rev is not None and not state.known:
        raise StoreError(
            f"this store has schema revision {rev}, newer than this tasktui ({migrations.HEAD}): upgrade tasktui"
        )
    if rev is None and state.tables:
        raise StoreError("the database is not empty and is not a tasktui store")
    if state.up_to_date and state.stamped:
        return UpgradeResult(rev, rev or migrations.HEAD, migrated=False)
    if store.is_sqlite and rev is not None and rev != migrations.HEAD:
        src = sqlite_path(store)
        keep = src.with_name(f"{src.name}.rev{rev}.bak")
        _sqlite_copy(src, keep)
        if copy_saved is not None:
            copy_saved(keep)
    try:
        before, after = migrations.upgrade(store.engine)
    except migrations.UnknownRevisionError as exc:
        raise StoreError(f"unknown schema revision {exc.revision}: upgrade tasktui") from exc
    return UpgradeResult(before, after, migrated=True)


__all__ = ["SchemaState", "UpgradeResult", "read_state", "init_schema", "upgrade_schema"]
