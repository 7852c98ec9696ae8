"""Deadlines (完成时限): find time-limit phrases in speech text and resolve them.

Pure functions, no DB, no UI. The office's conventions are in docs/deadlines.md;
`resolve_deadline` never raises, whatever the input.
"""

from __future__ import annotations

import calendar as _calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from tasktui.extract import lexicon
from tasktui.extract.prefilter import named_alternation
from tasktui.extract.types import Deadline
from tasktui.extract.workdays import DEFAULT_CALENDAR, WorkCalendar

__all__ = [
    "IMPOSSIBLE_DATE",
    "NO_MEETING_DATE",
    "resolve_deadline",
    "find_deadline_phrases",
    "find_limits",
    "first_deadline_phrase",
    "restore_phrase",
    "FoundLimit",
]

# ---------------------------------------------------------------------------
# Numerals
# ---------------------------------------------------------------------------

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _build_numeral_table() -> dict[str, int]:
    """0..99 in every common spelling, so cn2an is only needed for rare forms."""
    table: dict[str, int] = dict(_DIGITS)
    units = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    for n in range(10, 100):
        tens, ones = divmod(n, 10)
        head = "十" if tens == 1 else units[tens] + "十"
        table[head + units[ones]] = n
        if tens == 1:
            table["一十" + units[ones]] = n
        if tens == 2:
            table["廿" + units[ones]] = n
        if ones == 2:
            table[head + "两"] = n
    table["两十"] = 20
    # Loose ranges (三五天 = three to five days): the later bound wins.
    for loose, n in {
        "一两": 2,
        "两三": 3,
        "二三": 3,
        "三四": 4,
        "三五": 5,
        "四五": 5,
        "五六": 6,
        "六七": 7,
        "七八": 8,
        "八九": 9,
    }.items():
        table[loose] = n
    return table


_NUMERALS: dict[str, int] = _build_numeral_table()
_NUMERAL_RUN = re.compile(r"[零〇○一二两三四五六七八九十百千廿]+")


def _cn_to_int(run: str) -> int | None:
    n = _NUMERALS.get(run)
    if n is not None:
        return n
    # Year spelt digit by digit: 二〇二六.
    if all(c in _DIGITS for c in run):
        return int("".join(str(_DIGITS[c]) for c in run))
    try:
        import cn2an  # slow import and call: only for rare long numerals

        return int(cn2an.cn2an(run, "smart"))
    except Exception:  # noqa: BLE001 - not a numeral after all
        return None


def _sub_numeral(m: re.Match[str]) -> str:
    n = _cn_to_int(m.group(0))
    return m.group(0) if n is None else str(n)


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# Holiday names that contain numerals must be renamed before numeral conversion.
_HOLIDAY_NUMERAL_NAMES = re.compile(
    r"(?<![0-9零〇一二两三四五六七八九十])(?:五一(?!月)|十一(?=节|假|长假|黄金周|前|之前|以前))"
)
_CIRCLE_PLACEHOLDER = re.compile(r"(?<![零〇○一二两三四五六七八九十0-9])[〇○]{2,}(?![零〇○一二两三四五六七八九十0-9])")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})日?")
_NUM_RANGE = re.compile(r"\d+\s*(?:至|到|~|～|-|—|–|－|、|或)\s*(?=\d)")
_XUN_RANGE = re.compile(r"[上中下](?=[上中下]旬)")
_NUMERAL_CHARS = frozenset("零〇○一二两三四五六七八九十百千廿")
_CONNECTOR_CHARS = frozenset("至到~～-—–－、或/.")
_NOW_CHARS = frozenset("立马即当今会")
_HOLIDAY_CHARS = frozenset("清劳端秋庆旦春")
_WEEK_CHARS = frozenset("周星礼")


def _normalise(phrase: str) -> str:
    # Each step is gated by a cheap membership test: most phrases need few of them.
    s = "".join(unicodedata.normalize("NFKC", phrase).split())
    if "〇" in s or "○" in s:
        s = _CIRCLE_PLACEHOLDER.sub("XX", s)  # ○○月 is a blank, not 00
    if "五一" in s or "十一" in s:
        s = _HOLIDAY_NUMERAL_NAMES.sub(lambda m: "劳动节" if m.group(0) == "五一" else "国庆", s)
    if not _NUMERAL_CHARS.isdisjoint(s):
        s = _NUMERAL_RUN.sub(_sub_numeral, s)
    if not _CONNECTOR_CHARS.isdisjoint(s):
        s = _ISO_DATE.sub(r"\1年\2月\3日", s)
        s = _NUM_RANGE.sub("", s)  # 3至5个工作日 -> 5个工作日: the later bound wins
    if "旬" in s:
        s = _XUN_RANGE.sub("", s)  # 中下旬 -> 下旬
    return s


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------

