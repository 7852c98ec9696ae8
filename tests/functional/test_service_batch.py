"""Batch triage in the service: `assign_many`, `reject_many`, `set_deadline_many` and
`together` — one transaction, the normal per-task events, all or nothing (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from helpers import load_toml

from tasktui.store.errors import InputError, RuleError, StaleEditError
from tasktui.store.lifecycle import ASSIGNED, PENDING, REJECTED
from tasktui.store.service import Service

# Three more 待分派 items (ids 7, 8, 9) beside BASIC_TOML's #4; #1 整改中, #2/#3 已交办,
# #5 已完成待核, #6 a review item.
MORE_PENDING = """
[[meetings]]
title = "全区卫生工作会议"
date = 2026-11-02

[[meetings.tasks]]
outline = "1"
heading = "加强疫苗管理"

[[meetings.tasks]]
outline = "2"
heading = "推进家庭医生签约"

[[meetings.tasks]]
outline = "3"
heading = "整治医疗乱象"
"""


@pytest.fixture
def triage(basic: Service) -> Service:
    load_toml(basic, MORE_PENDING)
    return basic


def _targets(svc: Service, *ids: int) -> list[tuple[int, int | None]]:
    return [(i, svc.get_task(i).row.version) for i in ids]


def _events(svc: Service, *ids: int) -> dict[int, list[str]]:
    return {i: [e.action for e in svc.get_task(i).history] for i in ids}


def test_assign_many_gives_each_task_its_own_event(triage: Service) -> None:
    before = _events(triage, 4, 7, 8)
    rows = triage.assign_many(_targets(triage, 4, 7, 8), "jtj", co=["区卫健局"], note="批量分派")
    assert [r.id for r in rows] == [4, 7, 8]
    for r in rows:
        assert (r.status, r.lead, r.co_owners) == (ASSIGNED, "区教体局", ["区卫健局"])
    after = _events(triage, 4, 7, 8)
    for i in (4, 7, 8):
        assert after[i] == [*before[i], "assigned"]  # one event per task, nothing else
        last = triage.get_task(i).history[-1]
        assert (last.to_value, last.status_after) == ("区教体局", ASSIGNED)
        assert "批量分派" in (last.note or "")


def test_a_deadline_phrase_resolves_from_each_tasks_meeting(triage: Service) -> None:
    # #4 is from the 2026-10-10 meeting, #7 from 2026-11-02: 两周内 differs per task.
    rows = triage.assign_many(_targets(triage, 4, 7), "区财政局", deadline="两周内")
    assert [r.deadline for r in rows] == [date(2026, 10, 24), date(2026, 11, 16)]


def test_one_refused_task_refuses_the_batch_and_names_it(triage: Service) -> None:
    before = _events(triage, 4, 5, 6, 7)
    with pytest.raises(RuleError) as caught:
        triage.reject_many(_targets(triage, 4, 5, 6, 7), "重复事项")
    text = str(caught.value)
    assert "#5" in text and "#6" in text and "#4" not in text and "#7" not in text
    assert "未保存" in text and "4 项均未改动" in text
    assert not isinstance(caught.value, StaleEditError)
    assert _events(triage, 4, 5, 6, 7) == before  # nothing written, not even #4's
    assert triage.get_task(4).row.status == PENDING


def test_a_stale_version_refuses_the_batch(triage: Service) -> None:
    targets = _targets(triage, 4, 7, 8)
    triage.add_note(8, "别人先动了")  # #8 changes after it was read
    with pytest.raises(StaleEditError, match="#8 已被他人修改"):
        triage.assign_many(targets, "区教体局")
    assert [triage.get_task(i).row.status for i in (4, 7, 8)] == [PENDING] * 3


def test_bad_input_writes_nothing(triage: Service) -> None:
    # Every task passes the checks; the impossible date is refused only when a task's own
    # action resolves it: the batch is refused whole, with the usual input error.
    before = _events(triage, 4, 7)
    with pytest.raises(InputError):
        triage.set_deadline_many(_targets(triage, 4, 7), "2月30日前")
    assert _events(triage, 4, 7) == before


def test_reject_and_deadline_many(triage: Service) -> None:
    rows = triage.reject_many(_targets(triage, 7, 8), "不属于督办范围")
    assert {r.status for r in rows} == {REJECTED}
    assert triage.get_task(7).history[-1].note == "不属于督办范围"
    rows = triage.set_deadline_many(_targets(triage, 2, 3), date(2026, 12, 31))
    assert [r.deadline for r in rows] == [date(2026, 12, 31)] * 2
    assert _events(triage, 2, 3)[2][-1] == "deadline_changed"


def test_a_department_cannot_batch_what_it_may_not_do(triage: Service, as_unit: Callable[[str], Service]) -> None:
    unit = as_unit("区教体局")
    with pytest.raises(RuleError, match="只有督查室"):
        unit.set_deadline_many([(1, None), (2, None)], date(2026, 12, 31))
    with pytest.raises(InputError, match="没有选中"):
        triage.assign_many([], "区教体局")


def test_together_undoes_a_batch_as_one(triage: Service) -> None:
    rows = triage.assign_many(_targets(triage, 4, 7), "区教体局")
    # The second compensation is stale: the first one, already written, is rolled back too.
    stale = [lambda: triage.unassign(4, expected_version=rows[0].version)]
    stale.append(lambda: triage.unassign(7, expected_version=rows[1].version - 1))
    with pytest.raises(StaleEditError):
        triage.together(stale)
    assert [triage.get_task(i).row.status for i in (4, 7)] == [ASSIGNED, ASSIGNED]
    back = triage.together([lambda r=r: triage.unassign(r.id, expected_version=r.version) for r in rows])  # type: ignore[misc]
    assert [r.status for r in back] == [PENDING, PENDING]
