"""The argparse types of tasktui's options: what a typed date, number of days, id, year,
path, 期号, report kind or grouping must look like, each refusal one Chinese line.

Light on purpose: the parser is built from these on every start (`tasktui --help`
included), so nothing here is imported at module level beyond the constants' own
modules; `datetime` and `pathlib` are loaded when an option that needs them is given.
"""

from __future__ import annotations

import argparse

from tasktui.report import GROUP_BY, KINDS

TYPE_CHECKING = False  # typing's own flag would import typing, which startup does not need
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

# A number of days any real window fits in (a century): larger ones overflow date arithmetic.
MAX_DAYS = 36_500
FIRST_YEAR, LAST_YEAR = 1900, 2999


def date_arg(value: str) -> date:
    """argparse type for YYYY-MM-DD. Whether the date is one tasktui takes is checked
    where it is used, with one line (`clock_for`, the importer, the report period)."""
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{value}」不是日期：请写成 YYYY-MM-DD，如 2026-03-05") from None


def days_arg(value: str) -> int:
    """argparse type for a number of days: a whole number, not negative."""
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{value}」不是天数：请写整数，如 7") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"天数不能是负数：{value!r}")
    if days > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"天数最多 {MAX_DAYS}（一百年）: {value!r}")
    return days


def number_arg(value: str) -> int:
    """argparse type for an id or a version: a whole number from 1 (larger ones than the
    store holds simply find nothing)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{value}」不是编号：请写正整数，如 12") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"编号从 1 起：{value!r}")
    return number


def port_arg(value: str) -> int:
    """argparse type for a TCP port: 1–65535."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"「{value}」不是端口号：请写 1–65535 的整数")
    return port


def duration_arg(value: str) -> float:
    """argparse type for a length of time in minutes or hours: a positive number (decimals allowed)."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number < 1e6:
        raise argparse.ArgumentTypeError(f"「{value}」不是正数：如 30 或 0.5")
    return number


def path_arg(value: str) -> Path:
    """argparse type for a file or folder: a Path, as `type=Path` gives (pathlib loaded
    only when a command takes one)."""
    from pathlib import Path

    return Path(value)


def year_arg(value: str) -> int:
    """argparse type for a year tasktui takes."""
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是年份：{value!r}") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间：{value!r}")
    return year


def issue_arg(value: str) -> int:
    """argparse type for --issue: 12 or 第12期."""
    from tasktui.report.period import parse_issue

    try:
        number = parse_issue(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if number is None:
        raise argparse.ArgumentTypeError("期号不能为空")
    return number


def kind_arg(value: str) -> str:
    """argparse type for --kind: 周报 or 通报 (weekly, bulletin)."""
    kind = KINDS.get(value.strip().lower())
    if kind is None:
        raise argparse.ArgumentTypeError(f"「{value}」不是报告类型：请写 周报 或 通报")
    return kind


# --group-by in the words the report uses, beside the short English names.
GROUP_WORDS = {"责任领导": "leader", "紧急程度": "urgency", "来源": "source", "来源类型": "source"}


def group_by_arg(text: str) -> str:
    """argparse type for --group-by: leader, urgency, source, or the report's words for them."""
    value = GROUP_WORDS.get(text.strip(), text.strip())
    if value not in GROUP_BY:
        raise argparse.ArgumentTypeError(
            f"不认识的分组「{text}」：可用 leader（责任领导）、urgency（紧急程度）、source（来源）"
        )
    return value


__all__ = [
    "duration_arg",
    "port_arg",
    "FIRST_YEAR",
    "GROUP_WORDS",
    "LAST_YEAR",
    "MAX_DAYS",
    "date_arg",
    "days_arg",
    "group_by_arg",
    "issue_arg",
    "kind_arg",
    "number_arg",
    "path_arg",
    "year_arg",
]
