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
        ("执行上级防汛部署有差距", "problem"),
        ("落实河长制责任不够有力", "problem"),
        ("落实审计整改要求不彻底", "problem"),
        ("深入排查整治隐患", "directive"),
        ("清醒认识治理中存在的问题", "directive"),
        ("肯定成绩，坚定做好治理工作的信心", "directive"),
        ("逐项核查销号，扎实推进问题清单整改", "directive"),
        ("全县森林防火形势总体平稳", "review"),
        ("河道治理工作取得明显成效", "review"),
        ("确保河道治理取得实效", "directive"),
        ("燃气隐患排查整治到底", "directive"),
        ("外贸出口势头良好", "review"),
        ("全市经济运行态势向好", "review"),
        ("农村基础设施欠账依然突出", "problem"),
        ("监管盲区仍然存在", "problem"),
        ("确保矛盾隐患不再突出", "directive"),
        # a state reached, stated at the end: a result, not an order
        ("全县秋粮收购工作平稳有序", "review"),
        ("粮食储备保障有力", "review"),
        ("为民服务更加便捷", "review"),
        ("应急预案体系更加完善", "review"),
        ("确保秋粮收购平稳有序", "directive"),
        ("推动应急预案更加完善", "directive"),
        ("粮食储备保障不够有力", "problem"),
        # a fixing verb before 问题 makes the named problem an order
        ("纠治粮食购销领域突出问题", "directive"),
        ("整治群众身边的突出问题", "directive"),
        ("解决基层反映强烈的主要问题", "directive"),
        ("粮食购销领域存在的突出问题", "problem"),
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


def test_bare_topic_headings_take_the_directive_parent_kind() -> None:
    text = (
        "一、抓好重点领域隐患治理\n要全面排查风险隐患。\n"
        "1.尾矿库和危险废物。县应急局牵头，发现隐患立即整改，防止事故。\n"
        "2.城镇燃气。各乡镇要排查老旧管网隐患。\n"
        "3.校园周边交通。\n"
    )
    k = _kinds(text)
    assert [k[i] for i in ("1", "1.1", "1.2", "1.3")] == ["directive"] * 4


def test_opening_agenda_points_are_other_and_review_preamble_follows_main_family() -> None:
    text = (
        "同志们：\n今天会议的主要任务是：一是传达学习全省防汛会议精神；二是通报去年汛期工作情况；三是安排部署今年防汛工作。\n"
        "去年以来，全市防汛工作取得了明显成效。具体来看：\n一是预警能力明显提高。\n二是应急物资精准投放。\n三是转移机制加快构建。\n"
        "下面，我讲两点意见。\n第一，要压实防汛责任。\n第二，要做好物资储备。\n"
    )
    items = extract(text).items
    kinds = [(it.text[:4], it.kind) for it in items]
    assert [k for _, k in kinds[:3]] == ["other"] * 3
    assert [k for _, k in kinds[3:6]] == ["review"] * 3
    assert [k for _, k in kinds[6:]] == ["directive"] * 2


def test_items_in_a_review_section_are_review() -> None:
    text = "一、今年防汛工作总体平稳\n（一）水库加固顺利完工。\n（二）巡堤队伍加快组建。\n二、下一步工作\n（一）要压实防汛责任。\n"
    k = _kinds(text)
    assert k["1"] == "review" and k["1.1"] == "review" and k["1.2"] == "review"
    assert k["2.1"] == "directive"


@pytest.mark.parametrize(
    "heading",
    [
        "市财政局通报一季度预算执行情况",
        "县教育局对秋季开学工作作具体安排",
        "由分管副县长作工作报告",
        "我讲几点意见",
        "我再讲三点要求",
        "传达学习省委全会精神",
    ],
)
def test_agenda_points_with_a_speaker_are_other(heading: str) -> None:
    item = KindInput(heading=heading, body="", lead_in="", ancestors=[], in_preamble=True, group=0)
    assert classify([item]) == ["other"]


def test_agenda_cue_needs_the_preamble() -> None:
    item = KindInput(heading="县纪委监委要通报典型案例", body="", lead_in="", ancestors=[], in_preamble=False, group=0)
    assert classify([item]) == ["directive"]


def test_a_stated_problem_resists_review_siblings() -> None:
    text = (
        "一、正视成绩和不足\n（一）产业基础持续巩固。全年新增规上企业40家。\n（二）营商环境持续优化。\n"
        "（三）要素保障短板依然突出。用地指标紧张。\n"
        "二、狠抓工作落实\n（一）要加快项目建设。\n"
    )
    k = _kinds(text)
    assert k["1.1"] == "review" and k["1.2"] == "review"
    assert k["1.3"] == "problem"
