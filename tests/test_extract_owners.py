"""Owners (verbatim phrases) and their normalisation to unit names."""

from __future__ import annotations

import pytest

from tasktui.extract import extract
from tasktui.extract.owners import find_owners
from tasktui.extract.script import fold_for_matching
from tasktui.extract.units import UnitDirectory


def _owners(sentence: str) -> list[str]:
    m = fold_for_matching(sentence)
    return [sentence[s:e] for s, e in find_owners(m, units=UnitDirectory.builtin())]


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("区应急管理局要牵头制定责任清单。", ["区应急管理局"]),
        ("县委宣传部要加强舆论引导。", ["县委宣传部"]),
        ("团区委、区妇联要发挥各自优势。", ["团区委、区妇联"]),
        ("区委政法委、区市场监管局、公安分局、文旅广电局等部门要加强周边治理。", ["区委政法委、区市场监管局、公安分局、文旅广电局等部门"]),
        ("县人社、编办、财政等部门要加大人员补充力度。", ["县人社、编办、财政等部门"]),
        ("各乡镇(街道)要建立排查台账。", ["各乡镇(街道)"]),
        ("各地各校务必高度重视。", ["各地各校"]),
        ("同时，各县区也要举一反三。", ["各县区"]),
        ("其余各县区，也要引以为戒。", ["其余各县区"]),
        ("各州市生态环境局要加强监测。", ["各州市生态环境局"]),
        ("县zf应急管理办公室负责统筹调度。", ["县zf应急管理办公室"]),
        ("各级河长是河湖管护的第一责任人。", ["各级河长"]),
        ("情节严重的由区市场监管局吊销营业执照。", ["区市场监管局"]),
        ("要督促驻村干部将排查情况及时上报。", ["驻村干部"]),
        ("要压紧压实相关部门责任。", ["相关部门"]),
        ("区消防救援大队每季度开展一次演练。", ["区消防救援大队"]),
        ("乡镇zf(街道办事处)应责令其限期整改。", ["乡镇zf(街道办事处)"]),
        ("各街道、各有关部门要在十日内报送台账。", ["各街道、各有关部门"]),
        ("汛期来临时，所在街道要组织群众转移。", ["所在街道"]),
        ("县经济开发区管委会要加快管网建设。", ["县经济开发区管委会"]),
        ("市委履行全面从严治党主体责任。", ["市委"]),
        ("区水务局要会同各街道，全面排查积水点。", ["区水务局", "各街道"]),
        ("区林草局要联合区公安分局开展专项打击。", ["区林草局", "区公安分局"]),
        ("区住建局牵头，区城管局、各街道配合，完成改造。", ["区住建局", "区城管局、各街道"]),
        ("各级干部特别是主要负责同志，要带头深入一线。", ["各级干部特别是主要负责同志"]),
        ("建立清单。责任单位：区水务局、区财政局；完成时限：6月底前。", ["区水务局、区财政局"]),
        ("要明确值守电话、撤离路线、避险场所和责任人。", []),
        ("会商形成的纪要要明确牵头单位、配合单位。", []),
        ("全区上下要形成主要领导亲自抓的格局。", []),
        ("对反复违规的企业依法从重处罚。", []),
        ("涉及多个部门的事项要及时会商。", []),
    ],
)
def test_owner_patterns(sentence: str, owners: list[str]) -> None:
    assert _owners(sentence) == owners


@pytest.mark.parametrize(
    "sentence",
    [
        "我们要坚持问题导向。",
        "大家要按照要求抓好落实。",
        "各位要高度重视。",
        "学生和家长要积极配合。",
        "市教育局于去年组建了专班。",
        "县政府与各乡镇签订了责任书。",
        "进一步健全完善家校协同机制。",
        "我县将接受省级检查。",
        "今年要在全县开展专项行动。",
    ],
)
def test_not_owners(sentence: str) -> None:
    assert _owners(sentence) == []


def test_owners_only_from_items_own_text() -> None:
    text = "一、压实责任\n各乡镇要落实属地责任。\n（一）强化排查。县应急管理局要牵头。\n（二）加强宣传。\n"
    items = extract(text).items
    assert items[0].owners == ["各乡镇"]
    assert items[1].owners == ["县应急管理局"]
    assert items[2].owners == []  # nothing inherited from the parent


def test_report_items_keep_only_ordered_owners() -> None:
    text = "一、存在的问题\n一是责任落实不到位。部分帮扶干部对政策弄不清楚。二是排查不深入。\n"
    assert all(it.owners == [] for it in extract(text).items)


def test_normalise_builtin() -> None:
    d = UnitDirectory.builtin()
    assert d.normalise("区委政法委、区市场监管局、公安分局、文旅广电局等部门") == ["政法委", "市场监管局", "公安局", "文旅局"]
    assert d.normalise("县人社、编办、教育等部门") == ["人社局", "编办", "教育局"]
    assert d.normalise("区教体局") == d.normalise("教育体育局") == ["教育局"]
    assert d.normalise("各乡镇(街道)主要领导") == ["乡镇（街道）"]
    assert d.normalise("各县（市、区）") == ["县（市、区）"]
    assert d.normalise("区人力资源和社会保障局") == ["人社局"]
    assert d.normalise("区應急管理局") == ["应急管理局"]  # Traditional script


def test_normalise_never_invents_units() -> None:
    d = UnitDirectory.builtin()
    assert d.normalise("驻村帮扶干部") == []
    assert d.normalise("校长") == []
    assert d.normalise("市督导组") == ["教育督导室"]
    assert d.normalise("区河湖中心") == ["河湖中心"]  # unknown but named as a unit: kept as written


def test_with_departments_overrides_builtin() -> None:
    d = UnitDirectory.builtin().with_departments({"区教体局": ["教体局"], "区河长办": []})
    assert d.normalise("区教育体育局、各学校") == ["区教体局", "学校"]
    assert d.normalise("教育部门") == ["区教体局"]
    assert d.normalise("区河长办") == ["区河长办"]
    ex = extract("一、加强管理\n区教体局要加强监管。\n", units=d)
    assert ex.items[0].units == ["区教体局"]


def test_units_data_file_ships() -> None:
    from importlib import resources

    assert resources.files("tasktui.extract").joinpath("data/units.toml").is_file()
