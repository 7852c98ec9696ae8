"""CSV: one row per directive with its state at the cutoff. UTF-8 with a BOM, because
Excel on Chinese Windows reads a BOM-less file as GBK and garbles it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from tasktui.atomic_write import atomic_path
from tasktui.report.model import WeeklyReport
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


def _rows(r: WeeklyReport) -> Iterator[list[str]]:
    # One row per task (100,000s): a meeting's date is written once per meeting, not per row.
    meeting_dates: dict[date | None, str] = {None: ""}
    on_time = {True: "是", False: "否", None: ""}
    for i, t in enumerate(r.tasks, 1):
        meeting_date = meeting_dates.get(t.meeting_date)
        if meeting_date is None:
            meeting_date = meeting_dates[t.meeting_date] = d(t.meeting_date)
        yield [
            str(i),
            str(t.id),
            t.meeting,
            meeting_date,
            t.outline,
            t.heading,
            t.lead or "",
            "、".join(t.co),
            t.deadline.isoformat() if t.deadline else "",
            "" if t.days_left is None else str(t.days_left),
            "是" if t.overdue else "否",
            t.status,
            t.completed_at.date().isoformat() if t.completed_at else "",
            on_time[t.on_time],
            t.latest_note or "",
        ]


def render_csv(r: WeeklyReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, what Excel writes
    w.writerow(HEADERS)
    w.writerows(_rows(r))
    return buf.getvalue()


def save_csv(r: WeeklyReport, out: BinaryIO) -> None:
    """Stream the rows into `out` (a file or a BytesIO), UTF-8 with a BOM."""
    f = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    try:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADERS)
        w.writerows(_rows(r))
        f.flush()
    finally:
        f.detach()  # `out` stays open: it is the caller's


def write_csv(r: WeeklyReport, path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        save_csv(r, f)
