"""Opening the database: URL resolution, SQLite pragmas, schema creation, sessions, and
what the database's own failures mean for the user.

SQLite is the default (one file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Code above this module stays dialect-neutral.

Failures of the store itself are turned into one line each (`Store.translate`):

* busy (another process holds the lock longer than `busy_seconds()`, 10 s unless
  $TASKTUI_BUSY_TIMEOUT says otherwise): StoreBusyError, exit 75, nothing written;
* read-only (the SQLite file or its folder is not writable: the store is then opened with
  `mode=ro` and reads work), disk full, I/O error, a damaged or foreign file, a path that
  is not a regular file: StoreError, exit 2, nothing written.

docs/hostile-input.md ("The store and its files") lists every case with its message.
"""

from __future__ import annotations

import math
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine, select

from tasktui.models import SCHEMA_VERSION, SEARCH_FTS, Meta, sqlite_has_trigram
from tasktui.os_errors import os_error_words
from tasktui.store import migrations
from tasktui.store.checked_files import quick_check_rows
from tasktui.store.errors import RuleError, StoreBusyError, StoreError, TaskTuiError, first_line
from tasktui.store.location import ENV_VAR, default_db_path, resolve_url, sqlite_file, sqlite_uri
from tasktui.store.schema_revision import revision_refusal

BUSY_ENV_VAR = "TASKTUI_BUSY_TIMEOUT"
# How long a statement waits for another process's lock before giving up (seconds). One
# number bounds the whole wait: SQLite's busy_timeout and write()'s retries share it, and
# PostgreSQL sessions get it as lock_timeout (README, docs/hostile-input.md).
DEFAULT_BUSY_SECONDS = 10.0
MAX_BUSY_SECONDS = 3600.0

# SQLSTATEs that mean "someone else holds what this statement needs; nothing was done,
# the same command run again will do it": lock_not_available (lock_timeout),
# deadlock_detected, serialization_failure, query_canceled (statement_timeout).
PG_BUSY_STATES = frozenset({"55P03", "40P01", "40001", "57014"})
PG_DISK_FULL_STATES = frozenset({"53100"})
PG_READ_ONLY_STATES = frozenset({"25006"})

# What a call into the service may raise without it being a bug: the errors a user is
# meant to read, and the database's own (a lock outlasting the busy timeout, a server
# gone). The UI turns these into a toast, never a crash.
STORE_ERRORS: tuple[type[Exception], ...] = (TaskTuiError, SQLAlchemyError)


def error_text(exc: BaseException) -> str:
    """One line for a person: the driver's own message, never the SQL statement."""
    if isinstance(exc, SQLAlchemyError):
        return f"数据库错误: {first_line(exc)}"
    return str(exc)


