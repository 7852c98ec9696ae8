"""`tasktui report`: write the weekly report (周报) for a week or a date range.

    tasktui report [--week 2026-W47 | --from D --to D] [--as UNIT] --format md|csv|xlsx|docx|html -o FILE

Registered through tasktui.cli's extension hook (EXTENSION_MODULES).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from tasktui.report import FORMATS
from tasktui.report.make import make_report, render_text, resolve_period, write_report
from tasktui.report.period import date_arg, default_report_path


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
