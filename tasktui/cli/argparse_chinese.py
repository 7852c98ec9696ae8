"""argparse in Chinese: its own words (`用法：`, `选项`, the `-h` help, usage errors such as
a missing required option) for the people who read tasktui's command line.

argparse looks its messages up through `gettext` (the module globals `_` and `ngettext`),
and Python ships no Chinese catalogue for them. `ChineseArgumentParser` swaps in the table
below while one of its own methods runs and puts the originals back afterwards, so other
parsers in the same process (pytest's, a caller's) keep their English.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager

TYPE_CHECKING = False  # typing's own flag would import typing: this module is loaded by `tasktui --help`
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import IO, Any, NoReturn, TypeVar

    T = TypeVar("T")

# argparse's message ids (Python 3.11–3.13) and what tasktui says instead. An id not here
# stays as argparse has it: a mistake in the command line's own code, never the user's.
MESSAGES: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s（用 --help 查看可用的参数）",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（%(type)s）",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多给一个值",
    "expected at least one argument": "至少给一个值",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "不接受值 %r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "one of the arguments %s is required": "需要给出 %s 中的一个",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
}
PLURALS: dict[str, str] = {
    "expected %s argument": "需要 %s 个值",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


@contextmanager
def in_chinese() -> Iterator[None]:
    """argparse's messages in Chinese for the duration (nested uses are fine)."""
    names = vars(argparse)  # the globals argparse's functions read at call time
    saved = names["_"], names["ngettext"]
    names.update(_=_gettext, ngettext=_ngettext)
    try:
        yield
    finally:
        names.update(_=saved[0], ngettext=saved[1])


def _chinese(method: Callable[..., T]) -> Callable[..., T]:
    def wrapped(*args: Any, **kwargs: Any) -> T:
        with in_chinese():
            return method(*args, **kwargs)

    wrapped.__name__ = method.__name__
    wrapped.__doc__ = method.__doc__
    return wrapped


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: group titles and the `-h` help when built,
    `用法：` and usage errors when parsing or printing help. Subparsers are of this class
    too (argparse makes them with the parent's class)."""

    @_chinese
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    @_chinese
    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:
        return super().parse_args(args, namespace)

    @_chinese
    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> tuple[Any, list[str]]:
        return super().parse_known_args(args, namespace)

    @_chinese
    def format_usage(self) -> str:
        return super().format_usage()

    @_chinese
    def format_help(self) -> str:
        return super().format_help()

    @_chinese
    def print_usage(self, file: IO[str] | None = None) -> None:
        super().print_usage(file)

    @_chinese
    def error(self, message: str) -> NoReturn:
        """The usage, then one line as every tasktui error is: `tasktui: …` (the usage
        above it names the subcommand)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog.split()[0]}: {message}\n")


__all__ = ["MESSAGES", "PLURALS", "ChineseArgumentParser", "in_chinese"]
