"""What the command line writes: lines to standard output (`out`), `tasktui: …` lines to
standard error (`err`), and the aligned tables (`table`, `task_table`).

Written to sys.stdout/sys.stderr as they are at call time, so a caller that redirects
them (tests calling tasktui.cli.main in-process) gets the output.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasktui.store.views import TaskRow


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(f"tasktui: {text}\n")


def table(rows: list[list[str]], headers: list[str], caps: Sequence[int] = ()) -> str:
    """Columns padded to the widest cell in terminal cells (a Chinese character is two),
    each column capped (default 40) and longer cells cut with an ellipsis."""
    from rich.cells import cell_len

    from tasktui.textwidth import fit

    widths = [cell_len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], min(cell_len(c), caps[i] if i < len(caps) else 40))
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths, strict=False)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    for r in rows:
        lines.append("  ".join(fit(c, w) for c, w in zip(r, widths, strict=False)).rstrip())
    return "\n".join(lines)


def task_table(rows: list[TaskRow]) -> str:
    """The task list as `tasktui list` prints it."""
    body = [
        [
            f"#{r.id}",
            r.countdown.label,
            r.status_label,
            r.lead or "—",
            (f"【{r.urgency}】" if r.urgent else "") + f"{r.outline} {r.heading}",
            r.meeting,
            r.deadline.isoformat() if r.deadline else (r.deadline_phrase or "—"),
        ]
        for r in rows
    ]
    return table(body, ["ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限"], caps=(7, 10, 10, 14, 40, 24, 10))


__all__ = ["out", "err", "table", "task_table"]