_NONE_RX = re.compile(
    r"长期|常态|持续|长效|经常性|一以贯之|坚持不懈|久久为功|每|定期|逐[年月周日]|按[年月周季]"
    r"|尽快|尽早|及早|适时|近期|起(?![草步诉])"
)
_PLACEHOLDER_RX = re.compile(r"[Xx×*Χχ□某]|〇〇|○○")
_RANGE_SPLIT = re.compile(r"(至|到|~|～|—|–|－|-)")
_TIME_HINT = re.compile(r"[0-9年月日号天周旬季节假期学内前底末今明晚星]")


# Warnings other code recognises (a person typing 2月30日 is refused, not kept unresolved).
IMPOSSIBLE_DATE = "日期不存在"
NO_MEETING_DATE = "没有会议日期，无法推算"


class _Unresolved(Exception):
    """Internal: the phrase cannot be resolved; message is the warning (in Chinese: the
    `deadline` command and the import show it)."""


class _Ctx:
    __slots__ = ("md", "cal", "warnings")

    def __init__(self, md: date | None, cal: WorkCalendar) -> None:
        self.md = md
        self.cal = cal
        self.warnings: list[str] = []

    def meeting(self) -> date:
        if self.md is None:
            raise _Unresolved(NO_MEETING_DATE)
        return self.md


def _eom(y: int, m: int) -> date:
    return date(y, m, _calendar.monthrange(y, m)[1])


def _make(y: int, m: int, d: int) -> date:
    if not (1 <= m <= 12) or not (1 <= y <= 9999):
        raise _Unresolved(IMPOSSIBLE_DATE)
    if not (1 <= d <= _calendar.monthrange(y, m)[1]):
        raise _Unresolved(IMPOSSIBLE_DATE)
    return date(y, m, d)


def _year_of(ctx: _Ctx, word: str | None) -> int | None:
    """Explicit year word -> year (taken literally); None when no year given."""
    if not word:
        return None
    w = word.rstrip("度").rstrip("年")
    if w.isdigit():
        return int(w)
    rel = {"": 0, "今": 0, "本": 0, "当": 0, "明": 1, "次": 1, "来": 1, "去": -1, "上": -1, "后": 2}
    if w in rel:
        return ctx.meeting().year + rel[w]
    raise _Unresolved("认不出年份")


def _rollover(ctx: _Ctx, year: int | None, build: Callable[[int], date]) -> date:
    """Build the date in `year`; without a year, meeting year or the next one."""
    if year is not None:
        return build(year)
    md = ctx.meeting()
    try:
        d: date | None = build(md.year)
    except _Unresolved:
        d = None  # 2月29日 in a common year: the next year may be a leap year
    if d is None or d < md:
        d = build(md.year + 1)
    return d


def _day_in_month(y: int, m: int, spec: str) -> date:
    """`spec`: '' (month end), '15日', '上旬', '中旬', '下旬', '底', '末', '初', '中'."""
    if spec in ("", "底", "末", "下旬", "份", "内"):
        return _eom(y, m)
    if spec in ("上旬", "初"):
        return _make(y, m, 10)
    if spec in ("中旬", "中"):
        return _make(y, m, 20)
    return _make(y, m, int(spec))


_YEAR = r"(?P<y>(?:19|20)\d\d年|\d{4}年|[今明本当次来去上后]年度?|本年度|年度)?"

