"""Command line: `tasktui [command]`. Without a command it opens the terminal UI.

This module holds `main(argv)`; the parser and the table of which module handles each
command are in tasktui.cli.parser (`build_parser`, `COMMANDS`), the handlers in one module
per command family: tasks, files, admin, report, app (the UI)… Global options and the
service they build are in tasktui.cli.options. Only the module of the command that runs is
imported, so a command loads what it uses and no more (`tasktui --help`, `deadline` and
`extract` no SQLAlchemy, Textual, pypinyin or document libraries:
tests/functional/test_startup_imports.py).

Exit codes (tasktui.store.errors): 0 ok, 1 refused by the rules (the message says why),
2 bad usage or bad input (a store that cannot be used as asked included: read-only,
damaged, disk full), 70 a bug in tasktui, 75 the store stayed busy longer than the busy
timeout (nothing written, try again), 130 interrupted.
The CLI only parses, calls the store and service layers and prints; it holds no rules.
"""

from __future__ import annotations

import os
import sys

from tasktui.cli.options import make_service
from tasktui.cli.parser import COMMANDS, build_parser, handler
from tasktui.store.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, RuleError, TaskTuiError, first_line

TYPE_CHECKING = False  # typing's own flag would import typing, which `tasktui --help` does not need
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it (128 + SIGINT)


def input_error_text(exc: BaseException) -> str | None:
    """What to say for a task file's problems (TaskFileError) or a text that is not a
    speech (SpeechInputError), both bad input; None for anything else.

    Looked up in sys.modules instead of imported: an error can only have been raised by a
    module that is loaded, and importing these two here would load the task-file code and
    the extractor for every command (a database error is no different: it stays the
    internal error it was, and SQLAlchemy is never imported to recognise it)."""
    toml_reading = sys.modules.get("tasktui.exchange.toml_reading")
    if toml_reading is not None and isinstance(exc, toml_reading.TaskFileError):
        return "\n".join(str(p) for p in exc.problems)
    types = sys.modules.get("tasktui.extract.types")
    if types is not None and isinstance(exc, types.SpeechInputError):
        return str(exc)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit code (see the module docstring).

    Safe to call more than once in one process: every handler disposes the store it
    opened, and nothing here changes the environment or the current directory."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    from tasktui.cli.output import err  # every handler's module loads it anyway; --help does not

    command = args.command or "ui"
    if getattr(args, "web", False) and command != "ui":
        err(f"--web 只用于打开界面（由 tasktui serve 启动），不能用于 {command}")
        return EXIT_BAD_INPUT
    if command == "dept" and not getattr(args, "dept_command", None):
        args.dept_command = "list"
    try:
        return handler(command)(args)
    except RuleError as exc:
        err(f"未执行: {exc}")
        return exc.exit_code
    except TaskTuiError as exc:  # InputError, NotFoundError, StoreError
        err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        said = input_error_text(exc)
        if said is not None:
            err(said)
            return EXIT_BAD_INPUT
        # A bug: say so in one line, keep the traceback for debugging.
        if os.environ.get("TASKTUI_DEBUG"):
            raise
        line = first_line(exc, default="")
        err(f"内部错误（tasktui 的缺陷，不是操作问题）：{type(exc).__name__}: {line}（设置 TASKTUI_DEBUG=1 可看详情）")
        return EXIT_INTERNAL


__all__ = ["build_parser", "main", "make_service", "COMMANDS", "handler", "input_error_text"]
