"""Consistent copies of a store while others keep writing, and bringing one back.

SQLite: the online backup API copies the database in one step inside a read transaction,
so the copy is one consistent moment even while other processes commit (WAL lets them).
The copy is written beside the target (`FILE.part`), checked, and renamed into place only
then, so a crash or a full disk never leaves a half backup under the final name and never
touches a file already there; on any failure the `.part` is removed. Copies tasktui keeps
by itself (before `db upgrade`, before `restore --force`) never replace an existing file:
they take the next free name.

PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent by itself) and
`pg_restore --single-transaction`. Roles are cluster-wide and not in a dump: re-run
`tasktui db grant-unit` after restoring into another cluster.
"""

from __future__ import annotations

import errno
import glob
import itertools
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from tasktui.atomic_write import fsync_file
from tasktui.os_errors import os_error_words
from tasktui.store import migrations
from tasktui.store.db import Store, sqlite_uri
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
        raise StoreError("内存数据库不能备份或恢复：请用 --db 指定数据库文件")
    return Path(path).expanduser()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def check_target(dest: Path) -> None:
    """Refuse, before anything is written, a backup target that cannot be one: a folder,
    something that is not a regular file (/dev/null), a folder that does not exist (it is
    never created: `backup /nonexistent/b.db` used to make folders at /), or one that is
    not writable."""
    if dest.is_dir():
        raise StoreError(f"{dest} 是一个文件夹：请给出备份文件的路径，例如 {dest / 'tasktui-backup.db'}")
    if dest.exists() and not dest.is_file():
        raise StoreError(f"{dest} 不是普通文件，不能写成备份：请给出一个普通文件的路径")
    parent = dest.parent
    if not parent.is_dir():
        raise StoreError(f"备份的目标文件夹 {parent} 不存在：tasktui 不会替你创建文件夹，请先建好它或换一个路径")
    if not os.access(parent, os.W_OK):
        raise StoreError(f"不能在 {parent} 中写入备份：文件夹只读或没有写权限，什么也没有写")


def _write_failed(dest: Path, exc: BaseException) -> StoreError:
    """One line for a copy that could not be written (the .part is already removed)."""
    code = getattr(exc, "errno", None)
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if code == errno.ENOSPC or name == "SQLITE_FULL" or "disk is full" in text:
        return StoreError(f"磁盘空间不足，备份 {dest} 没有写成：没有留下不完整的文件，原有文件未动")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return StoreError(f"不能写入备份 {dest}：文件夹只读或没有写权限，什么也没有写")
    reason = os_error_words(exc).splitlines()[0]
    return StoreError(f"备份 {dest} 没有写成（{reason}）：没有留下不完整的文件，原有文件未动")


def fresh_path(path: Path) -> Path:
    """`path` if nothing is there, else the first free `STEM.1.bak`, `STEM.2.bak`… (or
    `NAME.1`, `NAME.2`… for names not ending in .bak): a copy tasktui keeps by itself must
    never replace an earlier one."""
    if not os.path.lexists(path):
        return path
    for n in itertools.count(1):
        name = f"{path.stem}.{n}.bak" if path.suffix == ".bak" else f"{path.name}.{n}"
        candidate = path.with_name(name)
        if not os.path.lexists(candidate):
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _check_sqlite_copy(path: Path) -> int:
    """integrity_check a SQLite file that should be a tasktui store; returns its task count."""
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"{path} 未通过完整性检查（{result}）：文件已损坏")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables or "task" not in tables:
            raise StoreError(f"{path} 是 SQLite 数据库，但不是 tasktui 的数据库")
        return int(conn.execute("SELECT count(*) FROM task").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} 不是可读的 SQLite 数据库（{exc}）") from exc
    finally:
        conn.close()


