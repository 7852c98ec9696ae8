"""Reading a TOML task file's text safely, before anything validates it: bounded size
(a device or a FIFO never ends on its own), UTF-8, nesting depth (tomllib parses nesting
by recursion), and syntax errors located by file, line and column (`Problem`).

`tasktui.exchange.taskfile` validates what this returns.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

# tomli rather than the standard library's copy of it: the same parser and errors, shipped
# compiled (mypyc) since 2.2 — a 5,000-task file parses in 0.07 s instead of 0.18 s.
# Nesting is bounded before parsing (`_too_deep`): compiled recursion must never run deep.
import tomli as tomllib

from tasktui.extract.textio import read_bounded

# An export of a 100,000-task store with its history is about 110 MB; a bigger file is
# refused after reading this much + 1 byte (a device or a FIFO never ends on its own).
MAX_TASK_FILE_BYTES = 200_000_000
# Nesting of arrays and tables: a task file needs four or five levels. tomllib parses
# nesting by recursion (5,000 levels is a RecursionError), and so does everything that
# walks the result afterwards (the meeting's hash, the checks below).
MAX_TOML_DEPTH = 32
# What a syntax error says before tomllib's own words (holiday_file rewords it).
TOML_SYNTAX_ERROR = "TOML 语法错误："


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class TaskFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_toml(text: str, filename: str) -> dict[str, Any]:
    """tomllib.loads, with syntax errors and too deep nesting as TaskFileError."""
    deep = _too_deep(text, MAX_TOML_DEPTH)
    if deep is not None:
        raise TaskFileError([Problem(filename, deep[0], deep[1], _depth_message())])
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _toml_error_position(exc, text)
        msg = toml_error_words(str(exc).split(" (at line")[0].split(" (at end of")[0])
        raise TaskFileError([Problem(filename, line, col, f"{TOML_SYNTAX_ERROR}{msg}")]) from None
    except RecursionError:  # the scan above should have caught it: never a crash
        raise TaskFileError([Problem(filename, 1, 1, _depth_message())]) from None
    # Dotted keys (a.b.c… = 1) nest without brackets: measured on the result.
    if _depth(doc) > MAX_TOML_DEPTH:
        raise TaskFileError([Problem(filename, 1, 1, _depth_message())])
    return doc


# tomllib's reasons (Python 3.11+, the same in tomli), in the words a secretary reads:
# (pattern on the English reason, Chinese; {0} is the pattern's first group).
TOML_ERROR_WORDS: tuple[tuple[str, str], ...] = (
    (r"Expected '=' after a key in a key/value pair", "键后面缺少「=」"),
    (r"Expected '\]' at the end of a table declaration", "表头缺少结尾的「]」"),
    (r"Expected '\]\]' at the end of an array declaration", "数组表头缺少结尾的「]]」"),
    (r"Expected newline or end of document after a statement", "一行只能写一项（这一项后面还有多余的内容）"),
    (r"Expected (.+)", "这里应是 {0}"),
    (r"Invalid date or datetime", "日期或时间写法不对（应如 2026-03-31）"),
    (r"Invalid hex value", "转义写法不对（\\u 后面应是十六进制数）"),
    (r"Escaped character is not a Unicode scalar value", "转义的字符不存在"),
    (r"Unescaped '\\' in a string", "字符串里的「\\」要写成「\\\\」"),
    (r"Unterminated string", "字符串缺少结尾的引号"),
    (r"Unclosed array", "数组缺少结尾的「]」"),
    (r"Unclosed inline table", "内联表缺少结尾的「}」"),
    (r"Invalid initial character for a key part", "键的第一个字符不对（含中文的键请加引号）"),
    (r"Invalid statement", "无法识别的语句（含中文的键请加引号）"),
    (r"Invalid value", "值的写法不对（文字要加引号，日期写作 2026-03-31）"),
    (r"Cannot overwrite a value", "不能重复设定同一个值"),
    (r"Cannot declare (.+) twice", "{0} 重复声明"),
    (r"Cannot redefine namespace (.+)", "{0} 已声明，不能重新定义"),
    (r"Cannot mutate immutable namespace (.+)", "{0} 是内联表或数组，不能再往里加"),
    (r"Duplicate inline table key (.+)", "内联表中的键 {0} 重复"),
    (r"Found invalid character (.+)", "有不允许的字符 {0}"),
    (r"Illegal character (.+)", "有不允许的字符 {0}"),
)


def toml_error_words(reason: str) -> str:
    """tomllib's English reason in Chinese; one it does not know is kept, marked as such."""
    for pattern, words in TOML_ERROR_WORDS:
        m = re.fullmatch(pattern, reason)
        if m is not None:
            return words.replace("{0}", _key_words(m.group(1))) if m.groups() else words
    return f"无法解析（{reason}）"


