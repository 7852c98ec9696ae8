"""Making a weekly report for a service: which period was asked for (`resolve_period`),
what its masthead says (`Masthead`: 编制单位 and 期号, from the settings unless given),
the report as the service's actor sees it (`make_report`), and writing it to a file
(`write_report`) or as text (`render_text`).

Shared by `tasktui report` (tasktui.cli.report) and the UI's report dialog
(tasktui.ui.reporting), so both give the same report. No argparse, no CLI, no textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.config import ReportSettings
from tasktui.report.model import WeeklyReport
from tasktui.report.period import (
    Period,
    PeriodNotStarted,
    check_period,
    issue_of,
    parse_week,
    period_between,
    week_of,
)
from tasktui.store.errors import InputError

if TYPE_CHECKING:
    from tasktui.store.service import Service


def resolve_period(week: str | None, date_from: date | None, date_to: date | None, today: date) -> Period:
    """The period asked for: an ISO week, a from/to range, or (neither) the week of `today`."""
    if week and (date_from or date_to):
        raise InputError("give either --week or --from/--to, not both")
    if (date_from is None) != (date_to is None):
        raise InputError("--from and --to go together")
    try:
        if week:
            return parse_week(week)
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
        config.toml): the office named there, the 期号 counted from its first week."""
        return cls(
            office=office or settings.office,
            issue=issue if issue is not None else issue_of(period, settings.first_issue_week),
        )


def make_report(service: Service, period: Period, masthead: Masthead | None = None) -> WeeklyReport:
    """The report for `period` as `service` sees it: its clock gives today and the date
    made; a department actor gets only its own tasks."""
    from tasktui.report.weekly import build_report

    today = service.clock.today()
    try:
        check_period(period, today)
    except PeriodNotStarted as exc:
        raise InputError(str(exc)) from None
    actor = service.actor
    return build_report(
        service.history_feed(),
        period,
        today=today,
        made=service.clock.now(),
        unit=None if actor.is_office else actor.name,
        office=masthead.office if masthead else None,
        issue=masthead.issue if masthead else None,
    )


def write_report(report: WeeklyReport, fmt: str, path: Path) -> None:
    """Write `report` to `path` as `fmt` (one of tasktui.report.FORMATS)."""
    if fmt == "md":
        from tasktui.report.render_md import write_md as write
    elif fmt == "html":
        from tasktui.report.render_html import write_html as write
    elif fmt == "csv":
        from tasktui.report.render_csv import write_csv as write
    elif fmt == "xlsx":
        from tasktui.report.render_xlsx import write_xlsx as write
    elif fmt == "docx":
        from tasktui.report.render_docx import write_docx as write
    else:
        raise ValueError(f"unknown format {fmt!r}")
    write(report, path)


def render_text(report: WeeklyReport, fmt: str) -> str:
    """md, html and csv as text (for standard output)."""
    if fmt == "md":
        from tasktui.report.render_md import render_md

        return render_md(report)
    if fmt == "html":
        from tasktui.report.render_html import render_html

        return render_html(report)
    from tasktui.report.render_csv import render_csv

    return "\ufeff" + render_csv(report)


__all__ = ["Masthead", "resolve_period", "make_report", "write_report", "render_text"]
