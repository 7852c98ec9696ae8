"""`tasktui report`: write the weekly report (周报) for a week or a date range.

    tasktui report [--week 2026-W47 | --from D --to D] [--as UNIT] [--issue N] [--office NAME]
                   --format md|csv|xlsx|docx|html -o FILE

The report itself is tasktui.report.make's (the UI's report dialog uses the same code);
this handler picks the format, the file and the masthead (--issue and --office over the
[report] settings of the config file the UI reads too) and says what it wrote.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tasktui.cli.options import open_service
from tasktui.cli.output import err, out
from tasktui.report import FORMATS
from tasktui.store.errors import EXIT_OK, InputError

if TYPE_CHECKING:
    from tasktui.config import ReportSettings

Handler = Callable[[argparse.Namespace], int]


def issue_arg(value: str) -> int:
    """argparse type for --issue: 12 or 第12期."""
    from tasktui.report.period import parse_issue

    try:
        number = parse_issue(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if number is None:
        raise argparse.ArgumentTypeError("期号不能为空")
    return number


def report_settings() -> ReportSettings:
    """[report] of the user's config file (the one the UI reads); a broken file is said
    once on standard error and left out, as the UI does."""
    from tasktui.config import ConfigError, default_config_path, load_config

    try:
        return load_config(default_config_path()).report
    except ConfigError as exc:
        err(f"忽略配置文件: {exc}")
        from tasktui.config import ReportSettings

        return ReportSettings()


def cmd_report(args: argparse.Namespace) -> int:
    from tasktui.report.make import Masthead, make_report, render_text, resolve_period, write_report
    from tasktui.report.period import default_report_path
    from tasktui.textcheck import name_problem

    dest = args.output
    fmt = args.format
    if fmt is None:
        suffix = Path(dest).suffix.lower().lstrip(".") if dest and dest != "-" else ""
        fmt = suffix if suffix in FORMATS else "md"
    if dest == "-" and fmt in ("xlsx", "docx"):
        raise InputError(f"{fmt} is a binary file: give a file name with -o")
    office = args.office.strip() if args.office else None
    if args.office is not None:
        problem = "编制单位不能为空" if not office else name_problem(office, "编制单位")
        if problem:
            raise InputError(problem)
    with open_service(args) as svc:
        period = resolve_period(args.week, args.date_from, args.date_to, svc.clock.today())
        report = make_report(svc, period, Masthead.of(report_settings(), period, office, args.issue))
    if dest == "-":
        sys.stdout.write(render_text(report, fmt))
        return EXIT_OK
    path = Path(dest) if dest else default_report_path(period, fmt, report.unit)
    if path.parent and not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist")
    try:
        write_report(report, fmt, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from None
    out(f"已写入 {path.resolve()}（{fmt}）\n{report.result_line()}")
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"report": cmd_report}

__all__ = ["COMMANDS", "cmd_report", "issue_arg", "report_settings"]
