"""Commands that read or write files: `import` (speeches, ledgers and task files), `extract` (a
speech's items, nothing stored), `deadline` (one deadline phrase) and `export`.

The extractor, the task-file code and rich's progress bar are imported inside the
handlers: they are the heavy part of the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tasktui.cli.options import clock_for, open_service
from tasktui.cli.output import err, out, table
from tasktui.os_errors import os_error_words
from tasktui.store.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, TaskTuiError, first_line

if TYPE_CHECKING:
    from tasktui.extract.workdays import WorkCalendar
    from tasktui.store.service import Service

Handler = Callable[[argparse.Namespace], int]


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file; with several, a bad one is reported and the others still land.
    Units a speech or a ledger names that the store does not know are listed after the
    table, and registered first with --add-units (all) or --add-unit NAME (those).
    --dry-run reads every file and shows what would be imported (a ledger's column
    mapping and first rows), writing nothing."""
    from tasktui.exchange.importer import read_import, store_import
    from tasktui.exchange.toml_reading import TaskFileError
    from tasktui.exchange.unit_proposals import UnitProposal, pick
    from tasktui.extract.types import SpeechInputError

    with open_service(args) as svc:
        summary: list[list[str]] = []
        unit_notes: list[str] = []
        warned: list[tuple[str, Any]] = []  # a ledger's warnings are the person's to read
        warnings: list[str] = []
        failures = 0
        many = len(args.files) > 1
        progress = None
        if many and sys.stderr.isatty():
            from rich.progress import Progress

            progress = Progress(transient=True)
            progress.start()
            bar = progress.add_task("导入中", total=len(args.files))
        try:
            for name in args.files:
                try:
                    pending = read_import(svc, name, meeting_date=args.date, title=args.title, maps=args.map or [])
                    proposals = pending.proposals
                    if args.dry_run:
                        out(dry_run_text(name, pending))
                        continue
                    chosen: list[UnitProposal] = (
                        list(proposals) if args.add_units else pick(proposals, args.add_unit or [])
                    )
                    for r in store_import(svc, pending, chosen):
                        summary.append(_summary_row(name, r))
                        if pending.ledger is not None and r.warnings:
                            warned.append((name, r))
                        elif r.created:
                            # The table counts them; each is said once (e.g. evidence not restored).
                            warnings += [f"警告：{r.title}：{w}" for w in r.warnings]
                    source = "台账" if pending.ledger is not None else "讲话"
                    left = [p for p in proposals if p not in chosen]
                    unit_notes += _unit_notes(name if many else None, chosen, left, source)
                except TaskFileError as exc:
                    failures += 1
                    err(f"{name}：未导入，什么也没有写入：\n" + "\n".join(f"  {p}" for p in exc.problems))
                    if not many:
                        return EXIT_BAD_INPUT
                except (SpeechInputError, InputError, OSError) as exc:
                    failures += 1
                    err(f"{name}：未导入：{exc}")
                    if not many:
                        return EXIT_BAD_INPUT
                if progress is not None:
                    progress.advance(bar)
        finally:
            if progress is not None:
                progress.stop()
    if summary:
        out(table(summary, ["文件", "会议", "结果", "条目", "督办事项", "有责任单位", "时限待定", "警告"]))
        for name, r in warned:
            out(f"{name} 的警告：")
            for w in r.warnings:
                out(f"  {w}")
    for line in unit_notes:
        out(line)
    for line in dict.fromkeys(warnings):
        err(line)
    if failures:
        err(f"{len(args.files)} 个文件中有 {failures} 个未导入（见上），其余已导入")
        return EXIT_BAD_INPUT
    return EXIT_OK


def dry_run_text(name: str, pending: Any) -> str:
    """What --dry-run shows for one file: a ledger's mapping and first rows (and the
    units it names that are not registered); a speech's or task file's counts."""
    if pending.ledger is not None:
        from tasktui.exchange.ledger import PREVIEW_HEADERS, mapping_rows, preview_rows

        d = pending.ledger
        rows = preview_rows(d)
        parts = [
            f"{d.where}：台账「{d.title}」，会议日期 {d.meeting_date or '未知'}，"
            f"表头在第 {'、'.join(str(n) for n in d.header_rows)} 行，"
            f"{sum(1 for r in d.rows if not r.section)} 项、{sum(1 for r in d.rows if r.section)} 个分组（未写入）",
            "列的对应（用 --map 列名=字段 更正）：",
            table(mapping_rows(d), ["列", "表头", "字段", "说明"]),
            f"前 {len(rows)} 行：",
            table(rows, PREVIEW_HEADERS, caps=[6, 6, 30, 14, 14, 24, 10, 24]),
        ]
        parts += [f"警告：{w}" for w in d.warnings]
        if pending.proposals:
            parts.append("台账中提到、尚未登记的单位（--add-units 全部登记，--add-unit 名称 逐个登记）：")
            parts += [f"  {p.describe()}" for p in pending.proposals]
        return "\n".join(parts)
    if pending.task_file is not None:
        tasks = sum(len(m.tasks) for m in pending.task_file.meetings)
        return f"{name}：任务文件，{len(pending.task_file.meetings)} 个会议、{tasks} 个事项（未写入）"
    ex = pending.extraction
    directives = sum(1 for i in ex.items if i.kind == "directive")
    return f"{name}：讲话稿「{ex.title}」，{len(ex.items)} 条，督办事项 {directives}（未写入）"


def _summary_row(name: str, r: Any) -> list[str]:
    if not r.created:
        return [name, r.title, "已导入过,跳过", "-", "-", "-", "-", "-"]
    return [
        name,
        r.title,
        "已导入",
        str(r.items),
        str(r.directives),
        str(r.owners_found),
        str(r.unresolved_deadlines),
        str(len(r.warnings)),
    ]


