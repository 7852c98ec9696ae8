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
from tasktui.store.errors import StoreError, TaskTuiError, first_line


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
    """The schema revision and tables; StoreError when the database cannot be opened or
    is damaged (SQLite's quick_check), StoreBusyError when it is locked too long."""
    try:
        with store.engine.connect() as conn:
            store.quick_check(conn)
            tables = set(inspect(conn).get_table_names())
            rev, stamped = migrations.read_revision(conn)
    except TaskTuiError:
        raise
    except Exception as exc:
        mapped = store.translate(exc)
        if mapped is not None:
            raise mapped from exc
        raise StoreError(f"无法打开数据库 {safe_url(store.url)}：{first_line(exc)}") from exc
    return SchemaState(safe_url(store.url), rev, stamped, frozenset(tables), migrations.HEAD)


def init_schema(store: Store) -> tuple[SchemaState, bool]:
    """Create the schema on an empty database. Returns the state found before and
    whether the schema was created (False: it already was a tasktui store)."""
    state = read_state(store)
    if state.revision is not None:
        return state, False
    if state.tables:
        raise StoreError(
            f"数据库不是空的，也不是 tasktui 的数据库（已有表 {'、'.join(sorted(state.tables)[:8])}）：请用一个空数据库"
        )
    if store.read_only:
        raise StoreError(store.read_only_refusal("建立数据库结构"))
    store.create_schema()
    return state, True


def upgrade_schema(store: Store, copy_saved: Callable[[Path], None] | None = None) -> UpgradeResult:
    """Migrate the store to this tasktui's revision, in one transaction on every backend
    (migrations.transaction): killed or failing at any point, the store stays at its old
    revision, whole and usable, and running the upgrade again completes it.

    On SQLite the old file is also copied first, to `STORE.revNNNN.bak`, or the next free
    name (`STORE.revNNNN.1.bak`, …): a copy from an earlier run is never overwritten.
    `copy_saved` hears where, before the migration starts, so a caller can tell the user
    even if the migration then fails."""
    from tasktui.store.backup import _sqlite_copy, sqlite_path

    state = read_state(store)
    rev = state.revision
    if rev is not None and not state.known:
        raise StoreError(f"数据库结构版本为 {rev}，比本版 tasktui（{migrations.HEAD}）新：请升级 tasktui")
    if rev is None and state.tables:
        raise StoreError("数据库不是空的，也不是 tasktui 的数据库：请检查 --db，或用一个空数据库")
    if state.up_to_date and state.stamped:
        return UpgradeResult(rev, rev or migrations.HEAD, migrated=False)
    if store.read_only:
        raise StoreError(store.read_only_refusal("升级数据库结构"))
    if store.is_sqlite and rev is not None and rev != migrations.HEAD:
        src = sqlite_path(store)
        keep, _ = _sqlite_copy(src, src.with_name(f"{src.name}.rev{rev}.bak"), replace=False)
        if copy_saved is not None:
            copy_saved(keep)
    try:
        before, after = migrations.upgrade(store.engine, busy_timeout_ms=int(store.busy_seconds * 1000))
    except migrations.UnknownRevisionError as exc:
        raise StoreError(f"本版 tasktui 不认识数据库结构版本 {exc.revision}：请升级 tasktui") from exc
    except migrations.IntegrityCheckError as exc:
        raise StoreError(f"升级已撤销，数据库保持原样：升级后会有数据指向不存在的记录（{exc}）") from exc
    except Exception as exc:
        mapped = store.translate(exc, "升级数据库结构")
        if mapped is not None:
            raise mapped from exc
        raise
    return UpgradeResult(before, after, migrated=True)


__all__ = ["SchemaState", "UpgradeResult", "read_state", "init_schema", "upgrade_schema"]
