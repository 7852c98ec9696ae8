"""The store and its files under hostile conditions (issue 10, items 5, 6, 7, 9, 10, 13, 14).

Each test reproduces the audit's scenario with real processes, files and servers: a
`db upgrade` killed with SIGKILL at random moments, eight processes importing the same
speech into PostgreSQL, a write lock held by another process, a store on a read-only
filesystem, corrupt store files, backups onto directories, missing folders and a full disk.
The expected answers are the table in docs/hostile-input.md ("The store and its files").

Read-only filesystems and full disks are real where the test runs as root (a tmpfs mounted
and remounted read-only); otherwise read-only is permissions (0555 folder, 0444 files) and
a full disk is an in-process ENOSPC.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import BASIC_TOML, run_cli
from pg import PgCluster
from sqlalchemy import create_engine

from tasktui.store import migrations
from tasktui.store.db import BUSY_ENV_VAR as TASKTUI_BUSY_ENV
from tasktui.store.db import sqlite_uri

# ---------------------------------------------------------------- helpers

TODAY = "2026-11-20"


def tasktui(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`tasktui ARGS` as its own process (the process is the point: exit codes, stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "tasktui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# ---------------------------------------------------------------- 5. atomic upgrades

UNITS = [f"区第{i}局" for i in range(1, 31)]
STATUSES = ["待分派", "已交办", "整改中", "已完成待核", "已销号", "不立项"]


def build_first_schema_store(path: Path, tasks: int) -> None:
    """A store at revision 0001 holding `tasks` tasks (100 per meeting, three events each,
    a co-owner on every third), written with executemany: ~0.2 s for 5,000 tasks."""
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")  # as tasktui leaves its stores
    now = "2026-11-01 10:00:00.000000"
    rng = random.Random(5)
    con.executemany("INSERT INTO department (id, name) VALUES (?, ?)", list(enumerate(UNITS, 1)))
    meetings = tasks // 100
    con.executemany(
        "INSERT INTO meeting (id, title, date, source_name, content_hash, source_text, imported_at) "
        "VALUES (?, ?, '2026-10-01', NULL, ?, ?, ?)",
        [(m, f"第{m}次专题会议", f"{m:064x}", "会议讲话全文。" * 100, now) for m in range(1, meetings + 1)],
    )
    rows, events, co = [], [], []
    for i in range(1, tasks + 1):
        status = STATUSES[i % len(STATUSES)]
        deadline = f"2026-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}" if i % 5 else None
        lead = i % len(UNITS) + 1
        rows.append(
            (i, (i - 1) // 100 + 1, i % 100, str(i % 100 + 1), "一、", 1, "directive", f"事项{i}：抓好落实",
             f"事项{i}的正文。" * 8, deadline, 0, status, 0, lead, f"shixiang{i}", now, now, 1)
        )  # fmt: skip
        for k in range(3):
            events.append((i, now, "督查室", "note", f"进展{k}", status, deadline, UNITS[lead - 1]))
        if i % 3 == 0:
            co.append((i, (i + 7) % len(UNITS) + 1))
    con.executemany(
        "INSERT INTO task (id, meeting_id, seq, outline, marker, level, kind, heading, text, deadline, "
        "deadline_unresolved, status, priority, lead_id, search_key, created_at, updated_at, version) "
        "VALUES (" + ", ".join("?" * 18) + ")",
        rows,
    )
    con.executemany(
        "INSERT INTO event (task_id, at, actor, action, note, status_after, deadline_after, lead_after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    con.executemany("INSERT INTO taskcoowner (task_id, department_id) VALUES (?, ?)", co)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        return sorted(con.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        con.close()


def revision_of(path: Path) -> str | None:
    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def counts_of(path: Path) -> dict[str, int]:
    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {
            t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("department", "meeting", "task", "event", "taskcoowner")
        }
    finally:
        con.close()


def start_upgrade(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tasktui", "--db", str(db), "db", "upgrade"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


KILL_TASKS = 4000
KILLS = 10


def test_5_upgrade_killed_at_random_moments_is_all_or_nothing(tmp_path: Path) -> None:
    """SIGKILL a `db upgrade` at random moments: after every kill the store is either at
    the old revision with the old schema and every row (usable, upgradable) or at the new
    one; the re-run completes; no earlier backup is ever overwritten, none is left half
    written under its final name."""
    template = tmp_path / "template.db"
    build_first_schema_store(template, KILL_TASKS)
    old_schema, old_counts = schema_of(template), counts_of(template)
    assert revision_of(template) == "0001"

    # Calibration, one whole upgrade: how long until the copy is saved (its line), and
    # from there until the migration has committed (the "schema revision" line).
    db = tmp_path / "calibrate.db"
    shutil.copy(template, db)
    t0 = time.monotonic()
    proc = start_upgrade(db)
    assert proc.stdout is not None
    assert "saved the store as it was in" in proc.stdout.readline()
    copy_seconds = time.monotonic() - t0
    assert "schema revision 0001 →" in proc.stdout.readline()
    migrate_seconds = time.monotonic() - t0 - copy_seconds
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    new_schema = schema_of(db)
    assert revision_of(db) == migrations.HEAD and counts_of(db) == old_counts

    rng = random.Random(int(os.environ.get("TASKTUI_KILL_SEED", "10")))
    outcomes = {"old": 0, "new": 0}
    for n in range(KILLS):
        db = tmp_path / f"kill{n}.db"
        shutil.copy(template, db)
        proc = start_upgrade(db)
        assert proc.stdout is not None
        if n % 4 == 3:  # anywhere from the start: startup, the check, the copy
            time.sleep(rng.uniform(0, copy_seconds))
        else:  # inside the migration, once the copy is saved
            proc.stdout.readline()
            time.sleep(rng.uniform(0, migrate_seconds * 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        baks = sorted(tmp_path.glob(f"kill{n}.db.rev*.bak"))
        assert len(baks) <= 1
        for bak in baks:  # a copy under its final name is always whole
            assert schema_of(bak) == old_schema and counts_of(bak) == old_counts

        rev = revision_of(db)
        if rev == "0001":
            outcomes["old"] += 1
            assert schema_of(db) == old_schema, f"kill {n}: revision 0001 but the schema changed"
            assert counts_of(db) == old_counts
            status = run_cli(["--db", str(db), "db", "status"])
            assert status.returncode == 0 and "needs `tasktui db upgrade`" in status.stdout
        else:
            outcomes["new"] += 1
            assert rev == migrations.HEAD, f"kill {n}: revision {rev}"
            assert schema_of(db) == new_schema and counts_of(db) == old_counts
        kept = {bak: bak.read_bytes() for bak in baks}
        again = run_cli(["--db", str(db), "db", "upgrade"])
        assert again.returncode == 0, again.stderr
        assert revision_of(db) == migrations.HEAD and schema_of(db) == new_schema
        assert counts_of(db) == old_counts
        for bak, content in kept.items():
            assert bak.read_bytes() == content, "the re-run overwrote the earlier backup"
        if rev == "0001" and kept:
            assert f"{db.name}.rev0001.1.bak" in again.stdout  # its own copy, a fresh name
        assert not list(tmp_path.glob(f"kill{n}.db*.part"))
    print(
        f"kill loop: {KILLS} kills on {KILL_TASKS} tasks (copy {copy_seconds:.2f} s, "
        f"migration {migrate_seconds:.2f} s): {outcomes}"
    )


def test_5_in_memory_store_still_gets_its_schema() -> None:
    """The upgrade's own SQLite connection (another engine) would see another, empty
    in-memory database: an in-memory store keeps its single connection."""
    from tasktui.store.db import Store

    for url in ("sqlite://", "sqlite:///:memory:"):
        store = Store(url)
        try:
            with store.session() as s:
                assert s.connection().exec_driver_sql("SELECT count(*) FROM task").scalar() == 0
        finally:
            store.dispose()


# ---------------------------------------------------------------- shared fixtures

SPEECH = (Path(__file__).resolve().parents[1] / "fixtures" / "speeches" / "safety_production.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture
def basic_db(tmp_path: Path) -> Path:
    """A SQLite store loaded with tests/data/basic.toml (task 1: 整改中, lead 区教体局)."""
    db = tmp_path / "store.db"
    (tmp_path / "basic.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run_cli(["--db", str(db), "--today", TODAY, "import", str(tmp_path / "basic.toml")]).returncode == 0
    return db


def one_line(stderr: str) -> str:
    """The single `tasktui: …` line a refusal prints; fails on tracebacks or more lines."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("tasktui: ") and "Traceback" not in stderr and "Exception ignored" not in stderr
    assert "[SQL" not in stderr and "sqlalche.me" not in stderr
    return lines[0]


def digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# Mounting (a real read-only filesystem, a real full disk) needs root and CAP_SYS_ADMIN.
# TASKTUI_TEST_NO_MOUNT=1 takes the other road (permissions, a simulated ENOSPC) even then,
# e.g. `setpriv --bounding-set -dac_override,-dac_read_search` with it tries the non-root
# path as root.
_MOUNT_OK: list[bool] = []


def can_mount(tmp_path: Path) -> bool:
    if not _MOUNT_OK:
        ok = False
        if os.geteuid() == 0 and shutil.which("mount") and not os.environ.get("TASKTUI_TEST_NO_MOUNT"):
            probe = tmp_path / "mount-probe"
            probe.mkdir()
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)]).returncode == 0:
                subprocess.run(["umount", str(probe)])
                ok = True
        _MOUNT_OK.append(ok)
    return _MOUNT_OK[0]


def permissions_bind(tmp_path: Path) -> bool:
    """Does a 0555 folder stop this process from writing into it? (Not for root, unless it
    runs without CAP_DAC_OVERRIDE.)"""
    probe = tmp_path / "perm-probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "x").touch()
    except PermissionError:
        return True
    else:
        return False
    finally:
        probe.chmod(0o755)


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)])


@contextmanager
def read_only_folder(tmp_path: Path, files: list[Path]) -> Iterator[Path]:
    """A folder holding copies of `files` that this process cannot write: a tmpfs remounted
    read-only where we may mount (root), else chmod 0555 on the folder and 0444 on the
    files (which binds everyone but root)."""
    where = tmp_path / "ro"
    if can_mount(tmp_path):
        with tmpfs(where, "16m"):
            for f in files:
                shutil.copy(f, where / f.name)
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
            yield where
        return
    if not permissions_bind(tmp_path):
        pytest.skip("root without mount: no way to make a folder read-only for this process")
    where.mkdir()
    for f in files:
        shutil.copy(f, where / f.name)
        (where / f.name).chmod(0o444)
    where.chmod(0o555)
    try:
        yield where
    finally:
        where.chmod(0o755)


