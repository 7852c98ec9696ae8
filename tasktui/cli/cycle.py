"""The supervision cycle's cadence and reminders: `cadence ID PHRASE` (汇报频次),
`late-reports` (未按期报送) and `remind` (催办通知单, one .docx per unit that owes
anything). `assign --report-every` and `list --late-reports` are in tasktui.cli.tasks.

Settings come from the config file's [cycle] table (ack_days, remind_prefix,
remind_requirements), as the UI reads them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tasktui.cli.options import cycle_settings, open_service
from tasktui.cli.output import out, table
from tasktui.os_errors import os_error_words
from tasktui.store.errors import EXIT_OK, InputError

Handler = Callable[[argparse.Namespace], int]


def cmd_cadence(args: argparse.Namespace) -> int:
    from tasktui.cli.tasks import expected_version

    with open_service(args) as svc:
        row = svc.set_report_every(args.id, args.phrase, expected_version(args))
    said = f"汇报频次 {row.report_every}" if row.report_every else "已清除汇报频次"
    out(f"#{row.id} {said}（第 {row.version} 版）")
    return EXIT_OK


def cmd_late_reports(args: argparse.Namespace) -> int:
    with open_service(args) as svc:
        rows = svc.late_reports(args.date)
        today = args.date or svc.clock.today()
    if args.json:
        out(json.dumps([lr.to_json() for lr in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        out(f"没有未按期报送的事项（{today.isoformat()}）")
        return EXIT_OK
    body = [
        [
            f"#{lr.task_id}",
            lr.heading,
            lr.unit,
            "牵头" if lr.lead else "配合",
            lr.cadence,
            f"{lr.period.start.isoformat()}～{lr.period.due.isoformat()}",
            lr.last_report.strftime("%Y-%m-%d") if lr.last_report else "从未报送",
        ]
        for lr in rows
    ]
    out(table(body, ["ID", "事项", "单位", "责任", "汇报频次", "应报期间", "上次报送"]))
    units, tasks = len({lr.unit for lr in rows}), len({lr.task_id for lr in rows})
    out(f"\n共 {len(rows)} 条：{tasks} 个事项、{units} 个单位未按期报送（{today.isoformat()}）")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    from tasktui.report.remind_notice import DEFAULT_REQUIREMENTS, write_notices
    from tasktui.store.reminders import ReminderNotice

    settings = cycle_settings()
    folder: Path | None = args.output
    if folder is None and not args.dry_run:
        raise InputError("请用 -o 给出写入催办通知单的文件夹（或用 --dry-run 只列出）")
    if folder is not None and folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} 不是文件夹：请换一个路径")
    if folder is not None and not args.dry_run:
        try:
            folder.mkdir(parents=True, exist_ok=True)  # as `ledger out` does
        except OSError as exc:
            raise InputError(f"无法建立文件夹 {folder}：{os_error_words(exc)}") from None
    written: list[Path] = []
    with open_service(args) as svc:
        office = _office(svc)
        requirements = settings.remind_requirements or DEFAULT_REQUIREMENTS

        def write(notices: list[ReminderNotice]) -> None:
            assert folder is not None
            try:
                written.extend(write_notices(notices, folder, office, requirements))
            except OSError as exc:
                raise InputError(f"无法写入 {folder}：{os_error_words(exc)}（未记录催办）") from None

        notices = svc.remind(
            args.unit or (),
            ack_days=settings.ack_days,
            prefix=settings.remind_prefix,
            write=None if args.dry_run else write,
            record=not args.dry_run,
            again=args.again,
        )
        today = svc.clock.today()
    if not notices:
        out(f"没有需要催办的单位（{today.isoformat()}：无逾期、未签收或未按期报送的事项）")
        return EXIT_OK
    for i, n in enumerate(notices):
        what = f"逾期 {n.overdue} 项，未签收 {n.unacknowledged} 项，未按期报送 {n.late} 项"
        where = str(written[i].resolve()) if written else "（未写入）"
        out(f"{n.number or '—'}  {n.unit}：{len(n.items)} 项（{what}）  {where}")
    tasks = sum(len(n.items) for n in notices)
    if args.dry_run:
        out(f"\n预览：{len(notices)} 个单位、{tasks} 项；未写文件，未记录催办")
    else:
        out(f"\n已写入 {len(notices)} 份催办通知单，{tasks} 项各记录一次催办")
    return EXIT_OK


def _office(svc: Any) -> str:
    from tasktui.cli.report import report_settings

    return report_settings().office or svc.store.office_name()


COMMANDS: dict[str, Handler] = {
    "cadence": cmd_cadence,
    "late-reports": cmd_late_reports,
    "remind": cmd_remind,
}

__all__ = ["COMMANDS", "cmd_cadence", "cmd_late_reports", "cmd_remind"]
