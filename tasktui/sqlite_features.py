"""What this process's SQLite library can do, asked of the library itself (in memory, not
of a store), with the standard library only: `tasktui.models` builds the search index
from it and a plain SQLite read (`store.sqlite_calendar.open_plain`) checks it without
loading SQLAlchemy.
"""

from __future__ import annotations

import functools
import sqlite3
from contextlib import closing

SEARCH_FTS = "task_fts"  # the search index's table (models.SEARCH_FTS)


@functools.cache
def sqlite_has_trigram() -> bool:
    """Whether this process's SQLite library has FTS5 with the trigram tokenizer (SQLite
    3.34 and later, FTS5 compiled in). Older libraries (an old system Python) get no
    search index: the search's LIKE predicate answers alone, as it does for any term the
    index cannot promise. Asked of the library itself, in memory, not of a store."""
    try:
        with closing(sqlite3.connect(":memory:")) as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


__all__ = ["SEARCH_FTS", "sqlite_has_trigram"]
