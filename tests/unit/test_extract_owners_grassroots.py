"""Owners in township, village and company texts: grassroots units and groups of people.

Every sentence here is written for the test; each pairs a convention of grassroots
writing with a look-alike that is not an owner.
"""

from __future__ import annotations

import pytest

from tasktui.extract import extract
from tasktui.extract.folding import fold_for_matching
from tasktui.extract.owners import ItemOwners, find_owner_hits, item_owners
from tasktui.extract.units import UnitDirectory


def _owners(sentence: str) -> list[tuple[str, str]]:
    """(phrase, rule) of each owner the sentence names."""
    m = fold_for_matching(sentence)
    return [(sentence[h.start : h.end], h.rule) for h in find_owner_hits(m, units=UnitDirectory.builtin())]


def _item(text: str, kind: str = "directive") -> ItemOwners:
    return item_owners(fold_for_matching(text), text, [(0, len(text))], UnitDirectory.builtin(), kind)


@pytest.mark.parametrize(
    "sentence,owners",
    [
        # villages, residents' committees, councils and committees by abbreviation
        ("各企业、行政村要明确一名联络员。", [("各企业、行政村", "subject_modal")]),
        ("县爱卫会要组织开展病媒生物防制。", [("县爱卫会", "subject_modal")]),
        ("镇红十字会要做好捐赠物资登记。", [("镇红十字会", "subject_modal")]),
        ("家委会要协助学校做好护学岗。", [("家委会", "subject_modal")]),
        ("各村老年协会、村民议事会要做好劝导。", [("各村老年协会、村民议事会", "subject_modal")]),
        ("森林防火重点村要组建扑火队。", [("森林防火重点村", "subject_modal")]),
        ("一车间要在周五前完成设备检修。", [("一车间", "subject_modal")]),
        ("县总商会要引导会员企业参与帮扶。", [("县总商会", "subject_modal")]),
        # units defined by what they carry or have
        ("对有巡查任务的村、居，要配齐巡查人员。", [("有巡查任务的村、居", "subject_split")]),
        ("没有巡查任务的村居也要安排专人值守。", [("没有巡查任务的村居", "subject_modal")]),
        ("有林地的村要设立临时检查站。", [("有林地的村", "subject_modal")]),
        # groups of people given work
        ("全体干部职工参加，不得无故缺席。", [("全体干部职工", "subject_takes_part")]),
        ("全体员工要遵守操作规程。", [("全体员工", "subject_modal")]),
        ("全体镇村干部节假日期间要坚守岗位。", [("全体镇村干部", "subject_limit")]),
        ("村民小组长负责本组的卫生保洁。", [("村民小组长", "subject_responsible")]),
        ("各村两委成员分片负责。", [("各村两委成员", "subject_responsible")]),
        ("各车间主任继续组织班前安全讲话。", [("各车间主任", "subject_manner")]),
        ("包村干部到所包村组织清扫。", [("包村干部", "subject_goes")]),
        (
            "镇机关干部与青年志愿者服务队到集镇开展宣传。",
            [("镇机关干部与青年志愿者服务队", "subject_goes")],
        ),
        ("老年人协会在村党支部的指导下开展活动。", [("老年人协会", "subject_under")]),
        # a collective, then what of it the order is about
        ("各村内部道路务必保持畅通。", [("各村", "subject_topic")]),
        ("各社区垃圾收集点要每日清运。", [("各社区", "subject_topic")]),
        # a thing or a time put before the subject; lead-ins of time and aim
        ("防汛物资各村居必须在月底前备齐。", [("各村居", "subject_modal")]),
        ("汛期各单位要落实值班制度。", [("各单位", "subject_modal")]),
        ("检查结束后各村须将整改清单报镇政府。", [("各村", "subject_modal")]),
        ("做到主要领导亲自抓。", [("主要领导", "subject_manner")]),
        # minutes: 同意X对…的意见; 由X + a verb of office work
        ("会议原则同意县商务局对物流园选址的意见。", [("县商务局", "approved")]),
        ("请假人员由办公室备注说明，无故缺席的由镇纪委督查通报。", [("办公室", "by_unit"), ("镇纪委", "by_unit")]),
        # a setting between the subject and its order; a meeting's decision as a noun is no decision cue
        ("村委会在落实村民代表会议决定中要做到账目公开。", [("村委会", "subject_when")]),
        # minutes: the bureau heard, whose report the meeting then approves
        (
            "会议听取了县住建局关于棚户区改造的情况汇报，原则同意改造计划。",
            [("县住建局", "proposer_heard")],
        ),
        # a name that begins with a verb of office work
        ("县政府办督查室要加强跟踪督办。", [("县政府办督查室", "subject_modal")]),
    ],
)
def test_grassroots_owners(sentence: str, owners: list[tuple[str, str]]) -> None:
    assert _owners(sentence) == owners


