"""Command line: `tasktui [command]`. Without a command it opens the terminal UI.

Exit codes: 0 ok, 1 refused by the rules (the message says why), 2 bad usage or bad input.
The CLI only parses, calls the service layer and prints; it holds no rules of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tasktui import __version__
from tasktui.clock import Clock, FixedClock, SystemClock
from tasktui.report.period import date_arg
from tasktui.store.lifecycle import STATUSES, RuleError, parse_status
from tasktui.store.views import Actor, TaskRow

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERNAL = 70  # a bug in tasktui, not the user's fault
SAMPLE_FILE = "sample_tasks.toml"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------- plumbing


def _days_arg(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {value!r}") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value!r}")
    return days


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    # Global options work before or after the command; SUPPRESS keeps a subcommand's
    # unset option from overwriting the one given before it.
    d = None if top else argparse.SUPPRESS
    parser.add_argument("--db", default=d, metavar="PATH|URL",
                        help="database file or SQLAlchemy URL (default: $TASKTUI_DB, else the user data dir)")
    parser.add_argument("--today", type=date_arg, default=d, metavar="YYYY-MM-DD",
                        help="fix today's date (for scripts and tests)")
    parser.add_argument("--as", dest="actor", default=d, metavar="UNIT",
                        help="act as this department instead of the office")
    parser.add_argument("--warn-days", type=_days_arg, default=d if not top else 7, metavar="N",
                        help="due within N days shows yellow (default 7)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tasktui",
        description="Track the directives (督办事项) that leaders hand out in meeting speeches.",
    )
    p.add_argument("--version", action="version", version=f"tasktui {__version__}")
    _common(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        _common(sp, top=False)
        return sp

    cmd("ui", "open the terminal UI (the default)")
    sp = cmd("demo", "open the UI on a throw-away demo store loaded from the sample task file")
    sp.add_argument("--file", type=Path, help="task file to load (default: the bundled sample)")
    sp.add_argument("--keep", action="store_true", help="print the demo store's path and keep it")

    sp = cmd("import", "import speeches (.txt/.docx, - for stdin) or task files (.toml)")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--date", type=date_arg, help="meeting date (default: from the text)")
    sp.add_argument("--title", help="meeting title (default: the speech's first line)")

    sp = cmd("extract", "show the numbered items of a speech without storing anything")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("--date", type=date_arg, help="meeting date (default: from the text)")
    sp.add_argument("--json", action="store_true", help="print JSON")

    sp = cmd("deadline", "resolve a deadline phrase: prints a date, UNRESOLVED or NONE")
    sp.add_argument("phrase")
    sp.add_argument("--date", type=date_arg, help="meeting date (default: today)")

    sp = cmd("list", "list tasks by countdown (overdue first, no deadline last)")
    sp.add_argument("--all", action="store_true", help="include closed (已销号) and rejected (不立项) tasks")
    sp.add_argument("--status", action="append", help=f"only this status ({'/'.join(STATUSES)}); repeatable")
    sp.add_argument("--unit", help="only tasks this unit leads or co-owns")
    sp.add_argument("--meeting", type=int, help="only this meeting's tasks (id)")
    sp.add_argument("--overdue", action="store_true", help="only overdue tasks")
    sp.add_argument("--due-within", type=_days_arg, metavar="N", help="only tasks due within N days")
    sp.add_argument("--search", help="text, pinyin or pinyin initials")
    sp.add_argument("--kind", action="append", help="item kinds (default: directive); repeatable")
    sp.add_argument("--json", action="store_true", help="print a JSON array")

    sp = cmd("show", "show a task: text, source paragraph, owners, history")
    sp.add_argument("id", type=int)
    sp.add_argument("--json", action="store_true")

    sp = cmd("assign", "assign a task to a lead unit (triage accept), or reassign it")
    sp.add_argument("id", type=int)
    sp.add_argument("--lead", required=True, metavar="UNIT")
    sp.add_argument("--co", nargs="*", default=[], metavar="UNIT", help="co-owning units (配合)")
    sp.add_argument("--deadline", metavar="DATE|PHRASE")
    sp.add_argument("--note")
    sp.add_argument("--expect-version", type=int, metavar="N",
                    help="refuse if the task changed since you read version N")

    def simple(name: str, help_: str, note_required: bool = False) -> argparse.ArgumentParser:
        sp = cmd(name, help_)
        sp.add_argument("id", type=int)
        sp.add_argument("--note", required=note_required)
        sp.add_argument("--expect-version", type=int, metavar="N",
                        help="refuse if the task changed since you read version N")
        return sp

    simple("progress", "report progress (整改中)", note_required=True)
    simple("done", "mark done (已完成待核)")
    simple("verify", "verify and close (销号)")
    simple("reopen", "reopen a done, closed or rejected task")
    simple("reject", "reject in triage (不立项)")
    simple("note", "add a note to the history", note_required=True)
    sp = simple("extend", "ask for (department) or grant (office) a later deadline")
    sp.add_argument("--to", required=True, metavar="DATE|PHRASE")
    sp = simple("deadline-set", "set the deadline (office)")
    sp.add_argument("--to", required=True, metavar="DATE|PHRASE")
    sp = simple("kind", "change the kind (directive/review/problem/other)")
    sp.add_argument("--to", required=True, metavar="KIND")

    sp = cmd("export", "write the store out")
    sp.add_argument("--format", choices=["toml", "json"], default="toml")
    sp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    sp = cmd("dept", "departments (单位) and their aliases")
    dsub = sp.add_subparsers(dest="dept_command", metavar="ACTION")
    dl = dsub.add_parser("list", help="list departments")
    _common(dl, top=False)
    da = dsub.add_parser("add", help="add a department or aliases to one")
    _common(da, top=False)
    da.add_argument("name")
    da.add_argument("--alias", action="append", default=[])

    cmd("meetings", "list imported meetings")
    for module in _extension_modules():
        EXTENSION_COMMANDS.update(module.register(sub, cmd))
    return p


# Commands that live beside their feature (reports, database administration): each such
# module has `register(subparsers, cmd) -> {name: handler}`, where `cmd(name, help)`
# makes a subparser that already has the global options.
EXTENSION_MODULES = ("tasktui.report.command", "tasktui.store.admin_command")
EXTENSION_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _extension_modules() -> list[Any]:
    import importlib

    found = []
    for name in EXTENSION_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if not name.startswith(exc.name or "?"):  # present but broken: say so loudly
                raise
    return found


def _clock(args: argparse.Namespace) -> Clock:
    return FixedClock(args.today) if getattr(args, "today", None) else SystemClock()


def make_service(args: argparse.Namespace, url: str | None = None):  # type: ignore[no-untyped-def]
    """The service for a parsed command line (`--db`, `--today`, `--as`, `--warn-days`)."""
    from tasktui.store.db import Store, resolve_url
    from tasktui.store.service import Service

    store = Store(url or resolve_url(getattr(args, "db", None)))
    warn = getattr(args, "warn_days", None)
    svc = Service(store, clock=_clock(args), warn_days=7 if warn is None else warn)
    if getattr(args, "actor", None):
        name = svc.resolve_department(args.actor)
        svc.actor = Actor.department(name)
    return svc


# ---------------------------------------------------------------------- output


def _table(rows: list[list[str]], headers: list[str], caps: Sequence[int] = ()) -> str:
    from rich.cells import cell_len

    from tasktui.textwidth import fit

    widths = [cell_len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], min(cell_len(c), caps[i] if i < len(caps) else 40))
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    for r in rows:
        lines.append("  ".join(fit(c, w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(lines)


def _task_rows(rows: list[TaskRow]) -> str:
    body = [
        [
            f"#{r.id}",
            r.countdown.label,
            r.status,
            r.lead or "—",
            f"{r.outline} {r.heading}",
            r.meeting,
            r.deadline.isoformat() if r.deadline else (r.deadline_phrase or "—"),
        ]
        for r in rows
    ]
    return _table(body, ["ID", "倒计时", "状态", "牵头单位", "事项", "会议", "时限"], caps=(7, 10, 10, 14, 40, 24, 10))


def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"tasktui: {text}\n")


# ---------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace) -> int:
    from tasktui.store.service import TaskQuery

    statuses = None
    if args.status:
        statuses = []
        for s in args.status:
            st = parse_status(s)
            if st is None:
                raise CliError(f"unknown status {s!r}; use one of {', '.join(STATUSES)}")
            statuses.append(st)
    svc = make_service(args)
    q = TaskQuery(
        statuses=statuses,
        include_settled=args.all,
        kinds=tuple(args.kind) if args.kind else ("directive",),
        unit=args.unit,
        meeting_id=args.meeting,
        overdue=args.overdue,
        due_within=args.due_within,
        search=args.search,
    )
    rows = svc.list_tasks(q)
    if args.json:
        _print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        _print("no tasks match" + ("" if args.all else " (closed and rejected tasks hidden; --all shows them)"))
        return EXIT_OK
    _print(_task_rows(rows))
    overdue = sum(r.overdue for r in rows)
    _print(f"\n{len(rows)} tasks, {overdue} overdue (today {svc.clock.today().isoformat()})")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    svc = make_service(args)
    d = svc.get_task(args.id)
    if args.json:
        _print(json.dumps(d.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    r = d.row
    _print(f"#{r.id}  {r.outline} {r.marker} {r.heading}")
    _print(f"会议: {r.meeting}" + (f" ({r.meeting_date})" if r.meeting_date else ""))
    if d.parent_outline:
        _print(f"上级: {d.parent_outline} {d.parent_heading}")
    _print(f"类别: {r.kind}   状态: {r.status}   倒计时: {r.countdown.label}")
    _print(f"牵头: {r.lead or '—'}   配合: {'、'.join(r.co_owners) or '—'}")
    if d.owner_hint:
        _print(f"原文责任单位: {d.owner_hint}")
    dl = r.deadline.isoformat() if r.deadline else ("待确定" if r.deadline_unresolved else "无")
    _print(f"时限: {dl}" + (f"  (原文: {r.deadline_phrase})" if r.deadline_phrase else ""))
    _print("\n" + d.text)
    if d.source_excerpt and d.source_excerpt != d.text:
        _print("\n原文: " + d.source_excerpt)
    _print("\n历史:")
    for e in d.history:
        change = f" {e.from_value or ''} → {e.to_value}" if e.to_value else ""
        note = f"  「{e.note}」" if e.note else ""
        _print(f"  {e.at:%Y-%m-%d %H:%M}  {e.actor}  {e.label}{change}{note}")
    return EXIT_OK


def _action(fn: Callable[[Any, argparse.Namespace], TaskRow], verb: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        svc = make_service(args)
        row = fn(svc, args)
        _print(f"#{row.id} {verb}: {row.status}" + (f", 牵头 {row.lead}" if row.lead else "")
               + (f", 时限 {row.deadline}" if row.deadline else "") + f" (version {row.version})")
        return EXIT_OK

    return run


def _ev(args: argparse.Namespace) -> int | None:
    return getattr(args, "expect_version", None)


COMMANDS_SIMPLE: dict[str, Callable[[argparse.Namespace], int]] = {
    "assign": _action(lambda s, a: s.assign(a.id, a.lead, a.co, a.deadline, a.note, _ev(a)), "assigned"),
    "progress": _action(lambda s, a: s.report_progress(a.id, a.note, _ev(a)), "progress reported"),
    "done": _action(lambda s, a: s.mark_done(a.id, a.note, _ev(a)), "marked done"),
    "verify": _action(lambda s, a: s.verify(a.id, a.note, _ev(a)), "verified"),
    "reopen": _action(lambda s, a: s.reopen(a.id, a.note, _ev(a)), "reopened"),
    "reject": _action(lambda s, a: s.reject(a.id, a.note, _ev(a)), "rejected"),
    "note": _action(lambda s, a: s.add_note(a.id, a.note, _ev(a)), "note added"),
    "extend": _action(lambda s, a: s.extend(a.id, a.to, a.note, _ev(a)), "extension"),
    "deadline-set": _action(lambda s, a: s.set_deadline(a.id, a.to, a.note, _ev(a)), "deadline set"),
    "kind": _action(lambda s, a: s.change_kind(a.id, a.to, _ev(a)), "kind changed"),
}


def cmd_import(args: argparse.Namespace) -> int:
    from tasktui.exchange.importer import import_path
    from tasktui.exchange.taskfile import TaskFileError
    from tasktui.extract.types import SpeechInputError
    from tasktui.store.service import InputError

    svc = make_service(args)
    summary: list[list[str]] = []
    failures = 0
    many = len(args.files) > 1
    progress = None
    if many and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        bar = progress.add_task("importing", total=len(args.files))
    try:
        for name in args.files:
            try:
                for r in import_path(svc, name, meeting_date=args.date, title=args.title):
                    summary.append(_summary_row(name, r))
            except TaskFileError as exc:
                failures += 1
                _err(f"{name}: not imported, nothing written:\n" + "\n".join(f"  {p}" for p in exc.problems))
                if not many:
                    return EXIT_BAD_INPUT
            except (SpeechInputError, InputError, OSError) as exc:
                failures += 1
                _err(f"{name}: not imported: {exc}")
                if not many:
                    return EXIT_BAD_INPUT
            if progress is not None:
                progress.advance(bar)
    finally:
        if progress is not None:
            progress.stop()
    if summary:
        _print(_table(summary, ["文件", "会议", "结果", "条目", "督办事项", "有责任单位", "时限待定", "警告"]))
    if failures:
        _err(f"{failures} of {len(args.files)} files not imported (see above); the others landed")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _summary_row(name: str, r: Any) -> list[str]:
    if not r.created:
        return [name, r.title, "已导入过,跳过", "-", "-", "-", "-", "-"]
    return [name, r.title, "已导入", str(r.items), str(r.directives), str(r.owners_found),
            str(r.unresolved_deadlines), str(len(r.warnings))]


def cmd_extract(args: argparse.Namespace) -> int:
    from tasktui.extract import extract
    from tasktui.extract.textio import read_speech_file

    text = read_speech_file(args.file)
    ex = extract(text, meeting_date=args.date)
    if args.json:
        _print(json.dumps(ex.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    _print(f"{ex.title}  ({ex.meeting_date or '日期未知'})")
    for item in ex.items:
        indent = "  " * (item.level - 1)
        extra = []
        if item.owners:
            extra.append("责任: " + "、".join(item.owners))
        if item.deadline_phrase:
            extra.append(f"时限: {item.deadline_phrase} → {item.deadline.cli_value if item.deadline else 'NONE'}")
        _print(f"{indent}{item.id} [{item.kind}] {item.marker}{item.text}" + (f"  ({'; '.join(extra)})" if extra else ""))
    for w in ex.warnings:
        _err(f"warning: {w}")
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace) -> int:
    from tasktui.extract.deadlines import resolve_deadline

    meeting = args.date or _clock(args).today()
    result = resolve_deadline(args.phrase, meeting)
    _print(result.cli_value)
    for w in result.warnings:
        _err(f"warning: {w}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from tasktui.exchange.taskfile import dump_task_file

    svc = make_service(args)
    if args.format == "toml":
        out = dump_task_file(svc.export_task_file())
    else:
        from tasktui.store.service import TaskQuery

        rows = svc.list_tasks(TaskQuery(include_settled=True, kinds=None))
        out = json.dumps([svc.get_task(r.id).to_json() for r in rows], ensure_ascii=False, indent=2) + "\n"
    if args.output:
        try:
            args.output.write_text(out, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        _err(f"wrote {args.output}")
    else:
        sys.stdout.write(out)
    return EXIT_OK


def cmd_dept(args: argparse.Namespace) -> int:
    svc = make_service(args)
    if args.dept_command == "add":
        name = svc.add_department(args.name, args.alias)
        _print(f"department {name}")
        return EXIT_OK
    rows = [[n, "、".join(a)] for n, a in svc.departments()]
    _print(_table(rows, ["单位", "别名"]) if rows else "no departments yet (tasktui dept add NAME)")
    return EXIT_OK


def cmd_meetings(args: argparse.Namespace) -> int:
    svc = make_service(args)
    rows = [[f"#{m.id}", m.date.isoformat() if m.date else "—", m.title, str(m.items), str(m.directives)]
            for m in svc.meetings()]
    _print(_table(rows, ["ID", "日期", "会议", "条目", "督办事项"]) if rows else "no meetings yet")
    return EXIT_OK


def _run_ui(args: argparse.Namespace, url: str | None = None) -> int:
    svc = make_service(args, url)
    try:
        from tasktui.ui.app import run_app
    except ImportError:
        _err("the terminal UI is not available in this build; use `tasktui list`, `tasktui show ID` …")
        return EXIT_BAD_INPUT
    return run_app(svc)


def cmd_ui(args: argparse.Namespace) -> int:
    return _run_ui(args)


def sample_file() -> Path:
    """The bundled sample task file (shipped inside the package)."""
    return Path(__file__).parent / "data" / SAMPLE_FILE


def make_demo_store(path: Path, clock: Clock, source: Path | None = None) -> str:
    """A demo store whose dates are moved so the sample always has overdue tasks and
    tasks due this week, whenever it is run."""
    from tasktui.exchange.importer import import_task_file_text
    from tasktui.exchange.taskfile import demo_shift, read_task_file_text
    from tasktui.store.db import Store
    from tasktui.store.service import Service

    src = source or sample_file()
    text = read_task_file_text(src)
    url = f"sqlite:///{path}"
    svc = Service(Store(url), clock=clock)
    import_task_file_text(svc, text, str(src), shift_days=demo_shift(text, clock.today()))
    svc.store.dispose()
    return url


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="tasktui-demo-"))
    url = make_demo_store(folder / "demo.db", _clock(args), args.file)
    if args.keep:
        _err(f"demo store: {folder / 'demo.db'}")
    return _run_ui(args, url)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "import": cmd_import,
    "extract": cmd_extract,
    "deadline": cmd_deadline,
    "export": cmd_export,
    "dept": cmd_dept,
    "meetings": cmd_meetings,
    "ui": cmd_ui,
    "demo": cmd_demo,
    **COMMANDS_SIMPLE,
}


def main(argv: Sequence[str] | None = None) -> int:
    from tasktui.exchange.taskfile import TaskFileError
    from tasktui.extract.types import SpeechInputError
    from tasktui.store.db import StoreError
    from tasktui.store.service import InputError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    command = args.command or "ui"
    if command == "dept" and not getattr(args, "dept_command", None):
        args.dept_command = "list"
    try:
        handler = COMMANDS.get(command) or EXTENSION_COMMANDS[command]
        return handler(args)
    except RuleError as exc:
        _err(f"refused: {exc}")
        return EXIT_REFUSED
    except TaskFileError as exc:
        _err("\n".join(str(p) for p in exc.problems))
        return EXIT_BAD_INPUT
    except (InputError, StoreError, SpeechInputError, CliError) as exc:
        _err(str(exc))
        return getattr(exc, "code", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("TASKTUI_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set TASKTUI_DEBUG=1 for the traceback)")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
