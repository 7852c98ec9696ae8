"""Many new rows in a few statements: ids handed out up front, then one executemany per
table, inside the caller's write transaction.

A task file of 5,000 tasks written one ORM object at a time took 5,000 flushes (each task
had to be inserted before its co-owners and events could name its id); with the ids known
before anything is written, the tasks, co-owners and events are plain rows and each table
takes one statement. The ids are the ones the database would have given the rows one
insert at a time, in the same order: SQLite's next rowid (max + 1; the write transaction
holds the write lock from its start, so nobody else inserts meanwhile), PostgreSQL's
sequence (drawn from, so concurrent writers never collide; ascending).

On SQLite the rows go in as multi-row `INSERT … VALUES (…), (…)` statements rather than one
statement per row: the task table's search index (FTS5, filled by a trigger) writes its
pending terms out at the end of every statement, so 5,000 one-row statements left 5,000
tiny index segments to merge (0.44 s of CPU for 5,000 tasks, against 0.14 s in statements
of 500 rows). Values are converted by the columns' own SQLAlchemy types, as the ORM would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Column, Table, func, insert, select, text
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlmodel import Session, SQLModel

# Rows per executemany: bounds the parameter list held at once, not the transaction.
CHUNK_ROWS = 5_000
# Rows per multi-row INSERT on SQLite: past the point where a bigger statement gains nothing
# measurable; fewer when the connection's parameter limit asks it (32,766 by default since
# SQLite 3.32, 999 before: an old system library, which the store still supports).
VALUES_ROWS = 500


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table (SQLModel declares `__table__` to no type checker)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def new_ids(s: Session, table: Table, count: int) -> list[int]:
    """`count` ids for new rows of `table` (its integer primary key `id`), ascending."""
    if count <= 0:
        return []
    if s.get_bind().dialect.name == "postgresql":
        seq = s.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
        drawn = s.execute(
            text("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)"), {"seq": seq, "n": count}
        ).scalars()
        return sorted(int(i) for i in drawn)
    top = s.execute(select(func.max(table.c.id))).scalar_one_or_none() or 0
    return list(range(top + 1, top + 1 + count))


def insert_rows(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (dicts with the same keys): on SQLite several rows per statement,
    elsewhere a chunk per executemany (the PostgreSQL driver batches those itself)."""
    if not rows:
        return
    if s.get_bind().dialect.name == "sqlite":
        filled = _with_defaults(table, rows)
        if filled is not None:
            _insert_values(s, table, *filled)
            return
    insert_each(s, table, rows)


def insert_each(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """SQLAlchemy's executemany, a chunk at a time: what `insert_rows` does on PostgreSQL,
    and the reference its SQLite statements are tested against."""
    for start in range(0, len(rows), CHUNK_ROWS):
        s.execute(insert(table), list(rows[start : start + CHUNK_ROWS]))


def _with_defaults(table: Table, rows: Sequence[dict[str, Any]]) -> tuple[list[Column[Any]], list[list[Any]]] | None:
    """The columns to write and each row's values in their order, a column the rows leave
    out taking its constant default as SQLAlchemy's insert would; None when such a column
    has any other kind of default (a function, SQL), for the caller to leave to SQLAlchemy."""
    given = list(rows[0])
    columns = [table.c[name] for name in given]
    constants: list[Any] = []
    for column in table.columns:
        if column.name in rows[0] or column.computed is not None:
            continue
        default = column.default
        if default is None:
            continue  # left out, as SQLAlchemy leaves it: NULL or the database's default
        if isinstance(default, ScalarElementColumnDefault):
            constants.append(default.arg)
        else:
            return None
        columns.append(column)
    if not columns:  # rows of nothing: `INSERT … DEFAULT VALUES`, SQLAlchemy's to write
        return None
    values = [[row[name] for name in given] + constants for row in rows]
    return columns, values


def _insert_values(s: Session, table: Table, columns: list[Column[Any]], values: list[list[Any]]) -> None:
    dialect = s.get_bind().dialect
    # The dialect's own type (SQLite's DATETIME writes microseconds; the generic one does not convert).
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for i, c in enumerate(columns):
        processor = c.type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            convert.append((i, processor))
    # The session's own connection: the rows land in its open write transaction.
    raw = s.connection().connection
    per_statement = max(1, min(VALUES_ROWS, _max_params(raw.driver_connection) // len(columns)))
    one = "(" + ",".join("?" * len(columns)) + ")"
    head = f'INSERT INTO "{table.name}" (' + ",".join(f'"{c.name}"' for c in columns) + ") VALUES "
    cursor = raw.cursor()
    try:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                for i, to_db in convert:
                    if row[i] is not None:
                        row[i] = to_db(row[i])
                params += row
            cursor.execute(head + ",".join([one] * len(chunk)), params)
    finally:
        cursor.close()


def _max_params(connection: Any) -> int:
    """The parameters one statement may take on this connection: asked of it (Python 3.11+),
    else SQLite's default for the library's version."""
    getlimit = getattr(connection, "getlimit", None)
    if getlimit is not None:
        return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


__all__ = ["CHUNK_ROWS", "VALUES_ROWS", "insert_each", "insert_rows", "new_ids", "table_of"]
