"""`tasktui report`: write the weekly report (周报) or the 督办通报 for a week, a month,
a quarter or a date range.

    tasktui report [--week 2026-W47 | --month 2026-11 | --quarter 2026Q4 | --from D --to D]
                   [--kind 周报|通报] [--group-by leader|urgency|source]… [--as UNIT]
                   [--issue N] [--office NAME] --format md|csv|xlsx|docx|html -o FILE

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

from tasktui.cli.arg_types import issue_arg, kind_arg
from tasktui.cli.options import open_service
from tasktui.cli.output import err, out
from tasktui.os_errors import os_error_words
from tasktui.report import BULLETIN, BULLETIN_FORMATS, FORMATS
from tasktui.store.errors import EXIT_OK, InputError

if TYPE_CHECKING:
    from tasktui.config import ReportSettings, UiConfig

Handler = Callable[[argparse.Namespace], int]


def user_config() -> UiConfig:
    """The user's config file (the one the UI reads); a broken file is said once on
    standard error and left out, as the UI does."""
    from tasktui.config import ConfigError, UiConfig, default_config_path, load_config

    try:
        return load_config(default_config_path())
    except ConfigError as exc:
        err(f"忽略配置文件: {exc}")
        return UiConfig()


def report_settings() -> ReportSettings:
    """[report] of the user's config file (see `user_config`)."""
    return user_config().report


def cmd_report(args: argparse.Namespace) -> int:
    from tasktui.collector_pause import collector_paused

    # The collector stays off (see collector_paused) until the report is written and its
    # 100,000s of objects are freed by reference counting as `_report` returns: turned on
    # while they lived, it would scan them all once more (0.1–0.2 s at 100,000 tasks).
    with collector_paused():
        return _report(args)


def _report(args: argparse.Namespace) -> int:
    from tasktui.report.make import (
        Masthead,
        make_bulletin,
        make_report_for,
        render_text,
        resolve_period,
        write_bulletin,
        write_report,
    )
    from tasktui.report.period import default_report_path
    from tasktui.textcheck import name_problem

    dest = args.output
    kind = getattr(args, "kind", None) or "周报"
    bulletin = kind == BULLETIN
    formats = BULLETIN_FORMATS if bulletin else FORMATS
    fmt = args.format
    if fmt is None:
        suffix = Path(dest).suffix.lower().lstrip(".") if dest and dest != "-" else ""
        fmt = suffix if suffix in formats else ("docx" if bulletin and dest != "-" else "md")
    if fmt not in formats:
        raise InputError(f"通报只有 {'、'.join(BULLETIN_FORMATS)} 两种格式（--format {fmt} 是周报的）")
    if bulletin and getattr(args, "group_by", None):
        raise InputError("--group-by 是周报的分组统计，通报不用")
    if dest == "-" and fmt in ("xlsx", "docx"):
        raise InputError(f"{fmt} 是二进制文件，不能输出到标准输出：请用 -o 给出文件名")
    office = args.office.strip() if args.office else None
    if args.office is not None:
        problem = "编制单位不能为空" if not office else name_problem(office, "编制单位")
        if problem:
            raise InputError(problem)
    config = user_config()
    with open_service(args) as svc:
        period = resolve_period(
            args.week,
            args.date_from,
            args.date_to,
            svc.clock.today(),
            month=getattr(args, "month", None),
            quarter=getattr(args, "quarter", None),
        )
        masthead = Masthead.of(config.report, period, office, args.issue)
        if bulletin:
            made = make_bulletin(
                svc, period, masthead, requirements=config.report.requirements, ack_days=config.cycle.ack_days
            )
        else:
            group_by = tuple(dict.fromkeys(getattr(args, "group_by", None) or ()))
            # csv prints the task table only: make_report_for computes that alone.
            report = make_report_for(svc, period, fmt, masthead, ack_days=config.cycle.ack_days, group_by=group_by)
    if dest == "-":
        if bulletin:
            from tasktui.report.render_bulletin_md import render_bulletin_md

            sys.stdout.write(render_bulletin_md(made))
        else:
            sys.stdout.write(render_text(report, fmt))
        return EXIT_OK
    unit = made.unit if bulletin else report.unit
    path = Path(dest) if dest else default_report_path(period, fmt, unit, kind)
    if path.parent and not path.parent.exists():
        raise InputError(f"文件夹 {path.parent} 不存在：请先建好它，或换一个路径")
    try:
        if bulletin:
            write_bulletin(made, fmt, path)
        else:
            write_report(report, fmt, path)
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{os_error_words(exc)}") from None
    out(f"已写入 {path.resolve()}（{fmt}）\n{made.result_line() if bulletin else report.result_line()}")
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"report": cmd_report}

__all__ = ["COMMANDS", "cmd_report", "issue_arg", "kind_arg", "report_settings", "user_config"]
