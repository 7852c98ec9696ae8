"""What the command line writes: lines to standard output (`out`), `tasktui: …` lines to
standard error (`err`), and the aligned tables (`table`, `write_task_table`).

Written to sys.stdout/sys.stderr as they are at call time, so a caller that redirects
them (tests calling tasktui.cli.main in-process) gets the output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

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

    Each distinct cell of a column is measured and padded once (textwidth.width, as it
    will be shown): a long list repeats its units, meetings, statuses and dates."""
    from tasktui.textwidth import fit, width

    padded_columns: list[list[str]] = []
    widths = []
    for i, (header, cells) in enumerate(zip(headers, columns, strict=True)):
        cap = caps[i] if i < len(caps) else 40
        measured = {c: width(c) for c in set(cells)}
        w = max(width(header), min(max(measured.values(), default=0), cap))
        widths.append(w)
        padded = {c: fit(c, w, measured=m) for c, m in measured.items()}
        padded_columns.append([padded[c] for c in cells])
    yield "  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()
    yield "  ".join("─" * w for w in widths)
    join = "  ".join
    for cells in zip(*padded_columns, strict=True):
        yield join(cells).rstrip()


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int] = ()) -> str:
    """`table_lines` as one string."""
    return "\n".join(table_lines(rows, headers, caps))


TASK_HEADERS = ("ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限")
TASK_CAPS = (7, 10, 10, 14, 40, 24, 10)


def write_task_table(rows: Sequence[ListedTask]) -> None:
    """The task list as `tasktui list` prints it, written a block of lines at a time
    (built column by column: one pass over the rows per column)."""
    columns = [
        [f"#{r.id}" for r in rows],
        [r.countdown for r in rows],
        [r.status for r in rows],
        [r.lead or "—" for r in rows],
        [(f"【{r.urgency}】" if r.urgent else "") + f"{r.outline} {r.heading}" for r in rows],
        [r.meeting for r in rows],
        [r.deadline.isoformat() if r.deadline else (r.deadline_phrase or "—") for r in rows],
    ]
    write = sys.stdout.write
    block: list[str] = []
    for line in column_lines(columns, TASK_HEADERS, TASK_CAPS):
        block.append(line)
        if len(block) == 1000:
            write("\n".join(block) + "\n")
            block.clear()
    if block:
        write("\n".join(block) + "\n")


__all__ = ["out", "err", "table", "table_lines", "column_lines", "write_task_table"]