@pytest.mark.parametrize(
    "sentence",
    [
        # words that end like a village, a council or a committee but are none
        "农村用火要严格管理。",
        "乡村要留住人才。",
        "乡村振兴要与产业发展统筹推进。",
        "社会各界要积极参与。",
        "大会要求严肃认真。",
        "提交县委常委会审定。",
        "民主协商会要充分听取意见。",
        # a count, the audience, visitors from above, what someone is like
        "各组人数不得少于二十人。",
        "全体同志要提高认识。",
        "上级领导到我县检查防汛工作。",
        "优秀员工应当具备良好的职业素养。",
        # 需 after a collective's people is "needs", not an order to the collective
        "各单位负责人提议需协调的事项。",
        # a bureau heard whose report is not approved: the meeting only listened
        "会议听取了县民政局关于养老服务的汇报，对下一步工作进行了讨论。",
        # a field word alone is a topic, not its bureau
        "应急管理要坚持预防为主。",
    ],
)
def test_grassroots_look_alikes_are_not_owners(sentence: str) -> None:
    assert _owners(sentence) == []


def test_a_list_named_again_in_other_words_is_one_owner() -> None:
    own = _item("会议原则同意县商务局及县供销社对物流园选址的意见。县商务局、县供销社要抓紧落实。")
    assert own.phrases == ["县商务局及县供销社"]
    assert own.rules == ["approved", "subject_modal"]
    assert own.units == own.lead == ["商务局", "供销社"]


def test_other_lists_of_the_same_units_stay_apart() -> None:
    own = _item("各乡镇要落实属地责任。各乡镇（街道）要建立台账。")
    assert own.phrases == ["各乡镇", "各乡镇（街道）"]


def test_field_words_and_bureaus() -> None:
    d = UnitDirectory.builtin()
    assert d.is_field("乡村振兴") and d.is_field("应急管理")
    assert not d.is_field("乡村振兴局") and not d.is_field("团区委") and not d.is_field("农村")


def test_villages_are_one_unit_and_councils_kept_as_written() -> None:
    d = UnitDirectory.builtin()
    assert d.normalise("各行政村") == d.normalise("有巡查任务的村、居") == ["村（社区）"]
    assert d.normalise("各村、乡直单位") == ["村（社区）", "乡直单位"]
    assert d.normalise("县爱卫会") == ["爱卫会"]
    assert d.normalise("农村") == d.normalise("驻村干部") == []


def test_a_village_notice_end_to_end() -> None:
    text = (
        "关于开展春季环境整治的通知\n各村（居）、镇直各单位：\n"
        "一、责任分工\n1.包村干部到所包村组织清扫。\n2.全体干部职工参加，不得无故缺席。\n"
        "二、工作要求\n1.各村内部道路务必保持畅通。\n2.乡村振兴要与环境整治统筹推进。\n"
    )
    owners = {it.id: it.owners for it in extract(text).items}
    assert owners == {"1": [], "1.1": ["包村干部"], "1.2": ["全体干部职工"], "2": [], "2.1": ["各村"], "2.2": []}


def test_the_heard_bureau_survives_the_decision_cut() -> None:
    """What stands before 会议原则同意 is the situation, except the bureau whose report it approves."""
    own = _item("会议听取了县水利局局长赵六同志关于水库除险加固的汇报。会议原则同意该方案，请县财政局落实资金。")
    assert own.phrases == ["县水利局", "县财政局"]
    assert own.lead == ["水利局"] and own.rules == ["proposer_heard", "please"]
