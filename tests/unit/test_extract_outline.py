"""Marker families, nesting, sequence checks, numbering warnings, prose numbers."""

from __future__ import annotations

import pytest

from tasktui.extract import extract


def _outline(text: str) -> list[tuple[str, str, str]]:
    return [(it.id, it.marker, it.text) for it in extract(text).items]


@pytest.mark.parametrize(
    "first,second",
    [
        ("一、", "二、"),
        ("一.", "二."),
        ("一．", "二．"),
        ("（一）", "（二）"),
        ("(一)", "(二)"),
        ("第一，", "第二，"),
        ("第一,", "第二,"),
        ("1.", "2."),
        ("1．", "2．"),
        ("1、", "2、"),
        ("（1）", "（2）"),
        ("①", "②"),
        ("一是", "二是"),
        ("一要", "二要"),
        ("其一，", "其二，"),
    ],
)
def test_each_family_at_line_start(first: str, second: str) -> None:
    text = f"关于防汛工作的讲话\n{first}加强组织领导。各乡镇要落实责任。\n{second}做好物资储备。\n"
    items = _outline(text)
    assert [(i, m) for i, m, _ in items] == [("1", first), ("2", second)]
    assert items[0][2] == "加强组织领导"


@pytest.mark.parametrize("a,b,c", [("一要", "二要", "三要"), ("一是", "二是", "三是"), ("①", "②", "③")])
def test_inline_family_after_sentence_end(a: str, b: str, c: str) -> None:
    text = (
        f"一、强化应急准备\n汛期将至，各地要心中有数。{a}完善预案体系。要细化措施。{b}加强值班值守；{c}做好物资调配。\n"
    )
    items = _outline(text)
    assert [(i, m, t) for i, m, t in items] == [
        ("1", "一、", "强化应急准备"),
        ("1.1", a, "完善预案体系"),
        ("1.2", b, "加强值班值守"),
        ("1.3", c, "做好物资调配"),
    ]


def test_comma_separated_points_in_one_sentence() -> None:
    items = _outline("一、提高认识\n一是绷紧思想之弦，二是压实工作责任，三是强化督导检查。\n")
    assert [t for _, _, t in items[1:]] == ["绷紧思想之弦", "压实工作责任", "强化督导检查"]


def test_yao_after_short_subject() -> None:
    items = _outline("一、巩固成果\n各地一要巩固整改成果。二要防止问题反弹。\n")
    assert [(i, m) for i, m, _ in items] == [("1", "一、"), ("1.1", "一要"), ("1.2", "二要")]


def test_three_level_nesting() -> None:
    text = (
        "一、总体要求\n（一）压实责任。第一，明确分工。一是建立清单；二是定期调度。第二，强化考核。\n"
        "（二）强化保障。\n二、重点任务\n（一）排查隐患。\n"
    )
    got = [(i, m) for i, m, _ in _outline(text)]
    assert got == [
        ("1", "一、"),
        ("1.1", "（一）"),
        ("1.1.1", "第一，"),
        ("1.1.1.1", "一是"),
        ("1.1.1.2", "二是"),
        ("1.1.2", "第二，"),
        ("1.2", "（二）"),
        ("2", "二、"),
        ("2.1", "（一）"),
    ]


def test_outer_family_after_preamble_list_pops() -> None:
    text = "近年来工作成效明显。\n一是投入加大。\n二是机制完善。\n下面，我讲两点意见。\n一、压实责任\n一是明确分工。二是强化考核。\n二、强化保障\n"
    got = [(i, m) for i, m, _ in _outline(text)]
    assert got == [("1", "一是"), ("2", "二是"), ("3", "一、"), ("3.1", "一是"), ("3.2", "二是"), ("4", "二、")]


def test_peer_inline_families_are_siblings() -> None:
    text = (
        "一、整改落实\n原因有以下几个方面：一是认识不到位。二是措施不到位。针对上述问题，一要强化整改。二要健全机制。\n"
    )
    got = [(i, m) for i, m, _ in _outline(text)]
    assert got == [("1", "一、"), ("1.1", "一是"), ("1.2", "二是"), ("1.3", "一要"), ("1.4", "二要")]


def test_repeated_and_skipped_numbers_warn_but_keep_items() -> None:
    text = "一、加强监管\n二要强化巡查。二要严格执法。三要公开曝光。\n三、强化保障\n"
    ex = extract(text)
    assert [it.id for it in ex.items] == ["1", "1.1", "1.2", "1.3", "2"]
    joined = " ".join(ex.warnings)
    assert "编号从 2 开始" in joined
    assert "编号重复" in joined
    assert "编号从 1 跳到 3" in joined


def test_prose_numbers_are_not_items() -> None:
    text = (
        "关于信访工作的讲话\n"
        "我讲三个方面。全市12个州市都要第一时间响应，第一书记和第一责任人要到位。"
        "学习贯彻二十大精神，做到一是一、二是二。统一要求，严格执行。"
        "其一，各县区也要提早谋划。一、二年级学生要注意安全。今年1.5亿元资金已到位。\n"
    )
    assert extract(text).items == []


def test_lone_inline_marker_is_prose_but_lone_section_counts() -> None:
    assert _outline("今年要统一思想。一要把握方向。\n") == []
    assert [m for _, m, _ in _outline("下面讲一点意见。一、聚焦重点任务。\n")] == ["一、"]


def test_heading_rules() -> None:
    items = extract("一、压实责任：各地要落实\n（一）强化监管！后文\n（二）做好保障；后文\n（三）完善机制\n").items
    assert [it.text for it in items] == ["压实责任", "强化监管", "做好保障", "完善机制"]


