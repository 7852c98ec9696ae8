"""Making a weekly report for a service: which period was asked for (`resolve_period`),
what its masthead says (`Masthead`: 编制单位 and 期号, from the settings unless given),
the report as the service's actor sees it (`make_report`; `make_task_table`: its task table
alone, all a csv prints, without the other sections' work), and writing it: to a file
(`write_report`), into memory (`render_bytes`: the app's web mode sends it to the browser,
nothing is written on the server) or as text (`render_text`). The file and the bytes come
from one writer per format (`save_report`).

Shared by `tasktui report` (tasktui.cli.report) and the UI's report dialog
(tasktui.ui.reporting), so both give the same report. No argparse, no CLI, no textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tasktui.config import ReportSettings
from tasktui.report.model import TaskTable, WeeklyReport
from tasktui.report.period import (
    Period,
    PeriodNotStarted,
    check_period,
    issue_for,
    parse_month,
    parse_quarter,
    parse_week,
    period_between,
    week_of,
)
from tasktui.store.errors import InputError

if TYPE_CHECKING:
    from tasktui.report.bulletin import Bulletin
    from tasktui.store.service import Service


def resolve_period(
    week: str | None,
    date_from: date | None,
    date_to: date | None,
    today: date,
    *,
    month: str | None = None,
    quarter: str | None = None,
) -> Period:
    """The period asked for: an ISO week, a calendar month or quarter, a from/to range, or
    (none) the week of `today`."""
    given = [name for name, v in (("--week", week), ("--month", month), ("--quarter", quarter)) if v]
    if date_from or date_to:
        given.append("--from/--to")
    if len(given) > 1:
        raise InputError(
            f"{' 与 '.join(given)} 只能选一种：按周 --week，按月 --month，按季度 --quarter，按日期段 --from 和 --to"
        )
    if (date_from is None) != (date_to is None):
        raise InputError("--from 和 --to 要一起给出（报告的第一天和最后一天）")
    try:
        if week:
            return parse_week(week)
        if month:
            return parse_month(month)
        if quarter:
            return parse_quarter(quarter)
        if date_from is not None and date_to is not None:
            return period_between(date_from, date_to)
        # Today is the clock's (`--today 9999-12-31`): its week may be out of range too.
        return week_of(today)
    except ValueError as exc:
        raise InputError(str(exc)) from None


@dataclass(frozen=True)
class Masthead:
    """What the report's heading says besides the period: 编制单位 (None: the office named
    in the store) and 期号 (None: none)."""

    office: str | None = None
    issue: int | None = None

    @classmethod
    def of(
        cls, settings: ReportSettings, period: Period, office: str | None = None, issue: int | None = None
    ) -> Masthead:
        """What was given (command line, report dialog) over the settings ([report] in
        config.toml): the office named there, the 期号 counted from its first week, month
        or quarter."""
        return cls(
            office=office or settings.office,
            issue=issue if issue is not None else issue_for(period, settings),
        )


def make_report(
    service: Service,
    period: Period,
    masthead: Masthead | None = None,
    *,
    ack_days: int = 2,
    group_by: tuple[str, ...] = (),
) -> WeeklyReport:
    """The report for `period` as `service` sees it: its clock gives today and the date
    made; a department actor gets only its own tasks. `ack_days` is [cycle] ack_days
    (未签收), `group_by` the groupings to add (report.model.GROUPINGS)."""
    from tasktui.report.weekly import build_report

    return build_report(
        service.history_feed(),
        period,
        today=_started(service, period),
        made=service.clock.now(),
        unit=_unit(service),
        office=masthead.office if masthead else None,
        issue=masthead.issue if masthead else None,
        ack_days=ack_days,
        group_by=group_by,
    )


def make_task_table(service: Service, period: Period, masthead: Masthead | None = None) -> TaskTable:
    """The report's task table for `period` as `service` sees it: the same rows as
    `make_report(...).tasks`, and the same result line, without computing the other
    sections (csv prints nothing else)."""
    from tasktui.report.task_table import build_task_table

    return build_task_table(
        service.history_feed(),
        period,
        today=_started(service, period),
        unit=_unit(service),
        issue=masthead.issue if masthead else None,
    )


def _started(service: Service, period: Period) -> date:
    """Today by the service's clock, once `period` is known to have begun (else InputError)."""
    today = service.clock.today()
    try:
        check_period(period, today)
    except PeriodNotStarted as exc:
        raise InputError(str(exc)) from None
    return today