_RX_DATE = re.compile(
    _YEAR
    + r"(?:(?P<mon>\d{1,2})月份?|(?P<rel>本|当|这个|下个?|次|上个?)月份?)"
    + r"(?:(?P<day>\d{1,2})(?:日|号)|(?P<per>上旬|中旬|下旬|底|末|初|中(?!期)))?"
)
_RX_DAY_ONLY = re.compile(r"(?<![月\d])(?P<day>\d{1,2})(?:日|号)(?:前|之前|以前|为止|24时|止)")
_RX_MONTH_END = re.compile(r"^(?:本|当)?月(?:底|末|内)|(?<![\d年])月(?:底|末)")
_RX_HALF = re.compile(_YEAR + r"(?<!\d)(?P<h>上半年|下半年|年中|年底|年末|年内|年终|全年|底|末|内|第?(?P<q>[1-4])季度)")
_RX_BARE_YEAR = re.compile(r"(?P<y>(?:19|20)\d\d|[今明本当])年度?(?!\d)")
_RX_XUN = re.compile(r"[上中下]旬")
_RX_WORKDAYS = re.compile(r"(?P<n>\d+)个?工作日")
_RX_DURATION = re.compile(
    r"(?P<n>\d+)(?P<unit>天|日(?=内|之内|以内)|个?(?:周|星期|礼拜)(?![1-7日天])|个半月|个月|年(?=内|之内|以内)|小时)"
    r"|(?P<half>半个?月)"
)
_RX_HALF_MONTH = re.compile(r"半个?月")
_RX_WEEKDAY = re.compile(r"(?P<p>本|这|下下|下个?|当)?(?:周|星期|礼拜)(?P<d>[1-7日天])")
_RX_WEEK = re.compile(r"(?P<p>本|这|下下|下个?|当)个?(?:周|星期|礼拜)")
_RX_HOLIDAY = re.compile(r"(?P<h>清明|劳动节|端午|中秋|国庆|元旦|春节)")
# 年前 = before 春节; not 两年前 (ago) nor 上半年以前 (a period word).
_RX_NEW_YEAR = re.compile(r"(?<![\d多几数去今明前往周当半度])年(?:前|之前|以前)")
_RX_TERM = re.compile(r"(?P<s>秋季|秋|春季|春)?(?:学期)?开学")
_RX_NOW = re.compile(r"立即|立行立改|立查立改|马上|即刻|即时|当天|当日|今天|今日|会后即")
_RX_FROM_UNTIL = re.compile(r"起(?:至|到|~)")
_RX_TOMORROW = re.compile(r"明天|明日|后天")
_RX_EVENT_AFTER = re.compile(r"(?:接到|收到|接报|发现|发生|出现|获悉|受理)[^后]{0,12}后")
_RX_VACATION = re.compile(_YEAR + r"(?P<v>寒假|暑假|暑期)(?:之前|以前|前)")
_RX_TERM_NTH = re.compile(r"(?:后的?)?第(?P<n>\d)(?P<u>周|天)")
# `X后N天内` counted from an event (监测结束后一个月内): not 开学后 / 会后 / a date or holiday.
_RX_EVENT_LIMIT = re.compile(r"^(?P<ev>[^\d后]{2,12})后(?=\d|半)")
_NOT_EVENT = re.compile(r"开学|^会$|会议|[年月日号]$|清明|劳动节|端午|中秋|国庆|元旦|春节|节$|假期?$")


def _event_limit(s: str) -> bool:
    m = _RX_EVENT_LIMIT.match(s)
    if m is None or _NOT_EVENT.search(m.group("ev")):
        return False
    return bool(_RX_DURATION.search(s, m.end()) or _RX_WORKDAYS.search(s, m.end()))


_RX_FLOOD = re.compile(r"(?P<main>主)?汛期?(?:来临|到来)?(?:之前|以前|前)")


def _term_start(ctx: _Ctx, season: str | None) -> date:
    md = ctx.meeting()
    if season and season.startswith("秋"):
        return _rollover(ctx, None, lambda y: date(y, 9, 1))
    if season and season.startswith("春"):
        return _rollover(ctx, None, lambda y: date(y, 3, 1))
    for cand in (date(md.year, 3, 1), date(md.year, 9, 1), date(md.year + 1, 3, 1)):
        if cand >= md:
            return cand
    raise _Unresolved("找不到学期开始的日期")  # unreachable: the last candidate is always later


def _holiday_eve(ctx: _Ctx, name: str) -> date:
    start, warns = ctx.cal.next_break_start(name, ctx.meeting())
    ctx.warnings.extend(warns)
    if start is None:
        raise _Unresolved(f"{name}放假日期未知")
    return start - timedelta(days=1)


def _resolve_range(s: str) -> str:
    """`3月1日至4月15日` -> `4月15日`, carrying the left side's year/month over."""
    parts = _RANGE_SPLIT.split(s)
    if len(parts) < 3:
        return s
    left, right = "".join(parts[:-2]), parts[-1]
    if not re.search(r"\d|[上中下]旬|底|末|年", right):
        return s
    if "月" not in right and "年" not in right and re.match(r"\d+[日号]", right):
        m = re.search(r"(?:\d+年)?\d+月|[本下当]月", left)
        if m:
            right = m.group(0) + right
    elif "年" not in right and "月" in right:
        m = re.search(r"\d{4}年|[今明]年", left)
        if m:
            right = m.group(0) + right
    return right