def busy_seconds() -> float:
    """How long to wait for a busy store: $TASKTUI_BUSY_TIMEOUT seconds, else 10."""
    raw = os.environ.get(BUSY_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_BUSY_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= MAX_BUSY_SECONDS:  # NaN fails this too
        raise StoreError(f"环境变量 {BUSY_ENV_VAR}={raw!r} 无效：应为 0 到 {MAX_BUSY_SECONDS:g} 之间的秒数，例如 10")
    return value


def busy_message(seconds: float) -> str:
    return f"数据库正忙：另一个进程占用它已超过 {seconds:g} 秒，本次什么也没有写入，请稍后重试"


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even parseable: show no part of it that could be secret
        return url.split("@")[-1] if "@" in url else url


def _sqlite_pragmas(busy_ms: int, read_only: bool):  # type: ignore[no-untyped-def]
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_connection.cursor()
        if not read_only:  # a read-only file keeps the journal mode it has
            # WAL lets readers (the UI) carry on while a department's process writes.
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return on_connect


def _pg_lock_timeout(busy_ms: int):  # type: ignore[no-untyped-def]
    """Bound how long an office session waits for a row or table lock (a unit holding
    `SELECT … FOR UPDATE`, a long transaction): lock_timeout, unless the role already has
    one of its own (unit roles do: theirs is kept)."""

    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        if not hasattr(dbapi_connection, "autocommit"):  # a driver we do not know: leave it be
            return
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET inside a transaction would be rolled back with it
        try:
            cur = dbapi_connection.cursor()
            cur.execute("SELECT current_setting('lock_timeout')")
            row = cur.fetchone()
            if row is not None and str(row[0]) in ("0", "0ms"):
                cur.execute(f"SET lock_timeout = {int(busy_ms)}")
            cur.close()
        finally:
            dbapi_connection.autocommit = autocommit

    return on_connect


def _writable(path: Path) -> bool:
    """The file and its folder can both be written (SQLite needs the folder for its -wal,
    -shm and -journal files). os.access sees read-only mounts (EROFS), root included."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_uri(path: Path, busy_seconds_: float) -> str:
    """How to open a SQLite file read-only.

    `mode=ro` first. SQLite can read a WAL database without write access only if its
    -shm and -wal files exist or can be created (sqlite.org/wal.html, "Read-Only
    Databases"); on read-only media without them, `immutable=1` is the way, and it is
    safe only when no -wal holds content it would ignore (none does: checked here)."""
    uri = sqlite_uri(path, mode="ro")
    try:
        con = sqlite3.connect(uri, uri=True, timeout=busy_seconds_)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return uri
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        cannot = name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")) or "unable to open" in str(exc)
        if not cannot:
            return uri  # another problem (locked, damaged): the normal checks word it
    except sqlite3.DatabaseError:
        return uri
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"{path} 所在文件夹只读，而它的 {wal.name} 里还有未并入数据库的内容，无法安全地只读打开："
            "请把数据库连同 -wal 文件复制到可写的文件夹再打开"
        )
    return sqlite_uri(path, mode="ro", immutable="1")


def sqlite_library_version() -> str:
    """The SQLite library's own version (not the store's), for messages."""
    import sqlite3

    return sqlite3.sqlite_version


class Store:
    """One database. Hands out sessions; never keeps one open between calls.

    A SQLite file that exists but cannot be written (the file or its folder) is opened
    read-only (`read_only` is then True): reads work, writes raise StoreError at once."""

    def __init__(self, url: str, *, create: bool = True, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # The write transaction open in each thread, if any: a batch joins it (see `write`).
        self._open_write = threading.local()
        self.busy_seconds = busy_seconds()
        busy_ms = int(self.busy_seconds * 1000)
        self.read_only = False
        self.path: Path | None = None
        self._raw_target: tuple[str, bool] | None = None  # what sqlite3.connect takes, uri=
        if self.is_sqlite:
            self.path = path = sqlite_file(url)
            if path is not None:
                self._check_sqlite_path(path)
                self.read_only = path.exists() and not _writable(path)
            if path is not None and self.read_only:
                target = _read_only_uri(path, self.busy_seconds)
                self._raw_target = (target, True)
                timeout = self.busy_seconds

                def connect() -> sqlite3.Connection:
                    return sqlite3.connect(target, uri=True, timeout=timeout, check_same_thread=False)

                self.engine: Engine = create_engine(url, echo=echo, creator=connect)
            else:
                if path is not None:
                    self._raw_target = (str(path), False)
                self.engine = create_engine(
                    url, echo=echo, connect_args={"check_same_thread": False, "timeout": self.busy_seconds}
                )
            event.listen(self.engine, "connect", _sqlite_pragmas(busy_ms, self.read_only))
        else:
            try:
                self.engine = create_engine(url, echo=echo, pool_pre_ping=True)
            except Exception as exc:  # bad URL or driver missing
                raise StoreError(f"无法打开数据库 {safe_url(url)}：{exc}") from exc
            if self.engine.dialect.name == "postgresql":
                # lock_timeout = 0 would mean "wait forever": 1 ms is the nearest to "not at all".
                event.listen(self.engine, "connect", _pg_lock_timeout(max(1, busy_ms)))
        if create:
            try:
                self.ensure_schema()
            except BaseException:
                # Refused (old schema, not a store): the caller never gets this Store to
                # dispose, so close the connection the check left in the pool here.
                self.engine.dispose()
                raise

    def _check_sqlite_path(self, path: Path) -> None:
        """Refuse what cannot be a store file before SQLite touches it: /dev/null (SQLite
        reads it as an empty database, then fails writing the schema), a folder, a FIFO.
        A missing folder is created (the default store's, under the user data dir)."""
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise StoreError(f"无法访问数据库文件 {path}：{os_error_words(exc)}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise StoreError(f"{path} 是一个文件夹，不是数据库文件：--db 请给出文件路径，例如 {path / 'tasktui.db'}")
        if mode is not None and not stat.S_ISREG(mode):
            raise StoreError(f"{path} 不是普通文件（设备、管道等），不能作为数据库：--db 请给出一个 .db 文件的路径")
        if mode is None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"无法为数据库 {path} 建立文件夹：{os_error_words(exc)}") from exc

    def raw_sqlite_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection to this store, opened the way the engine opens it
        (read-only when the store is): for the online backup API."""
        if self._raw_target is None:
            raise StoreError("内存数据库不能备份或恢复：请用 --db 指定数据库文件")
        target, uri = self._raw_target
        conn = sqlite3.connect(target, uri=uri, timeout=self.busy_seconds)
        conn.execute(f"PRAGMA busy_timeout={int(self.busy_seconds * 1000)}")
        return conn

    def read_only_refusal(self, what: str = "写入") -> str:
        return f"数据库 {self.path} 是只读的（文件或所在文件夹不可写），不能{what}：什么也没有写入"

    # -- what the database's failures mean ------------------------------------------------
    def translate(self, exc: BaseException, doing: str = "") -> TaskTuiError | None:
        """The user's one line for a failure of the database itself (`exc`: SQLAlchemy's
        DBAPIError or the driver's own error), as a TaskTuiError (StoreBusyError: exit 75;
        StoreError: exit 2); None when it is none of those: a bug stays a bug."""
        if isinstance(exc, TaskTuiError):
            return exc
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        where = f"{doing}时" if doing else ""
        if isinstance(orig, sqlite3.Error):
            name = getattr(orig, "sqlite_errorname", "") or ""
            text = str(orig).lower()
            path = self.path or safe_url(self.url)
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
                return StoreBusyError(busy_message(self.busy_seconds))
            if name.startswith("SQLITE_READONLY") or "readonly database" in text:
                return StoreError(self.read_only_refusal())
            if name == "SQLITE_FULL" or "database or disk is full" in text:
                return StoreError(f"{where}磁盘空间不足：数据库已回滚，什么也没有写入（{path}），请先腾出空间再试")
            if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
                return StoreError(f"数据库文件 {path} 已损坏：请用 `tasktui restore 备份文件` 从备份恢复")
            if name == "SQLITE_NOTADB" or "not a database" in text:
                return StoreError(f"{path} 不是 SQLite 数据库（文件已损坏或根本不是数据库）：请检查 --db，或从备份恢复")
            if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
                return StoreError(f"{where}读写数据库 {path} 出现磁盘 I/O 错误：什么也没有写入，请检查磁盘")
            if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
                return StoreError(f"无法打开数据库 {path}：文件或所在文件夹不存在、不可访问或不可写")
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if state in PG_BUSY_STATES:
            return StoreBusyError(busy_message(self.busy_seconds))
        if state in PG_DISK_FULL_STATES:
            return StoreError(f"{where}数据库服务器磁盘已满：已回滚，什么也没有写入，请联系管理员")
        if state in PG_READ_ONLY_STATES:
            return StoreError("数据库服务器处于只读状态：什么也没有写入")
        return None

    def _raise_translated(self, exc: BaseException, doing: str = "") -> None:
        """Raise the user's line for `exc` if it has one; return otherwise (re-raise it)."""
        mapped = self.translate(exc, doing)
        if mapped is not None and mapped is not exc:
            raise mapped from exc

    # -- schema ---------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create tables on an empty database; refuse a store written by another schema.

        The schema revision is Alembic's (see tasktui.store.migrations): a new store is
        made by create_all and stamped at the head revision; an older or unknown one is
        refused with what to do. Opening never migrates. A SQLite store is checked with
        `PRAGMA quick_check` first (24 ms for 20,000 tasks, 21 MB; skipped when the file
        passed it as it is now, see `checked_files`): damaged pages are refused here
        instead of some reads silently coming back short."""
        try:
            with self.engine.connect() as conn:
                self.quick_check(conn)
                existing = set(inspect(conn).get_table_names())
                revision = migrations.read_revision(conn)[0] if existing else None
        except TaskTuiError:
            raise
        except OperationalError as exc:
            self._raise_translated(exc)
            raise StoreError(f"无法打开数据库 {safe_url(self.url)}：{exc.orig}") from exc
        except Exception as exc:
            self._raise_translated(exc)
            raise StoreError(f"无法打开数据库 {safe_url(self.url)}：{first_line(exc)}") from exc
        if not existing:
            if self.read_only:
                raise StoreError(self.read_only_refusal("建立数据库结构"))
            self.create_schema()
            return
        if "meta" not in existing:
            raise StoreError(f"{safe_url(self.url)} 不是 tasktui 的数据库（没有 meta 表）：请检查 --db")
        self.check_revision(revision)
        if self.is_sqlite and SEARCH_FTS in existing and not sqlite_has_trigram():
            # Its triggers write the index on every change of a task, which this library
            # cannot do: refused here, not at the first write.
            raise StoreError(
                f"数据库 {self.path} 带有搜索索引，需要 SQLite 3.34 及以上版本（FTS5 trigram 分词），"
                f"本机的 SQLite 是 {sqlite_library_version()}：请在 SQLite 较新的 Python 环境中使用这个数据库"
            )
        # Tables added without a version bump (none yet) are created here.
        if not self.read_only:
            try:
                SQLModel.metadata.create_all(self.engine)
            except DBAPIError as exc:
                self._raise_translated(exc)
                raise

    def quick_check(self, conn) -> None:  # type: ignore[no-untyped-def]
        """SQLite: refuse a damaged file (PRAGMA quick_check), unless the file passed a check
        as it is now (`checked_files`). No-op elsewhere."""
        if not self.is_sqlite:
            return
        rows = quick_check_rows(
            self.path, lambda: [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").all()]
        )
        if rows != ["ok"]:
            # The first real finding ("Page 5: btreeInitPage() returns error code 11"), not
            # the "*** in database main ***" banner before it.
            lines = [ln.strip() for r in rows for ln in r.splitlines() if ln.strip() and not ln.startswith("***")]
            first = lines[0][:120] if lines else "quick_check"
            raise StoreError(f"数据库文件 {self.path} 已损坏（{first}）：请用 `tasktui restore 备份文件` 从备份恢复")

    def create_schema(self) -> None:
        """The current schema on an empty database, stamped at the head revision: one
        transaction (migrations.transaction), so a kill leaves an empty file or a whole
        store; and the emptiness is checked again under the write lock, so two processes
        opening a new store at once do not both create it."""
        try:
            with migrations.transaction(self.engine, int(self.busy_seconds * 1000)) as conn:
                if set(inspect(conn).get_table_names()):
                    return  # someone else made it meanwhile; ensure_schema's next open checks it
                SQLModel.metadata.create_all(conn)
                conn.execute(
                    Meta.metadata.tables["meta"].insert().values(key="schema_version", value=str(SCHEMA_VERSION))
                )
                migrations.stamp_new(conn)
        except DBAPIError as exc:
            self._raise_translated(exc, "建立数据库结构")
            raise

    def check_revision(self, revision: str | None) -> None:
        refusal = revision_refusal(revision, migrations.HEAD, migrations.REVISIONS)
        if refusal is not None:
            raise StoreError(refusal)

    # -- sessions ---------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error. The database's own
        failures (busy, read-only, disk full, damaged) come out as one line (`translate`)."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except DBAPIError as exc:
                _rollback_quietly(s)
                if _sqlstate(exc) == "42501":  # insufficient_privilege, RLS check included
                    raise RuleError(f"数据库拒绝了这项修改（没有权限）：{first_line(exc)}") from exc
                if "NUL (0x00)" in str(exc.orig):  # psycopg refuses it before sending
                    raise StoreError("文字中含有 NUL 字符，PostgreSQL 不能保存：请删除后重试") from exc
                self._raise_translated(exc)
                raise
            except BaseException:
                _rollback_quietly(s)
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that is going to write.

        On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken up front (and
        waited for, busy_timeout) instead of upgrading a read transaction later, which
        fails at once with "database is locked" when another process committed
        meanwhile — busy_timeout cannot help there. The whole wait is bounded by
        `busy_seconds` (10 s by default), then StoreBusyError; nothing has been done yet.

        Called again inside an open write in the same thread (a batch of actions, each
        written as one), it joins that transaction: the batch commits or rolls back whole."""
        if self.read_only:
            raise StoreError(self.read_only_refusal())
        joined: Session | None = getattr(self._open_write, "session", None)
        if joined is not None:
            yield joined
            return
        with self.session() as s:
            if self.is_sqlite:
                self._begin_immediate(s.connection())
            self._open_write.session = s
            try:
                yield s
            finally:
                self._open_write.session = None

    def _begin_immediate(self, conn) -> None:  # type: ignore[no-untyped-def]
        """BEGIN IMMEDIATE, waiting at most `busy_seconds` in all.

        SQLite's busy handler does the waiting (busy_timeout); the rare "locked" it returns
        at once (another connection resetting or recovering the WAL) is retried after a
        short sleep with busy_timeout cut to the time left, so sleeps and waits together
        never pass the deadline (the old 8 × 10 s + backoff added up to 83 s)."""
        deadline = time.monotonic() + self.busy_seconds
        delay = 0.02
        shortened = False
        try:
            while True:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    return
                except OperationalError as exc:
                    if not _is_locked(exc):
                        raise
                    left = deadline - time.monotonic()
                    if left <= 0.001:
                        raise StoreBusyError(busy_message(self.busy_seconds)) from exc
                    time.sleep(min(delay, left / 2))
                    delay = min(delay * 2, 0.5)
                    left = deadline - time.monotonic()
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={max(1, int(left * 1000))}")
                    shortened = True
        finally:
            if shortened:  # the pooled connection keeps the full wait for its next user
                try:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(self.busy_seconds * 1000)}")
                except SQLAlchemyError:
                    pass  # the connection is being given up anyway; keep the first error

    def office_name(self) -> str:
        with self.session() as s:
            row = s.exec(select(Meta).where(Meta.key == "office")).first()
            return row.value if row else "督查室"

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def _is_locked(exc: OperationalError) -> bool:
    return "locked" in str(exc.orig).lower()


def _rollback_quietly(s: Session) -> None:
    """Roll back; a store that just failed (disk full, gone) may fail the rollback too, and
    that second error must not hide the first."""
    try:
        s.rollback()
    except SQLAlchemyError:
        pass


__all__ = [
    "BUSY_ENV_VAR",
    "ENV_VAR",
    "DEFAULT_BUSY_SECONDS",
    "STORE_ERRORS",
    "Store",
    "StoreError",
    "busy_seconds",
    "default_db_path",
    "error_text",
    "resolve_url",
    "sqlite_uri",
]
