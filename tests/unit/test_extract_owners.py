"""Owners (verbatim phrases) and their normalisation to unit names."""

from __future__ import annotations

from importlib import resources

import pytest
import tomllib

from tasktui.extract import extract
from tasktui.extract.folding import fold_for_matching
from tasktui.extract.owners import ItemOwners, find_owner_hits, find_owners, item_owners
from tasktui.extract.types import ExtractedItem
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
        # minutes: the approved bureau, 请X, the reviewer, the issuing office
        ("会议原则同意县文旅局提交的景区提升方案。", ["县文旅局"]),
        ("会议原则同意县住建局、县发改局关于老旧小区改造的意见。", ["县住建局、县发改局"]),
        ("议定：请县水务局按会议意见修改完善，交常务副县长李建国审核把关。", ["县水务局", "常务副县长李建国"]),
        ("会后以县政府办名义印发。", ["县政府办"]),
        ("请各学校在放假前开展一次安全教育。", ["各学校"]),
        ("要求各乡镇于本月底前完成排查。", ["各乡镇"]),
        # task lists: a date after the subject, a bracketed note, 牵头 and 配合 notes
        ("各镇（街道）于5月10日前将自查报告报县政府办。", ["各镇（街道）"]),
        ("完善应急预案，定期组织演练。（县应急管理局、县消防救援大队）", ["县应急管理局、县消防救援大队"]),
        ("（县交通运输局牵头，县公安局交警大队、各镇按职责分工负责）", ["县交通运输局", "县公安局交警大队、各镇"]),
        ("牵头单位：县水利局（县河长办）；配合单位：县财政局", ["县水利局（县河长办）", "县财政局"]),
        ("由县创建办、县城管局及相关镇联合开展集中整治。", ["县创建办、县城管局及相关镇"]),
        # names that no list ends: sections, towns, a field's system, ranks with a name
        ("学生工作处要加强假期留校学生管理。", ["学生工作处"]),
        ("保卫处加强夜间巡查。", ["保卫处"]),
        ("县林业局和各镇要加强巡山护林。", ["县林业局和各镇"]),
        ("县农业农村局、城关镇要抓好项目落地。", ["县农业农村局、城关镇"]),
        ("全县教育系统要深入开展警示教育。", ["全县教育系统"]),
        ("各考点要在考前组织一次演练。", ["各考点"]),
        ("需要学生值守的单位，妥善安排值守人员食宿。", ["需要学生值守的单位"]),
        ("属地乡镇接到通知后要立即赶赴现场。", ["属地乡镇"]),
        # minutes: the situation before 会议要求 is not the decision
        ("目前正在做规划设计，县住建局按有关标准做补偿。会议要求由县自然资源局尽快办理用地手续。", ["县自然资源局"]),
        # a notice's closing formula belongs to no item
        ("各村要落实巡查制度。特此通知，请各单位认真贯彻执行。", ["各村"]),
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
        # recipients of reports, the meeting a draft goes to, units merely consulted
        "要在月底前将整改报告报县政府办。",
        "修改完善后提交县委常委会研究，提请县人大常委会审议。",
        "要加强与县气象局对接，及时掌握雨情。",
        # leading-group membership, regulated businesses, redacted names
        "成立专项工作领导小组，由县长任组长，县财政局、县审计局为成员单位。",
        "要督促施工企业落实工资专户制度。",
        "XX局要加强管理。",
        # generic words under a weak cue: a statement about schools, not an order
        "学校提供课后服务的比例为九成。",
        # a report of what was done
        "上周县教育局组织开展了专项检查。",
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


def _rule_table() -> list[dict[str, str]]:
    raw = resources.files("tasktui.extract").joinpath("data/owners.toml").read_text(encoding="utf-8")
    return [r for r in tomllib.loads(raw)["rule"] if r.get("owner")]


@pytest.mark.parametrize("rule", _rule_table(), ids=lambda r: r["name"])
def test_every_owner_rule_names_its_owner(rule: dict[str, str]) -> None:
    """Each rule of data/owners.toml finds the owner its example gives, by that rule."""
    text = rule["example"]
    hits = find_owner_hits(fold_for_matching(text), units=UnitDirectory.builtin())
    assert (rule["owner"], rule["name"]) in [(text[h.start : h.end], h.rule) for h in hits]


