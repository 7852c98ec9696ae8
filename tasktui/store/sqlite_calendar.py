"""The office's imported 放假安排 read straight from a SQLite store file with the standard
library: what `tasktui deadline` needs of a store, without loading SQLAlchemy (a third of
a second, against a few milliseconds for the phrase itself).

Only the plain case is read here: a SQLite file that exists, can be written (as the
service would open it), passes `PRAGMA quick_check` and is at this tasktui's schema
revision. Anything else gives None, and the caller asks the service (`Store`), which words
every other case (older or newer schema, damaged file, read-only folder, busy) as it
always has. The rows are read as `work_calendar.load_schedules` reads them through the
ORM (a test compares the two).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.sqlite_features import SEARCH_FTS, sqlite_has_trigram
from tasktui.store.checked_files import quick_check_rows
from tasktui.store.errors import StoreError
from tasktui.store.location import sqlite_file, sqlite_uri
from tasktui.store.schema_revision import revision_refusal, script_revisions


def _usable(path: Path) -> bool:
    """A regular file whose file and folder can be written: the store the service would
    open normally (a read-only one it opens with a note, which is the service's to say)."""
    return path.is_file() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _revision(con: sqlite3.Connection, tables: set[str]) -> str:
    """The store's revision, read as migrations.read_revision reads it: Alembic's record,
    else a pre-Alembic store's meta.schema_version."""
    if "alembic_version" in tables:
        rows = sorted(str(r[0]) for r in con.execute("SELECT version_num FROM alembic_version"))
        if rows:
            return ",".join(rows)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return f"{int(row[0]):04d}" if row is not None and str(row[0]).isdigit() else "0000"


def open_plain(url: str, *, check: bool = True) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite store at `url` when it is the plain case (see
    the module docstring), else None: ask the service then. StoreError, worded as the
    service words it, for a store at another schema revision. `check`: run `PRAGMA
    quick_check` first (a reader that falls back to the service on any error skips it)."""
    path = sqlite_file(url) if url.startswith("sqlite") else None
    if path is None or not _usable(path) or os.environ.get("TASKTUI_BUSY_TIMEOUT", "").strip():
        return None  # in memory, missing, read-only, or a busy timeout the service checks and words
    revisions = script_revisions()
    try:
        # mode=ro: reading never writes (the service's own opening sets WAL and pragmas).
        con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=10.0)
    except sqlite3.Error:
        return None
    try:
        if not revisions or (
            check and quick_check_rows(path, lambda: [str(r[0]) for r in con.execute("PRAGMA quick_check")]) != ["ok"]
        ):
            con.close()
            return None
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables or (SEARCH_FTS in tables and not sqlite_has_trigram()):
            con.close()  # not tasktui's, or an index this library cannot keep: the service words it
            return None
        refusal = revision_refusal(_revision(con, tables), revisions[-1], revisions)
    except sqlite3.Error:
        con.close()
        return None
    if refusal is not None:
        con.close()
        raise StoreError(refusal)
    if not {"holidayyear", "holidaybreak", "holidayworkday"} <= tables:
        con.close()
        return None
    return con


def schedules(con: sqlite3.Connection) -> list[YearSchedule]:
    """Every imported year, as `work_calendar.load_schedules` reads them through the ORM.
    sqlite3.Error (or ValueError for text this tasktui did not write) for the caller."""
    workdays: dict[int, list[date]] = {}
    for break_id, day in con.execute("SELECT break_id, day FROM holidayworkday ORDER BY day"):
        workdays.setdefault(break_id, []).append(date.fromisoformat(day))
    by_year: dict[int, list[HolidayBreak]] = {}
    rows = con.execute("SELECT id, year, names, first_day, last_day FROM holidaybreak ORDER BY first_day")
    for break_id, year, names, first, last in rows:
        by_year.setdefault(year, []).append(
            HolidayBreak(
                tuple(names.split("、")),
                date.fromisoformat(first),
                date.fromisoformat(last),
                tuple(workdays.get(break_id or 0, ())),
            )
        )
    years = [r[0] for r in con.execute("SELECT year FROM holidayyear")]
    return [YearSchedule(y, tuple(by_year.get(y, ())), "imported") for y in sorted(years)]


def read_schedules(url: str) -> list[YearSchedule] | None:
    """Every imported year of the SQLite store at `url`, as the calendar takes them; None
    when this is not the plain case (see the module docstring): ask the service then.
    StoreError, worded as the service words it, for a store at another schema revision."""
    con = open_plain(url)
    if con is None:
        return None
    try:
        return schedules(con)
    except (sqlite3.Error, ValueError, TypeError, AttributeError):
        return None  # locked, damaged or not what this tasktui wrote: the service says which
    finally:
        con.close()


__all__ = ["open_plain", "read_schedules", "schedules"]