def _unit(service: Service) -> str | None:
    """Whose tasks: None for the office (all of them), else the department's name."""
    return None if service.actor.is_office else service.actor.name


def make_report_for(
    service: Service,
    period: Period,
    fmt: str,
    masthead: Masthead | None = None,
    *,
    ack_days: int = 2,
    group_by: tuple[str, ...] = (),
) -> WeeklyReport | TaskTable:
    """What writing `period` as `fmt` needs: the task table alone for csv (see
    `make_task_table`), the whole report for every other format."""
    if fmt == "csv":
        return make_task_table(service, period, masthead)
    return make_report(service, period, masthead, ack_days=ack_days, group_by=group_by)


def _whole(report: WeeklyReport | TaskTable, fmt: str) -> WeeklyReport:
    if isinstance(report, TaskTable):
        raise ValueError(f"{fmt} 需要完整的报告，不能只用任务表")
    return report


# What a browser is told each format is (the web mode's download).
MIME_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def save_report(report: WeeklyReport | TaskTable, fmt: str, out: BinaryIO) -> None:
    """Write `report` as `fmt` (one of tasktui.report.FORMATS) into `out`, a binary file
    or a BytesIO (seekable: xlsx and docx are zips). A TaskTable is written as csv only."""
    if fmt == "md":
        from tasktui.report.render_md import render_md

        out.write(render_md(_whole(report, fmt)).encode("utf-8"))
    elif fmt == "html":
        from tasktui.report.render_html import render_html

        out.write(render_html(_whole(report, fmt)).encode("utf-8"))
    elif fmt == "csv":
        from tasktui.report.render_csv import save_csv

        save_csv(report, out)
    elif fmt == "xlsx":
        from tasktui.report.render_xlsx import save_xlsx

        save_xlsx(_whole(report, fmt), out)
    elif fmt == "docx":
        from tasktui.report.render_docx import save_docx

        save_docx(_whole(report, fmt), out)
    else:
        raise ValueError(f"不支持的格式 {fmt!r}")


def write_report(report: WeeklyReport | TaskTable, fmt: str, path: Path) -> None:
    """Write `report` to `path` as `fmt`: whole or not at all (a temporary file beside it,
    renamed into place when complete)."""
    from tasktui.atomic_write import atomic_path
    from tasktui.report import FORMATS

    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式 {fmt!r}")
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        save_report(report, fmt, f)


def render_bytes(report: WeeklyReport | TaskTable, fmt: str) -> bytes:
    """`report` as `fmt`, in memory: the bytes `write_report` would put in the file."""
    buf = BytesIO()
    save_report(report, fmt, buf)
    return buf.getvalue()


def render_text(report: WeeklyReport | TaskTable, fmt: str) -> str:
    """md, html and csv as text (for standard output)."""
    if fmt == "md":
        from tasktui.report.render_md import render_md

        return render_md(_whole(report, fmt))
    if fmt == "html":
        from tasktui.report.render_html import render_html

        return render_html(_whole(report, fmt))
    from tasktui.report.render_csv import render_csv

    return "\ufeff" + render_csv(report)


def make_bulletin(
    service: Service,
    period: Period,
    masthead: Masthead | None = None,
    *,
    requirements: tuple[str, ...] | None = None,
    ack_days: int = 2,
) -> Bulletin:
    """The 督办通报 for `period`: the period's report folded into what a bulletin names.
    `requirements`: its 要求 ([report] requirements; None: the default)."""
    from tasktui.report.bulletin import bulletin_of

    return bulletin_of(make_report(service, period, masthead, ack_days=ack_days), requirements)


def write_bulletin(bulletin: Bulletin, fmt: str, path: Path) -> None:
    """Write the 通报 to `path` as `fmt` (one of tasktui.report.BULLETIN_FORMATS)."""
    if fmt == "docx":
        from tasktui.report.render_bulletin_docx import write_bulletin_docx

        write_bulletin_docx(bulletin, path)
    elif fmt == "md":
        from tasktui.report.render_bulletin_md import write_bulletin_md

        write_bulletin_md(bulletin, path)
    else:
        raise ValueError(f"通报不支持格式 {fmt!r}")


__all__ = [
    "MIME_TYPES",
    "Masthead",
    "make_bulletin",
    "make_report",
    "make_report_for",
    "make_task_table",
    "render_bytes",
    "render_text",
    "resolve_period",
    "save_report",
    "write_bulletin",
    "write_report",
]
