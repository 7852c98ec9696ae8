"""`tasktui report`: write the weekly report (周报) for a week or a date range.

    tasktui report [--week 2026-W47 | --from D --to D] [--as UNIT] --format md|csv|xlsx|docx|html -o FILE

Registered through tasktui.cli's extension hook (EXTENSION_MODULES).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.report import FORMATS
from tasktui.report.period import PeriodNotStarted, check_period, date_arg, default_report_path
from tasktui.report.weekly import Period, WeeklyReport, parse_week, period_between, week_of

if TYPE_CHECKING:
    from tasktui.store.service import Service


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    cmd: Callable[[str, str], argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    sp = cmd("report", "write the weekly status report (周报): md, html, csv, xlsx or docx")
    sp.add_argument("--week", metavar="YYYY-Www",
                    help="ISO week, e.g. 2026-W47 (default: the week containing today)")
    sp.add_argument("--from", dest="date_from", type=date_arg, metavar="YYYY-MM-DD",
                    help="first day of a custom period (with --to)")
    sp.add_argument("--to", dest="date_to", type=date_arg, metavar="YYYY-MM-DD",
                    help="last day of a custom period (with --from)")
    sp.add_argument("--format", choices=FORMATS, default=None,
                    help="output format (default: from the file name's suffix, else md)")
    sp.add_argument("-o", "--output", metavar="FILE",
                    help="file to write; - for standard output (md/csv/html); "
                         "default: 督办周报-<week>.<format> in the current folder")
    return {"report": cmd_report}


def resolve_period(week: str | None, date_from: date | None, date_to: date | None, today: date) -> Period:
    from tasktui.store.service import InputError

    if week and (date_from or date_to):
        raise InputError("give either --week or --from/--to, not both")
    if (date_from is None) != (date_to is None):
        raise InputError("--from and --to go together")
    try:
        if week:
            return parse_week(week)
        if date_from is not None and date_to is not None:
            return period_between(date_from, date_to)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return week_of(today)


def make_report(service: Service, period: Period) -> WeeklyReport:
    """The report for `period` as `service` sees it: its clock gives today and the date
    made; a department actor gets only its own tasks."""
    from tasktui.report.weekly import build_report
    from tasktui.store.service import InputError

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
    )


def write_report(report: WeeklyReport, fmt: str, path: Path) -> None:
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


def cmd_report(args: argparse.Namespace) -> int:
    from tasktui.cli import make_service
    from tasktui.store.service import InputError

    out = args.output
    fmt = args.format
    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".") if out and out != "-" else ""
        fmt = suffix if suffix in FORMATS else "md"
    if out == "-" and fmt in ("xlsx", "docx"):
        raise InputError(f"{fmt} is a binary file: give a file name with -o")
    svc = make_service(args)
    period = resolve_period(args.week, args.date_from, args.date_to, svc.clock.today())
    report = make_report(svc, period)
    if out == "-":
        sys.stdout.write(render_text(report, fmt))
        return 0
    path = Path(out) if out else default_report_path(period, fmt, report.unit)
    if path.parent and not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist")
    try:
        write_report(report, fmt, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from None
    s = report.summary
    print(f"wrote {path.resolve()} ({fmt}, {period.title}: {s.tracked} tracked, "
          f"{s.overdue} overdue, completion {s.completion_rate})")
    return 0
