"""What the command line writes: lines to standard output (`out`), `tasktui: …` lines to
standard error (`err`), and the aligned tables (`table`, `write_task_table`).

Written to sys.stdout/sys.stderr as they are at call time, so a caller that redirects
them (tests calling tasktui.cli.main in-process) gets the output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from tasktui.store.statuses import is_urgent

if TYPE_CHECKING:
    from tasktui.store.listing import ListedTask


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(f"tasktui: {text}\n")


def table_lines(rows: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int] = ()) -> Iterator[str]:
    """The lines of an aligned table: columns padded to the widest cell in terminal cells
    (a Chinese character is two), each column capped (default 40) and longer cells cut
    with an ellipsis."""
    # A short row has its last columns empty.
    columns = [[r[i] if i < len(r) else "" for r in rows] for i in range(len(headers))]
    return column_lines(columns, headers, caps)


def column_lines(columns: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int] = ()) -> Iterator[str]:
    """`table_lines` of a table given column by column (each as long as the others).

    Each distinct cell of a column is measured and padded once (textwidth.widths and
    fit_all, as it will be shown): a long list repeats its units, meetings, statuses and
    dates. The lines are joined and stripped in C, a row at a time."""
    from tasktui.textwidth import fit, fit_all, width, widths

    padded_columns: list[list[str]] = []
    column_widths = []
    for i, (header, cells) in enumerate(zip(headers, columns, strict=True)):
        cap = caps[i] if i < len(caps) else 40
        measured = widths(cells)
        w = max(width(header), min(max(measured.values(), default=0), cap))
        column_widths.append(w)
        padded_columns.append(list(map(fit_all(measured, w).__getitem__, cells)))
    yield "  ".join(fit(h, w) for h, w in zip(headers, column_widths, strict=True)).rstrip()
    yield "  ".join("─" * w for w in column_widths)
    yield from map(str.rstrip, map("  ".join, zip(*padded_columns, strict=True)))


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int] = ()) -> str:
    """`table_lines` as one string."""
    return "\n".join(table_lines(rows, headers, caps))


TASK_HEADERS = ("ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限")
TASK_CAPS = (7, 10, 10, 14, 40, 24, 10)


def write_task_table(rows: Sequence[ListedTask]) -> None:
    """The task list as `tasktui list` prints it, written a block of lines at a time
    (built column by column: the rows turned into columns once, in C)."""
    if not rows:
        columns: list[list[str]] = [[] for _ in TASK_HEADERS]
    else:
        ids, countdowns, statuses, leads, outlines, headings, urgencies, meetings, deadlines, phrases, *_ = zip(
            *rows, strict=True
        )
        marked = {u: f"【{u}】" if is_urgent(u) else "" for u in set(urgencies)}
        columns = [
            [f"#{i}" for i in ids],
            list(countdowns),
            list(statuses),
            [lead or "—" for lead in leads],
            [f"{marked[u]}{o} {h}" for u, o, h in zip(urgencies, outlines, headings, strict=True)],
            list(meetings),
            [d.isoformat() if d else (p or "—") for d, p in zip(deadlines, phrases, strict=True)],
        ]
    write = sys.stdout.write
    lines = column_lines(columns, TASK_HEADERS, TASK_CAPS)
    while block := list(islice(lines, 1000)):
        write("\n".join(block) + "\n")


__all__ = ["out", "err", "table", "table_lines", "column_lines", "write_task_table"]
