"""The units an imported speech names that the store does not know (pure: an extraction
and the store's units in, proposals out)."""

from __future__ import annotations

import pytest

from tasktui.exchange.unit_proposals import UnitProposal, pick, propose_units
from tasktui.extract.types import ExtractedItem, Extraction
from tasktui.store.errors import InputError


def speech(*owners: list[str], kind: str = "directive") -> Extraction:
    items = [
        ExtractedItem(id=str(i), level=1, marker=f"{i}.", kind=kind, text="事项", body="事项", owners=o)
        for i, o in enumerate(owners, start=1)
    ]
    return Extraction(title="会议", meeting_date=None, year=None, items=items, warnings=[], text="")


STORE = [("区教体局", ["教体局"]), ("区卫健局", [])]


def test_unknown_units_are_proposed_as_written_most_named_first() -> None:
    ex = speech(["区住建局"], ["区应急管理局、区住建局等部门"], ["区应急局"], ["区住建局主要负责同志"])
    assert propose_units(ex, STORE) == [
        UnitProposal("区住建局", (), 3),
        UnitProposal("区应急管理局", ("区应急局",), 2),  # one unit written two ways
    ]


def test_known_units_people_and_kinds_of_units_are_not_proposed() -> None:
    ex = speech(
        ["区教体局、卫健局、区水务局"],  # 卫健局: the directory's alias of the store's 区卫健局
        ["县教育局"],  # the directory's 教育局, folded into the store's 区教体局
        ["各相关部门", "有关单位", "企业", "各生产经营单位", "所在乡镇"],
        ["校长"],
    )
    assert [p.name for p in propose_units(ex, STORE)] == ["区水务局"]
    assert propose_units(speech(["区住建局"], kind="review"), STORE) == []  # context items name no owner to track


def test_a_proposal_says_which_known_unit_it_resembles() -> None:
    (p,) = propose_units(speech(["区教休局"]), STORE)
    assert p.similar == ("区教体局",)
    assert p.describe() == "区教休局（1 项；与已登记的「区教体局」相近）"


def test_two_units_the_directory_groups_stay_two_when_written_apart() -> None:
    names = [p.name for p in propose_units(speech(["县安委办"], ["县应急局"], ["县委督查室", "县政府督查室"]), [])]
    assert names == ["县安委办", "县应急局", "县委督查室", "县政府督查室"]


def test_pick_by_name_or_alias() -> None:
    proposals = [UnitProposal("区应急管理局", ("区应急局",), 2), UnitProposal("区住建局", (), 1)]
    assert pick(proposals, ["区应急局", "区应急管理局"]) == [proposals[0]]
    with pytest.raises(InputError, match="「区水务局」不在本次建议登记的单位中（建议：区应急管理局、区住建局）"):
        pick(proposals, ["区水务局"])


def test_a_unit_typed_in_traditional_script_is_the_same_unit() -> None:
    from tasktui.store.departments import match_name

    assert match_name("區教育局", [("区教育局", ["教育局"])]).name == "区教育局"