def _unit_notes(name: str | None, added: list[Any], left: list[Any], source: str = "讲话") -> list[str]:
    """What became of the units a speech (or a ledger) names that the store did not know."""
    where = f"{name}: " if name else ""
    lines = []
    if added:
        lines.append(f"{where}已登记单位：" + "、".join(p.name for p in added))
    if left:
        lines.append(f"{where}{source}中提到、尚未登记的单位（--add-units 全部登记，--add-unit 名称 逐个登记）：")
        lines += [f"  {p.describe()}" for p in left]
    return lines


def cmd_extract(args: argparse.Namespace) -> int:
    from tasktui.extract import extract
    from tasktui.extract.textio import read_speech_file

    text = read_speech_file(args.file)
    ex = extract(text, meeting_date=args.date)
    if args.json:
        out(json.dumps(ex.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    from tasktui.extract.genres import spec as genre_spec
    from tasktui.extract.types import KIND_LABELS

    genre = genre_spec(ex.genre).label
    out(f"{ex.title}  ({ex.meeting_date or '日期未知'}，{genre})")
    if args.explain:
        out(f"  体裁依据: {'、'.join(ex.genre_rules) or '默认（讲话）'}")
    for item in ex.items:
        indent = "  " * (item.level - 1)
        extra = []
        if item.owners:
            extra.append("责任: " + "、".join(item.owners))
        if item.deadline_phrase:
            extra.append(f"时限: {item.deadline_phrase} → {item.deadline.cli_value if item.deadline else 'NONE'}")
        if item.report_every and item.report_every != item.deadline_phrase:
            extra.append(f"汇报频次: {item.report_every}")
        kind = KIND_LABELS.get(item.kind, item.kind)
        out(f"{indent}{item.id} [{kind}] {item.marker}{item.text}" + (f"  ({'; '.join(extra)})" if extra else ""))
        if args.explain:
            for field_name, label in (("kind", "类别"), ("owners", "责任"), ("deadline", "时限")):
                fired = item.rules.get(field_name)
                if fired:
                    out(f"{indent}    {label}规则: {', '.join(fired)}")
    for w in ex.warnings:
        err(f"警告：{w}")
    return EXIT_OK


def _store_calendar(args: argparse.Namespace) -> WorkCalendar | None:
    """The store's calendar (its imported 放假安排) when there is a store to read; else None,
    the built-in calendar. Resolving a phrase never creates a store, and a store that
    cannot be read (an older schema, busy) only costs its imported years, said once.

    A plain SQLite store is read with the standard library (store.sqlite_calendar), so the
    command loads no SQLAlchemy; the service reads every other store (PostgreSQL, --as, a
    store it must word a problem with) as before."""
    from tasktui.store.location import resolve_url

    url = resolve_url(getattr(args, "db", None))
    if url.startswith("sqlite:///") and not os.path.exists(url.removeprefix("sqlite:///")):
        return None
    try:
        if not getattr(args, "actor", None):  # --as names a unit the service must find first
            from tasktui.extract.workdays import WorkCalendar
            from tasktui.store.sqlite_calendar import read_schedules

            schedules = read_schedules(url)
            if schedules is not None:
                return WorkCalendar(schedules=schedules)
        with open_service(args) as svc:
            return svc.work_calendar()
    except TaskTuiError as exc:
        err(f"提示：未读取数据库中导入的放假安排（{first_line(exc)}），按内置日历推算")
        return None


def cmd_deadline(args: argparse.Namespace) -> int:
    """The phrase resolved with the store's calendar: a year whose 放假安排 the office
    imported uses it; other years the package's data or the estimate (with a warning)."""
    from tasktui.extract.deadlines import resolve_deadline

    meeting = args.date or clock_for(args).today()
    result = resolve_deadline(args.phrase, meeting, _store_calendar(args))
    out(result.cli_value)
    for w in result.warnings:
        err(f"警告：{w}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from tasktui.exchange.taskfile_writer import dump_task_file

    if args.format == "xlsx":
        from tasktui.cli.ledger import cmd_export_xlsx

        return cmd_export_xlsx(args)
    with open_service(args) as svc:
        if args.format == "toml":
            text = dump_task_file(svc.export_task_file())
        else:
            from tasktui.store.service import TaskQuery

            rows = svc.list_tasks(TaskQuery(include_settled=True, kinds=None))
            text = json.dumps([_task_json(svc, r.id) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if args.output:
        from tasktui.atomic_write import write_text_atomic

        try:
            # Atomically: a full disk leaves the old file (or none), never half an export.
            write_text_atomic(args.output, text)
        except OSError as exc:
            raise InputError(f"无法写入 {args.output}：{os_error_words(exc)}") from None
        err(f"已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _task_json(svc: Service, task_id: int) -> dict[str, object]:
    """A task as `export --format json` gives it: the detail, and each attachment's bytes
    in base64, so the one file carries the evidence (its sha256 checks it)."""
    import base64

    data = svc.get_task(task_id).to_json()
    for a in data["attachments"]:
        _, content = svc.attachment(task_id, a["seq"])
        a["content_base64"] = base64.b64encode(content).decode("ascii")
    return data


COMMANDS: dict[str, Handler] = {
    "import": cmd_import,
    "extract": cmd_extract,
    "deadline": cmd_deadline,
    "export": cmd_export,
}

__all__ = ["COMMANDS", "cmd_import", "cmd_extract", "cmd_deadline", "cmd_export"]
