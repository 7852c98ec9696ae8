"""The global options every command takes (--db, --today, --as, --warn-days; --web, which
only the UI takes) and what they build: the clock (`clock_for`) and the service (`make_service`, `open_service`).

Light on purpose: the store and the service are imported when a command needs them, so
building the parser (and `tasktui --help`) loads no database code.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager

# The argparse types are arg_types'; options re-exports them, as it always has.
from tasktui.cli.arg_types import MAX_DAYS, date_arg, days_arg, number_arg

TYPE_CHECKING = False  # typing's own flag would import typing, which `tasktui --help` does not need
if TYPE_CHECKING:
    from collections.abc import Iterator

    from tasktui.clock import Clock
    from tasktui.config import CycleSettings
    from tasktui.store.service import Service

DEFAULT_WARN_DAYS = 7

# Commands that only read the store (`dept list`, `db status`: command and action). On a
# SQLite store whose file or folder is not writable they work, opened read-only, and say
# so once; the others fail at their first write with one line (tasktui.store.db).
READ_ONLY_COMMANDS = frozenset(
    {
        "list",
        "show",
        "meetings list",
        "report",
        "export",
        "dept list",
        "db status",
        "backup",
        "deadline",
        "holidays list",
        "attachment",
    }
)
# Commands with actions, and the action a bare command means.
COMMAND_ACTIONS: dict[str, tuple[str, str]] = {
    "dept": ("dept_command", "list"),
    "db": ("db_command", "status"),
    "meetings": ("meetings_command", "list"),
    "holidays": ("holidays_command", "list"),
}


def command_key(args: argparse.Namespace) -> str:
    """`list`, `dept list`, `db status`…: the command, with its action where it has one."""
    command = getattr(args, "command", None) or "ui"
    if command not in COMMAND_ACTIONS:
        return command
    attr, default = COMMAND_ACTIONS[command]
    return f"{command} {getattr(args, attr, None) or default}"


def note_read_only(args: argparse.Namespace, read_only: bool, where: object) -> None:
    """Say once, on stderr, that a reading command opened the store read-only."""
    if read_only and command_key(args) in READ_ONLY_COMMANDS:
        from tasktui.cli.output import err

        err(f"提示：数据库 {where} 所在位置不可写，已以只读方式打开（可以查看，不能修改）")


WEB_HELP = "在浏览器中运行（由 tasktui serve 启动）：不读写服务器上的文件路径，报告以下载方式交付"
WEB_USER_ENV = "TASKTUI_WEB_USER"  # the login name `tasktui serve` passes: shown, never trusted
WEB_SERVER_PID_ENV = "TASKTUI_WEB_SERVER_PID"  # the server that started this --web app: it ends with it


def add_web_option(parser: argparse.ArgumentParser, top: bool) -> None:
    """--web: the top parser's and the `ui` command's only (no other command has a browser
    to deliver to; `main` refuses it before one)."""
    parser.add_argument("--web", action="store_true", default=False if top else argparse.SUPPRESS, help=WEB_HELP)


def add_global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    """Add --db, --today, --as and --warn-days to `parser` (and --web to the top parser).

    Global options work before or after the command, so every subparser gets them too
    (`top=False`); there SUPPRESS keeps a subcommand's unset option from overwriting the
    one given before the command."""
    d = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        default=d,
        metavar="PATH|URL",
        help="数据库文件或 SQLAlchemy URL（默认：环境变量 TASKTUI_DB，否则用户数据文件夹中的数据库）",
    )
    parser.add_argument(
        "--today", type=date_arg, default=d, metavar="YYYY-MM-DD", help="把今天固定为这个日期（供脚本和测试用）"
    )
    parser.add_argument("--as", dest="actor", default=d, metavar="UNIT", help="以这个单位的身份操作（默认：督查室）")
    parser.add_argument(
        "--warn-days",
        type=days_arg,
        default=d if not top else DEFAULT_WARN_DAYS,
        metavar="N",
        help="N 天内到期的显示为黄色（默认 7）",
    )
    if top:
        add_web_option(parser, top)


def clock_for(args: argparse.Namespace) -> Clock:
    """`--today` fixes the date (inside the range tasktui takes: `--today 0001-01-01` is
    bad input, not an overflow deep in a report); otherwise the system clock."""
    from tasktui.clock import FixedClock, SystemClock
    from tasktui.store.deadline_input import check_date

    today = getattr(args, "today", None)
    return FixedClock(check_date(today, "--today")) if today else SystemClock()


def cycle_settings() -> CycleSettings:
    """[cycle] of the user's config file (the one the UI reads): the 未签收 window every
    command judges by. A broken file is said on standard error and left out, as the UI does."""
    from tasktui.config import ConfigError, CycleSettings, default_config_path, load_config

    try:
        return load_config(default_config_path()).cycle
    except ConfigError as exc:
        from tasktui.cli.output import err

        err(f"忽略配置文件: {exc}")
        return CycleSettings()


def ack_days() -> int:
    """`cycle_settings().ack_days`: the 未签收 window. Without a config file (most runs) the
    default, known without loading the settings' module (its classes cost `tasktui list`
    more at start-up than its query)."""
    from tasktui.config_file import default_config_path

    if not default_config_path().exists():
        from tasktui.store.acknowledgement import DEFAULT_ACK_DAYS

        return DEFAULT_ACK_DAYS  # CycleSettings' default (a test holds them equal)
    return cycle_settings().ack_days


def make_service(args: argparse.Namespace, url: str | None = None) -> Service:
    """The service for a parsed command line (`--db`, `--today`, `--as`, `--warn-days`) and
    the [cycle] settings of the config file.
    The caller owns its store: dispose it when done (or use `open_service`)."""
    from tasktui.store.db import Store, resolve_url
    from tasktui.store.service import Service
    from tasktui.store.views import Actor

    store = Store(url or resolve_url(getattr(args, "db", None)))
    note_read_only(args, store.read_only, store.path)
    try:
        warn = getattr(args, "warn_days", None)
        cycle = cycle_settings()  # read once: a broken file is said once
        svc = Service(
            store,
            clock=clock_for(args),
            warn_days=DEFAULT_WARN_DAYS if warn is None else warn,
            done_requires_note=cycle.done_requires_note,
            ack_days=cycle.ack_days,
        )
        if getattr(args, "actor", None):
            name = svc.resolve_department(args.actor)
            svc.actor = Actor.department(name)
    except BaseException:
        store.dispose()  # an unknown --as unit: no open engine left behind
        raise
    return svc


@contextmanager
def open_service(args: argparse.Namespace, url: str | None = None) -> Iterator[Service]:
    """`make_service` whose store is disposed when the command is done, so main() run
    in-process (tests, scripts) leaves no open database connection behind."""
    svc = make_service(args, url)
    try:
        yield svc
    finally:
        svc.store.dispose()


__all__ = [
    "DEFAULT_WARN_DAYS",
    "READ_ONLY_COMMANDS",
    "command_key",
    "MAX_DAYS",
    "date_arg",
    "days_arg",
    "number_arg",
    "WEB_HELP",
    "WEB_SERVER_PID_ENV",
    "WEB_USER_ENV",
    "add_global_options",
    "add_web_option",
    "clock_for",
    "cycle_settings",
    "make_service",
    "note_read_only",
    "open_service",
]