def _key_words(text: str) -> str:
    """A key as tomllib names it (`('meetings', 'tasks')`) as the file writes it: meetings.tasks."""
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(parts, tuple) and all(isinstance(p, str) for p in parts):
        return "「" + ".".join(parts) + "」"
    return text


def _depth_message() -> str:
    return f"嵌套超过 {MAX_TOML_DEPTH} 层，不是任务文件（任务文件只有几层）"


# What can hold a bracket without opening one: strings (basic and literal, one-line and
# multi-line, with escapes) and comments. Everything else that matches is a bracket.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.S,
)


def _too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """(line, column) where arrays and inline tables nest deeper than `limit`, else
    None. A scan, not a parse: a bracket in a string or a comment does not count, and an
    unbalanced file is left to tomllib to report."""
    depth = 0
    for m in _TOML_TOKENS.finditer(text):
        c = m.group()
        if c in ("[", "{"):
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, m.start()) + 1
                return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        elif c in ("]", "}"):
            depth = max(0, depth - 1)
    return None


def _depth(doc: Any) -> int:
    """How deep lists and tables nest in a parsed document (iteratively: the document
    may be deeper than the recursion limit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_TOML_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _toml_error_position(exc: Exception, text: str) -> tuple[int, int]:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    if line is None:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        if m:
            line, col = int(m.group(1)), int(m.group(2))
    return int(line or 1), int(col or 1)


def demo_shift(text: str, today: date) -> int:
    """Days to add to every date of a file so that its `demo_anchor` becomes today:
    the demo then always has overdue tasks and tasks due soon, whenever it runs."""
    try:
        anchor = load_toml(text, "").get("demo_anchor")
    except TaskFileError:
        return 0  # parse_task_file says what is wrong with the file
    if isinstance(anchor, date) and not isinstance(anchor, datetime):
        return (today - anchor).days
    return 0


def read_task_file_text(path: Path) -> str:
    """The text of a task file, UTF-8. At most MAX_TASK_FILE_BYTES + 1 bytes are read,
    whatever the file is (a device, a FIFO): more is refused. OSError as the system says."""
    data = read_bounded(path, MAX_TASK_FILE_BYTES)
    if len(data) > MAX_TASK_FILE_BYTES:
        limit = f"{MAX_TASK_FILE_BYTES / 1e6:.0f} MB"
        raise TaskFileError([Problem(str(path), 1, 1, f"任务文件超过 {limit} 的上限（可分成几个文件导入）")])
    if b"\x00" in data:
        raise TaskFileError([Problem(str(path), 1, 1, "是二进制文件，不是任务文件（TOML 文本）")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TaskFileError([Problem(str(path), line, col, "不是 UTF-8 文本（任务文件应以 UTF-8 保存）")]) from None


__all__ = [
    "MAX_TASK_FILE_BYTES",
    "MAX_TOML_DEPTH",
    "TOML_SYNTAX_ERROR",
    "Problem",
    "TaskFileError",
    "demo_shift",
    "load_toml",
    "read_task_file_text",
]