def _resolve_core(s: str, ctx: _Ctx) -> date | None:
    """Returns the date, None for 'no deadline'; raises _Unresolved."""
    # Cheap membership tests gate each regex: the resolver runs per phrase, often.
    if _NONE_RX.search(s) and not _RX_FROM_UNTIL.search(s):
        return None
    if _PLACEHOLDER_RX.search(s):
        raise _Unresolved("日期中有占位符（如 X月），需要人工确定")
    if "后" in s and (_RX_EVENT_AFTER.search(s) or _event_limit(s)):
        return None  # 接到预警后2小时内: counted from an event nobody can date in advance
    if not _CONNECTOR_CHARS.isdisjoint(s):
        s = _resolve_range(s)
    if "假" in s or "暑期" in s:
        m = _RX_VACATION.search(s)
        if m:
            # 暑假/暑期前 = Jun 30, 寒假前 = Jan 15 (our choice; see docs/deadlines.md).
            year = _year_of(ctx, m.group("y"))
            if m.group("v") == "寒假":
                return _rollover(ctx, year, lambda y: date(y, 1, 15))
            return _rollover(ctx, year, lambda y: date(y, 6, 30))
    if "汛" in s:
        m = _RX_FLOOD.search(s)
        if m:
            # 汛期 runs May 1 – Sep 30 (主汛期 from Jun 1): 汛期前 = Apr 30, 主汛期前 = May 31.
            month = 5 if m.group("main") else 4
            return _rollover(ctx, None, lambda y: _eom(y, month))

    if not _NOW_CHARS.isdisjoint(s) and _RX_NOW.search(s):
        return ctx.meeting()
    if "明" in s or "后天" in s:
        m = _RX_TOMORROW.search(s)
        if m:
            return ctx.meeting() + timedelta(days=2 if m.group(0) == "后天" else 1)

    # Term start: 开学前 / 开学后N天内 / 秋季开学.
    m = _RX_TERM.search(s) if "开学" in s else None
    if m:
        base = _term_start(ctx, m.group("s"))
        rest = s[m.end() :]
        w = _RX_TERM_NTH.match(rest)
        if w:  # 开学第一周 = the term's first 7 days; 开学第一天 = the term start
            n = int(w.group("n"))
            return base + timedelta(days=7 * n - 1 if w.group("u") == "周" else n - 1)
        if "后" in rest[:2]:
            w = _RX_WORKDAYS.search(rest)
            if w:
                d, warns = ctx.cal.add_workdays(base, int(w.group("n")))
                ctx.warnings.extend(warns)
                return d
            return _apply_duration(ctx, base, rest)
        return base

    # Relative to the meeting: working days, then calendar durations.
    m = _RX_WORKDAYS.search(s) if "工作日" in s else None
    if m:
        d, warns = ctx.cal.add_workdays(ctx.meeting(), int(m.group("n")))
        ctx.warnings.extend(warns)
        return d

    # Holidays (before the weekday check: 国庆 has no numerals left, fine either way).
    m = _RX_HOLIDAY.search(s) if not _HOLIDAY_CHARS.isdisjoint(s) else None
    if m:
        if "后" in s[m.end() : m.end() + 4]:
            raise _Unresolved("节后：这是起点，不是时限")
        return _holiday_eve(ctx, m.group("h"))
    has_year = "年" in s
    if has_year and "前" in s and _RX_NEW_YEAR.search(s):
        return _holiday_eve(ctx, "春节")

    has_month = "月" in s
    m = _RX_DATE.search(s) if has_month else None
    if m and (m.group("mon") or m.group("rel")):
        return _resolve_date_match(ctx, m)

    has_week = not _WEEK_CHARS.isdisjoint(s)
    m = _RX_WEEKDAY.search(s) if has_week else None
    if m:
        return _resolve_weekday(ctx, m.group("p"), m.group("d"))

    m = _RX_HALF.search(s) if has_year or "季" in s else None
    if m and (m.group("h") not in ("底", "末", "内") or m.group("y")):
        return _resolve_period(ctx, m)

    dur = _RX_DURATION.search(s)
    if dur:
        return _apply_duration(ctx, ctx.meeting(), s)

    m = _RX_WEEK.search(s) if has_week else None
    if m:
        return _resolve_week_end(ctx, m.group("p"))

    if has_month and _RX_MONTH_END.search(s):
        md = ctx.meeting()
        return _eom(md.year, md.month)

    m = _RX_XUN.search(s) if "旬" in s else None
    if m:  # 中旬前 without a month: this month, or the next if already past
        md = ctx.meeting()
        spec = m.group(0)
        d = _day_in_month(md.year, md.month, spec)
        if d < md:
            nxt = md + relativedelta(months=1)
            d = _day_in_month(nxt.year, nxt.month, spec)
        return d

    m = _RX_DAY_ONLY.search(s)
    if m:
        md = ctx.meeting()
        day = int(m.group("day"))
        if day >= md.day:
            return _make(md.year, md.month, day)
        nxt = md + relativedelta(months=1)
        return _make(nxt.year, nxt.month, day)

    m = _RX_BARE_YEAR.search(s) if has_year else None
    if m:
        year = _year_of(ctx, m.group("y") + "年")
        assert year is not None  # a year word was given
        return date(year, 12, 31)

    if not _TIME_HINT.search(s):
        return None
    raise _Unresolved("认不出的时间说法")


