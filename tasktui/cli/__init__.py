"""Command line: `tasktui [command]`. Without a command it opens the terminal UI.

This module holds the parser (`build_parser`), the dispatch table and `main(argv)`; the
handlers live in one module per command family: tasks, files, admin, report, app (the
UI). Global options and the service they build are in tasktui.cli.options.

Exit codes (tasktui.store.errors): 0 ok, 1 refused by the rules (the message says why),
2 bad usage or bad input (a store that cannot be used as asked included: read-only,
damaged, disk full), 70 a bug in tasktui, 75 the store stayed busy longer than the busy
timeout (nothing written, try again), 130 interrupted.
The CLI only parses, calls the store and service layers and prints; it holds no rules.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tasktui import __version__
from tasktui.cli import admin, app, files, holidays, meetings, report, tasks
from tasktui.cli.options import add_global_options, date_arg, days_arg, make_service
from tasktui.cli.output import err
from tasktui.report import FORMATS
from tasktui.store.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, RuleError, TaskTuiError, first_line
from tasktui.store.lifecycle import STATUSES

EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it (128 + SIGINT)

Handler = Callable[[argparse.Namespace], int]

COMMANDS: dict[str, Handler] = {
    **app.COMMANDS,
    **files.COMMANDS,
    **tasks.COMMANDS,
    **admin.COMMANDS,
    **report.COMMANDS,
    **meetings.COMMANDS,
    **holidays.COMMANDS,
}

EXPECT_VERSION_HELP = "refuse if the task changed since you read version N"


def _subcommand(subparsers: Any, name: str, help_: str) -> argparse.ArgumentParser:
    """A (sub)command whose help is also its description, taking the global options too
    (they work before or after the command)."""
    sp: argparse.ArgumentParser = subparsers.add_parser(name, help=help_, description=help_)
    add_global_options(sp, top=False)
    return sp


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every command with its options; help on each of them."""
    p = argparse.ArgumentParser(
        prog="tasktui",
        description="Track the directives (督办事项) that leaders hand out in meeting speeches.",
    )
    p.add_argument("--version", action="version", version=f"tasktui {__version__}")
    add_global_options(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", help="what to do (default: ui)")

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        return _subcommand(sub, name, help_)

    # ---------------------------------------------------------------- the UI (cli/app.py)
    cmd("ui", "open the terminal UI (the default)")
    sp = cmd("demo", "open the UI on a throw-away demo store loaded from the sample task file")
    sp.add_argument("--file", type=Path, help="task file to load (default: the bundled sample)")
    sp.add_argument("--keep", action="store_true", help="print the demo store's path and keep it")

    # ---------------------------------------------------------------- files (cli/files.py)
    sp = cmd("import", "import speeches (.txt/.docx, - for stdin) or task files (.toml)")
    sp.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="speech (.txt/.docx), task file (.toml), or - to read a speech from standard input",
    )
    sp.add_argument("--date", type=date_arg, help="meeting date (default: from the text)")
    sp.add_argument("--title", help="meeting title (default: the speech's first line)")
    sp.add_argument(
        "--add-units",
        action="store_true",
        help="先登记讲话中提到、尚未登记的全部单位（不加时只列出建议）",
    )
    sp.add_argument(
        "--add-unit",
        action="append",
        metavar="NAME",
        help="先登记建议中的这个单位（名称或别名）；可重复",
    )

    sp = cmd("extract", "show the numbered items of a speech without storing anything")
    sp.add_argument("file", metavar="FILE", help="speech (.txt/.docx), or - for standard input")
    sp.add_argument("--date", type=date_arg, help="meeting date (default: from the text)")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.add_argument(
        "--explain",
        action="store_true",
        help="under each item, the named rules that decided its kind, owners and deadline (and the genre's cues)",
    )

    sp = cmd(
        "deadline",
        "resolve a deadline phrase: prints a date, UNRESOLVED or NONE "
        "(holidays: the store's imported 放假安排, else chinesecalendar, else an estimate with a warning)",
    )
    sp.add_argument("phrase", help="the phrase as the speech says it, e.g. 3月底前")
    sp.add_argument("--date", type=date_arg, help="meeting date (default: today)")

    # ---------------------------------------------------------------- tasks (cli/tasks.py)
    sp = cmd("list", "list tasks by countdown (overdue first, no deadline last)")
    sp.add_argument("--all", action="store_true", help="include closed (已销号) and rejected (不立项) tasks")
    sp.add_argument("--status", action="append", help=f"only this status ({'/'.join(STATUSES)}); repeatable")
    sp.add_argument("--unit", help="only tasks this unit leads or co-owns")
    sp.add_argument("--meeting", type=int, help="only this meeting's tasks (id)")
    sp.add_argument("--overdue", action="store_true", help="only overdue tasks")
    sp.add_argument("--due-within", type=days_arg, metavar="N", help="only tasks due within N days")
    sp.add_argument("--search", help="text, pinyin or pinyin initials")
    sp.add_argument("--kind", action="append", help="item kinds (default: directive); repeatable")
    sp.add_argument("--json", action="store_true", help="print a JSON array")

    sp = cmd("show", "show a task: text, source paragraph, owners, history")
    sp.add_argument("id", type=int, help="task id (the # column of `tasktui list`)")
    sp.add_argument("--json", action="store_true", help="print JSON")

    sp = cmd("assign", "assign a task to a lead unit (triage accept), or reassign it")
    sp.add_argument("id", type=int, help="task id")
    sp.add_argument("--lead", required=True, metavar="UNIT", help="lead unit (牵头), name or alias")
    sp.add_argument("--co", nargs="*", default=[], metavar="UNIT", help="co-owning units (配合)")
    sp.add_argument("--deadline", metavar="DATE|PHRASE", help="deadline: YYYY-MM-DD or a phrase such as 12月底前")
    sp.add_argument("--note", help="note for the history")
    sp.add_argument("--expect-version", type=int, metavar="N", help=EXPECT_VERSION_HELP)

    def action(name: str, help_: str, note_required: bool = False) -> argparse.ArgumentParser:
        sp = cmd(name, help_)
        sp.add_argument("id", type=int, help="task id")
        sp.add_argument(
            "--note", required=note_required, help="note for the history" + (" (required)" if note_required else "")
        )
        sp.add_argument("--expect-version", type=int, metavar="N", help=EXPECT_VERSION_HELP)
        return sp

    action("progress", "report progress (整改中)", note_required=True)
    action("done", "mark done (已完成待核)")
    action("verify", "verify and close (销号)")
    action("reopen", "reopen a done, closed or rejected task")
    action("reject", "reject in triage (不立项)")
    action("note", "add a note to the history", note_required=True)
    sp = action("extend", "ask for (department) or grant (office) a later deadline; the office may --deny a request")
    sp.add_argument("--to", metavar="DATE|PHRASE", help="the new deadline: YYYY-MM-DD or a phrase")
    sp.add_argument("--deny", action="store_true", help="office: deny the pending request (the reason goes in --note)")
    sp = cmd("extensions", "list pending extension requests (待批延期): unit, date asked, reason, days left")
    sp.add_argument("--json", action="store_true", help="print a JSON array")
    sp = action("deadline-set", "set the deadline (office)")
    sp.add_argument("--to", required=True, metavar="DATE|PHRASE", help="the deadline: YYYY-MM-DD or a phrase")
    sp = action("kind", "change the kind (directive/review/problem/other)")
    sp.add_argument("--to", required=True, metavar="KIND", help="directive, review, problem or other")

    # ---------------------------------------------------------------- files (cli/files.py)
    sp = cmd("export", "write the store out")
    sp.add_argument(
        "--format",
        choices=["toml", "json"],
        default="toml",
        help="toml: a task file `tasktui import` reads back (default); json: every task with its history",
    )
    sp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    # ---------------------------------------------------------------- departments (cli/admin.py)
    sp = cmd("dept", "单位（责任单位）：列出、登记、别名、更名、合并")
    dsub = sp.add_subparsers(dest="dept_command", metavar="ACTION", help="list（默认）、add、alias、rename、merge")
    dl = _subcommand(dsub, "list", "列出单位、别名和牵头、配合的事项数（按拼音排序）")
    dl.add_argument("--json", action="store_true", help="输出 JSON")
    da = _subcommand(dsub, "add", "登记单位，或给已有单位加别名")
    da.add_argument("name", help="单位全称，如 区教体局")
    da.add_argument("--alias", action="append", default=[], help="单位的其他叫法；可重复")
    da.add_argument("--new", action="store_true", help="名称与已有单位相近时仍登记为新单位")
    dal = _subcommand(dsub, "alias", "给单位加别名")
    dal.add_argument("unit", metavar="UNIT", help="单位名称、别名或拼音首字母")
    dal.add_argument("aliases", nargs="+", metavar="ALIAS", help="新别名")
    dr = _subcommand(dsub, "rename", "单位更名：旧名称保留为别名，历史记录保留旧名称")
    dr.add_argument("unit", metavar="UNIT", help="单位名称、别名或拼音首字母")
    dr.add_argument("new_name", metavar="NEW", help="新名称")
    dm = _subcommand(dsub, "merge", "把一个单位并入另一个：事项转给后者，名称和别名成为后者的别名")
    dm.add_argument("unit", metavar="UNIT", help="并入的单位（合并后不再存在）")
    dm.add_argument("into", metavar="INTO", help="保留的单位")

    # ---------------------------------------------------------------- meetings (cli/meetings.py)
    sp = cmd("meetings", "会议：列出（默认），或修改会议的日期、名称、来源")
    msub = sp.add_subparsers(dest="meetings_command", metavar="ACTION", help="list（默认）或 set")
    _subcommand(msub, "list", "列出会议：编号、日期、名称、来源、条目数")
    ms = _subcommand(msub, "set", "修改会议的日期、名称或来源；改日期会按新日期重新计算由短语得出的时限（仅督查室）")
    ms.add_argument("id", type=int, metavar="ID", help="会议编号（tasktui meetings 的 ID 列）")
    ms.add_argument(
        "--date", metavar="DATE", help="会议日期：2026-03-05、2026年3月5日，或 3月5日（年份沿用会议原来的）"
    )
    ms.add_argument("--title", help="会议名称")
    ms.add_argument("--source", metavar="SOURCE", help="文件来源：讲话、会议纪要、通知、批示 或 上级交办")

    # ---------------------------------------------------------------- holidays (cli/holidays.py)
    sp = cmd("holidays", "法定节假日：导入一年的官方放假安排，或查看各年的安排")
    hsub = sp.add_subparsers(dest="holidays_command", metavar="ACTION", help="list（默认）或 import")
    hl = _subcommand(hsub, "list", "列出已导入的年份；加 --year 显示某年的假期（已导入、软件包数据或估算）")
    hl.add_argument("--year", type=holidays.year_arg, metavar="YYYY", help="显示这一年的假期、放假日期和调休上班日")
    hi = _subcommand(
        hsub,
        "import",
        "导入一年的官方放假安排（TOML 文件，格式见 docs/deadlines.md）：取代这一年的估算和软件包数据，"
        "并重新计算已存的、由短语得出的时限（仅督查室）",
    )
    hi.add_argument("file", metavar="FILE", help="放假安排文件（.toml，UTF-8），如 holidays-2027.toml")

    # ---------------------------------------------------------------- report (cli/report.py)
    sp = cmd("report", "write the weekly status report (周报): md, html, csv, xlsx or docx")
    sp.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: the week containing today)")
    sp.add_argument(
        "--from", dest="date_from", type=date_arg, metavar="YYYY-MM-DD", help="first day of a custom period (with --to)"
    )
    sp.add_argument(
        "--to", dest="date_to", type=date_arg, metavar="YYYY-MM-DD", help="last day of a custom period (with --from)"
    )
    sp.add_argument(
        "--format", choices=FORMATS, default=None, help="output format (default: from the file name's suffix, else md)"
    )
    sp.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write; - for standard output (md/csv/html); "
        "default: 督办周报-<week>.<format> in the current folder",
    )
    sp.add_argument(
        "--issue",
        type=report.issue_arg,
        metavar="N",
        help="期号 (issue number) printed under the title; default: counted from [report] first_issue_week "
        "in ~/.config/tasktui/config.toml, else none",
    )
    sp.add_argument(
        "--office",
        metavar="NAME",
        help="编制单位 (the office making the report); default: [report] office in the config, "
        "else the office named in the store",
    )

    # ---------------------------------------------------------------- store administration (cli/admin.py)
    sp = cmd("db", "database administration: init, upgrade, status, grant-unit (PostgreSQL)")
    dbsub = sp.add_subparsers(dest="db_command", metavar="ACTION", help="what to do (default: status)")

    def db_action(name: str, help_: str) -> argparse.ArgumentParser:
        return _subcommand(dbsub, name, help_)

    db_action("status", "show the store's schema revision and whether it needs `db upgrade`")
    db_action("init", "create the schema on an empty database (e.g. a new PostgreSQL database)")
    db_action("upgrade", "migrate the store to this tasktui's schema (SQLite: keeps a copy first)")
    dp = db_action("grant-unit", "PostgreSQL: a login role that sees and changes only one unit's tasks")
    dp.add_argument("unit", metavar="UNIT", help="department name or alias")
    dp.add_argument("--role", required=True, help="database role to create or update (lower case)")
    dp.add_argument(
        "--password-env",
        metavar="VAR",
        help="set the role's password from this environment variable (never on the command line)",
    )
    dp = db_action("revoke-unit", "PostgreSQL: remove a unit role's policies and privileges")
    dp.add_argument("--role", required=True, help="the unit role to strip (as given to grant-unit)")
    dp.add_argument("--drop-role", action="store_true", help="also drop the role itself")

    sp = cmd("backup", "write a consistent copy of the store while others keep working")
    sp.add_argument("file", type=Path, metavar="FILE", help="the backup file to write (must not be the store itself)")
    sp = cmd("restore", "replace the store's content with a backup made by `tasktui backup`")
    sp.add_argument("file", type=Path, metavar="FILE", help="a backup made by `tasktui backup`")
    sp.add_argument("--force", action="store_true", help="replace a store that already holds tasks")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit code (see the module docstring).

    Safe to call more than once in one process: every handler disposes the store it
    opened, and nothing here changes the environment or the current directory."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    # Imported after parsing: both load the extractor, which `--help` does not need.
    from tasktui.exchange.toml_reading import TaskFileError
    from tasktui.extract.types import SpeechInputError

    command = args.command or "ui"
    if command == "dept" and not getattr(args, "dept_command", None):
        args.dept_command = "list"
    try:
        return COMMANDS[command](args)
    except RuleError as exc:
        err(f"未执行: {exc}")
        return exc.exit_code
    except TaskFileError as exc:
        err("\n".join(str(p) for p in exc.problems))
        return EXIT_BAD_INPUT
    except TaskTuiError as exc:  # InputError, NotFoundError, StoreError
        err(str(exc))
        return exc.exit_code
    except SpeechInputError as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("TASKTUI_DEBUG"):
            raise
        line = first_line(exc, default="")
        err(f"internal error: {type(exc).__name__}: {line} (set TASKTUI_DEBUG=1 for the traceback)")
        return EXIT_INTERNAL


__all__ = ["build_parser", "main", "make_service", "COMMANDS"]
