"""Kinds: directive / review / problem / other, with section and list context."""

from __future__ import annotations

import pytest

from tasktui.extract import extract
from tasktui.extract.kinds import KindInput, classify


def _kinds(text: str) -> dict[str, str]:
    return {it.id: it.kind for it in extract(text).items}


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("压实防汛主体责任", "directive"),
        ("要抓好隐患排查", "directive"),
        ("坚决守住安全底线", "directive"),
        ("补齐基层监管短板", "directive"),
        ("事故总量持续下降", "review"),
        ("空气质量明显改善", "review"),
        ("取得的主要成效", "review"),
        ("责任落实不到位", "problem"),
        ("基层力量薄弱", "problem"),
        ("工作中存在的突出问题", "problem"),
        ("整改成效有待巩固", "problem"),
        ("感谢大家的辛勤付出", "other"),
    ],
)
def test_heading_cues(heading: str, kind: str) -> None:
    item = KindInput(heading=heading, body="", lead_in="", ancestors=[], in_preamble=False, group=0)
    assert classify([item]) == [kind]


def test_section_context_and_lead_in() -> None:
    text = (
        "一、过去一年工作回顾\n（一）隐患排查扎实推进。全年排查企业900家。\n（二）执法力度持续加大。\n"
        "二、存在的问题\n（一）部分企业主体责任落实不到位。\n（二）基层监管力量偏弱。\n"
        "三、下一步工作\n究其原因有以下几个方面：一是思想麻痹。二是培训缺失。三是投入不足。\n"
        "（一）强化源头治理。各企业要全面自查。\n"
    )
    k = _kinds(text)
    assert k["1"] == "review" and k["1.1"] == "review" and k["1.2"] == "review"
    assert k["2"] == "problem" and k["2.1"] == "problem" and k["2.2"] == "problem"
    assert k["3.1"] == "problem" and k["3.2"] == "problem" and k["3.3"] == "problem"  # lead-in and list smoothing
    assert k["3.4"] == "directive"


def test_preamble_list_before_transition_is_review() -> None:
    text = (
        "近年来，全县信访工作取得了明显进展。\n一是源头治理。\n二是积案化解。\n三是队伍建设。\n"
        "下面，我讲几点意见。\n一、扎实开展矛盾纠纷排查\n二、依法规范信访秩序\n"
    )
    k = _kinds(text)
    assert [k[i] for i in ("1", "2", "3")] == ["review"] * 3
    assert k["4"] == "directive" and k["5"] == "directive"
