"""The command line's shape, without a database: help on every argument of every
command (nested ones such as `db grant-unit` and `dept add` included), `--help` works
everywhere, and the cli package stays a thin layer over the store (what building the
parser imports: tests/functional/test_startup_imports.py)."""

from __future__ import annotations

import argparse
import ast
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
    assert "usage: tasktui" in capsys.readouterr().out


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
