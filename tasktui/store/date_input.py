"""A calendar date a person typed (a meeting's date): ISO or the way a Chinese document
writes it.

Accepted: `2026-03-05` (also `/` and `.`), `2026年3月5日`, `3月5日` (the year given by the
caller: the meeting's own), in full-width digits and in Chinese numerals (`二〇二六年三月
五日`, `十二月二十五日`), with `号` for `日` and spaces anywhere. Anything else is one
line of InputError, and so is a day that does not exist or a date outside the range
tasktui takes (tasktui.store.deadline_input).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from tasktui.store.deadline_input import check_date
from tasktui.store.errors import InputError

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CHINESE = re.compile(
    r"^(?:(?P<y>[0-9〇零一二三四五六七八九]{4})年)?(?P<m>[0-9一二三四五六七八九十]{1,3})月(?P<d>[0-9一二三四五六七八九十]{1,3})[日号]?$"
)
_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _number(text: str) -> int | None:
    """1..99 in digits or Chinese numerals (五, 十二, 二十五, 三十一); a year digit by digit."""
    if text.isdigit():
        return int(text)
    if all(c in _DIGIT for c in text):
        return int("".join(str(_DIGIT[c]) for c in text))
    tens, sep, ones = text.partition("十")
    if not sep or len(tens) > 1 or len(ones) > 1:
        return None
    t = _DIGIT.get(tens, -1) if tens else 1
    o = _DIGIT.get(ones, -1) if ones else 0
    return None if t < 1 or o < 0 else 10 * t + o


def parse_date_text(text: str, default_year: int, what: str = "日期") -> date:
    """The date `text` names; `default_year` when it names no year (`3月5日`)."""
    raw = text.strip()
    s = "".join(unicodedata.normalize("NFKC", raw).split())
    parts: tuple[int | None, int | None, int | None] | None = None
    m = _ISO.match(s)
    if m:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _CHINESE.match(s)
        if m:
            year = _number(m.group("y")) if m.group("y") else default_year
            parts = (year, _number(m.group("m")), _number(m.group("d")))
    if parts is None or None in parts:
        raise InputError(f"{what}「{raw}」无法识别：请写 2026-03-05、2026年3月5日 或 3月5日")
    y, mo, d = parts
    assert y is not None and mo is not None and d is not None
    try:
        day = date(y, mo, d)
    except ValueError:
        plain = f"{y}年{mo}月{d}日"
        raise InputError(f"{what}「{raw}」不存在" + ("" if s.endswith(plain) else f"（{plain}）")) from None
    return check_date(day, what)


__all__ = ["parse_date_text"]
