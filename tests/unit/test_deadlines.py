"""Deadline phrases: resolution table (tests/data/deadline_cases.tsv), forms, finder."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from helpers import DATA, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from tasktui.extract.deadlines import (
    IMPOSSIBLE_DATE,
    NO_MEETING_DATE,
    find_deadline_phrases,
    first_deadline_phrase,
    resolve_deadline,
)
from tasktui.extract.types import Deadline
from tasktui.extract.workdays import CC_MAX_YEAR, WorkCalendar

CASES = DATA / "deadline_cases.tsv"


def _load_cases() -> list[tuple[str, str, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["phrase"], r["meeting_date"], r["expected"], r["note"]) for r in rows]


def _md(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize(("phrase", "meeting", "expected", "note"), _load_cases())
def test_case_table(phrase: str, meeting: str, expected: str, note: str) -> None:
    got = resolve_deadline(phrase, _md(meeting))
    assert got.cli_value == expected, f"{phrase!r} @ {meeting}: {note}; warnings={got.warnings}"


def test_case_table_is_broad() -> None:
    rows = _load_cases()
    assert len(rows) >= 150
    assert {r[2] for r in rows} >= {"UNRESOLVED", "NONE"}


# ---------------------------------------------------------------- per form

MD = date(2026, 3, 10)  # a Tuesday


def _v(phrase: str, md: date | None = MD) -> str:
    return resolve_deadline(phrase, md).cli_value


def test_returns_deadline_with_phrase_kept() -> None:
    d = resolve_deadline("X月底前", MD)
    assert isinstance(d, Deadline)
    assert d.phrase == "X月底前" and d.status == "unresolved" and d.date is None


def test_month_end_and_rollover() -> None:
    assert _v("3月底前") == "2026-03-31"
    assert _v("2月底前") == "2027-02-28"  # already past: next year
    assert _v("2026年2月底前") == "2026-02-28"  # explicit year: literal, born overdue


def test_relative_durations() -> None:
    assert _v("10天内") == "2026-03-20"
    assert _v("两周内") == "2026-03-24"
    assert _v("半个月内") == "2026-03-25"
    assert _v("一个月内", date(2026, 1, 31)) == "2026-02-28"  # clamped to month end
    assert _v("1个月内", date(2024, 1, 31)) == "2024-02-29"


def test_workdays_cross_holiday() -> None:
    assert _v("5个工作日内", date(2026, 9, 28)) == "2026-10-10"


def test_weeks_run_monday_to_sunday() -> None:
    assert _v("本周内") == "2026-03-15"
    assert _v("本周五前") == "2026-03-13"
    assert _v("下周一前") == "2026-03-16"
    assert _v("下周内") == "2026-03-22"


def test_holidays() -> None:
    assert _v("清明节前") == "2026-04-03"
    assert _v("年前", date(2025, 1, 20)) == "2025-01-27"
    assert _v("国庆节前", date(2026, 9, 1)) == "2026-09-30"


def test_none_and_placeholders() -> None:
    assert _v("尽快") == "NONE"
    assert _v("长期坚持") == "NONE"
    assert _v("X月X日起") == "NONE"  # starting point wins over the placeholder
    assert _v("开学后*天内") == "UNRESOLVED"
    assert _v("20XX年底前") == "UNRESOLVED"


def test_impossible_date_warns() -> None:
    d = resolve_deadline("2月30日前", MD)
    assert d.status == "unresolved" and IMPOSSIBLE_DATE in d.warnings


def test_no_meeting_date() -> None:
    d = resolve_deadline("3月底前", None)
    assert d.status == "unresolved" and NO_MEETING_DATE in d.warnings
    assert _v("2026年3月底前", None) == "2026-03-31"  # computable without it


def test_fallback_year_warns() -> None:
    d = resolve_deadline("5个工作日内", date(CC_MAX_YEAR + 1, 3, 1))
    assert d.status == "date" and d.warnings


def test_custom_calendar_is_used() -> None:
    year = CC_MAX_YEAR + 1
    cal = WorkCalendar(extra_holidays={date(year, 3, 2)})  # a Tuesday off
    d = resolve_deadline("1个工作日内", date(year, 3, 1), cal)
    assert d.date == date(year, 3, 3) and d.warnings == ()


def test_full_width_input() -> None:
    assert _v("６月３０日前") == "2026-06-30"
    assert _v("５ 个工作日内") == "2026-03-17"


# ---------------------------------------------------------------- finder

FIND_POSITIVE = [
    ("各县要在3月底前完成自查。", "3月底前"),
    ("整改方案务必于X月底前报送。", "X月底前"),
    ("发现问题的，一周内整改到位。", "一周内"),
    ("确保年底前全部完工。", "年底前"),
    ("学校应在开学后*天内上报名单。", "开学后*天内"),
    ("请在5个工作日内反馈意见。", "5个工作日内"),
    ("材料本周五前交到办公室。", "本周五前"),
    ("危房改造清明节前必须开工。", "清明节前"),
    ("上半年要完成设备招标。", "上半年"),
    ("项目于6月30日前完成验收。", "6月30日前"),
    ("2026年3月底前全面建成。", "2026年3月底前"),
    ("２０２６年３月底前全面建成。", "２０２６年３月底前"),
    ("力争第三季度投入使用。", "第三季度"),
    ("确保年底能够通过评估。", "年底"),
    ("今年要在全县推开试点。", "今年"),
    ("请下周一前报送名单。", "下周一前"),
    ("两周内拿出方案。", "两周内"),
    ("一个月内完成排查。", "一个月内"),
    ("3至5个工作日内办结。", "3至5个工作日内"),
    ("五一前完成主体工程。", "五一前"),
    ("要在年前把工资发到位。", "年前"),
    ("10月中旬前完成复查。", "10月中旬前"),
    ("本月底前报送总结。", "本月底前"),
    ("下月10日前报送台账。", "下月10日前"),
    ("秋季开学前完成维修。", "秋季开学前"),
    ("截至6月30日完成全部任务。", "截至6月30日"),
    ("截至2026年6月30日，要完成全部任务。", "截至2026年6月30日"),
    ("上半年，要完成方案编制。", "上半年"),
    ("今年底前实现全覆盖。", "今年底前"),
    ("发现一起，立行立改。", "立行立改"),
    ("半个月内完成整改。", "半个月内"),
    ("受损堤防，汛期前全部修复。", "汛期前"),
    ("各水库要在汛前完成除险加固。", "汛前"),
    ("接到暴雨预警后3小时内完成转移。", "接到暴雨预警后3小时内"),
    ("即日起至10月31日，实行24小时值班。", "10月31日"),  # a range gives its end
    ("即日起，对违规工地一律停工。", "即日起"),
    ("这项制度要长期坚持。", "长期坚持"),
    ("一季度完成全部选址，二季度开工建设。", "一季度"),
    ("力争上半年完成投资5亿元。", "上半年"),
    ("下半年要集中开展一轮专项检查。", "下半年"),
    ("汛期前，各水库要完成除险加固。", "汛期前"),
    ("各校要在开学第一周开展一次安全演练。", "开学第一周"),
    ("教育部门要在寒假前组织一次消防演练。", "寒假前"),
    ("今年暑假前完成全部校舍维修。", "今年暑假前"),
    ("暑期前要完成教师轮训。", "暑期前"),
    ("区水务局要在检测结束后10日内形成报告。", "检测结束后10日内"),
    ("，接到转办后5个工作日内答复。", "接到转办后5个工作日内"),
    ("各承办单位要在收到交办件后两个月内办结。", "收到交办件后两个月内"),
    # A recurring limit is found (limits.py keeps it as the item's reporting cadence).
    ("每月底前报送一次进展情况。", "每月底前"),
    # A date a qualifier narrows is the date, not a span (第一个工作日 is an ordinal).
    ("10月8日第一个工作日，各科室报送值班表。", "10月8日"),
    ("3月2日当天，各村要完成清扫。", "3月2日"),
]


@pytest.mark.parametrize(("text", "phrase"), FIND_POSITIVE)
def test_finder_finds(text: str, phrase: str) -> None:
    found = find_deadline_phrases(text)
    assert phrase in [p for p, _, _ in found], found
    for p, s, e in found:
        assert text[s:e] == p


FIND_NEGATIVE = [
    "近年来，我市教育事业取得长足进步。",
    "过去一年，全体教师辛勤工作。",
    "这是2022年第二次全市教育工作会议。",
    "下面，我讲三个方面的意见。",
    "全省12个州市都派人参加了会议。",
    "认真学习贯彻党的二十大精神。",
    "每年都要开展一次督导。",
    "今年以来，各地认真落实部署。",
    "要确保适龄儿童少年底数清、情况明。",
    "去年底，全市已建成标准化学校一百所。",
    "多年前这里还是一片荒地。",
    "各校要长期坚持、常态化开展安全教育。",
    "要扎实做好汛前各项准备工作。",
    "全面开展汛前隐患排查。",
    "一季度全区共签约项目12个，协议总投资40亿元。",
    "一季度完成工业投资9.5亿元，同比增长7.2%。",
    "上半年我们开局总体平稳。",
    "上半年，全县经济运行总体平稳。",
    "下半年有中秋、国庆两个长假。",
    "下半年汛情偏重。",
    "上半年已完成全年任务的六成。",
    "今年要在提质增效上下功夫。",
    "汛前准备是防汛工作的基础。",
    "暑假期间学生安全要格外重视。",
    "节后第一个工作日召开全体会议。",  # an ordinal day, not one working day
]


@pytest.mark.parametrize("text", FIND_NEGATIVE)
def test_finder_ignores_prose(text: str) -> None:
    assert find_deadline_phrases(text) == []


def test_finder_order_and_first() -> None:
    text = "一周内摸清底数，3月底前完成整改，年底前通过验收。"
    found = find_deadline_phrases(text)
    assert [p for p, _, _ in found] == ["一周内", "3月底前", "年底前"]
    assert [s for _, s, _ in found] == sorted(s for _, s, _ in found)
    assert first_deadline_phrase(text) == found[0]
    assert first_deadline_phrase("没有任何时间要求。") is None
    assert find_deadline_phrases("") == []


def test_found_phrases_resolve() -> None:
    text = "各地要在5月10日前完成摸排，开学后10天内报送名单，X月底前整改到位。"
    values = [resolve_deadline(p, date(2026, 3, 10)).cli_value for p, _, _ in find_deadline_phrases(text)]
    assert values == ["2026-05-10", "2026-09-11", "UNRESOLVED"]


# ---------------------------------------------------------------- properties

_TIME_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百廿半年月日号天周旬季度前内底末后起至到")
    + [
        "工作日",
        "个",
        "本",
        "下",
        "上",
        "X",
        "×",
        "*",
        "＊",
        "Ｘ",
        "开学",
        "清明",
        "春节",
        "国庆",
        "立即",
        "每",
        "长期",
        "-",
        " ",
        "\u3000",
        "，",
        "。",
        "周五",
        "第",
        "之前",
        "以内",
    ]
)
_TEXTS = st.one_of(st.text(max_size=40), st.lists(_TIME_ALPHABET, max_size=12).map("".join))
_DATES = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(phrase=_TEXTS, meeting=_DATES)
def test_resolve_never_raises(phrase: str, meeting: date | None) -> None:
    d = resolve_deadline(phrase, meeting)
    assert d.status in ("date", "unresolved", "none")
    assert (d.date is not None) == (d.status == "date")
    assert d.phrase == phrase


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS)
def test_find_spans_are_exact(text: str) -> None:
    prev_end = 0
    for phrase, s, e in find_deadline_phrases(text):
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == phrase
        assert s >= prev_end  # in order, non-overlapping
        prev_end = e


# ---------------------------------------------------------------- gold (optional)


def _gold_item_bodies() -> list[tuple[str, str, str, str]]:
    """(speech file, item id, deadline phrase, item text) for gold items with a deadline.

    An item's text runs from its heading to the next item's heading; headings are
    located by their first 8 characters, in reading order (whole speech if not found).
    """
    out = []
    for path in sorted((SHARED / "gold").glob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = data.get("source", path.name.removesuffix(".gold.json"))
        speech = (SHARED / "seeds" / source).read_text(encoding="utf-8")
        items = data.get("items", [])
        starts: list[int] = []
        cursor = 0
        for item in items:
            pos = speech.find(item["text"][:8], cursor)
            starts.append(pos)
            if pos >= 0:
                cursor = pos
        for i, item in enumerate(items):
            if not item.get("deadline"):
                continue
            start = starts[i]
            later = [p for p in starts[i + 1 :] if p > start]
            body = speech[start : later[0]] if start >= 0 and later else speech[max(start, 0) :]
            out.append((source, item["id"], item["deadline"], body))
    return out


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared (gold annotations) is absent")
def test_gold_deadline_phrases_are_found_in_their_items() -> None:
    items = _gold_item_bodies()
    if not items:
        pytest.skip("no gold item carries a deadline")
    missed = [
        (source, item_id, phrase)
        for source, item_id, phrase, body in items
        if phrase not in {p for p, _, _ in find_deadline_phrases(body)}
    ]
    assert not missed, f"gold deadline phrases not found in their items: {missed}"
