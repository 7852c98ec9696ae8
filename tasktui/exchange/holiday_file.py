"""A year's official holiday schedule (放假安排) as a small TOML file, the way the office
copies it from the State Council's notice; `tasktui holidays import FILE` reads it.

    year = 2027
    note = "国务院办公厅关于2027年部分节假日安排的通知"   # optional

    [[holidays]]
    name = "春节"                # 元旦 春节 清明节 劳动节 端午节 中秋节 国庆节 (or 五一, 国庆…)
    from = 2027-02-06            # first day off
    to = 2027-02-14              # last day off (default: `from`)
    workdays = [2027-02-20]      # make-up working days (调休上班), optional

Holidays taken together are one block: `name = "国庆节、中秋节"`. docs/deadlines.md
describes the format. Every problem is refused with its line and column, in Chinese;
nothing is stored from a file that has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tasktui.exchange.toml_reading import TaskFileError, load_toml
from tasktui.extract.holidays import HolidayBreak, YearSchedule, canonical_holiday, schedule_problems
from tasktui.extract.textio import read_bounded
from tasktui.store.errors import InputError

# A year's notice is a page; a bigger file is not one.
MAX_HOLIDAY_FILE_BYTES = 1_000_000
FIRST_YEAR, LAST_YEAR = 1900, 2999
_TOP_KEYS = frozenset({"year", "note", "holidays"})
_BLOCK_KEYS = frozenset({"name", "from", "to", "workdays"})
_HEADER = re.compile(r"^\s*\[\[\s*holidays\s*\]\]")
_NAME_SPLIT = re.compile(r"[、，,/／+＋\s]+")


@dataclass(frozen=True)
class HolidayFile:
    schedule: YearSchedule
    note: str | None


class _Lines:
    """Where a key sits: the n-th `[[holidays]]` block, or the top of the file."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.blocks = [n for n, line in enumerate(self.lines) if _HEADER.match(line)]

    def find(self, block: int | None, key: str | None) -> tuple[int, int]:
        start = self.blocks[block] if block is not None and block < len(self.blocks) else -1
        stop = len(self.lines)
        if block is None:
            stop = self.blocks[0] if self.blocks else stop
        elif block + 1 < len(self.blocks):
            stop = self.blocks[block + 1]
        if key is not None:
            pat = re.compile(rf"^(\s*\"?{re.escape(key)}\"?\s*=\s*)")
            for n in range(start + 1, stop):
                m = pat.match(self.lines[n])
                if m:
                    return n + 1, len(m.group(1)) + 1
        return (start + 1, 1) if start >= 0 else (1, 1)


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def parse_holiday_text(text: str, filename: str) -> HolidayFile:
    """The schedule a holiday file states; InputError with `file:line:column: problem`
    (the first one, in Chinese) when anything is wrong."""
    lines = _Lines(text)

    def fail(message: str, block: int | None = None, key: str | None = None) -> InputError:
        """The problem at `key` of block `block` (None: the top of the file)."""
        line, col = lines.find(block, key)
        return InputError(f"{filename}:{line}:{col}: {message}")

    try:
        doc = load_toml(text, filename)
    except TaskFileError as exc:
        p = exc.problems[0]
        detail = p.message.removeprefix("malformed TOML: ")
        raise InputError(f"{p.file}:{p.line}:{p.column}: 不是有效的 TOML 文件（{detail}）") from None
    for key in doc:
        if key not in _TOP_KEYS:
            raise fail(f"不认识的键 {key}（放假安排文件只有 year、note 和 [[holidays]]）", None, key)
    year = doc.get("year")
    if year is None:
        raise fail("缺少 year（放假安排的年份，如 year = 2027）")
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise fail(f"year 应是 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份，不是 {year!r}", None, "year")
    note = doc.get("note")
    if note is not None and not isinstance(note, str):
        raise fail("note 应是一段文字（通知的名称或文号）", None, "note")
    blocks = doc.get("holidays")
    if not blocks:
        raise fail("没有任何假期：每个假期写一段 [[holidays]]（name、from、to，可有 workdays）")
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise fail("holidays 应是若干段 [[holidays]]", None, "holidays")
    breaks: list[HolidayBreak] = []
    for i, b in enumerate(blocks):
        brk = _block(b, i, year, fail)
        for j, earlier in enumerate(breaks):  # located at the later block
            twice = [n for n in brk.names if n in earlier.names]
            if twice:
                raise fail(f"{'、'.join(twice)}已在第 {j + 1} 段 [[holidays]] 写过", i, "name")
            if brk.first <= earlier.last and earlier.first <= brk.last:
                raise fail(
                    f"{brk.label}（{brk.first} 至 {brk.last}）与{earlier.label}"
                    f"（{earlier.first} 至 {earlier.last}）重叠；"
                    '一起放假的写在同一段：name = "国庆节、中秋节"',
                    i,
                    "from",
                )
        breaks.append(brk)
    schedule = YearSchedule(year, tuple(breaks), "imported")
    problems = schedule_problems(schedule)
    if problems:
        raise fail(problems[0])
    return HolidayFile(schedule, (note.strip() or None) if note else None)