def _sqlite_copy(
    src_path: Path,
    dest: Path,
    *,
    replace: bool = True,
    connect_source: Callable[[], sqlite3.Connection] | None = None,
) -> tuple[Path, int]:
    """Online-backup the store into `dest` as one self-contained file, checked
    (integrity_check) before it takes its name. Returns where it went and its task count:
    `dest`, or with `replace=False` the first free name from `fresh_path(dest)` (placed by
    a hard link, which fails rather than replace a file another process put there
    meanwhile). On any failure the `.part` is removed and StoreError says why; whatever was
    under the final name is untouched."""
    if not replace:
        dest = fresh_path(dest)
    part = dest.with_name(dest.name + ".part")
    try:
        _remove_part(part)  # left by a killed run: its name is ours
        src = connect_source() if connect_source is not None else _connect(src_path)
        try:
            dst = sqlite3.connect(str(part))
            try:
                # pages=-1: everything in one step, so no concurrent commit can force a restart.
                src.backup(dst, pages=-1)
                # The copy should be one file: no -wal beside it to lose when it is moved.
                dst.execute("PRAGMA journal_mode=DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        tasks = _check_sqlite_copy(part)
        fsync_file(part)
        if replace:
            os.replace(part, dest)
        else:
            dest = _place_fresh(part, dest)
    except StoreError:
        _remove_part(part)
        raise
    except (sqlite3.Error, OSError) as exc:
        _remove_part(part)
        raise _write_failed(dest, exc) from None
    except BaseException:
        _remove_part(part)
        raise
    return dest, tasks


def _remove_part(part: Path) -> None:
    """The unfinished copy and what SQLite keeps beside it while writing (a failed write
    leaves its rollback journal, `FILE.part-journal`)."""
    for path in (part, *(part.with_name(part.name + s) for s in ("-journal", "-wal", "-shm"))):
        _remove_quietly(path)


def _place_fresh(part: Path, dest: Path) -> Path:
    """Move `part` to `dest`, or to the next free name if something appeared there."""
    while True:
        try:
            os.link(part, dest)  # fails if dest exists: never replaces
        except FileExistsError:
            dest = fresh_path(dest)
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            # No hard links on this file system (some network and FAT ones): a rename
            # after a last look is the best there is.
            dest = fresh_path(dest)
            os.rename(part, dest)
            return dest
        part.unlink()
        return dest


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the error being reported matters more than a leftover we could not remove


def backup(store: Store, dest: Path) -> BackupInfo:
    if store.is_sqlite:
        src = sqlite_path(store)
        if not src.exists():
            raise StoreError(f"{src} 没有数据库：请检查 --db")
        if dest.resolve() == src.resolve():
            raise StoreError("备份文件不能是数据库本身：请另给一个文件路径")
        check_target(dest)
        # Through the store's own way of opening (read-only when the store is), so a store
        # on a read-only filesystem can still be backed up.
        _, tasks = _sqlite_copy(src, dest, connect_source=store.raw_sqlite_connection)
        return BackupInfo(dest, "sqlite", dest.stat().st_size, tasks)
    if store.engine.dialect.name == "postgresql":
        check_target(dest)
        part = dest.with_name(dest.name + ".part")
        try:
            _pg_tool("pg_dump", store.url, ["--format=custom", "--file", str(part)])
            fsync_file(part)
            os.replace(part, dest)
        except StoreError:
            _remove_quietly(part)
            raise
        except OSError as exc:
            _remove_quietly(part)
            raise _write_failed(dest, exc) from None
        return BackupInfo(dest, "pg_dump", dest.stat().st_size)
    raise StoreError(f"不支持备份 {store.engine.dialect.name} 数据库（只支持 SQLite 和 PostgreSQL）")


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
        raise StoreError(f"{src}：没有这个备份文件")
    with open(src, "rb") as fh:
        head = fh.read(16)
    if store.read_only:
        raise StoreError(store.read_only_refusal("恢复备份"))
    held = _has_data(store)
    if held and not force:
        raise StoreError(
            f"数据库里已有 {held} 项事项，恢复会全部替换：确认要替换请加 --force（会先把现有内容另存在数据库旁边）"
        )
    if store.is_sqlite:
        if not head.startswith(SQLITE_MAGIC):
            kind = (
                "是 pg_dump 归档（请恢复到 PostgreSQL 数据库）" if head.startswith(PGDUMP_MAGIC) else "不是 SQLite 备份"
            )
            raise StoreError(f"{src} {kind}")
        tasks = _check_sqlite_copy(src)
        _check_backup_revision(src)
        target = sqlite_path(store)
        saved: Path | None = None
        store.dispose()
        if held:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            try:
                saved, _ = _sqlite_copy(
                    target, target.with_name(f"{target.name}.before-restore-{stamp}"), replace=False
                )
            except StoreError as exc:
                raise StoreError(f"恢复已取消，数据库未改动：先保存当前内容的副本时失败（{exc}）") from None
        try:
            source = sqlite3.connect(sqlite_uri(src, mode="ro"), uri=True)  # may sit on read-only media
            try:
                dst = _connect(target)
                try:
                    # Through the backup API, not a file copy: other open connections see the
                    # new content (and the WAL stays consistent) instead of a swapped inode.
                    # The destination is written in one transaction: a failure (full disk)
                    # rolls it back and leaves the store as it was.
                    source.backup(dst, pages=-1)
                    dst.execute("PRAGMA journal_mode=WAL")
                finally:
                    dst.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            mapped = store.translate(exc, "恢复备份")
            if mapped is None:
                raise
            raise mapped from None
        return BackupInfo(src, "sqlite", src.stat().st_size, tasks), saved
    if store.engine.dialect.name == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            kind = "是 SQLite 备份（请恢复到 SQLite 数据库）" if head.startswith(SQLITE_MAGIC) else "不是 pg_dump 归档"
            raise StoreError(f"{src} {kind}")
        store.dispose()
        _pg_tool(
            "pg_restore",
            store.url,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(src)],
            dbname_flag=True,
        )
        return BackupInfo(src, "pg_dump", src.stat().st_size), None
    raise StoreError(f"不支持恢复 {store.engine.dialect.name} 数据库（只支持 SQLite 和 PostgreSQL）")


def _check_backup_revision(path: Path) -> None:
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
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
        raise StoreError(f"{path} 的数据库结构版本为 {revision}，本版 tasktui 不认识：请升级 tasktui")


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
        raise StoreError(f"找不到 {name}：备份 PostgreSQL 需要先安装 PostgreSQL 客户端（postgresql-client）")
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
        raise StoreError(f"{name} 失败：{proc.stderr.strip() or proc.returncode}")


__all__ = ["backup", "restore", "BackupInfo", "check_target", "find_pg_tool", "fresh_path"]
