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
from pathlib import Path

import pytest
from helpers import run_cli
from sqlalchemy import create_engine

from tasktui.store import migrations

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
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(con.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        con.close()


def revision_of(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def counts_of(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
