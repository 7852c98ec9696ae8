"""Consistent copies of a store while others keep writing, and bringing one back.

SQLite: the online backup API copies the database in one step inside a read transaction,
so the copy is one consistent moment even while other processes commit (WAL lets them).
The copy is written beside the target and renamed into place only when complete and
checked, so a crash never leaves a half backup under the final name.

PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent by itself) and
`pg_restore --single-transaction`. Roles are cluster-wide and not in a dump: re-run
`tasktui db grant-unit` after restoring into another cluster.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from tasktui.store import migrations
from tasktui.store.db import Store
from tasktui.store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass
class BackupInfo:
    path: Path
    kind: str  # "sqlite" | "pg_dump"
    size: int
    tasks: int | None = None


def sqlite_path(store: Store) -> Path:
    path = store.url.split("///", 1)[-1]
    if not path or path == ":memory:":
        raise StoreError("an in-memory database cannot be backed up or restored")
    return Path(path).expanduser()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def _check_sqlite_copy(path: Path) -> int:
    """integrity_check a SQLite file that should be a tasktui store; returns its task count."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"{path} fails the integrity check: {result}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables or "task" not in tables:
            raise StoreError(f"{path} is an SQLite database but not a tasktui store")
        return int(conn.execute("SELECT count(*) FROM task").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable SQLite database: {exc}") from exc
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sqlite_copy(src_path: Path, dest: Path) -> None:
    """Online-backup src into dest (replaced atomically), as one self-contained file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    src = _connect(src_path)
    dst = sqlite3.connect(str(part))
    try:
        # pages=-1: everything in one step, so no concurrent commit can force a restart.
        src.backup(dst, pages=-1)
        # The copy should be one file: no -wal beside it to lose when it is moved.
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()
    _fsync(part)
    os.replace(part, dest)


def backup(store: Store, dest: Path) -> BackupInfo:
    if store.is_sqlite:
        src = sqlite_path(store)
        if not src.exists():
            raise StoreError(f"no database at {src}")
        if dest.resolve() == src.resolve():
            raise StoreError("the backup file cannot be the store itself")
        _sqlite_copy(src, dest)
        try:
            tasks = _check_sqlite_copy(dest)
        except StoreError:
            dest.unlink(missing_ok=True)
            raise
        return BackupInfo(dest, "sqlite", dest.stat().st_size, tasks)
    if store.engine.dialect.name == "postgresql":
        part = dest.with_name(dest.name + ".part")
        _pg_tool("pg_dump", store.url, ["--format=custom", "--file", str(part)])
        os.replace(part, dest)
        return BackupInfo(dest, "pg_dump", dest.stat().st_size)
    raise StoreError(f"backup is not supported for {store.engine.dialect.name}")


def _has_data(store: Store) -> int:
    from sqlalchemy import inspect, text

    with store.engine.connect() as conn:
        if "task" not in inspect(conn).get_table_names():
            return 0
        return int(conn.execute(text("SELECT count(*) FROM task")).scalar() or 0)


def restore(store: Store, src: Path, *, force: bool = False) -> tuple[BackupInfo, Path | None]:
    """Replace the store's content with the backup `src`. Refuses to overwrite a store
    holding tasks unless `force`; even then, on SQLite, the replaced content is first
    saved beside the store. Returns (info, path of that safety copy or None)."""
    if not src.is_file():
        raise StoreError(f"{src}: no such backup file")
    with open(src, "rb") as fh:
        head = fh.read(16)
    held = _has_data(store)
    if held and not force:
        raise StoreError(
            f"the store already holds {held} tasks and a restore replaces all of them; "
            "add --force (the current content is saved beside the store first)"
        )
    if store.is_sqlite:
        if not head.startswith(SQLITE_MAGIC):
            kind = (
                "a pg_dump archive (restore it into PostgreSQL)"
                if head.startswith(PGDUMP_MAGIC)
                else "not an SQLite backup"
            )
            raise StoreError(f"{src} is {kind}")
        tasks = _check_sqlite_copy(src)
        _check_backup_revision(src)
        target = sqlite_path(store)
        saved: Path | None = None
        store.dispose()
        if held:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            saved = target.with_name(f"{target.name}.before-restore-{stamp}")
            _sqlite_copy(target, saved)
        source = _connect(src)
        dst = _connect(target)
        try:
            # Through the backup API, not a file copy: other open connections see the
            # new content (and the WAL stays consistent) instead of a swapped inode.
            source.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            source.close()
        return BackupInfo(src, "sqlite", src.stat().st_size, tasks), saved
    if store.engine.dialect.name == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            kind = (
                "an SQLite backup (restore it into an SQLite store)"
                if head.startswith(SQLITE_MAGIC)
                else "not a pg_dump archive"
            )
            raise StoreError(f"{src} is {kind}")
        store.dispose()
        _pg_tool(
            "pg_restore",
            store.url,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(src)],
            dbname_flag=True,
        )
        return BackupInfo(src, "pg_dump", src.stat().st_size), None
    raise StoreError(f"restore is not supported for {store.engine.dialect.name}")


def _check_backup_revision(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in tables:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(rev[0]) if rev else None
        else:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            revision = migrations.revision_for(int(row[0])) if row and str(row[0]).isdigit() else None
    finally:
        conn.close()
    if revision not in migrations.REVISIONS:
        raise StoreError(f"{path} has schema revision {revision}, unknown to this tasktui: upgrade tasktui")


def find_pg_tool(name: str) -> str | None:
    """The newest client tool: pg_dump must not be older than the server."""
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    return candidates[-1] if candidates else shutil.which(name)


def _pg_tool(name: str, url: str, args: list[str], dbname_flag: bool = True) -> None:
    tool = find_pg_tool(name)
    if tool is None:
        raise StoreError(f"{name} not found: install the PostgreSQL client (postgresql-client) to back up PostgreSQL")
    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)  # never on the command line, where ps shows it
    conninfo = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    cmd = (
        [tool, *args[:-1], "--dbname", conninfo, args[-1]]
        if name == "pg_restore"
        else [tool, "--dbname", conninfo, *args]
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise StoreError(f"{name} failed: {proc.stderr.strip() or proc.returncode}")


__all__ = ["backup", "restore", "BackupInfo", "find_pg_tool"]