def test_heading_rejoined_across_page_number() -> None:
    filler = "同志们，今天召开全市防汛工作会议，主要是部署今年的防汛工作任务。" * 8
    text = (
        "关于防汛工作的讲话\n"
        + filler
        + "\n一、全面排查山洪灾害隐\n\n2、患点。各县区要建立台账。\n二、做好转移安置。\n"
    )
    items = extract(text).items
    assert items[0].text == "全面排查山洪灾害隐患点"


def test_ids_count_in_reading_order_not_marker_numbers() -> None:
    items = _outline("三、第一部分\n五、第二部分\n")
    assert [i for i, _, _ in items] == ["1", "2"]


def test_outer_family_nested_by_order_of_appearance() -> None:
    text = (
        "一、抓好重点工作\n"
        "一要完善制度。各单位要对照检查。\n"
        "二要加强巡查，具体做到：\n（1）每日巡查一次。\n（2）发现问题及时上报。\n"
        "三要强化考核。\n四要严格问责。\n"
        "二、加强组织领导\n"
    )
    items = _outline(text)
    assert [(i, m) for i, m, _ in items] == [
        ("1", "一、"),
        ("1.1", "一要"),
        ("1.2", "二要"),
        ("1.2.1", "（1）"),
        ("1.2.2", "（2）"),
        ("1.3", "三要"),
        ("1.4", "四要"),
        ("2", "二、"),
    ]


def test_inline_point_with_nested_list_and_no_colon_is_accepted() -> None:
    text = (
        "第一，抓好服务。\n"
        "一要提升办事效率。这是基础工作。重点做好三件事。\n（1）压缩办理时间。\n（2）推行帮办代办。\n"
        "二要强化保障。\n三要规范检查。\n第二，健全机制。\n"
    )
    items = _outline(text)
    assert [(i, m) for i, m, _ in items] == [
        ("1", "第一，"),
        ("1.1", "一要"),
        ("1.1.1", "（1）"),
        ("1.1.2", "（2）"),
        ("1.2", "二要"),
        ("1.3", "三要"),
        ("2", "第二，"),
    ]


def test_top_level_arabic_with_bracketed_chinese_inside() -> None:
    text = "1.做好排查\n（一）排查河道。\n（二）排查水库。\n2.做好转移\n（一）明确路线。\n（二）落实场所。\n"
    items = _outline(text)
    assert [(i, m) for i, m, _ in items] == [
        ("1", "1."),
        ("1.1", "（一）"),
        ("1.2", "（二）"),
        ("2", "2."),
        ("2.1", "（一）"),
        ("2.2", "（二）"),
    ]


def test_preamble_points_stay_outside_the_sections() -> None:
    text = (
        "同志们：\n一是产量稳步增长。二是质量明显提高。三是效益持续改善。下面，我讲两点意见。\n"
        "第一，要提高认识。\n第二，要狠抓落实。\n"
    )
    items = _outline(text)
    assert [(i, m) for i, m, _ in items] == [
        ("1", "一是"),
        ("2", "二是"),
        ("3", "三是"),
        ("4", "第一，"),
        ("5", "第二，"),
    ]


def test_section_heading_may_start_with_a_number_word() -> None:
    # 一、一季度… is a heading; 一、二年级 (the next numeral) stays a range.
    items = _outline("一、一季度全县文旅市场强劲复苏\n二、二季度要抓好安全生产\n三、四月份的工作\n")
    assert [m for _, m, _ in items] == ["一、", "二、"]
    assert extract("一、一季度全县文旅市场强劲复苏\n二、抓好旺季安全\n").items[0].text == "一季度全县文旅市场强劲复苏"


def test_chinese_numeral_with_a_dot_heads_only_a_line() -> None:
    # 一. is a section marker at a line start; after a sentence end or inside a word it is prose.
    text = (
        "关于防汛工作的通知\n一.加强组织领导。各乡镇要落实责任。\n（一）健全指挥机构。\n（二）完善应急预案。\n"
        "二.做好物资储备。坚持标准统一.三.五年的储备计划按期完成。\n"
    )
    assert [(i, m) for i, m, _ in _outline(text)] == [("1", "一."), ("1.1", "（一）"), ("1.2", "（二）"), ("2", "二.")]


@pytest.mark.parametrize("space", [" ", "\u3000", "  "])
def test_space_after_a_section_marker_does_not_cut_it_off(space: str) -> None:
    # A web page's space after 一、 (a tab pasted from Word) is not a paragraph break.
    text = f"关于防汛工作的通知\n一、{space}加强组织领导。各乡镇要落实责任。\n二、{space}做好物资储备。\n"
    assert _outline(text) == [("1", "一、", "加强组织领导"), ("2", "二、", "做好物资储备")]


def test_first_point_run_into_its_section_heading_counts_alone() -> None:
    # The page lost the line break after 一、's heading and ends before （二）.
    text = (
        "在全县防汛工作会议上的讲话\n同志们：今天召开会议，我讲两个问题：一、认清形势，扎实做好防汛准备"
        "（一）做好防汛准备的紧迫性今年汛期来得早，全县降雨偏多，各乡镇要高度重视"
    )
    assert [(i, m) for i, m, _ in _outline(text)] == [("1", "一、"), ("1.1", "（一）")]


def test_lone_run_on_point_not_numbered_one_or_not_after_a_marker_is_prose() -> None:
    after_marker = (
        "在全县防汛工作会议上的讲话\n一、认清形势，扎实做好防汛准备（三）做好准备的紧迫性，各乡镇要高度重视。\n"
    )
    assert [m for _, m, _ in _outline(after_marker)] == ["一、"]
    no_marker = (
        "在全县防汛工作会议上的讲话\n同志们：认清形势，扎实做好防汛准备（一）做好准备的紧迫性，各乡镇要高度重视。\n"
    )
    assert _outline(no_marker) == []