def _resolve_date_match(ctx: _Ctx, m: re.Match[str]) -> date:
    year = _year_of(ctx, m.group("y"))
    spec = m.group("day") or m.group("per") or ""
    rel = m.group("rel")
    if rel is not None:
        md = ctx.meeting()
        shift = {"本": 0, "当": 0, "这个": 0, "下": 1, "下个": 1, "次": 1, "上": -1, "上个": -1}[rel]
        base = date(md.year, md.month, 1) + relativedelta(months=shift)
        return _day_in_month(base.year, base.month, spec)
    mon = int(m.group("mon"))
    if not 1 <= mon <= 12:
        raise _Unresolved(IMPOSSIBLE_DATE)
    after = m.string[m.end() : m.end() + 2]
    if not spec and after.startswith(("前", "之前", "以前")):
        # 3月前 = before March begins: the last day of February.
        def build(y: int) -> date:
            return date(y, mon, 1) - timedelta(days=1)
    else:

        def build(y: int) -> date:
            return _day_in_month(y, mon, spec)

    if year is None and spec.isdigit():
        _make(2000, mon, int(spec))  # 2月30日 is impossible in any year (2000 is leap)
    return _rollover(ctx, year, build)


def _resolve_period(ctx: _Ctx, m: re.Match[str]) -> date:
    year = _year_of(ctx, m.group("y"))
    h = m.group("h")
    if m.group("q"):
        q = int(m.group("q"))
        return _rollover(ctx, year, lambda y: _eom(y, 3 * q))
    if h in ("上半年", "年中"):
        return _rollover(ctx, year, lambda y: date(y, 6, 30))
    # 下半年, 年底, 年末, 年内, 全年, 今年底 ...
    return _rollover(ctx, year, lambda y: date(y, 12, 31))


def _resolve_weekday(ctx: _Ctx, prefix: str | None, dch: str) -> date:
    md = ctx.meeting()
    wd = 6 if dch in ("日", "天", "7") else int(dch) - 1
    monday = md - timedelta(days=md.weekday())
    if prefix in ("本", "这", "当"):
        return monday + timedelta(days=wd)
    if prefix in ("下", "下个"):
        return monday + timedelta(days=7 + wd)
    if prefix == "下下":
        return monday + timedelta(days=14 + wd)
    return md + timedelta(days=(wd - md.weekday()) % 7)  # the next such day, today included


def _resolve_week_end(ctx: _Ctx, prefix: str | None) -> date:
    md = ctx.meeting()
    sunday = md + timedelta(days=6 - md.weekday())
    extra = {"下": 7, "下个": 7, "下下": 14}.get(prefix or "", 0)
    return sunday + timedelta(days=extra)