# ---------------------------------------------------------------- 6. the same speech, 8 processes, PostgreSQL

IMPORTERS = 8


def _waiting_on_locks(dsn: str, database: str) -> int:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (database,)
        ).fetchone()
    return int(row[0]) if row else 0


def test_6_same_speech_imported_by_8_processes_at_once_on_postgresql(
    pg_server: PgCluster, pg_url: str, tmp_path: Path
) -> None:
    """Eight `tasktui import` of one speech into PostgreSQL at the same moment: one imports
    it, seven report it as already imported; all exit 0 and the message holds no SQL.

    The race is made certain, not hoped for: the test holds a lock on `meeting` that lets
    every importer look (and find nothing) but not insert; once all eight wait at their
    INSERT it lets go, and they insert at once: seven unique violations on content_hash."""
    import psycopg

    speech = tmp_path / "speech.txt"
    speech.write_text(SPEECH * 3, encoding="utf-8")  # ~4.5 KB, as in the audit
    database = pg_url.rsplit("/", 1)[-1]
    holder = psycopg.connect(pg_server.dsn(database))
    holder.execute("LOCK TABLE meeting IN SHARE ROW EXCLUSIVE MODE")  # SELECT yes, INSERT waits
    env = {**os.environ, TASKTUI_BUSY_ENV: "120"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tasktui", "--db", pg_url, "--today", TODAY, "import", str(speech)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(IMPORTERS)
    ]
    try:
        deadline = time.monotonic() + 90
        while _waiting_on_locks(pg_server.dsn(), database) < IMPORTERS:
            assert time.monotonic() < deadline, "the importers never all reached their INSERT"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs if p.poll() is not None]
            time.sleep(0.1)
    finally:
        holder.rollback()
        holder.close()
    results = [p.communicate(timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0] * IMPORTERS, [(c, err) for c, (_, err) in zip(codes, results)]
    for _, err in results:
        assert "SQL" not in err and "Traceback" not in err and "同志们" not in err
    outputs = [out for out, _ in results]
    assert sum("已导入过,跳过" in out for out in outputs) == IMPORTERS - 1
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM meeting").scalar() == 1
        tasks = conn.exec_driver_sql("SELECT count(*) FROM task").scalar()
    engine.dispose()
    assert tasks and tasks > 0


# ---------------------------------------------------------------- 7. a busy store

HOLD_SQLITE = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")  # the write lock, as another tasktui or the sqlite3 shell holds it
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


@contextmanager
def sqlite_lock_held(db: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store's write lock for up to `seconds`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_SQLITE, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


def events_of(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM event").fetchone()[0])
    finally:
        con.close()


def test_7_write_against_a_held_lock_gives_up_after_the_busy_timeout(basic_db: Path) -> None:
    """Another process holds the write lock: `progress` waits TASKTUI_BUSY_TIMEOUT seconds
    (here 1), then exits 75 with one line; nothing written. (The audit: exit 70 after 83 s.)"""
    before = events_of(basic_db)
    with sqlite_lock_held(basic_db, 60):
        t0 = time.monotonic()
        proc = tasktui(
            "--db", str(basic_db), "--as", "区教体局", "progress", "1", "--note", "进展",
            env={TASKTUI_BUSY_ENV: "1"},
        )  # fmt: skip
        elapsed = time.monotonic() - t0
    assert proc.returncode == 75, proc.stderr
    line = one_line(proc.stderr)
    assert "数据库正忙" in line and "1 秒" in line and "什么也没有写入" in line and "请稍后重试" in line
    # The 1 s wait plus a process start: well under the 10 s default it would wait without
    # the setting, with room for a loaded machine (2 cores, a parallel suite).
    assert 1.0 <= elapsed < 9.5, elapsed
    assert events_of(basic_db) == before


def test_7_a_lock_released_within_the_timeout_is_waited_for(basic_db: Path) -> None:
    before = events_of(basic_db)
    with sqlite_lock_held(basic_db, 0.5) as holder:
        proc = tasktui("--db", str(basic_db), "--as", "区教体局", "progress", "1", "--note", "进展")
        holder.wait(timeout=10)
    assert proc.returncode == 0, proc.stderr
    assert events_of(basic_db) == before + 1


def test_7_busy_timeout_default_and_bad_values(basic_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tasktui.store.db import DEFAULT_BUSY_SECONDS, busy_seconds

    monkeypatch.delenv(TASKTUI_BUSY_ENV, raising=False)
    assert busy_seconds() == DEFAULT_BUSY_SECONDS == 10.0  # the README's figure
    for bad in ("abc", "-1", "nan", "1e9"):
        proc = run_cli(["--db", str(basic_db), "list"], env={TASKTUI_BUSY_ENV: bad})
        assert proc.returncode == 2 and TASKTUI_BUSY_ENV in one_line(proc.stderr)


def test_7_postgresql_office_write_blocked_by_a_row_lock(
    pg_server: PgCluster, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit's `SELECT … FOR UPDATE` held open: the office's write waits lock_timeout
    (TASKTUI_BUSY_TIMEOUT, here 1 s), then exits 75 with one line; nothing written."""
    import psycopg

    monkeypatch.delenv(TASKTUI_BUSY_ENV, raising=False)

    (tmp_path / "basic.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run_cli(["--db", pg_url, "--today", TODAY, "import", str(tmp_path / "basic.toml")]).returncode == 0
    database = pg_url.rsplit("/", 1)[-1]
    holder = psycopg.connect(pg_server.dsn(database))
    try:
        holder.execute("SELECT id FROM task WHERE id = 1 FOR UPDATE")
        count = "SELECT count(*) FROM event WHERE task_id = 1"
        before = holder.execute(count).fetchone()
        t0 = time.monotonic()
        proc = tasktui("--db", pg_url, "--today", TODAY, "note", "1", "--note", "催办", env={TASKTUI_BUSY_ENV: "1"})
        elapsed = time.monotonic() - t0
    finally:
        holder.rollback()
        holder.close()
    assert proc.returncode == 75, proc.stderr
    assert "数据库正忙" in one_line(proc.stderr)
    assert 1.0 <= elapsed < 9.5, elapsed  # the 1 s lock_timeout, not the 10 s default
    with psycopg.connect(pg_server.dsn(database)) as conn:
        assert conn.execute(count).fetchone() == before
        # An office session gets lock_timeout = the busy timeout (default 10 s); a role
        # with its own (unit roles, docs/postgres.md) keeps it.
        conn.execute("CREATE ROLE tasktui_probe LOGIN")
        conn.execute("ALTER ROLE tasktui_probe SET lock_timeout = '3s'")
        conn.commit()
    from tasktui.store.db import Store

    for user, want in (("postgres", "10s"), ("tasktui_probe", "3s")):
        store = Store(pg_server.url(database, user=user), create=False)
        try:
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == want
        finally:
            store.dispose()


async def test_7_ui_write_on_a_busy_store_toasts_and_keeps_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import build_store, goto, service, settle

    from tasktui.config import UiConfig
    from tasktui.ui.app import TaskTuiApp
    from tasktui.ui.screens.main import MainScreen

    monkeypatch.setenv(TASKTUI_BUSY_ENV, "0.3")
    url = build_store(tmp_path)
    db = Path(url.split("///", 1)[1])
    app = TaskTuiApp(service(url), UiConfig(poll_seconds=3600))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        with sqlite_lock_held(db, 60):
            await pilot.press("n", *"电话督促", "enter")
            await settle(pilot)
            await pilot.pause(0.5)
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        toasts = [(str(n.title), str(n.message)) for n in app._notifications]
        assert any(t == "未保存" and "数据库正忙" in m for t, m in toasts), toasts
    assert [e.action for e in service(url).get_task(1).history].count("note") == 0


# ---------------------------------------------------------------- 13. a store on a read-only filesystem

READING = [
    ["list", "--all"],
    ["show", "1"],
    ["meetings"],
    ["dept", "list"],
    ["export"],
    ["db", "status"],
]


def test_13_read_only_store_reads_work_and_writes_say_why(basic_db: Path, tmp_path: Path) -> None:
    """Every reading command works on a store nobody may write (the note once on stderr);
    a write fails with one line and exit 2; the file is unchanged."""
    with read_only_folder(tmp_path, [basic_db]) as ro:
        db = ro / basic_db.name
        before = digest(db)
        for argv in READING:
            proc = run_cli(["--db", str(db), "--today", TODAY, *argv])
            assert proc.returncode == 0, (argv, proc.stderr)
            assert "只读方式打开" in one_line(proc.stderr), argv
            assert proc.stdout.strip(), argv
        listed = run_cli(["--db", str(db), "--today", TODAY, "list", "--all"])
        assert "抓好校园安全" in listed.stdout
        report = tmp_path / "周报.md"
        proc = run_cli(["--db", str(db), "--today", TODAY, "report", "-o", str(report)])
        assert proc.returncode == 0 and report.read_text(encoding="utf-8").strip()
        proc = run_cli(["--db", str(db), "backup", str(tmp_path / "copy.db")])
        assert proc.returncode == 0, proc.stderr
        assert counts_of(tmp_path / "copy.db")["task"] == 6

        for argv in (
            ["--as", "区教体局", "progress", "1", "--note", "进展"],
            ["note", "2", "--note", "催办"],
            ["dept", "add", "区民政局"],
            ["import", str(tmp_path / "basic.toml")],
            ["restore", str(tmp_path / "copy.db"), "--force"],
        ):
            proc = run_cli(["--db", str(db), "--today", TODAY, *argv])
            assert proc.returncode == 2, (argv, proc.stdout, proc.stderr)
            assert "只读" in one_line(proc.stderr) and "什么也没有写入" in proc.stderr, argv
        assert digest(db) == before
        assert sorted(p.name for p in ro.iterdir()) == [basic_db.name]  # no -wal, -shm, .part


def test_13_backup_restore_onto_a_read_only_filesystem(basic_db: Path, tmp_path: Path) -> None:
    """A backup onto read-only media: one line, exit 2, nothing there. A restore from it
    (the backup itself read-only) works."""
    backup = tmp_path / "b.db"
    assert run_cli(["--db", str(basic_db), "backup", str(backup)]).returncode == 0
    with read_only_folder(tmp_path, [backup]) as ro:
        proc = run_cli(["--db", str(basic_db), "backup", str(ro / "new.db")])
        assert proc.returncode == 2 and "只读或没有写权限" in one_line(proc.stderr)
        assert sorted(p.name for p in ro.iterdir()) == [backup.name]
        fresh = tmp_path / "fresh.db"
        proc = run_cli(["--db", str(fresh), "restore", str(ro / backup.name)])
        assert proc.returncode == 0, proc.stderr
        assert counts_of(fresh)["task"] == 6


def test_13_read_only_folder_with_unmerged_wal_is_refused(basic_db: Path, tmp_path: Path) -> None:
    """A copy taken while the store was open: its -wal holds commits the file lacks, and
    on read-only media SQLite could only read it by ignoring them (immutable). Refused."""
    con = sqlite3.connect(basic_db)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE task SET heading = '已改' WHERE id = 2")
    con.commit()
    wal = basic_db.with_name(basic_db.name + "-wal")
    snapshot = tmp_path / "snap"
    snapshot.mkdir()
    shutil.copy(basic_db, snapshot / basic_db.name)
    shutil.copy(wal, snapshot / wal.name)  # no -shm: it is not copied with the store
    con.close()
    with read_only_folder(tmp_path, [snapshot / basic_db.name, snapshot / wal.name]) as ro:
        proc = run_cli(["--db", str(ro / basic_db.name), "list"])
        assert proc.returncode == 2 and "-wal 文件复制到可写的文件夹" in one_line(proc.stderr)


# ---------------------------------------------------------------- 14. backup into a folder that is not there


def test_14_backup_never_creates_folders_and_refuses_a_folder(basic_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "b.db"
    proc = run_cli(["--db", str(basic_db), "backup", str(missing)])
    assert proc.returncode == 2 and "不存在" in one_line(proc.stderr)
    assert not (tmp_path / "no").exists()
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("x", encoding="utf-8")
    proc = run_cli(["--db", str(basic_db), "backup", str(folder)])
    assert proc.returncode == 2 and "是一个文件夹" in one_line(proc.stderr)
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    assert not list(tmp_path.glob("*.part"))
    proc = run_cli(["--db", str(basic_db), "backup", "/dev/null"])
    assert proc.returncode == 2 and "不是普通文件" in one_line(proc.stderr)
    assert Path("/dev/null").is_char_device()
    # The audit's own line, where / has no such folder.
    if not Path("/nonexistent").exists():
        proc = run_cli(["--db", str(basic_db), "backup", "/nonexistent/b.db"])
        assert proc.returncode == 2 and not Path("/nonexistent").exists()


def test_14_backup_and_restore_in_a_folder_named_like_uri_syntax(basic_db: Path, tmp_path: Path) -> None:
    """Backups are read back through `file:` URIs: a folder with ?, # and % in its name
    must be a folder name, not URI syntax."""
    odd = tmp_path / "备份 ?#%41"
    odd.mkdir()
    assert run_cli(["--db", str(basic_db), "backup", str(odd / "b.db")]).returncode == 0
    fresh = odd / "fresh.db"
    proc = run_cli(["--db", str(fresh), "restore", str(odd / "b.db")])
    assert proc.returncode == 0, proc.stderr
    assert counts_of(fresh)["task"] == 6


# ---------------------------------------------------------------- 9. store files that are not stores


def _damage(src: Path, dest: Path, pages: list[int], seed: int) -> None:
    data = bytearray(src.read_bytes())
    rng = random.Random(seed)
    for p in pages:
        data[p * 4096 : (p + 1) * 4096] = bytes(rng.randrange(256) for _ in range(4096))
    dest.write_bytes(bytes(data))


def test_9_dev_null_and_a_folder_as_the_store(tmp_path: Path) -> None:
    proc = run_cli(["--db", "/dev/null", "list"])
    assert proc.returncode == 2 and "不是普通文件" in one_line(proc.stderr)
    assert Path("/dev/null").is_char_device()
    proc = run_cli(["--db", str(tmp_path), "list"])
    assert proc.returncode == 2 and "是一个文件夹" in one_line(proc.stderr)
    assert list(tmp_path.iterdir()) == []


def test_9_corrupt_store_files_are_refused_and_left_alone(basic_db: Path, tmp_path: Path) -> None:
    """Random bytes, a truncated store and a store with damaged pages: `list` (and every
    other command) exits 2 with one line naming the file; the file is not changed."""
    con = sqlite3.connect(basic_db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    pages = basic_db.stat().st_size // 4096
    cases: dict[str, Path] = {}
    (tmp_path / "random.db").write_bytes(random.Random(1).randbytes(100_000))
    cases["random"] = tmp_path / "random.db"
    (tmp_path / "truncated.db").write_bytes(basic_db.read_bytes()[: 5 * 4096 + 1000])
    cases["truncated"] = tmp_path / "truncated.db"
    for page in range(1, pages):  # each page in turn (page 0 holds the header)
        _damage(basic_db, tmp_path / f"page{page}.db", [page], seed=page)
        cases[f"page{page}"] = tmp_path / f"page{page}.db"
    _damage(basic_db, tmp_path / "many.db", list(range(2, pages, 2)), seed=99)
    cases["many"] = tmp_path / "many.db"
    for name, db in cases.items():
        before = digest(db)
        proc = run_cli(["--db", str(db), "--today", TODAY, "list", "--all"])
        assert proc.returncode == 2, (name, proc.returncode, proc.stdout, proc.stderr)
        line = one_line(proc.stderr)
        assert db.name in line and ("已损坏" in line or "不是 SQLite 数据库" in line), (name, line)
        assert digest(db) == before, name
    for argv in (["db", "status"], ["backup", str(tmp_path / "b.db")], ["db", "upgrade"]):
        proc = run_cli(["--db", str(cases["many"]), *argv])
        assert proc.returncode == 2 and "已损坏" in one_line(proc.stderr), argv
    assert not (tmp_path / "b.db").exists() and not list(tmp_path.glob("*.part"))


# ---------------------------------------------------------------- 10. a full disk: backups and the store


def big_task_file(path: Path, tasks: int) -> Path:
    lines = [
        "[[departments]]",
        'name = "区教体局"',
        "[[meetings]]",
        'title = "全区重点工作推进会"',
        "date = 2026-10-10",
    ]
    for i in range(1, tasks + 1):
        lines += [
            "[[meetings.tasks]]",
            f'outline = "{i}"',
            f'heading = "事项{i}：抓好落实，确保按期完成各项任务要求"',
            'lead = "区教体局"',
            'status = "整改中"',
            f'notes = ["进展{i}-a", "进展{i}-b"]',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fill(folder: Path, leave_kb: int) -> None:
    """Fill the file system under `folder` but `leave_kb` KiB."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                os.write(fd, b"\0" * 4096)
            except OSError:
                break
        os.ftruncate(fd, max(0, filler.stat().st_size - leave_kb * 1024))
    finally:
        os.close(fd)


def test_10_backup_onto_a_full_disk(basic_db: Path, tmp_path: Path) -> None:
    """A real full disk (a small tmpfs): the backup fails with one line and exit 2, no
    `.part` is left, an older backup under the same name is untouched, and no
    "Exception ignored" trace is printed (a process of its own: that is where they show)."""
    if not can_mount(tmp_path):
        pytest.skip("needs root to mount a small tmpfs (the in-process ENOSPC test covers the rest)")
    big = tmp_path / "big.db"
    build_first_schema_store(big, 2000)
    engine = create_engine(f"sqlite:///{big}")
    migrations.upgrade(engine)  # backup wants a store at this tasktui's revision
    engine.dispose()
    assert big.stat().st_size > 1024 * 1024
    with tmpfs(tmp_path / "disk", "256k") as disk:
        old = disk / "b.db"
        shutil.copy(basic_db, old)
        kept = digest(old)
        for target in (old, disk / "new.db"):
            proc = tasktui("--db", str(big), "backup", str(target))
            assert proc.returncode == 2, proc.stderr
            assert "磁盘空间不足" in one_line(proc.stderr)
        assert digest(old) == kept
        assert sorted(p.name for p in disk.iterdir()) == ["b.db"]


def test_10_backup_failure_in_process_leaves_nothing(
    basic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC simulated (where no tmpfs can be mounted): same promises."""
    import errno

    from tasktui.store import backup

    old = tmp_path / "b.db"
    old.write_bytes(b"an older backup")

    def full(_path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "fsync_file", full)
    for target in (old, tmp_path / "new.db"):
        proc = run_cli(["--db", str(basic_db), "backup", str(target)])
        assert proc.returncode == 2 and "磁盘空间不足" in one_line(proc.stderr)
    assert old.read_bytes() == b"an older backup"
    assert not (tmp_path / "new.db").exists() and not list(tmp_path.glob("*.part"))


def test_10_store_writes_on_a_full_disk_roll_back(basic_db: Path, tmp_path: Path) -> None:
    """The store on a full disk: an import and a restore fail with one line and exit 2;
    the store is whole and as it was, and still reads."""
    if not can_mount(tmp_path):
        pytest.skip("needs root to mount a small tmpfs")
    plan = big_task_file(tmp_path / "big.toml", 400)
    with tmpfs(tmp_path / "disk", "1m") as disk:
        db = disk / "store.db"
        shutil.copy(basic_db, db)
        before = counts_of(db)
        fill(disk, leave_kb=100)
        proc = tasktui("--db", str(db), "--today", TODAY, "import", str(plan))
        assert proc.returncode == 2 and "磁盘空间不足" in one_line(proc.stderr)
        assert counts_of(db) == before
        proc = tasktui("--db", str(db), "--today", TODAY, "restore", str(basic_db), "--force")
        assert proc.returncode == 2 and "恢复已取消，数据库未改动" in one_line(proc.stderr)
        assert counts_of(db) == before
        # No safety copy, no .part; SQLite's own -wal/-shm may stay (the next open uses them).
        assert {p.name for p in disk.iterdir()} <= {"filler", "store.db", "store.db-wal", "store.db-shm"}
        proc = run_cli(["--db", str(db), "--today", TODAY, "list", "--all"])
        assert proc.returncode == 0 and "抓好校园安全" in proc.stdout
