"""extract(): fixtures in several domains, spans into the original, Traditional
script, meeting date / year / deadlines, and properties on arbitrary text."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from tasktui.extract import EXTRACTOR_FAILED, extract
from tasktui.extract.textio import read_speech_file

SPEECHES = FIXTURES / "speeches"


def _load(name: str) -> str:
    return read_speech_file(SPEECHES / name)


@pytest.mark.parametrize("name", sorted(p.name for p in SPEECHES.glob("*.txt")))
def test_spans_point_into_original(name: str) -> None:
    text = _load(name)
    ex = extract(text)
    assert ex.items, name
    assert ex.text == text
    for it in ex.items:
        s, e = it.span
        assert 0 <= s < e <= len(text)
        assert text[s:e].startswith(it.marker), (it.id, text[s : s + 10])
        assert it.text and it.text in text[s:e].replace("\n", "")


def test_safety_speech() -> None:
    ex = extract(_load("safety_production.txt"))
    assert ex.title == "在全县安全生产工作会议上的讲话"
    assert ex.meeting_date == date(2024, 3, 12) and ex.year == 2024
    by_id = {it.id: it for it in ex.items}
    assert [by_id[i].kind for i in ("1.1", "1.2", "2.1", "2.2", "3.1")] == [
        "review",
        "review",
        "problem",
        "problem",
        "directive",
    ]
    assert by_id["3.2.1"].marker == "1." and by_id["3.2.1"].parent_id == "3.2"
    assert by_id["3.1"].owners == ["各乡镇、各有关部门", "县应急管理局"]
    assert by_id["3.1"].units == ["乡镇（街道）", "相关部门", "应急管理局"]
    assert by_id["3.1"].deadline_phrase == "3月底前"
    assert by_id["3.1"].deadline is not None and by_id["3.1"].deadline.date == date(2024, 3, 31)
    assert by_id["3.2.2"].units == ["交通运输局", "公安局"]
    assert by_id["3.2.2"].deadline_phrase == "6月30日前"
    assert "3.4" not in by_id  # 第一时间 / 第一责任人 are prose


def test_flood_speech_inline_points_and_owner_lists() -> None:
    ex = extract(_load("flood_control.txt"))
    by_id = {it.id: it for it in ex.items}
    assert [by_id[i].marker for i in ("1.1", "1.2", "1.3")] == ["一要", "二要", "三要"]
    assert by_id["1.1"].text == "始终绷紧防汛这根弦"
    assert by_id["1"].owners == ["各县（市、区）"]
    assert by_id["2.3"].owners == ["市住建局、城管局"] and by_id["2.3"].units == ["住建局", "城管局"]
    assert by_id["3"].deadline_phrase == "一周内"


def test_petition_speech_deadlines_resolve_against_found_date() -> None:
    ex = extract(_load("petitions.txt"))
    assert ex.meeting_date == date(2023, 9, 5)
    by_id = {it.id: it for it in ex.items}
    assert [by_id[i].kind for i in ("1.1", "1.2", "1.3")] == ["review"] * 3
    assert by_id["3.1"].deadline_phrase == "国庆节前"
    assert by_id["3.2"].deadline_phrase == "年底前"
    assert by_id["3.2"].deadline is not None and by_id["3.2"].deadline.date == date(2023, 12, 31)


def test_meeting_date_argument_wins() -> None:
    ex = extract(_load("petitions.txt"), meeting_date=date(2024, 1, 2))
    assert ex.meeting_date == date(2024, 1, 2) and ex.year == 2024


def test_environment_speech_circled_points() -> None:
    ex = extract(_load("environment_inspection.txt"))
    by_id = {it.id: it for it in ex.items}
    assert by_id["2"].kind == "problem" and by_id["1"].kind == "review"
    assert [by_id[f"3.2.{k}"].marker for k in (1, 2, 3)] == ["①", "②", "③"]
    assert by_id["3.2.3"].owners == ["各街道"]


def test_traditional_script_matches_simplified_rules() -> None:
    text = _load("rectification_trad.txt")
    ex = extract(text)
    by_id = {it.id: it for it in ex.items}
    assert [it.id for it in ex.items] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3"]
    assert by_id["2.1"].owners == ["區財政局、審計局"]  # verbatim, original script
    assert by_id["2.1"].units == ["财政局", "审计局"]
    assert by_id["2.1"].deadline_phrase == "兩個月內"
    assert by_id["3"].units == ["纪委监委"]
    for it in ex.items:
        assert text[it.span[0] :].startswith(it.marker)


def test_to_json_shape() -> None:
    data = extract(_load("safety_production.txt")).to_json()
    assert set(data) == {"title", "meeting_date", "year", "genre", "items", "warnings"}
    assert data["genre"] == "speech"
    assert data["items"][0]["id"] == "1"
    assert data["items"][0]["rules"]["kind"]  # the named cues behind the kind


@pytest.mark.parametrize("text", ["", " ", "\n\n", "一、", "（一）", "一要", "1.", "①②③", "\x00", "一、\n二、\n"])
def test_degenerate_inputs(text: str) -> None:
    ex = extract(text)
    for it in ex.items:
        assert 0 <= it.span[0] <= it.span[1] <= len(text)


_ALPHABET = st.sampled_from(
    list(
        "一二三四五六七八九十、（）()第，,。；：！?要是其①②1234567890.．各局委办区县乡镇街道部门要务必前内底年月日 \n\t\u3000X*abc國會議"
    )
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=300).map("".join))
def test_never_raises_and_spans_in_range_on_marker_soup(text: str) -> None:
    ex = extract(text)
    assert isinstance(ex.warnings, list)
    assert not any(w.startswith(EXTRACTOR_FAILED) for w in ex.warnings), ex.warnings
    for it in ex.items:
        assert 0 <= it.span[0] <= it.span[1] <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    ex = extract(text)
    assert not any(w.startswith(EXTRACTOR_FAILED) for w in ex.warnings), ex.warnings
    for it in ex.items:
        assert 0 <= it.span[0] <= it.span[1] <= len(text)


def _deadlines(text: str) -> dict[str, str | None]:
    return {it.id: it.deadline_phrase for it in extract(text, meeting_date=date(2026, 3, 10)).items}


def test_labelled_fields_give_owner_and_deadline() -> None:
    text = (
        "一、抓好整改清单落实\n"
        "1.规范公车管理。对发现的问题立行立改。责任单位：区机关事务局、区纪委监委；完成时限：6月15日前。\n"
        "2.健全长效机制。责任单位：各责任单位；完成时限：长期坚持。\n"
    )
    items = {it.id: it for it in extract(text, meeting_date=date(2026, 3, 10)).items}
    assert items["1.1"].owners == ["区机关事务局、区纪委监委"]
    assert items["1.1"].deadline_phrase == "6月15日前"
    assert items["1.1"].deadline is not None and items["1.1"].deadline.date == date(2026, 6, 15)
    assert items["1.2"].owners == ["各责任单位"] and items["1.2"].deadline_phrase == "长期坚持"
    assert items["1.2"].deadline is not None and items["1.2"].deadline.status == "none"


def test_first_limit_wins_and_narrative_periods_are_no_limit() -> None:
    text = (
        "一、抓好年度重点任务\n"
        "一要推进园区扩容。县发改局牵头，上半年拿出扩容方案，10月底前全部完成审批。\n"
        "二要加快项目建设。一季度我们各项指标开局较好，但部分项目进度滞后，要倒排工期。\n"
        "三要稳住投资。一季度完成固定资产投资8.2亿元，同比增长6%，各乡镇要再加力。\n"
        "四要深化改革。改革是发展的关键一招，今年要在“放管服”上下功夫。\n"
        "五要办好民生实事。今年要在全县建成10个养老服务站。\n"
        "六要做好节点安排。下半年有国庆等重大节点，各乡镇要在国庆节前完成排查。\n"
    )
    d = _deadlines(text)
    assert d["1.1"] == "上半年"  # the first limit, even before a dated one
    assert d["1.2"] is None  # an evaluation of the quarter
    assert d["1.3"] is None  # statistics achieved in the quarter
    assert d["1.4"] is None  # a general statement of effort
    assert d["1.5"] == "今年"
    assert d["1.6"] == "国庆节前"  # 下半年有…: what the period holds


def test_agenda_point_names_no_owner() -> None:
    text = (
        "同志们：\n今天会议有两项议程：一是市交通运输局通报春运准备情况；二是我讲几点意见。\n"
        "下面，我讲两点意见。\n一、压实春运安全责任\n市交通运输局要牵头抓总。\n二、做好应急保障\n各区要备足物资。\n"
    )
    items = extract(text).items
    assert [it.kind for it in items[:2]] == ["other", "other"]
    assert items[0].owners == []
    assert items[2].kind == "directive" and items[2].owners == ["市交通运输局"]


def test_dated_limit_preferred_over_period_start_and_immediacy() -> None:
    text = (
        "一、做好重点时段工作\n"
        "一要抓好节日值守。下半年节假日较多，各街道要提前排查，中秋节前完成一轮排查。\n"
        "二要严格整改。发现问题立行立改，区城管局要在8月底前完成复查。\n"
        "三要做到即知即改、立行立改、全面整改。\n"
        "四要开展集中整治。即日起在全区开展为期两个月的整治。\n"
    )
    d = _deadlines(text)
    assert d["1.1"] == "中秋节前"
    assert d["1.2"] == "8月底前"
    assert d["1.3"] is None
    assert d["1.4"] is None  # 即日起 is a start point, not a limit (gold conventions)


def test_review_items_carry_no_deadline() -> None:
    text = (
        "一、今年工作取得明显成效\n一是审批提速。企业开办压缩至1个工作日以内。\n二是服务优化。\n"
        "二、下一步工作\n一要压缩审批时限，两周内出台清单。\n二要优化服务。\n"
    )
    d = _deadlines(text)
    assert d["1.1"] is None
    assert d["2.1"] == "两周内"


def test_title_skips_site_header_and_year_prefers_the_planning_year() -> None:
    text = (
        "首页 > 公文中心 > 讲话稿\n在全区河湖长制工作会议上的讲话_讲话稿_公文网\n发布时间:2025-02-11 09:30  浏览:88次\n\n"
        "在全区河湖长制工作会议上的讲话\n同志们：\n今天召开会议，总结2024年河湖长制工作，部署2025年重点任务。2024年，全区河湖面貌明显改善。\n"
        "一、压实河湖长责任\n各级河长要每月巡河一次。\n二、推进系统治理\n区水务局要在汛前完成清淤。\n"
    )
    ex = extract(text)
    assert ex.title == "在全区河湖长制工作会议上的讲话"
    assert ex.year == 2025


def test_title_from_document_download_header() -> None:
    text = (
        "文档信息\n在全市秸秆禁烧工作会议上的讲话.doc\n上传者:ab***12    上传时间:2025-03-01    页数:4页\n文档预览(前4页)\n—第1页—\n\n"
        "在全市秸秆禁烧工作会议上的讲话\n同志们：\n一、提高认识\n要高度重视。\n二、狠抓落实\n要严格巡查。\n"
    )
    assert extract(text).title == "在全市秸秆禁烧工作会议上的讲话"
