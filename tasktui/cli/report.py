"""`tasktui report`: write the weekly report (周报) for a week or a date range.

    tasktui report [--week 2026-W47 | --from D --to D] [--as UNIT] --format md|csv|xlsx|docx|html -o FILE

The report itself is tasktui.report.make's (the UI's report dialog uses the same code);
this handler picks the format and the file and says what it wrote.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from tasktui.cli.options import open_service
from tasktui.cli.output import out
from tasktui.report import FORMATS
from tasktui.store.errors import EXIT_OK, InputError

Handler = Callable[[argparse.Namespace], int]


def cmd_report(args: argparse.Namespace) -> int:
    from tasktui.report.make import make_report, render_text, resolve_period, write_report
    from tasktui.report.period import default_report_path

    dest = args.output
    fmt = args.format
    if fmt is None:
        suffix = Path(dest).suffix.lower().lstrip(".") if dest and dest != "-" else ""
        fmt = suffix if suffix in FORMATS else "md"
    if dest == "-" and fmt in ("xlsx", "docx"):
        raise InputError(f"{fmt} is a binary file: give a file name with -o")
    with open_service(args) as svc:
        period = resolve_period(args.week, args.date_from, args.date_to, svc.clock.today())
        report = make_report(svc, period)
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
    s = report.summary
    out(
        f"wrote {path.resolve()} ({fmt}, {period.title}: {s.tracked} tracked, "
        f"{s.overdue} overdue, completion {s.completion_rate})"
    )
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"report": cmd_report}

__all__ = ["COMMANDS", "cmd_report"]
