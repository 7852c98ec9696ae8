"""The supervision cycle's actions through the service (签收, 退回重办, 持续整改, 责任领导,
紧急程度), on both backends: who may take each, from which status, what the history says.

basic.toml: #1 整改中 lead 区教体局 co 区卫健局 (deadline 2026-11-01, overdue on the fixed
clock); #2 已交办 区教体局; #3 已交办 区财政局; #4 待分派; #5 已完成待核 区教体局.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tasktui.store.errors import InputError, RuleError
from tasktui.store.lifecycle import ACTION_LABELS, ASSIGNED, DONE, IN_PROGRESS, SUSTAINED
from tasktui.store.queries import TaskQuery
from tasktui.store.service import Service

pytestmark = pytest.mark.backends("sqlite", "postgresql")

Unit = Callable[[str], Service]


def _last(svc: Service, task_id: int) -> tuple[str, str | None, str | None, str | None]:
    e = svc.history(task_id)[-1]
    return e.action, e.from_value, e.to_value, e.note


def test_the_lead_signs_once_and_only_the_lead(basic: Service, as_unit: Unit) -> None:
    assert basic.get_task(2).row.assigned_at is not None  # the task file's 交办 event
    with pytest.raises(RuleError, match="只有牵头单位"):
        as_unit("区卫健局").acknowledge(1)  # a co-owner of #1 (and #1 is past 已交办 anyway)
    with pytest.raises(RuleError, match="不是区财政局牵头或配合"):
        as_unit("区财政局").acknowledge(2)
    row = as_unit("区教体局").acknowledge(2, "已收到，安排专人负责")
    assert row.status == ASSIGNED and row.acknowledged_at == basic.clock.now()
    assert _last(basic, 2) == ("acknowledged", None, None, "已收到，安排专人负责")
    with pytest.raises(RuleError, match="已于 .* 签收"):
        as_unit("区教体局").acknowledge(2)
    with pytest.raises(RuleError, match="只有已交办的事项可以签收"):
        as_unit("区教体局").acknowledge(1)  # 整改中: the progress report signed for it


def test_a_new_lead_signs_afresh(basic: Service, as_unit: Unit) -> None:
    as_unit("区教体局").acknowledge(2)
    basic.assign(2, "区教体局", note="补充时限")  # same lead: the signature stands
    assert basic.get_task(2).row.acknowledged_at is not None
    basic.assign(2, "区卫健局")
    row = basic.get_task(2).row
    assert row.acknowledged_at is None and row.assigned_at == basic.clock.now()
    basic.unassign(2)
    assert basic.get_task(2).row.assigned_at is None


def test_send_back_needs_a_reason_and_a_done_claim(basic: Service, as_unit: Unit) -> None:
    with pytest.raises(InputError, match="理由"):
        basic.send_back(5, "  ")
    with pytest.raises(RuleError, match="只有督查室可以退回重办"):
        as_unit("区教体局").send_back(5, "自己退回")
    with pytest.raises(RuleError, match="只有已完成待核的事项可以退回重办"):
        basic.send_back(1, "未完成")
    row = basic.send_back(5, "佐证材料不全，请补充培训签到表")
    assert row.status == IN_PROGRESS
    assert _last(basic, 5) == ("sent_back", DONE, IN_PROGRESS, "佐证材料不全，请补充培训签到表")


def test_sustained_has_no_countdown_and_keeps_reporting(basic: Service, as_unit: Unit) -> None:
    assert basic.get_task(1).row.overdue  # deadline 2026-11-01 passed
    with pytest.raises(RuleError, match="只有牵头单位"):
        as_unit("区卫健局").sustain(1, "长期坚持")
    with pytest.raises(InputError):
        as_unit("区教体局").sustain(1, "")
    row = as_unit("区教体局").sustain(1, "隐患已整改，日常巡查长期坚持")
    assert row.status == SUSTAINED and not row.overdue and row.countdown.label == "—"
    assert row.id not in [r.id for r in basic.list_tasks(TaskQuery(overdue=True))]
    assert row.id in [r.id for r in basic.list_tasks()]  # still open: listed by default
    # A co-owner reports its part; the task stays 持续整改.
    assert as_unit("区卫健局").report_progress(1, "11月巡查2次").status == SUSTAINED
    with pytest.raises(RuleError, match="持续整改"):
        as_unit("区教体局").extend(1, "2027-03-31")
    assert as_unit("区教体局").mark_done(1, "长效机制已建立").status == DONE


def test_leader_and_urgency_are_the_offices(basic: Service, as_unit: Unit) -> None:
    with pytest.raises(RuleError, match="只有督查室可以设定责任领导"):
        as_unit("区教体局").set_leader(2, "张三")
    with pytest.raises(InputError, match="一般、急办、特急"):
        basic.set_urgency(2, "很急")
    row = basic.set_leader(2, "张三副区长")
    assert row.responsible_leader == "张三副区长"
    assert _last(basic, 2)[:3] == ("leader_changed", None, "张三副区长")
    version = row.version
    assert basic.set_leader(2, "张三副区长").version == version  # nothing changed, nothing written
    row = basic.set_urgency(2, "特急")
    assert row.urgency == "特急" and _last(basic, 2)[:3] == ("urgency_changed", "一般", "特急")
    assert basic.set_leader(2, "").responsible_leader is None


def test_every_new_action_has_words() -> None:
    for action in ("acknowledged", "sent_back", "sustained", "reminded", "attached", "leader_changed"):
        assert ACTION_LABELS[action]