Fail = Callable[[str, "int | None", "str | None"], InputError]


def _block(b: dict[str, Any], i: int, year: int, fail: Fail) -> HolidayBreak:
    for key in b:
        if key not in _BLOCK_KEYS:
            raise fail(f"不认识的键 {key}（一个假期只有 name、from、to、workdays）", i, key)
    raw_name = b.get("name")
    if not isinstance(raw_name, str) or not raw_name.strip():
        raise fail('缺少 name（假期名称，如 name = "春节"）', i, "name" if "name" in b else None)
    names: list[str] = []
    for part in _NAME_SPLIT.split(raw_name.strip()):
        if not part:
            continue
        canon = canonical_holiday(part)
        if canon is None:
            raise fail(
                f"「{part}」不是法定节假日：请写 元旦、春节、清明节、劳动节、端午节、中秋节 或 国庆节", i, "name"
            )
        if canon not in names:
            names.append(canon)
    first = b.get("from")
    if first is None:
        raise fail(f"{raw_name}：缺少 from（放假第一天，如 from = {year}-10-01）", i, None)
    if not _is_date(first):
        raise fail(f"{raw_name}：from 应是日期（{year}-10-01 这样，不加引号），不是 {first!r}", i, "from")
    last = b.get("to", first)
    if not _is_date(last):
        raise fail(f"{raw_name}：to 应是日期（{year}-10-07 这样，不加引号），不是 {last!r}", i, "to")
    raw_work = b.get("workdays", [])
    if _is_date(raw_work):
        raw_work = [raw_work]
    if not isinstance(raw_work, list) or not all(_is_date(d) for d in raw_work):
        raise fail(f"{raw_name}：workdays 应是日期的列表，如 workdays = [{year}-09-26]", i, "workdays")
    brk = HolidayBreak(tuple(names), first, last, tuple(sorted(set(raw_work))))
    # This block on its own: its problems are located at it (overlaps come later).
    problems = schedule_problems(YearSchedule(year, (brk,), "imported"))
    if problems:
        key = "workdays" if "调休" in problems[0] else ("to" if "to" in b else "from")
        raise fail(problems[0], i, key)
    return brk


def read_holiday_file(path: str | Path) -> HolidayFile:
    """Read and check a holiday file (UTF-8, at most MAX_HOLIDAY_FILE_BYTES)."""
    name = str(path)
    try:
        data = read_bounded(path, MAX_HOLIDAY_FILE_BYTES)
    except OSError as exc:
        raise InputError(f"{name}: 无法读取（{exc.strerror or exc}）") from None
    if len(data) > MAX_HOLIDAY_FILE_BYTES:
        raise InputError(f"{name}: 文件超过 {MAX_HOLIDAY_FILE_BYTES // 1000} KB，不是放假安排文件")
    if b"\x00" in data:
        raise InputError(f"{name}: 是二进制文件，不是放假安排文件（TOML 文本）")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}:1: 不是 UTF-8 文本（放假安排文件应以 UTF-8 保存）") from None
    return parse_holiday_text(text, name)


__all__ = ["MAX_HOLIDAY_FILE_BYTES", "HolidayFile", "parse_holiday_text", "read_holiday_file"]
