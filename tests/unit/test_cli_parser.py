"""The command line's shape, without a database: help on every argument of every
command (nested ones such as `db grant-unit` and `dept add` included), `--help` works
everywhere, and the cli package stays a thin layer over the store (what building the
parser imports: tests/functional/test_startup_imports.py)."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator

import pytest
from helpers import REPO

from tasktui.cli import build_parser, main

CLI_PACKAGE = REPO / "tasktui" / "cli"


def _walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser with the words that reach it: (), ("list",), ("db", "grant-unit") …"""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))


COMMAND_PATHS = [path for path, _ in _walk(build_parser())]


def test_the_walk_reaches_nested_commands() -> None:
    nested = {("db", "grant-unit"), ("db", "revoke-unit"), ("dept", "add"), ("dept", "list"), ("report",)}
    assert nested <= set(COMMAND_PATHS)
    assert len(COMMAND_PATHS) > 25


def test_every_argument_has_help() -> None:
    missing = []
    for path, parser in _walk(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not (action.help or "").strip() or action.help == argparse.SUPPRESS:
                missing.append(f"tasktui {' '.join(path)}: {action.option_strings or action.dest}")
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:  # the one-line help of each subcommand
                    if not (choice.help or "").strip():
                        missing.append(f"tasktui {' '.join(path)} {choice.dest}")
    assert not missing, "arguments without help:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "tasktui")
def test_help_exits_0(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    assert "用法：tasktui" in capsys.readouterr().out


CJK = re.compile(r"[\u4e00-\u9fff]")


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str]]:
    """(what, text) for every text a person reads in this parser's --help: its
    description, every argument's help and every subcommand's one-line help."""
    yield "description", parser.description or ""
    for action in parser._actions:
        yield "/".join(action.option_strings) or action.dest, action.help or ""
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield choice.dest, choice.help or ""


def test_every_help_text_is_chinese() -> None:
    """What --help says of every command and option is in Chinese (the option names,
    metavars, formats and the English aliases they accept stay as they are)."""
    english = [
        f"tasktui {' '.join(path)}: {what}: {text!r}"
        for path, parser in _walk(build_parser())
        for what, text in _help_texts(parser)
        if not CJK.search(text)
    ]
    assert not english, "help not in Chinese:\n" + "\n".join(english)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "tasktui")
def test_argparse_own_words_are_chinese(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's headings and the -h line are translated too: no English left in the
    rendered help but names, metavars and examples."""
    assert main([*path, "--help"]) == 0
    shown = capsys.readouterr().out
    for english in ("usage:", "positional arguments", "options:", "show this help", "subcommands"):
        assert english not in shown, (path, english)
    assert "显示本帮助并退出" in shown


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["assign", "1"], "缺少必需的参数：--lead"),
        (["show", "abc"], "不是编号"),
        (["frobnicate"], "不是可选的值"),
        (["list", "--due-within", "-3"], "天数不能是负数"),
        (["list", "--bogus"], "不认识的参数：--bogus"),
        (["report", "--from", "2026-13-01"], "不是日期"),
    ],
)
def test_usage_errors_are_chinese(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad usage is argparse's to refuse: exit 2 as before, the line in Chinese."""
    assert main(argv) == 2
    shown = capsys.readouterr().err
    assert said in shown and "error:" not in shown and "用法：" in shown


def test_other_parsers_keep_argparse_english() -> None:
    """The translation is tasktui's parser's alone: a plain ArgumentParser built after
    tasktui's parsed something (pytest's own, a caller's) still says `usage:`."""
    main(["list", "--help"])
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")
    assert "show this help message and exit" in plain.format_help()


def test_cli_imports_neither_sqlalchemy_nor_the_models() -> None:
    """The CLI talks to the store and service layers only (the layer contract's rule:
    directly; the service it calls is built on SQLAlchemy, which is the point)."""
    offenders = []
    for module in sorted(CLI_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic") or name == "tasktui.models":
                    offenders.append(f"{module.name}: {name}")
    assert not offenders, offenders


def test_every_command_has_one_handler_in_its_module() -> None:
    """The dispatch table (command → module), the parser's commands and each module's
    COMMANDS agree, and `handler` gives the module's own function."""
    import importlib

    from tasktui.cli.parser import COMMANDS, handler

    top = {path[0] for path in COMMAND_PATHS if len(path) == 1}
    assert set(COMMANDS) == top
    for module_name in set(COMMANDS.values()):
        module = importlib.import_module(f"tasktui.cli.{module_name}")
        assert set(module.COMMANDS) == {c for c, m in COMMANDS.items() if m == module_name}, module_name
        for command in module.COMMANDS:
            assert handler(command) is module.COMMANDS[command]


def test_only_the_command_that_runs_has_its_options_built() -> None:
    """Parsing `deadline …` adds the deadline command's options and no other's (the speed
    of every start-up); a parser asked for anything is whole."""
    from tasktui.cli.parser import DeferredParser

    parser = build_parser()
    args = parser.parse_args(["deadline", "3月底前", "--date", "2026-03-05", "--today", "2026-03-01"])
    assert (args.command, args.phrase, str(args.date), str(args.today)) == (
        "deadline",
        "3月底前",
        "2026-03-05",
        "2026-03-01",
    )
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    built = sorted(name for name, p in vars(sub)["_name_parser_map"].items() if "_deferred" not in vars(p))
    assert built == ["deadline"]
    assert all(isinstance(p, DeferredParser) for p in sub._name_parser_map.values())
    assert "--expect-version" in sub.choices["verify"].format_help()  # built on first use
