"""The 放假安排 file format (tasktui.exchange.holiday_file): the example in
docs/deadlines.md parses, and the forms a hand-written file takes are accepted."""

from __future__ import annotations

import re
from datetime import date

import pytest
from helpers import REPO

from tasktui.exchange.holiday_file import parse_holiday_text
from tasktui.extract.holidays import HolidayBreak
from tasktui.store.errors import InputError


def test_the_documented_example_parses() -> None:
    doc = (REPO / "docs" / "deadlines.md").read_text(encoding="utf-8")
    section = doc[doc.index("### The 放假安排 file") :]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example is not None
    parsed = parse_holiday_text(example.group(1), "deadlines.md")
    assert parsed.schedule.year == 2027 and parsed.note and "2027" in parsed.note
    assert parsed.schedule.break_of("春节") == HolidayBreak(
        ("春节",), date(2027, 2, 6), date(2027, 2, 14), (date(2027, 2, 20),)
    )


def test_names_aliases_and_single_values() -> None:
    text = """year = 2025
[[holidays]]
name = "国庆、中秋"
from = 2025-10-01
to = 2025-10-08
workdays = 2025-09-28

[[holidays]]
name = "五一"
from = 2025-05-01
to = 2025-05-05

[[holidays]]
name = "元旦"
from = 2025-01-01
"""
    sched = parse_holiday_text(text, "h.toml").schedule
    assert sched.break_of("中秋") == HolidayBreak(
        ("国庆节", "中秋节"), date(2025, 10, 1), date(2025, 10, 8), (date(2025, 9, 28),)
    )
    assert sched.break_of("劳动节") is not None and sched.break_of("元旦") == HolidayBreak(
        ("元旦",), date(2025, 1, 1), date(2025, 1, 1)
    )


def test_new_year_break_may_begin_in_december() -> None:
    text = 'year = 2024\n[[holidays]]\nname = "元旦"\nfrom = 2023-12-30\nto = 2024-01-01\n'
    assert parse_holiday_text(text, "h.toml").schedule.rest_days == {
        date(2023, 12, 30),
        date(2023, 12, 31),
        date(2024, 1, 1),
    }


def test_a_holiday_twice_is_located_at_the_second() -> None:
    text = 'year = 2027\n[[holidays]]\nname = "春节"\nfrom = 2027-02-06\n[[holidays]]\nname = "年"\nfrom = 2027-03-06\n'
    with pytest.raises(InputError, match=r"^h\.toml:6:8: 春节已在第 1 段 \[\[holidays\]\] 写过$"):
        parse_holiday_text(text, "h.toml")
