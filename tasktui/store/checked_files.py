"""Which SQLite store files passed `PRAGMA quick_check` exactly as they are now.

Every opening of a SQLite store runs `PRAGMA quick_check`, so that a damaged file is refused
with one line before a report or a list silently comes back short. The check reads every page:
12 ms for 5,000 tasks, 0.22 s for 100,000 (200 MB) — paid again by every command and every
start of the UI on a store nobody has changed since the last clean check. So a clean check is
remembered, per file, together with what identifies the file's present content to the
operating system: device, inode, size, modification and status-change times (nanoseconds)
of the database file and of its write-ahead log. Any write — tasktui's, another program's,
a restore, a `cp` over it, a text editor, a truncation — changes the status-change time, which
no program can set back, so the next opening checks again. File systems keep those times to
a clock tick, so a file changed within `RACY_NS` before its times were read is not marked
(git's "racily clean" rule): a second write within the tick of the content checked would
leave every time as it was. The span is counted to the reading of the times, not to the end
of the check, which can take long (a large store read cold, a wait on a lock). What it does not notice is
damage that bypasses the file system (a failing disk changing bytes in place); SQLite still
refuses the pages it reads then ("database disk image is malformed", worded by the store).

A log of zero bytes and no log are the same content (a reader that may not delete it leaves
an empty one; the service's last connection deletes it).

The marks live in the user's cache folder (`$XDG_CACHE_HOME/tasktui/checked`, else
`~/.cache/tasktui/checked`), one small file per store, named by a hash of its resolved path;
the oldest beyond `KEEP` are removed. A cache folder that cannot be written only means
checking every time. A mark lets the check be skipped, so only a regular file of this user's
that no one else may write is taken for one (the folders made for them are 0700, the marks
0600), and never more than a mark's length is read from it. Standard library only: the
plain readers (sqlite_calendar) use it too.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Marks kept: one per store opened lately (each is a few hundred bytes).
KEEP = 256
# A file whose status changed this recently is not marked (git's "racily clean" entries):
# file systems keep times to a clock tick (a few ms on Linux's ext4, 1–2 s on older or
# network ones), so a second write within the tick of the one before the check would leave
# every time as it was. Such a store is simply checked again at its next opening.
RACY_NS = 3_000_000_000


def cache_folder() -> Path | None:
    """Where the marks live (XDG's cache folder, as other command-line tools use it); None
    when there is no home to find it in (no HOME, a user id the password database does not
    know): then nothing is remembered."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        root = Path(base)
    else:
        try:
            root = Path.home() / ".cache"
        except (RuntimeError, KeyError):
            return None
    return root / "tasktui" / "checked"


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _stamp(st: os.stat_result) -> str:
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _read_mark(file: Path, size: int) -> bytes | None:
    """The mark at `file` when it can be one this user wrote: a regular file of `size`
    bytes, owned by this user, that no one else may write (a mark lets the integrity check
    be skipped). Never blocks (a FIFO under the mark's name) nor reads more than `size`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(file, flags)
    try:
        st = os.fstat(fd)
        owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
        if not stat.S_ISREG(st.st_mode) or st.st_size != size or st.st_uid != owner or st.st_mode & 0o022:
            return None
        return os.read(fd, size)
    finally:
        os.close(fd)


def _make_private_folder(folder: Path) -> None:
    """Make `folder` and any missing parent with mode 0700, as the XDG base directory
    specification asks (`mkdir(parents=True)` would give the parents the umask's mode)."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


class CheckMark:
    """The mark of one store file: `current` what identifies its content now (None when it
    cannot be stat'ed: then it is checked and nothing is remembered). `now_ns` is the
    clock the racy-change rule (`RACY_NS`) reads."""

    def __init__(self, path: Path, folder: Path | None = None, now_ns: Callable[[], int] = time.time_ns) -> None:
        self.path = Path(os.path.realpath(path))
        self.folder = folder if folder is not None else cache_folder()
        name = hashlib.sha256(os.fsencode(self.path)).hexdigest()[:32]
        self.file = self.folder / name if self.folder is not None else None
        self.now_ns = now_ns
        self.changed_ns = 0  # the latest status change of the file or its log
        # Read before the times: a change after this has later times than a change at least
        # RACY_NS before it, however long the check then takes.
        self.stat_ns = now_ns()
        self.current = self._identity() if self.file is not None else None

    def _identity(self) -> bytes | None:
        try:
            main = _stat(self.path)
            log = _stat(Path(f"{self.path}-wal"))
        except OSError:
            return None
        if main is None:
            return None
        self.changed_ns = main.st_ctime_ns
        if log is None or log.st_size == 0:
            text = f"{self.path}\n{_stamp(main)}\nwal empty\n"
        else:
            self.changed_ns = max(self.changed_ns, log.st_ctime_ns)
            text = f"{self.path}\n{_stamp(main)}\nwal {_stamp(log)}\n"
        # Bytes, as the file system names it: a name that is not UTF-8 (GBK from a Windows
        # PC) reaches Python with surrogate escapes, which plain UTF-8 cannot write.
        return text.encode("utf-8", "surrogateescape")

    def recorded(self) -> bool:
        """Whether the file passed a check as it is now."""
        if self.current is None or self.file is None:
            return False
        try:
            return _read_mark(self.file, len(self.current)) == self.current
        except OSError:
            return False

    def record(self) -> None:
        """Remember a clean check of the content identified when this mark was made (a write
        since then makes the next opening check again). Best effort: nothing is raised."""
        folder, file = self.folder, self.file
        if self.current is None or folder is None or file is None or self.stat_ns - self.changed_ns < RACY_NS:
            return
        try:
            _make_private_folder(folder)
            # Renamed into place whole, so a reader never takes half a mark for one; not
            # synced to disk: a mark lost in a crash only means one more check.
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(self.current)
                os.replace(tmp, file)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _prune(folder, file)
        except OSError:
            pass


def quick_check_rows(path: Path | None, run: Callable[[], list[str]]) -> list[str]:
    """What `PRAGMA quick_check` says of the store file `path`: `run()` (the pragma on the
    caller's connection, its rows as text), remembered when clean; ["ok"] without running
    it when the file passed as it is now. `path` None (in memory): always run."""
    mark = CheckMark(path) if path is not None else None
    if mark is not None and mark.recorded():
        return ["ok"]
    rows = run()
    if rows == ["ok"] and mark is not None:
        mark.record()
    return rows


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest marks beyond `KEEP` (never `keep`, the one just written)."""
    marks = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    if len(marks) <= KEEP:
        return
    marks.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in marks[: len(marks) - KEEP]:
        if old != keep:
            old.unlink(missing_ok=True)


__all__ = ["KEEP", "RACY_NS", "CheckMark", "cache_folder", "quick_check_rows"]
