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
    with an ellipsis. Every cell is measured once, as it will be shown (textwidth.width)."""
    from tasktui.textwidth import fit, width

    limits = [caps[i] if i < len(caps) else 40 for i in range(len(headers))]
    widths = [width(h) for h in headers]
    measured: list[list[int]] = []
    for r in rows:
        cells = [width(c) for c in r]
        measured.append(cells)
        for i, w in enumerate(cells):
            w = min(w, limits[i])
            if w > widths[i]:
                widths[i] = w
    yield "  ".join(fit(h, w) for h, w in zip(headers, widths, strict=False)).rstrip()
    yield "  ".join("─" * w for w in widths)
    for r, cells in zip(rows, measured, strict=True):
        yield "  ".join(fit(c, w, measured=m) for c, w, m in zip(r, widths, cells, strict=False)).rstrip()


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int] = ()) -> str:
    """`table_lines` as one string."""
    return "\n".join(table_lines(rows, headers, caps))


TASK_HEADERS = ("ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限")
TASK_CAPS = (7, 10, 10, 14, 40, 24, 10)


def write_task_table(rows: Sequence[ListedTask]) -> None:
    """The task list as `tasktui list` prints it, written a block of lines at a time."""
    body = [
        (
            f"#{r.id}",
            r.countdown,
            r.status,
            r.lead or "—",
            (f"【{r.urgency}】" if r.urgent else "") + f"{r.outline} {r.heading}",
            r.meeting,
            r.deadline.isoformat() if r.deadline else (r.deadline_phrase or "—"),
        )
        for r in rows
    ]
    write = sys.stdout.write
    block: list[str] = []
    for line in table_lines(body, TASK_HEADERS, TASK_CAPS):
        block.append(line)
        if len(block) == 1000:
            write("\n".join(block) + "\n")
            block.clear()
    if block:
        write("\n".join(block) + "\n")


__all__ = ["out", "err", "table", "table_lines", "write_task_table"]
