"""Units through the service, on SQLite and PostgreSQL: which unit a typed name means
(name, alias, pinyin initials, "did you mean"), adding units and aliases, renaming and
merging (history keeps the old name), the overview and who may do it.

The store is tests/data/basic.toml: 区教体局 (教体局, 教育体育局) leads 1, 2, 5, with 区卫健局
co-owning 1; 区财政局 leads 3; 4 is 待分派."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import select

from tasktui.models import Meta
from tasktui.store.departments import SimilarUnitError, UnitView, match_name
from tasktui.store.errors import InputError, RuleError, StaleEditError
from tasktui.store.service import Service, TaskQuery


def test_a_typo_gets_the_unit_it_looks_like(basic: Service) -> None:
    with pytest.raises(InputError) as exc:
        basic.assign(4, "区教休局")
    assert str(exc.value) == "未知单位「区教休局」，是否指「区教体局」？"
    with pytest.raises(InputError, match="是否指「区教体局」"):
        basic.assign(4, "区叫体局")  # read alike: 叫 jiào, 教 jiào
    with pytest.raises(InputError, match="是否指「区财政局」"):
        basic.list_tasks(TaskQuery(unit="财政"))  # part of the name
    assert basic.get_task(4).row.status == "待分派"  # nothing written


def test_pinyin_initials_name_a_unit_when_exactly_one_fits(basic: Service) -> None:
    basic.assign(4, "jtj", co=["wjj"])  # 教体局 and 卫健局 spelled by their initials
    row = basic.get_task(4).row
    assert (row.lead, row.co_owners) == ("区教体局", ["区卫健局"])
    assert basic.resolve_department("qczj") == "区财政局"
    basic.add_department("区交通局")  # qjtj, as 区教体局
    with pytest.raises(InputError) as exc:
        basic.resolve_department("qjtj")
    assert str(exc.value) == "「qjtj」可指多个单位：「区教体局」、「区交通局」，请写出全称"
    assert basic.resolve_department("jtj") == "区教体局"  # the alias 教体局 is spelled exactly so


def test_match_unit_reads_the_units_as_they_are_now(basic: Service) -> None:
    assert basic.match_unit("区应急局").name is None
    basic.add_department("区应急管理局", ["应急局", "区应急局"])
    hit = basic.match_unit("区应急局")
    assert (hit.name, hit.via) == ("区应急管理局", "name")
    assert basic.match_unit("yjj").name == "区应急管理局"


def test_match_name_is_pure_and_says_why() -> None:
    units = [("区教体局", ["教体局"]), ("区交通局", [])]
    assert match_name("", units).message() == "请填写单位名称"
    assert (
        match_name("区水务局", units).message() == "未知单位「区水务局」，也没有名称或拼音相近的单位（新单位请先登记）"
    )
    assert match_name("区水务局", []).message() == "未知单位「区水务局」：还没有登记任何单位（请先登记单位）"
    assert match_name("区交同局", units).suggestions == ("区交通局",)  # 同 and 通 are both tong
    assert match_name("区教体局 ", units).name == "区教体局"
    assert match_name("区应急管理局", [("区应急管理局", [])]).suggestions == ()  # found, nothing to suggest
    long = "区" * 5000
    assert match_name(long, units).message().endswith("也没有名称或拼音相近的单位（新单位请先登记）")
    assert len(match_name(long, units).message()) < 100  # the message repeats only the start


def test_a_new_unit_close_to_a_known_one_needs_saying_so(basic: Service) -> None:
    with pytest.raises(SimilarUnitError) as exc:
        basic.add_department("区教休局")
    assert exc.value.similar == ("区教体局",)
    assert str(exc.value) == "「区教休局」与已登记的「区教体局」相近，未添加"
    assert "区教休局" not in basic.known_department_names()
    assert basic.add_department("区教休局", allow_similar=True) == "区教休局"
    assert basic.add_department("教体局", ["区教育体育局"]) == "区教体局"  # known: aliases added


def test_aliases(basic: Service) -> None:
    assert basic.add_aliases("czj", ["财政局", "区财政"]) == "区财政局"
    assert basic.resolve_department("区财政") == "区财政局"
    with pytest.raises(InputError, match="「教体局」已是「区教体局」的名称或别名"):
        basic.add_aliases("区财政局", ["教体局"])
    with pytest.raises(InputError, match="是否指「区财政局」"):
        basic.add_aliases("区财正局", ["财"])
    with pytest.raises(InputError, match="请填写别名"):
        basic.add_aliases("区财政局", ["  "])


def test_rename_keeps_the_old_name_in_history_and_as_an_alias(basic: Service, store) -> None:  # type: ignore[no-untyped-def]
    with store.write() as s:  # a PostgreSQL unit role standing for 区教体局 (store/roles.py)
        s.add(Meta(key="unit_role:jtj", value="区教体局"))
    before = basic.get_task(1).history
    change = basic.rename_unit("教体局", "区教育体育局")
    assert (change.old, change.new, change.tasks, change.roles) == ("区教体局", "区教育体育局", 3, ("jtj",))
    assert basic.resolve_department("区教体局") == "区教育体育局"  # the old name is an alias
    assert basic.get_task(1).row.lead == "区教育体育局"
    history = basic.get_task(1).history
    assert history[: len(before)] == before  # earlier events keep the old name
    last = history[-1]
    assert (last.action, last.label, last.from_value, last.to_value) == (
        "unit_renamed",
        "单位更名",
        "区教体局",
        "区教育体育局",
    )
    assert (last.lead_after, last.co_after) == ("区教育体育局", "区卫健局")
    assert basic.get_task(3).history[-1].action != "unit_renamed"  # 区财政局's task untouched
    with store.session() as s:
        assert s.exec(select(Meta.value).where(Meta.key == "unit_role:jtj")).one() == "区教育体育局"
    # The alias it was given before can become its name again: the two swap places.
    basic.rename_unit("区教育体育局", "区教体局")
    names = dict(basic.departments())
    assert "区教体局" in names and "区教育体育局" in names["区教体局"]


def test_rename_refusals(basic: Service) -> None:
    with pytest.raises(InputError, match="「区财政局」已是「区财政局」的名称或别名；要把两个单位并为一个，请用合并"):
        basic.rename_unit("区教体局", "区财政局")
    with pytest.raises(InputError, match="已经叫这个名称"):
        basic.rename_unit("区教体局", "区教体局")
    with pytest.raises(InputError, match="是否指「区教体局」"):
        basic.rename_unit("区教休局", "区教育局")
    with pytest.raises(InputError, match="不可见字符"):
        basic.rename_unit("区教体局", "区教\u200b体局")


def test_merge_moves_tasks_names_and_aliases(basic: Service, store) -> None:  # type: ignore[no-untyped-def]
    with store.write() as s:
        s.add(Meta(key="unit_role:wjj", value="区卫健局"))
    basic.assign(4, "区财政局", co=["区卫健局", "区教体局"])
    seen = {i: basic.get_task(i).row.version for i in (1, 2, 4)}
    change = basic.merge_units("卫健局", "jtj")  # by alias and by initials
    assert (change.old, change.new, change.tasks, change.roles) == ("区卫健局", "区教体局", 2, ("wjj",))
    # 1: led by 区教体局, co-owned by 区卫健局 -> no co-owner left (the lead is not its own co-owner)
    # 4: co-owned by both -> 区教体局 once
    assert basic.get_task(1).row.co_owners == []
    assert basic.get_task(4).row.co_owners == ["区教体局"]
    assert basic.get_task(2).row.version == seen[2]  # not 区卫健局's: untouched
    for i in (1, 4):
        assert basic.get_task(i).row.version == seen[i] + 1
        last = basic.get_task(i).history[-1]
        assert (last.action, last.from_value, last.to_value, last.note) == (
            "unit_merged",
            "区卫健局",
            "区教体局",
            "区卫健局并入区教体局",
        )
    assert basic.get_task(1).history[-2].co_after == "区卫健局"  # history keeps the old name
    names = dict(basic.departments())
    assert "区卫健局" not in names and {"区卫健局", "卫健局"} <= set(names["区教体局"])
    assert basic.resolve_department("卫健局") == "区教体局"
    # An edit prepared before the merge is refused, not applied to the moved owners (a note
    # only adds to the history and is not refused: a deadline change is).
    with pytest.raises(StaleEditError):
        basic.set_deadline(1, "2027-01-15", expected_version=seen[1])
    with store.session() as s:  # the role's mapping is left alone: it now stands for no unit
        assert s.exec(select(Meta.value).where(Meta.key == "unit_role:wjj")).one() == "区卫健局"


def test_merging_a_lead_into_a_co_owner(basic: Service) -> None:
    basic.assign(4, "区财政局", co=["区教体局", "区卫健局"])
    basic.merge_units("区财政局", "区教体局")
    row = basic.get_task(4).row
    assert (row.lead, row.co_owners) == ("区教体局", ["区卫健局"])
    assert basic.get_task(3).row.lead == "区教体局"
    assert basic.get_task(4).history[-1].lead_after == "区教体局"


def test_merge_refusals(basic: Service) -> None:
    with pytest.raises(InputError, match="是同一个单位（区教体局）"):
        basic.merge_units("教体局", "区教体局")
    with pytest.raises(InputError, match="未知单位「区水务局」"):
        basic.merge_units("区水务局", "区教体局")


def test_only_the_office_manages_units(basic: Service, as_unit: Callable[[str], Service]) -> None:
    unit = as_unit("区教体局")
    for call in (
        lambda: unit.add_department("区水务局"),
        lambda: unit.add_aliases("区教体局", ["教育局"]),
        lambda: unit.rename_unit("区教体局", "区教育局"),
        lambda: unit.merge_units("区卫健局", "区教体局"),
    ):
        with pytest.raises(RuleError, match="只有督查室可以管理单位"):
            call()
    assert len(basic.departments()) == 3


def test_overview_counts_and_pinyin_order(basic: Service) -> None:
    basic.add_department("区安监局")
    assert basic.unit_overview() == [
        UnitView("区安监局", (), 0, 0, 0),  # an
        UnitView("区财政局", (), 1, 0, 1),  # cai
        UnitView("区教体局", ("教体局", "教育体育局"), 3, 0, 2),  # jiao: 5 is 已完成待核
        UnitView("区卫健局", ("卫健局",), 0, 1, 1),  # wei
    ]


def test_a_merged_co_owner_keeps_its_place_in_the_list(basic: Service) -> None:
    basic.add_department("区水务局")
    basic.add_department("区应急管理局")
    basic.assign(4, "区财政局", co=["区水务局", "区卫健局", "区应急管理局"])
    basic.merge_units("区卫健局", "区教体局")
    assert basic.get_task(4).row.co_owners == ["区水务局", "区教体局", "区应急管理局"]
    assert basic.get_task(4).history[-1].co_after == "区水务局、区教体局、区应急管理局"
