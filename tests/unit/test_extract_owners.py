"""Owners (verbatim phrases) and their normalisation to unit names."""

from __future__ import annotations

import pytest

from tasktui.extract import extract
from tasktui.extract.folding import fold_for_matching
from tasktui.extract.owners import find_owners
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
        (
            "区委政法委、区市场监管局、公安分局、文旅广电局等部门要加强周边治理。",
            ["区委政法委、区市场监管局、公安分局、文旅广电局等部门"],
        ),
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
        # subjects inside a paragraph, after a time limit, or before their own time limit
        ("开学后，各中心校开学后5天内要完成学籍核对。", ["各中心校"]),
        ("9月底前各乡镇要完成自评。", ["各乡镇"]),
        ("要强化指导，各职业高中要完善实训管理。", ["各职业高中"]),
        ("各协办单位在会商过程中，要主动提供材料。", ["各协办单位"]),
        ("各村发现隐患苗头的，要立即报告。", ["各村"]),
        # qualified units, lists with 和, two levels
        ("纳入今年改造计划的6个乡镇要倒排工期。", ["纳入今年改造计划的6个乡镇"]),
        ("12个街道要建立台账。", ["12个街道"]),
        ("县三中、县四中和各小学要制定方案。", ["县三中、县四中和各小学"]),
        ("省市两级要加强统筹。", ["省市两级"]),
        ("各4A级景区、各星级宾馆要落实限流。", ["各4A级景区、各星级宾馆"]),
        ("实行弹性离校的学校，要公开时间安排。", ["实行弹性离校的学校"]),
        # people made responsible
        ("班子成员落实“一岗双责”。", ["班子成员"]),
        ("分管负责同志落实分管领域责任。", ["分管负责同志"]),
        ("挂牌督学每学期到校督导两次。", ["挂牌督学"]),
        ("食堂管理员要每天检查留样。", ["食堂管理员"]),
        ("索道操作人员必须持证上岗。", ["索道操作人员"]),
        ("集贸市场开办者要查验合格证明。", ["集贸市场开办者"]),
        # not owners: an object of 与, a facility, a supervising leader, a past report
        ("要制定预案，提前与卫健、消防等部门对接。", []),
        ("公共厕所要做到干净整洁。", []),
        ("由分管副县长领衔督办，按月通报。", ["分管副县长"]),
        ("上周，县教育局会同县市场监管局开展了联合检查。", []),
        ("要督促生产经营单位严格落实主体责任。", []),
        ("县水利局要会同县应急局对已建成的堤防开展复核。", ["县水利局", "县应急局"]),
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
    assert d.normalise("区委政法委、区市场监管局、公安分局、文旅广电局等部门") == [
        "政法委",
        "市场监管局",
        "公安局",
        "文旅局",
    ]
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
