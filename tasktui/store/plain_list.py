"""`tasktui list` on a plain SQLite store, read with the standard library: the list
without loading SQLAlchemy and the models, which cost a third of a second before the
first row (Taskwarrior prints 5,000 tasks in less).

Only the list's default shapes are read here: the open tasks or all of them (`--all`),
for the office or for one unit named exactly (`--as 区教体局`). Any other filter, an alias
or initials for the unit, a store that is not the plain case (`sqlite_calendar.open_plain`:
read-only, another schema revision, PostgreSQL…) or any error gives None, and the caller
asks the service, which words every case as it always has.

The SQL is what `queries.task_select` compiles to for these shapes, with the columns of
`listed.COLUMN_NAMES`; tests/unit/test_plain_list.py compiles task_select and holds the
two equal, and compares the printed lists of both paths, so the two cannot drift apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from tasktui.extract.workdays import WorkCalendar
from tasktui.store.listed import COLUMN_NAMES, ListedTask, listed_rows
from tasktui.store.sqlite_calendar import open_plain, schedules
from tasktui.store.statuses import OPEN_STATUSES

# queries.task_select for TaskQuery() (kinds: directive), its columns cut to the list's.
_SELECT = (
    f"SELECT {', '.join(COLUMN_NAMES)} \n"
    "FROM task JOIN meeting ON meeting.id = task.meeting_id "
    "LEFT OUTER JOIN department ON department.id = task.lead_id \n"
    "WHERE task.kind IN ('directive')"
)
# Not include_settled: the open statuses (queries: OPEN_STATUSES).
_OPEN = " AND task.status IN ({})"
# A department sees what it leads or co-owns (queries.owned_ids).
_OWNED = (
    " AND task.id IN (SELECT task_1.id \nFROM task AS task_1 \nWHERE task_1.lead_id IN ({unit}) "
    "UNION ALL SELECT taskcoowner.task_id \nFROM taskcoowner \nWHERE taskcoowner.department_id IN ({unit}))"
)
# The countdown order (queries: sort "countdown", ascending).
_ORDER = " ORDER BY task.settled, task.due_key, task.id"


def list_sql(include_settled: bool, unit_id: int | None) -> str:
    sql = _SELECT
    if not include_settled:
        sql += _OPEN.format(", ".join(f"'{s}'" for s in sorted(OPEN_STATUSES)))
    if unit_id is not None:
        sql += _OWNED.format(unit=int(unit_id))
    return sql + _ORDER


def plain_listed(
    url: str, unit: str | None, include_settled: bool, today: date, warn_days: int, ack_days: Callable[[], int]
) -> list[ListedTask] | None:
    """The list as `listing.listed_tasks` gives it for these shapes, or None: ask the service.
    StoreError (the service's words) for a store at another schema revision. `ack_days` is
    asked for once the store has been read (it reads the config file, which says a broken
    file on standard error: not twice when the service path follows)."""
    con = open_plain(url)  # with quick_check, as the service opens a store: a damaged file is refused
    if con is None:
        return None
    try:
        unit_id = None
        if unit is not None:
            row = con.execute("SELECT id FROM department WHERE name = ?", (unit,)).fetchone()
            if row is None:
                return None  # an alias, initials or no such unit: the service resolves or says so
            unit_id = int(row[0])
        rows = con.execute(list_sql(include_settled, unit_id)).fetchall()
        calendar = WorkCalendar(schedules=schedules(con))
    except (sqlite3.Error, ValueError, TypeError, AttributeError):
        return None  # locked, damaged or not what this tasktui wrote: the service says which
    finally:
        con.close()
    return listed_rows(rows, calendar, today, warn_days, ack_days())


__all__ = ["list_sql", "plain_listed"]
