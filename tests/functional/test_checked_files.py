"""A clean `PRAGMA quick_check` is remembered per store file as it is (store/checked_files.py):
an unchanged store is not read page by page again, and any change to it is checked again —
a page damaged in place included, whatever its modification time is set back to."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import BASIC_TOML, run_cli
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tasktui.store import checked_files
from tasktui.store.checked_files import CheckMark, cache_folder
from tasktui.store.db import Store
from tasktui.store.errors import StoreError
from tasktui.store.sqlite_calendar import open_plain

TODAY = "2026-11-20"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # Stores here are opened right after they are written: marked at once (the racy-change
    # rule has a test of its own), and every test write waits a clock tick (`next_tick`).
    monkeypatch.setattr(checked_files, "RACY_NS", 0)
    return tmp_path / "cache" / "tasktui" / "checked"


def next_tick() -> None:
    """Let the file system's clock move on (its times step by a tick of 1–10 ms on Linux):
    a write after this has a status-change time of its own."""
    time.sleep(0.03)


@pytest.fixture
def checks() -> Iterator[list[str]]:
    """Every `PRAGMA quick_check` any engine runs while the test does."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "quick_check" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", listen)


@pytest.fixture
def db(tmp_path: Path, cache: Path) -> Path:
    path = tmp_path / "store.db"
    (tmp_path / "basic.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run_cli(["--db", str(path), "--today", TODAY, "import", str(tmp_path / "basic.toml")]).returncode == 0
    return path


def open_store(path: Path) -> None:
    Store(f"sqlite:///{path}").dispose()


def test_cache_folder_follows_xdg_and_falls_back_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_folder() == tmp_path / "x" / "tasktui" / "checked"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/allowed")  # XDG: relative paths are ignored
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert cache_folder() == tmp_path / "h" / ".cache" / "tasktui" / "checked"


def test_an_unchanged_store_is_checked_once(db: Path, checks: list[str]) -> None:
    open_store(db)  # the import wrote after its check: checked again here, and remembered
    assert len(checks) == 1
    for _ in range(3):
        open_store(db)
    assert len(checks) == 1
    # The plain readers share the mark: no check either.
    con = open_plain(f"sqlite:///{db}")
    assert con is not None
    con.close()


def test_any_write_makes_the_next_opening_check_again(db: Path, checks: list[str]) -> None:
    open_store(db)
    next_tick()
    assert run_cli(["--db", str(db), "--today", TODAY, "note", "1", "--note", "已召开推进会"]).returncode == 0
    before = len(checks)
    open_store(db)
    assert len(checks) == before + 1
    open_store(db)
    assert len(checks) == before + 1


def test_reads_that_leave_an_empty_log_keep_the_mark(db: Path, checks: list[str]) -> None:
    """A read-only reader (`list`'s plain path) leaves a zero-byte -wal the service's next
    close deletes: the same content, so no new check either way."""
    open_store(db)
    n = len(checks)
    for argv in (
        ["list"],
        ["report", "--week", "2026-W47", "--format", "csv", "-o", str(db.parent / "r.csv")],
        ["list"],
    ):
        assert run_cli(["--db", str(db), "--today", TODAY, *argv]).returncode == 0, argv
        open_store(db)
    assert len(checks) == n


def _damage_in_place(path: Path, page: int) -> None:
    """Overwrite one page with random bytes in the same file (same inode, same size), then
    set its modification time back: only the status-change time tells."""
    st = path.stat()
    next_tick()
    with path.open("r+b") as f:
        f.seek(page * 4096)
        f.write(random.Random(page).randbytes(4096))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_a_store_damaged_after_a_clean_check_is_refused(db: Path, checks: list[str]) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    open_store(db)
    assert CheckMark(db).recorded()
    pages = db.stat().st_size // 4096
    refused = 0
    for page in range(1, pages):
        copy = db.parent / f"page{page}.db"
        copy.write_bytes(db.read_bytes())
        open_store(copy)  # clean: remembered
        assert CheckMark(copy).recorded()
        _damage_in_place(copy, page)
        assert not CheckMark(copy).recorded()
        with pytest.raises(StoreError, match="已损坏|不是 SQLite 数据库"):
            open_store(copy)
        refused += 1
    assert refused == pages - 1 >= 5


def test_a_changed_write_ahead_log_is_checked_again(db: Path, checks: list[str]) -> None:
    open_store(db)
    mark = CheckMark(db)
    assert mark.recorded()
    # A writer that keeps its log (another process still attached): the committed pages
    # are in the -wal, the main file unchanged.
    holder = sqlite3.connect(db)
    holder.execute("SELECT 1 FROM task").fetchall()
    next_tick()
    writer = sqlite3.connect(db)
    writer.execute("UPDATE task SET text = text || '。' WHERE id = 1")
    writer.commit()
    writer.close()
    assert Path(f"{db}-wal").stat().st_size > 0
    assert not CheckMark(db).recorded()
    n = len(checks)
    open_store(db)
    assert len(checks) == n + 1
    holder.close()


def test_an_unwritable_cache_folder_means_checking_every_time(
    db: Path, checks: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cannot hold a folder
    open_store(db)
    open_store(db)
    assert len(checks) == 2


def test_a_damaged_or_foreign_mark_is_not_trusted(db: Path, cache: Path, checks: list[str]) -> None:
    open_store(db)
    mark = CheckMark(db)
    mark.file.write_bytes(b"\xff\xfe garbage")
    n = len(checks)
    open_store(db)
    assert len(checks) == n + 1 and CheckMark(db).recorded()
    # Another store's mark under this one's name does not pass for it.
    other = db.parent / "other.db"
    other.write_bytes(db.read_bytes())
    open_store(other)
    CheckMark(db).file.write_text(CheckMark(other).file.read_text(encoding="utf-8"), encoding="utf-8")
    assert not CheckMark(db).recorded()


def test_marks_are_pruned_to_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked_files, "KEEP", 5)
    folder = tmp_path / "marks"
    files = []
    for i in range(8):
        f = tmp_path / f"s{i}.db"
        f.write_bytes(b"x")
        mark = CheckMark(f, folder, now_ns=lambda: time.time_ns() + checked_files.RACY_NS)
        mark.record()
        os.utime(mark.file, ns=(i * 10**9, i * 10**9))  # in order of age
        files.append(mark)
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 5
    assert files[-1].file.name in left and files[0].file.name not in left
    assert all(m.recorded() for m in files[-4:])


def test_a_file_changed_just_now_is_not_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: list[str]
) -> None:
    """Git's racily-clean rule: a file whose status changed within RACY_NS of the check may
    still change within the same clock tick, so it is checked again next time."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    db = tmp_path / "fresh.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    mark = CheckMark(db)
    mark.record()
    assert not mark.recorded() and not mark.file.exists()
    later = CheckMark(db, now_ns=lambda: time.time_ns() + checked_files.RACY_NS)
    later.record()
    assert later.recorded() and CheckMark(db).recorded()
    # Through the store: opened right after it was made, it is checked at the next opening too.
    other = tmp_path / "new.db"
    open_store(other)
    open_store(other)
    assert len(checks) == 2


# --------------------------------------------------------------- hostile names and marks


def test_a_store_whose_name_is_not_utf8_opens_again_and_lists(tmp_path: Path, cache: Path, checks: list[str]) -> None:
    """A file named in GBK (copied from a Windows PC, unpacked from a zip): its name is not
    UTF-8, and Python spells it with surrogate escapes. Remembering its clean check must
    not make the next opening fail, nor may the plain reader's URI."""
    path = tmp_path / os.fsdecode("督查".encode("gbk") + b".db")
    (tmp_path / "basic.toml").write_text(BASIC_TOML, encoding="utf-8")
    assert run_cli(["--db", str(path), "--today", TODAY, "import", str(tmp_path / "basic.toml")]).returncode == 0
    next_tick()
    open_store(path)  # checked: the import wrote after its own check
    n = len(checks)
    open_store(path)
    assert CheckMark(path).recorded()
    assert len(checks) == n
    done = run_cli(["--db", str(path), "--today", TODAY, "list"])
    assert done.returncode == 0, done.stderr
    assert "抓好校园安全" in done.stdout
    con = open_plain(f"sqlite:///{path}")
    assert con is not None
    con.close()


