"""Owners of notices, plans and minutes: responsibility lines that close a section, people
named by their legal role, the object told to act, and phrases that only look like owners.

Every sentence here is written for the test (none is taken from a collected text)."""

from __future__ import annotations

import pytest

from tasktui.extract import extract
from tasktui.extract.folding import fold_for_matching
from tasktui.extract.owners import find_owners
from tasktui.extract.units import UnitDirectory


def _owners(sentence: str) -> list[str]:
    m = fold_for_matching(sentence)
    return [sentence[s:e] for s, e in find_owners(m, units=UnitDirectory.builtin())]


def _by_id(text: str) -> dict[str, list[str]]:
    return {it.id: it.owners for it in extract(text).items}


# ---------------------------------------------------------------- section lines

SECTIONS = (
    "一、整治内容\n"
    "（一）道路整治\n"
    "1、清理楼道杂物。\n"
    "2、修补破损路面。\n"
    "责任单位：各社区、区城管局\n"
    "配合单位：区住建局\n"
    "（二）绿化整治\n"
    "1、补种行道树。\n"
    "2、清除杂草。\n"
    "责任单位: 区园林局\n"  # a half-width colon, as pasted pages often have
    "（三）任务清单\n"
    "1、建立台账。责任单位：区民政局\n"
    "2、每月通报。\n"
    "责任单位：区督查室\n"
)


def test_lines_after_a_sections_last_point_are_the_sections() -> None:
    owners = _by_id(SECTIONS)
    assert owners["1.1"] == ["各社区、区城管局", "区住建局"]  # 牵头/配合 lists stay apart
    assert owners["1.1.2"] == []
    assert owners["1.2"] == ["区园林局"]
    assert owners["1.2.2"] == []


def test_a_list_that_labels_its_points_keeps_each_label_with_its_point() -> None:
    owners = _by_id(SECTIONS)
    assert owners["1.3"] == []
    assert owners["1.3.1"] == ["区民政局"]
    assert owners["1.3.2"] == ["区督查室"]


def test_a_label_inside_the_points_own_line_stays_with_the_point() -> None:
    text = "一、工作任务\n（一）排查隐患。责任单位：县应急局\n（二）建立台账。责任单位：县财政局\n"
    owners = _by_id(text)
    assert owners["1"] == []
    assert owners["1.1"] == ["县应急局"]
    assert owners["1.2"] == ["县财政局"]


def test_the_section_keeps_the_lines_in_its_body() -> None:
    items = {it.id: it for it in extract(SECTIONS).items}
    assert "责任单位：各社区、区城管局" in items["1.1"].body
    assert "责任单位" not in items["1.1.2"].body


# ---------------------------------------------------------------- people by their role


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("沿街店铺周边由经营者负责。", ["经营者"]),
        ("闲置场地由所有权人、使用者或者管理者负责。", ["所有权人、使用者或者管理者"]),
        ("待开发地块由土地使用权人负责。", ["土地使用权人"]),
        ("经营者要落实门前三包责任。", ["经营者"]),
    ],
)
def test_people_a_regulation_makes_answer(sentence: str, owners: list[str]) -> None:
    assert _owners(sentence) == owners


# ---------------------------------------------------------------- not owners


@pytest.mark.parametrize(
    "sentence",
    [
        # on behalf of a unit: the speaker, not an owner
        "代表镇党委对新任驻村干部表示欢迎。",
        # a list closed by 等部门, then a verb clause: not one name
        "权属不清的，由社区网格员、环卫站等职能部门商定并通知业主。",
        # 经营 as an activity, not 经营者
        "要严格规范经营行为。",
    ],
)
def test_not_owners(sentence: str) -> None:
    assert _owners(sentence) == []


def test_a_leader_of_the_units_after_etc_is_still_a_name() -> None:
    assert _owners("由县教育局等部门负责人督办。") == ["县教育局等部门负责人"]
    assert _owners("权属不清的，由社区网格员、环卫站等职能部门核实。") == ["社区网格员、环卫站等职能部门"]


# ---------------------------------------------------------------- the one told to act


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("要求城建部门及各乡镇继续加大巡查力度。", ["城建部门及各乡镇"]),
        ("要求各村在月底前完成清扫。", ["各村"]),
        ("全面检修供暖管道，安排后勤科人员在门卫室设立报修点。", ["后勤科人员"]),
        ("施工单位按合同约定增加施工人员。", ["施工单位"]),
        ("监理单位按期完成验收。", ["监理单位"]),
    ],
)
def test_the_unit_or_people_told_to_act(sentence: str, owners: list[str]) -> None:
    assert _owners(sentence) == owners


@pytest.mark.parametrize(
    "sentence",
    [
        "要安排部署好下一阶段工作。",
        "要安排专项资金用于校舍维修。",
        "同时鼓励职工提出合理化建议。",  # encouraging hands out no task
        "引导群众在家门口就业。",  # the public, not a responsible unit
        "请按下红色按钮。",
    ],
)
def test_objects_that_are_not_owners(sentence: str) -> None:
    assert _owners(sentence) == []


# ---------------------------------------------------------------- subjects after a fronted thing


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("比赛曲目各年级自定，时长不超过五分钟。", ["各年级"]),
        ("具体开放时间各村自行安排。", ["各村"]),
        # a notice orders the units and the individuals it concerns
        ("自本通告发布之日起，辖区内相关单位和个人须自行拆除违建。", ["辖区内相关单位和个人"]),
    ],
)
def test_subjects_a_notice_orders(sentence: str, owners: list[str]) -> None:
    assert _owners(sentence) == owners


@pytest.mark.parametrize(
    "sentence",
    [
        "向各乡镇通报检查结果。",  # 各乡镇 receive the report
        "要加强对各村的指导。",
        "任何单位和个人不得擅自占用绿地。",  # a prohibition for anyone, no one's task
    ],
)
def test_collectives_that_are_objects(sentence: str) -> None:
    assert _owners(sentence) == []


# ---------------------------------------------------------------- the public a formal order names


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("要求全体居民于4月15日前清理楼道堆放物。", ["全体居民"]),
        ("要求村民于 2020 年 3 月 1 日之前拆除违建。", ["村民"]),  # spaces a web page left
        ("通知家长于本周五前交回回执。", ["家长"]),
    ],
)
def test_the_public_ordered_by_a_date(sentence: str, owners: list[str]) -> None:
    assert _owners(sentence) == owners


@pytest.mark.parametrize(
    "sentence",
    [
        "要求学生积极参加体育锻炼。",  # no time limit: a speech's wish for its audience
        "学生要于9月1日按时返校。",  # the public by a subject cue stays the audience
        "要求广大群众提高防范意识。",
    ],
)
def test_the_public_without_a_formal_order(sentence: str) -> None:
    assert _owners(sentence) == []