def _apply_duration(ctx: _Ctx, base: date, s: str) -> date:
    m = _RX_DURATION.search(s)
    if not m:
        raise _Unresolved("认不出的期限")
    if m.group("half"):
        return base + timedelta(days=15)
    unit = m.group("unit").lstrip("个")
    n = int(m.group("n"))
    if n > 100000:
        raise _Unresolved("期限过长")
    try:
        if unit in ("天", "日"):
            return base + timedelta(days=n)
        if unit in ("周", "星期", "礼拜"):
            return base + timedelta(days=7 * n)
        if unit == "半月":  # N个半月
            return base + relativedelta(months=n) + timedelta(days=15)
        if unit == "月":
            return base + relativedelta(months=n)
        if unit == "年":
            return base + relativedelta(years=n)
        if unit == "小时":
            return base + timedelta(days=-(-n // 24))
    except (OverflowError, ValueError) as exc:
        raise _Unresolved("日期超出范围") from exc
    raise _Unresolved("认不出的期限")


def resolve_deadline(phrase: str, meeting_date: date | None, calendar: WorkCalendar | None = None) -> Deadline:
    """Resolve a time phrase against the meeting date; never raises."""
    if not isinstance(phrase, str):
        phrase = "" if phrase is None else str(phrase)
    ctx = _Ctx(meeting_date, calendar or DEFAULT_CALENDAR)
    try:
        s = _normalise(phrase)
        if not s:
            return Deadline(phrase, "none")
        d = _resolve_core(s, ctx)
    except _Unresolved as exc:
        return Deadline(phrase, "unresolved", None, tuple(ctx.warnings) + (str(exc),))
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        # Out-of-range arithmetic on odd input: keep the phrase for a person to fill in.
        return Deadline(phrase, "unresolved", None, tuple(ctx.warnings) + (f"无法推算：{exc}",))
    if d is None:
        return Deadline(phrase, "none", None, tuple(ctx.warnings))
    return Deadline(phrase, "date", d, tuple(ctx.warnings))


# ---------------------------------------------------------------------------
# Finding phrases in running text
# ---------------------------------------------------------------------------

# Length-preserving fold of full-width ASCII so spans stay valid in the original.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000]")


def _fold(text: str) -> str:
    """`text.translate(_FOLD)`: a sentence holds a few distinct full-width marks (，：（）),
    each replaced in one pass, which is several times faster than a per-character table."""
    for ch in set(_FOLDABLE.findall(text)):
        text = text.replace(ch, chr(_FOLD[ord(ch)]))
    return text


# The phrase shapes are data: the `target = "find"` rules of extract/data/deadlines.toml, one
# named alternative each (the name is the phrase's kind), tried in file order at each position.
_RULE_FILE = "deadlines.toml"
_FIND_RULES = tuple(r for r in lexicon.rules(_RULE_FILE) if r.target == "find")
_FIND_SPECS = {spec["name"]: spec for spec in lexicon.table(_RULE_FILE).get("rule", []) if spec.get("target") == "find"}
# The phrase kept of a range (`keep = "last"`): its end.
_KEEP_LAST = frozenset(n for n, spec in _FIND_SPECS.items() if spec.get("keep") == "last")
# Every alternative starts with one of these characters (after folding full-width ASCII):
# a lookahead on this class rejects most positions before the alternation runs.
FIND_FIRST_CHARS: str = lexicon.table(_RULE_FILE)["finder"]["first_chars"]
_FIND_RX = re.compile(
    rf"(?=[{FIND_FIRST_CHARS}])(?:" + named_alternation([(r.name, r.regex.pattern) for r in _FIND_RULES]) + ")"
)

_GUARD_PREV = "每逐"
# 汛前 limits an action when it opens a clause or follows a modal: 汛前全部修复, 要在汛期前完成.
_FLOOD_PREV = frozenset("，。；：,;:、\n 在于须应并")
_FLOOD_PREV_WORDS = ("要", "必须", "务必", "确保", "力争", "争取", "需")  # 每月底前 is recurring: no deadline


# A bare period or year (一季度, 下半年, 今年) names *when* something happens; it limits a
# task only when the clause after it orders or plans one. It is narrative when the clause
# reports (一季度全县共签约项目23个, 一季度完成投资12亿元、同比增长8%, 上半年已完成…),
# judges (一季度我们开局总体较好), states what the period holds (下半年有国庆等重大节点)
# or only urges effort (今年要在“紧密”上下功夫); see _NARRATIVE_STATE for descriptions.
_BARE_PERIOD = re.compile(r"^(?:[今明本]年度?)?(?:上半年|下半年|第?[一二三四1-4]季度)$|^[今明]年$")
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n]")
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")
_NARRATIVE_OPEN = re.compile(
    r"^(?:我们|我[县市区省镇]|全[县市区省镇])?(?:有|是|为|以来|开局|总体|整体|势头|形势|面临|迎来|将迎来|共|累计|先后)"
)
# …or describes the period: 下半年节假日较多, 一季度汛情偏重
_NARRATIVE_STATE = re.compile(
    r"^[^要须应]{0,10}?(?:较多|较少|偏多|偏少|偏重|偏轻|较好|良好|较大|较重|繁重|频繁|集中|密集|复杂|严峻|突出|平稳|增多|"
    r"多发|高发|易发|频发|叠加|交织)$"
)
_NARRATIVE_CLAUSE = re.compile(r"已|(?<![为除])了(?!解)|上下功夫|下功夫|下足功夫|下大力气|下苦功|做文章|花力气")
_STATISTIC = re.compile(r"同比|环比|增长|下降|累计|共计|占比|[0-9.]+\s*(?:亿|万)?元|[0-9.]+\s*[%％]|百分点")
_GOAL = re.compile(r"要|须|务必|确保|力争|争取|目标|计划|预计|力求")


def _narrative_period(text: str, start: int, end: int) -> bool:
    m = _CLAUSE_END.search(text, end)
    if m is not None and m.start() == end:  # 上半年，全县经济运行总体平稳: the clause after the comma
        m = _CLAUSE_END.search(text, end + 1)
        clause = text[end + 1 : m.start() if m else len(text)]
    else:
        clause = text[end : m.start() if m else len(text)]
    if _NARRATIVE_OPEN.match(clause) or _NARRATIVE_STATE.match(clause) or _NARRATIVE_CLAUSE.search(clause):
        return True
    # Figures reported before any order or plan word (力争上半年完成投资5亿元 plans them).
    a = max(text.rfind(c, 0, start) for c in "，。；！？,;!?\n") + 1
    if _GOAL.search(text, a, start):
        return False
    m = _SENTENCE_END.search(text, end)
    rest = text[end : m.start() if m else len(text)]
    g = _GOAL.search(rest)
    return bool(_STATISTIC.search(rest, 0, g.start() if g else len(rest)))


def _ok(text: str, start: int, kind: str | None, end: int | None = None) -> bool:
    prev = text[max(0, start - 2) : start]
    if kind != "recurring" and any(c in _GUARD_PREV for c in prev):
        return False
    if kind == "thisyear" and text[start + 2 : start + 4] == "以来":
        return False
    if kind in ("period",) and prev[-1:] in ("去", "上", "前", "往"):
        return False
    if kind in ("flood", "event") and prev and prev[-1:] not in _FLOOD_PREV and not prev.endswith(_FLOOD_PREV_WORDS):
        return False  # 做好汛前准备工作 / 做好节日前安全检查: a kind of work, not a limit
    if kind in ("period", "thisyear") and end is not None and _BARE_PERIOD.match(text[start:end]):
        return not _narrative_period(text, start, end)
    if kind == "month_range" and end is not None:
        return not _narrative_period(text, start, end)  # 1-6月，全市共完成投资…
    return True


_EVENT_KINDS = frozenset(("dur", "half", "hours"))
# Where an event before `后` begins: after a clause mark or a preposition/modal
# (要在监测结束后一个月内 → 监测结束后一个月内; ，接到移送后15个工作日内 → 接到移送后…).
_EVENT_STOP = frozenset('，。；：！？,.;:!?、\n “”"在于要应须将并且自从即均需和或等的')
_EVENT_MAX = 10


def _event_start(text: str, hou: int) -> int:
    """Start of the event phrase ending at `text[hou] == '后'`; `hou + 1` when there is none."""
    i = hou
    while i > 0 and hou - i < _EVENT_MAX and text[i - 1] not in _EVENT_STOP and "\u4e00" <= text[i - 1] <= "\u9fff":
        i -= 1
    if hou - i < 2 or (i > 0 and text[i - 1] not in _EVENT_STOP):
        return hou + 1  # no event, or one too long to tell where it begins: the bare limit
    return i


class FoundLimit(NamedTuple):
    """A time-limit phrase found in running text.

    `phrase` is verbatim at `text[start:end]`; `kind` names the finder rule that matched it
    (extract/data/deadlines.toml); `resolvable` is what `resolve_deadline` should read: the
    phrase with what the writer left implicit restored (the month of a range's end, 日 after
    a bare day, 月 of a month.day date), or the last date of a list."""

    phrase: str
    start: int
    end: int
    kind: str
    resolvable: str


def find_limits(text: str) -> list[FoundLimit]:
    """Time-limit phrases in `text`, in order, with the rule that found each."""
    if not isinstance(text, str) or not text:
        return []
    folded = _fold(text)
    out: list[FoundLimit] = []
    pos = 0
    n = len(folded)
    while pos <= n:
        m = _FIND_RX.search(folded, pos)
        if m is None:
            break
        s, e = m.span()
        kind = m.lastgroup or ""
        if e > s and _ok(folded, s, kind, e):
            if kind in _EVENT_KINDS and s > 1 and folded[s - 1] == "后":
                s = _event_start(folded, s - 1)
            whole = folded[s:e]
            ks = s
            if kind in _KEEP_LAST:
                ks = s + _range_end(whole)
            part = folded[ks:e]
            out.append(FoundLimit(text[ks:e], ks, e, kind, _resolvable(part, whole)))
            pos = e
        else:
            pos = s + 1
    return out


def find_deadline_phrases(text: str) -> list[tuple[str, int, int]]:
    """Time-limit phrases in `text`, in order: (verbatim phrase, start, end)."""
    return [(f.phrase, f.start, f.end) for f in find_limits(text)]


def first_deadline_phrase(text: str) -> tuple[str, int, int] | None:
    found = find_deadline_phrases(text)
    return found[0] if found else None


# A range's connector; where the writer's dash was lost (5月8日13日), the last day begins the end.
_RANGE_CONNECTOR = re.compile(r"(?:至|到|~|～|—|–|－|-)\s*")
_LIST_CONNECTOR = re.compile(r"(?:和|及|与|、|或)\s*")
_DATE_LIST = lexicon.rx(
    r"(?:{:year_word})?(?:{:month_word})?\s*(?:{:day_word})(?:\s*(?:和|及|与|、|或)\s*(?:{:month_word})?\s*(?:{:day_word}))+"
)
_FIND_DAY = lexicon.rx(r"(?:{:number})\s*[日号]")
_FIND_MONTH = lexicon.rx(r"(?:{:year_word})?(?:{:number})\s*月")
_FIND_YEAR = lexicon.rx(r"(?:{:year_word})")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})")
_DAMAGED_MONTH = re.compile(r"(?<![0-9])(\d{1,2})\s*-(?=[初底末上中下])")
_BARE_DAY_BEFORE = re.compile(
    r"月\s*(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*(?=之前|以前|前)"
)