def _item(text: str, kind: str = "directive") -> ItemOwners:
    m = fold_for_matching(text)
    return item_owners(m, text, [(0, len(text))], UnitDirectory.builtin(), kind)


def test_lead_and_co_owners_are_split() -> None:
    own = _item("由县交通运输局牵头，县公安局、县财政局配合，6月底前完成改造。")
    assert own.phrases == ["县交通运输局", "县公安局、县财政局"]
    assert own.lead == ["交通运输局"] and own.co_owners == ["公安局", "财政局"]
    assert own.rules == ["by_lead", "subject_partner"]


def test_one_unit_without_a_role_is_the_lead() -> None:
    assert _item("县应急管理局要加强值守。").lead == ["应急管理局"]
    # two units and no role stated: the office decides
    two = _item("县应急管理局、县水利局要加强值守。")
    assert two.lead == [] and two.co_owners == [] and two.units == ["应急管理局", "水利局"]


def test_minutes_approved_bureau_leads() -> None:
    own = _item("会议原则同意县住建局关于老旧小区改造的意见，请县财政局落实配套资金。")
    assert own.lead == ["住建局"] and own.co_owners == []
    assert own.units == ["住建局", "财政局"]


def test_weak_cues_only_in_directives() -> None:
    text = "保卫处加强夜间巡查。"
    assert _item(text).phrases == ["保卫处"]
    assert _item(text, kind="review").phrases == []  # a report: only an explicit order counts
    assert _item("请县财政局会后拨付资金。", kind="other").phrases == ["县财政局"]


def test_item_owners_unpacks_as_phrases_and_units() -> None:
    phrases, units = _item("县教育局要牵头。")
    assert phrases == ["县教育局"] and units == ["教育局"]


def test_addressees_of_a_notice_are_not_inherited() -> None:
    text = "各乡镇人民政府、县直各单位：\n现将有关事项通知如下：\n一、加强排查\n要全面排查隐患。\n二、落实值守\n县应急管理局要加强值守。\n"
    items = extract(text).items
    assert [it.owners for it in items] == [[], ["县应急管理局"]]


def test_item_json_carries_roles_and_rules() -> None:
    item = ExtractedItem(
        id="1",
        level=1,
        marker="一、",
        kind="directive",
        text="加强管理",
        body="由区教体局牵头，区财政局配合。",
        owners=["区教体局", "区财政局"],
        units=["教育局", "财政局"],
        lead=["教育局"],
        co_owners=["财政局"],
        rules={"owners": ["by_lead", "subject_partner"]},
    )
    data = item.to_json()
    assert (data["lead"], data["co_owners"]) == (["教育局"], ["财政局"])
    assert data["rules"] == {"owners": ["by_lead", "subject_partner"]}


def test_a_partner_works_with_the_unit_named_before_it() -> None:
    own = _item("各乡镇要抓好村庄清洁。县农业农村局负责督导考核，县生态环境分局配合。")
    assert own.lead == ["农业农村局"] and own.co_owners == ["生态环境局"]


def test_a_phrase_found_twice_keeps_both_rules_and_the_stated_role() -> None:
    own = _item("会议原则同意县住建局提出的实施方案，由县住建局牵头，县财政局配合。")
    assert own.phrases == ["县住建局", "县财政局"]
    assert own.rules == ["approved", "by_lead", "subject_partner"]
    assert own.lead == ["住建局"] and own.co_owners == ["财政局"]


def test_a_notices_wish_names_its_addressee() -> None:
    from tasktui.extract import extract

    text = "关于做好防汛工作的通知\n各村居：\n一、任务落实\n希各村居按任务要求落实到位，于6月10日前完成。\n二、值班值守\n希各单位认真落实值班制度。\n"
    items = extract(text).items
    assert items[0].owners == ["各村居"] and items[1].owners == ["各单位"]
