"""CSV: one row per directive with its state at the cutoff. UTF-8 with a BOM, because
Excel on Chinese Windows reads a BOM-less file as GBK and garbles it.

It prints the report's task table only, so it is written from a full WeeklyReport or from a
TaskTable (report/task_table.py: the same rows without the other sections' work)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from tasktui.atomic_write import atomic_path
from tasktui.report.model import TableRow, TaskTable, WeeklyReport
from tasktui.report.tables import d

HEADERS: list[str] = [
    "序号",
    "任务ID",
    "会议",
    "会议日期",
    "编号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "剩余天数",
    "是否逾期",
    "整改状态",
    "完成日期",
    "是否按时",
    "最新进展",
]


def _rows(r: WeeklyReport | TaskTable) -> Iterator[tuple[object, ...]]:
    """One row per task (100,000s): each meeting's date and each deadline formatted once,
    and ints and None left to the csv module, which writes them as str() and "" do."""
    tasks: Sequence[TableRow] = r.tasks  # a full report's TaskState is a TableRow
    meeting_dates: dict[date | None, str] = {None: ""}
    deadlines: dict[date | None, str] = {None: ""}
    on_time = {True: "是", False: "否", None: ""}
    for i, t in enumerate(tasks, 1):
        meeting_date = meeting_dates.get(t.meeting_date)
        if meeting_date is None:
            meeting_date = meeting_dates[t.meeting_date] = d(t.meeting_date)
        deadline = deadlines.get(t.deadline)
        if deadline is None:
            deadline = deadlines[t.deadline] = d(t.deadline)
        done = t.completed_at
        yield (
            i,
            t.id,
            t.meeting,
            meeting_date,
            t.outline,
            t.heading,
            t.lead,
            "、".join(t.co),
            deadline,
            t.days_left,
            "是" if t.overdue else "否",
            t.status,
            done.date().isoformat() if done else "",
            on_time[t.on_time],
            t.latest_note,
        )


def render_csv(r: WeeklyReport | TaskTable) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, what Excel writes
    w.writerow(HEADERS)
    w.writerows(_rows(r))
    return buf.getvalue()


def save_csv(r: WeeklyReport | TaskTable, out: BinaryIO) -> None:
    """Stream the rows into `out` (a file or a BytesIO), UTF-8 with a BOM."""
    # The BOM written here and the text as plain UTF-8: the same bytes as "utf-8-sig", whose
    # encoder is Python code called once per row, where "utf-8" is encoded in C.
    out.write(codecs.BOM_UTF8)
    f = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADERS)
        w.writerows(_rows(r))
        f.flush()
    finally:
        f.detach()  # `out` stays open: it is the caller's


def write_csv(r: WeeklyReport | TaskTable, path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        save_csv(r, f)
