"""Crash safety: SIGKILL an import of many task files midway. Each file is one
transaction, so the SQLite store passes integrity_check and holds each file's meeting
entirely or not at all; running the import again completes it without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

FILES = 24
TASKS_PER_FILE = 100


def _task_file(n: int) -> str:
    lines = [
        "[[departments]]",
        'name = "区教体局"',
        "[[departments]]",
        'name = "区卫健局"',
        "[[meetings]]",
        f'title = "第{n}次专题会议"',
        "date = 2026-10-10",
    ]
    for i in range(1, TASKS_PER_FILE + 1):
        lines += [
            "[[meetings.tasks]]",
            f'outline = "{i}"',
            f'heading = "会议{n}事项{i}：抓好落实"',
            f'lead = "{"区教体局" if i % 2 else "区卫健局"}"',
            f"deadline = 2026-12-{1 + i % 28:02d}",
            'status = "整改中"',
            f'notes = ["进展{i}-a", "进展{i}-b"]',
        ]
    return "\n".join(lines) + "\n"


def _counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db, timeout=30)
    try:
        return {
            title: tasks
            for title, tasks in con.execute(
                "SELECT m.title, (SELECT count(*) FROM task t WHERE t.meeting_id = m.id) FROM meeting m"
            )
        }
    finally:
        con.close()


def _import(db: Path, files: list[Path]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "tasktui", "--db", str(db), "--today", "2026-11-20", "import", *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_sigkill_midway_leaves_whole_meetings_and_rerun_completes(tmp_path: Path) -> None:
    files = []
    for n in range(1, FILES + 1):
        f = tmp_path / f"plan{n:02d}.toml"
        f.write_text(_task_file(n), encoding="utf-8")
        files.append(f)
    db = tmp_path / "store.db"
    proc = _import(db, files)
    deadline = time.monotonic() + 120
    landed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                landed = len(_counts(db))
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if landed >= 3:
                break
    assert proc.poll() is None, "the import finished before it could be killed: make the batch larger"
    time.sleep(0.13)  # land somewhere inside the next file's transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    partial = _counts(db)
    assert 3 <= len(partial) < FILES
    assert all(n == TASKS_PER_FILE for n in partial.values()), partial  # all or nothing per file
    con = sqlite3.connect(db)
    # Every landed task has its whole history (created + two notes at least).
    assert con.execute(
        "SELECT count(*) FROM task t WHERE (SELECT count(*) FROM event e WHERE e.task_id = t.id) < 2"
    ).fetchone() == (0,)
    con.close()

    again = _import(db, files)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    final = _counts(db)
    assert len(final) == FILES and all(n == TASKS_PER_FILE for n in final.values())
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM meeting").fetchone() == (FILES,)  # no duplicates
    assert con.execute("SELECT count(DISTINCT content_hash) FROM meeting").fetchone() == (FILES,)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
