"""`tasktui ledger out|in`: ledger workbooks (台账) sent to units and read back.

    tasktui ledger out [--unit U…] [--status S…] [--date D] [--office NAME] -o DIR
    tasktui ledger in FILE… [--partial]

`out` writes one .xlsx per unit (tasktui.exchange.ledger_workbook); `in` reads each
returned workbook (exchange.ledger_return) and applies it as its unit
(store.ledger_apply, through the service). Exit codes of `in`: 0 every row applied,
skipped or already applied; 1 a row was refused (by default nothing of that file is
written); 2 a file could not be read as a unit's workbook (the others are still read).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tasktui.cli.options import open_service
from tasktui.cli.output import err, out, table
from tasktui.os_errors import os_error_words
from tasktui.store.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUSED, InputError

Handler = Callable[[argparse.Namespace], int]


def _statuses(values: list[str] | None) -> tuple[str, ...] | None:
    from tasktui.store.lifecycle import STATUSES, parse_status

    if not values:
        return None
    found = []
    for v in values:
        status = parse_status(v)
        if status is None:
            raise InputError(f"没有状态「{v}」：可用 {'、'.join(STATUSES)}")
        found.append(status)
    return tuple(dict.fromkeys(found))


def _folder(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} 不是文件夹：-o 给出写入单位台账的文件夹")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"无法建立文件夹 {path}：{os_error_words(exc)}") from None
    return path


def office_for(args: argparse.Namespace, store_office: str) -> str:
    """--office, else [report] office of the config file, else the store's office."""
    from tasktui.cli.report import report_settings
    from tasktui.textcheck import name_problem

    if args.office is not None:
        office = args.office.strip()
        problem = "编制单位不能为空" if not office else name_problem(office, "编制单位")
        if problem:
            raise InputError(problem)
        return office
    return report_settings().office or store_office


def cmd_ledger_out(args: argparse.Namespace) -> int:
    from tasktui.exchange.ledger_workbook import write_unit_workbooks
    from tasktui.store.ledger_terms import DEFAULT_STATUSES

    statuses = _statuses(args.status) or DEFAULT_STATUSES
    with open_service(args) as svc:
        day = args.date or svc.clock.today()
        snapshot = svc.unit_ledgers(args.unit or None, statuses)
        office = office_for(args, snapshot.office)
    if not snapshot.units:
        out(f"没有要写的单位台账：没有单位牵头或配合{'、'.join(statuses)}的督办事项")
        return EXIT_OK
    folder = _folder(args.output)
    try:
        written = write_unit_workbooks(snapshot, folder, office, day)
    except OSError as exc:
        raise InputError(f"无法写入 {folder}：{os_error_words(exc)}") from None
    out(table([[w.unit, str(w.rows), w.path.name] for w in written], ["单位", "事项", "文件"]))
    total = sum(w.rows for w in written)
    out(f"已写入 {len(written)} 个单位台账（{total} 行）到 {folder.resolve()}")
    return EXIT_OK


def cmd_ledger_in(args: argparse.Namespace) -> int:
    from tasktui.exchange.ledger_return import read_returned
    from tasktui.store.ledger_apply import STATE_LABELS, FileResult, RowState

    results: list[FileResult] = []
    unreadable = 0
    with open_service(args) as svc:
        for name in args.files:
            try:
                results.append(svc.apply_ledger_return(read_returned(name), partial=args.partial))
            except InputError as exc:
                unreadable += 1
                err(str(exc))
    rows = []
    for r in results:
        refused = r.count(RowState.REFUSED)
        applied = r.count(RowState.APPLIED)
        if r.written:
            outcome = "已写入"
        elif refused and applied and not args.partial:
            outcome = "未写入（有拒绝的行）"
        else:
            outcome = "无改动"
        applied_label = str(applied) if r.written or not applied else f"{applied}（未写入）"
        rows.append(
            [
                r.name,
                r.unit,
                outcome,
                applied_label,
                str(r.count(RowState.ALREADY)),
                str(r.count(RowState.SKIPPED)),
                str(refused),
            ]
        )
    if rows:
        labels = [STATE_LABELS[s] for s in (RowState.APPLIED, RowState.ALREADY, RowState.SKIPPED, RowState.REFUSED)]
        out(table(rows, ["文件", "单位", "结果", *labels]))
    any_refused = False
    for r in results:
        for x in r.refused:
            any_refused = True
            out(f"  拒绝 {x.cell}：{x.reason}")
        if r.refused and not r.written and not args.partial and r.count(RowState.APPLIED):
            out(f"  {r.name}：有拒绝的行，整份未写入；改正后重新导入，或加 --partial 只写入可以接受的行")
    if unreadable:
        return EXIT_BAD_INPUT
    return EXIT_REFUSED if any_refused else EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    command = getattr(args, "ledger_command", None)
    if command == "out":
        return cmd_ledger_out(args)
    if command == "in":
        return cmd_ledger_in(args)
    raise InputError("请指定 tasktui ledger out（写出单位台账）或 tasktui ledger in（导入报回的台账）")


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    """`export --format xlsx -o FILE`: the whole store as one ledger sheet."""
    from tasktui.exchange.ledger_workbook import write_store_workbook

    if args.output is None:
        raise InputError("xlsx 是二进制文件，不能输出到标准输出：请用 -o 给出文件名")
    path: Path = args.output
    if path.parent and not path.parent.exists():
        raise InputError(f"文件夹 {path.parent} 不存在：请先建好它，或换一个路径")
    with open_service(args) as svc:
        tasks = svc.store_ledger()
        office = svc.store.office_name()
        day, now = svc.clock.today(), svc.clock.now()
    try:
        count = write_store_workbook(tasks, path, office, day, now)
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{os_error_words(exc)}") from None
    err(f"已写入 {path}（{count} 项）")
    return EXIT_OK


COMMANDS: dict[str, Handler] = {"ledger": cmd_ledger}

__all__ = ["COMMANDS", "cmd_export_xlsx", "cmd_ledger", "cmd_ledger_in", "cmd_ledger_out", "office_for"]
