"""A small run of benchmarks/concurrency.py: 4 processes × 30 mixed updates on one store,
SQLite and PostgreSQL. Nothing lost, no invariant broken, nobody saw "database is locked"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import REPO
from pg import PgCluster

BENCH = REPO / "benchmarks" / "concurrency.py"


def _run(url: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--db", url, "--procs", "4", "--updates", "30", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["problems"] == [] and proc.returncode == 0, report
    assert report["locked"] == 0
    assert report["accepted"] + report["stale"] + report["refused"] == 4 * 30
    assert report["accepted"] > 60  # contention refuses some, never most
    return report


def test_concurrent_updates_sqlite(tmp_path: Path) -> None:
    _run(f"sqlite:///{tmp_path / 'shared.db'}")


def test_concurrent_updates_postgresql(pg_server: PgCluster) -> None:
    name = pg_server.create_database("conc")
    try:
        _run(pg_server.url(name))
    finally:
        pg_server.drop_database(name)


def test_stale_edit_is_refused_with_exit_1(tmp_path: Path) -> None:
    from helpers import BASIC_TOML

    from tasktui.cli import main

    db = tmp_path / "s.db"
    (tmp_path / "b.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert main(["--db", str(db), "--today", "2026-11-20", "import", str(tmp_path / "b.toml")]) == 0
    assert main(["--db", str(db), "--today", "2026-11-20", "note", "2", "--note", "a", "--expect-version", "1"]) == 0
    # Someone read version 1 before that note: a deadline written over it is refused, nothing
    # saved (a note would not be: it only adds to the history).
    args = ["--db", str(db), "--today", "2026-11-20", "deadline-set", "2", "--to", "2027-01-15"]
    assert main([*args, "--expect-version", "1"]) == 1
