"""`tasktui backup` makes a consistent copy while others write; `tasktui restore` brings
it back (SQLite online backup API; pg_dump/pg_restore on PostgreSQL)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from helpers import BASIC_TOML, load_toml
from pg import PgCluster
from sqlalchemy import create_engine, text

from tasktui.cli import main
from tasktui.store.db import Store
from tasktui.store.errors import StaleEditError
from tasktui.store.service import Service
from tasktui.store.views import Actor


def _consistent(con: sqlite3.Connection) -> None:
    """Every accepted change bumps a task's version and appends one event: in a
    consistent copy they agree for every task (a torn copy would not)."""
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = con.execute(
        "SELECT t.id, t.version, (SELECT count(*) FROM event e WHERE e.task_id = t.id AND e.action = 'note') "
        "FROM task t"
    ).fetchall()
    for task_id, version, notes in rows:
        assert version == 1 + notes, (task_id, version, notes)


def test_sqlite_backup_while_another_writer_commits(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "live.db"
    store = Store(f"sqlite:///{db}")
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML.replace('status = "整改中"\nnotes = ["已开展隐患排查"]', ""))
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        # A second store object: its own connections, like another process.
        other = Store(f"sqlite:///{db}")
        svc = Service(other, Actor.office("区政府督查室"), clock)
        i = 0
        while not stop.is_set():
            try:
                svc.add_note(1 + i % 6, f"note {i}")
                written[0] += 1
            except StaleEditError:
                pass
            i += 1
        other.dispose()

    t = threading.Thread(target=writer)
    t.start()
    try:
        while written[0] < 20:
            pass
        copies = []
        for n in range(3):
            dest = tmp_path / f"copy{n}.db"
            assert main(["--db", str(db), "backup", str(dest)]) == 0
            copies.append(dest)
    finally:
        stop.set()
        t.join()
    store.dispose()
    for dest in copies:
        assert not Path(str(dest) + "-wal").exists()
        con = sqlite3.connect(dest)
        _consistent(con)
        con.close()
    counts = [sqlite3.connect(c).execute("SELECT count(*) FROM event").fetchone()[0] for c in copies]
    assert counts == sorted(counts)  # each copy a later moment


def test_sqlite_restore_round_trip_and_safety(tmp_path: Path, clock, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    store = Store(f"sqlite:///{db}")
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML)
    store.dispose()
    assert main(["--db", str(db), "backup", str(tmp_path / "b.db")]) == 0
    store = Store(f"sqlite:///{db}")
    Service(store, Actor.office("区政府督查室"), clock).reject(4, "不立项")
    store.dispose()
    assert main(["--db", str(db), "restore", str(tmp_path / "b.db")]) == 2  # holds tasks: needs --force
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(db), "restore", str(tmp_path / "b.db"), "--force"]) == 0
    saved = list(tmp_path.glob("s.db.before-restore-*"))
    assert len(saved) == 1
    con = sqlite3.connect(db)
    assert con.execute("SELECT status FROM task WHERE id = 4").fetchone() == ("待分派",)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert sqlite3.connect(saved[0]).execute("SELECT status FROM task WHERE id = 4").fetchone() == ("不立项",)
    # Into a new, empty store no --force is needed.
    assert main(["--db", str(tmp_path / "new.db"), "restore", str(tmp_path / "b.db")]) == 0
    assert main(["--db", str(tmp_path / "new.db"), "list"]) == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_what_is_not_a_backup(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    assert main(["--db", str(tmp_path / "s.db"), "restore", str(bad)]) == 2
    assert main(["--db", str(tmp_path / "s.db"), "restore", str(tmp_path / "missing.db")]) == 2
    assert main(["--db", str(tmp_path / "s.db"), "backup", str(tmp_path / "s.db")]) == 2


def test_postgres_backup_and_restore(pg_server: PgCluster, pg_url: str, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    store = Store(pg_url)
    office = Service(store, Actor.office("区政府督查室"), clock)
    load_toml(office, BASIC_TOML)
    store.dispose()
    dump = tmp_path / "store.pgdump"
    assert main(["--db", pg_url, "backup", str(dump)]) == 0
    assert dump.read_bytes()[:5] == b"PGDMP"
    target = pg_server.url(pg_server.create_database("r"))
    assert main(["--db", target, "restore", str(dump)]) == 0

    def snap(url: str) -> list[tuple]:
        e = create_engine(url)
        with e.connect() as c:
            rows = [tuple(r) for r in c.execute(text("SELECT id, status, version, lead_id FROM task ORDER BY id"))]
            rows += [tuple(r) for r in c.execute(text("SELECT id, task_id, action FROM event ORDER BY id"))]
        e.dispose()
        return rows

    assert snap(target) == snap(pg_url)
    Store(target).dispose()  # a usable, current store
    assert main(["--db", target, "restore", str(dump)]) == 2  # now it holds tasks
    assert main(["--db", target, "restore", str(dump), "--force"]) == 0
    assert main(["--db", target, "restore", str(tmp_path / "nope")]) == 2