def test_a_mark_that_is_a_pipe_does_not_hang_the_opening(db: Path, cache: Path, checks: list[str]) -> None:
    """A FIFO where the mark should be (put there by anyone who can write the cache folder)
    would block reading it forever: every command and the UI would hang at start."""
    mark = CheckMark(db)
    mark.folder.mkdir(parents=True, exist_ok=True)
    mark.file.unlink(missing_ok=True)
    os.mkfifo(mark.file)
    worker = threading.Thread(target=open_store, args=(db,), daemon=True)
    try:
        worker.start()
        worker.join(10)
        assert not worker.is_alive(), "opening the store blocked on a FIFO mark"
        assert len(checks) == 1  # not taken for a mark: checked
    finally:
        try:  # let a blocked reader go
            os.close(os.open(mark.file, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        worker.join(10)


def test_a_mark_others_could_write_is_not_trusted(db: Path, cache: Path, checks: list[str]) -> None:
    """Marks skip the integrity check, so only ones this user wrote count: a mark another
    user owns, or one others may write (a cache folder shared by mistake), is checked over."""
    open_store(db)
    mark = CheckMark(db)
    assert mark.recorded()
    assert stat.S_IMODE(mark.file.stat().st_mode) & 0o077 == 0
    # The folders tasktui makes are private too (XDG: "created with permission 0700").
    for folder in (cache, cache.parent, cache.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder
    os.chmod(mark.file, 0o666)
    assert not CheckMark(db).recorded()
    os.chmod(mark.file, 0o600)
    assert CheckMark(db).recorded()
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(mark.file, 4242, 4242)
        assert not CheckMark(db).recorded()
        n = len(checks)
        open_store(db)
        assert len(checks) == n + 1 and CheckMark(db).recorded()


def test_a_huge_mark_is_not_read(db: Path, cache: Path, checks: list[str]) -> None:
    """Whatever sits under a mark's name, only a mark's few hundred bytes are read."""
    open_store(db)
    mark = CheckMark(db)
    with mark.file.open("r+b") as f:  # a sparse 64 GB file: reading it whole would take memory and time
        f.truncate(64 << 30)
    read = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        read.append(n)
        return real_read(fd, n)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "read", counting)
        assert not CheckMark(db).recorded()
    assert sum(read) <= 4096


def test_no_home_folder_means_checking_every_time(db: Path, monkeypatch: pytest.MonkeyPatch, checks: list[str]) -> None:
    """A process with no HOME and a user id the password database does not know (a
    container started with an arbitrary --user): no cache folder, so no marks — the store
    still opens, checked each time, instead of being refused for want of a home."""
    import pwd

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    assert cache_folder() is None
    open_store(db)
    open_store(db)
    assert len(checks) == 2


def test_a_check_that_outlasts_the_racy_window_still_marks_no_racy_file(tmp_path: Path) -> None:
    """The racy-change rule is about when the file's times were read, not when the check
    ended: a file changed in the tick before it was stat'ed may change again in that same
    tick while a long check runs (a cold 2 GB store, a wait on a lock), keeping every
    time; finishing more than RACY_NS later must not make it markable."""
    db = tmp_path / "slow.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    elapsed = [0]

    def clock() -> int:
        return time.time_ns() + elapsed[0]

    mark = CheckMark(db, tmp_path / "marks", now_ns=clock)
    elapsed[0] = checked_files.RACY_NS + 10**9  # the check took RACY_NS and a second more
    mark.record()
    assert not mark.recorded()


def _hot_journal(db: Path, page: int, data: bytes) -> None:
    """A rollback journal beside `db` as a crashed writer leaves it (sqlite.org/fileformat2,
    "The Rollback Journal"): the next read-write opening copies `data` back into `page`."""
    con = sqlite3.connect(db)
    size, count = (con.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count"))
    con.close()
    nonce, sector = 0x5EED, 512
    head = bytes.fromhex("d9d505f920a163d7") + struct.pack(">IIIII", 1, nonce, count, sector, size)
    checksum = nonce + sum(data[i] for i in range(size - 200, 0, -200))
    record = struct.pack(">I", page) + data + struct.pack(">I", checksum & 0xFFFFFFFF)
    Path(f"{db}-journal").write_bytes(head.ljust(sector, b"\0") + record)


def test_a_hot_journal_beside_a_checked_store_is_checked_with_it(db: Path, checks: list[str]) -> None:
    """SQLite rolls a hot journal back into the file at the first read-write opening, before
    the mark is compared; a journal that writes a damaged page is refused, not trusted."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    open_store(db)
    assert CheckMark(db).recorded()
    _hot_journal(db, 3, random.Random(3).randbytes(4096))
    assert CheckMark(db).recorded()  # the file itself is as it was checked
    next_tick()
    done = run_cli(["--db", str(db), "--today", TODAY, "list"])
    assert done.returncode != 0 and "已损坏" in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(StoreError, match="已损坏"):
        open_store(db)


def test_a_uri_for_a_store_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """The read-only opening and the backups read a store through a `file:` URI of its name's
    bytes (a GBK name from a Windows zip is not UTF-8)."""
    from tasktui.store.db import sqlite_uri

    path = tmp_path / os.fsdecode("督查 ?#%".encode("gbk") + b".db")
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    finally:
        con.close()