def _range_end(whole: str) -> int:
    """Offset in `whole` where a range's end begins."""
    last = None
    for c in _RANGE_CONNECTOR.finditer(whole):
        if c.start() > 0 and c.end() < len(whole):
            last = c
    if last is not None:
        return last.end()
    days = list(_FIND_DAY.finditer(whole))
    return days[-1].start() if len(days) > 1 else 0


def _list_end(whole: str) -> int:
    last = None
    for c in _LIST_CONNECTOR.finditer(whole):
        last = c
    return last.end() if last is not None else 0


def restore_phrase(phrase: str) -> str:
    """A limit phrase with what its writer or a site left out put back, so the resolver can
    read it: `6.30` → `6月30日`, `4-初` (a site lost 月) → `4月初`, `9月20前` → `9月20日前`,
    `次日` → `1天内`. Anything else is returned unchanged."""
    out = _fold(phrase)
    d = _DOTTED.match(out)
    if d:
        out = f"{d.group(1)}月{d.group(2)}日" + out[d.end() :]
    elif "-" in out:
        out = _DAMAGED_MONTH.sub(r"\1月", out)
    if "月" in out and "前" in out:
        out = _BARE_DAY_BEFORE.sub(r"月\1日", out)
    if out == "次日":
        out = "1天内"
    if _DATE_LIST.fullmatch(out):  # 9月29日和9月30日: the last day, in the month last named
        months = list(_FIND_MONTH.finditer(out))
        tail = out[_list_end(out) :]
        if "月" not in tail and months:
            tail = months[-1].group(0) + tail
        out = tail
    return out if out != _fold(phrase) else phrase


def _resolvable(part: str, whole: str) -> str:
    """`part` (a phrase, or the end of the range or list `whole`) as the resolver should
    read it: restored, with the month and year of a range's start carried to its end
    (`5月8日—13日` → `5月13日`, `2026年6月至9月` → `2026年9月`)."""
    out = restore_phrase(part)
    if part is not whole and "月" not in out and _FIND_DAY.match(out):
        head = _FIND_MONTH.search(whole)
        if head:
            out = head.group(0) + out
    if part is not whole and not _FIND_YEAR.search(out):
        y = _FIND_YEAR.match(whole)
        if y:
            out = y.group(0) + out
    return out
