"""Many new rows in a few statements: ids handed out up front, then one executemany per
table, inside the caller's write transaction.

A task file of 5,000 tasks written one ORM object at a time took 5,000 flushes (each task
had to be inserted before its co-owners and events could name its id); with the ids known
before anything is written, the tasks, co-owners and events are plain rows and each table
takes one statement. The ids are the ones the database would have given the rows one
insert at a time, in the same order: SQLite's next rowid (max + 1; the write transaction
holds the write lock from its start, so nobody else inserts meanwhile), PostgreSQL's
sequence (drawn from, so concurrent writers never collide; ascending).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlmodel import Session, SQLModel

# Rows per executemany: bounds the parameter list held at once, not the transaction.
CHUNK_ROWS = 5_000


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
    """INSERT every row (dicts with the same keys), a chunk per statement."""
    for start in range(0, len(rows), CHUNK_ROWS):
        s.execute(insert(table), list(rows[start : start + CHUNK_ROWS]))


__all__ = ["CHUNK_ROWS", "insert_rows", "new_ids", "table_of"]
