"""The supervision cycle through the service, on both backends: 未签收 derived at read time
(working days from the store's calendar, the `ack_days` setting), the list's filter agreeing
with the row's flag day after day, the filters by 责任领导, 紧急程度 and source kind, and the
yellow window counted in working days."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from helpers import BASIC_TOML, load_toml

from tasktui.clock import FixedClock
from tasktui.store.db import Store
from tasktui.store.errors import RuleError
from tasktui.store.lifecycle import ASSIGNED, IN_PROGRESS, SUSTAINED
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

# basic.toml: 落实控辍保学 (已交办 to 区教体局 in the file's synthetic history, on the
# meeting's day 2026-10-10, never signed), 研究制定课后服务方案 (待分派).
ASSIGNED_ID, PENDING_ID = 2, 4
FRIDAY = date(2026, 11, 20)


def on(store: Store, day: date, actor: Actor | None = None, ack_days: int = 2, warn_days: int = 7) -> Service:
    """A service whose clock reads `day`, 10:00."""
    return Service(store, actor or Actor.office("区政府督查室"), FixedClock(day, at=time(10, 0)), warn_days, ack_days)


def unsigned(svc: Service) -> set[int]:
    return {r.id for r in svc.list_tasks(TaskQuery(unacknowledged=True))}


def test_unsigned_after_two_working_days(basic: Service, store: Store) -> None:
    # Given on Friday: it may be signed on Monday and Tuesday; on Wednesday it is 未签收,
    # for the three working days since 交办.
    on(store, FRIDAY).assign(PENDING_ID, "区财政局")
    for day, expected in [(FRIDAY, None), (date(2026, 11, 24), None), (date(2026, 11, 25), 3)]:
        svc = on(store, day)
        assert svc.get_task(PENDING_ID).row.unacknowledged_days == expected, day
        assert (PENDING_ID in unsigned(svc)) is (expected is not None), day
    later = on(store, date(2026, 11, 30))  # the weekend is not counted
    row = later.get_task(PENDING_ID).row
    assert row.unacknowledged_days == 6 and row.status_label == "未签收6天"
    assert later.get_task(PENDING_ID).to_json()["unacknowledged_days"] == 6
    # The task file's own 已交办 tasks were given on the meeting's day and never signed.
    assert unsigned(later) == {ASSIGNED_ID, 3, PENDING_ID}


def test_signing_clears_it_and_a_new_lead_signs_afresh(basic: Service, store: Store) -> None:
    day = date(2026, 11, 26)
    lead = on(store, day, Actor.department("区教体局"))
    assert lead.get_task(ASSIGNED_ID).row.unacknowledged_days is not None
    row = lead.acknowledge(ASSIGNED_ID, "已安排专人负责")
    assert row.acknowledged_at is not None and row.unacknowledged_days is None and row.status == ASSIGNED
    assert ASSIGNED_ID not in unsigned(on(store, day))
    assert [e.label for e in lead.history(ASSIGNED_ID)][-1] == "签收"
    with pytest.raises(RuleError, match="已于 .* 签收"):
        lead.acknowledge(ASSIGNED_ID)
    # 改派 to another unit: its clock starts again on the day of 改派.
    office = on(store, day)
    moved = office.assign(ASSIGNED_ID, "区卫健局")
    assert moved.acknowledged_at is None and moved.assigned_at is not None
    assert moved.assigned_at.date() == day and moved.unacknowledged_days is None
    assert on(store, date(2026, 12, 1)).get_task(ASSIGNED_ID).row.unacknowledged_days == 3


def test_only_the_lead_or_the_office_signs(basic: Service, store: Store) -> None:
    basic.assign(PENDING_ID, "区财政局", ["区卫健局"])
    with pytest.raises(RuleError, match="只有牵头单位（区财政局）可以签收"):
        on(store, FRIDAY, Actor.department("区卫健局")).acknowledge(PENDING_ID)
    with pytest.raises(RuleError, match="不是区教体局牵头或配合"):
        on(store, FRIDAY, Actor.department("区教体局")).acknowledge(PENDING_ID)
    assert on(store, FRIDAY).acknowledge(PENDING_ID).acknowledged_at is not None  # the office signs for it


def test_a_units_unsigned_list_is_what_it_leads(basic: Service, store: Store) -> None:
    """A co-owner cannot sign (only the lead does): its 未签收 view lists only its own leads."""
    on(store, FRIDAY).assign(PENDING_ID, "区财政局", ["区教体局"])
    day = date(2026, 11, 30)
    assert PENDING_ID in unsigned(on(store, day))
    assert PENDING_ID in unsigned(on(store, day, Actor.department("区财政局")))
    assert PENDING_ID not in unsigned(on(store, day, Actor.department("区教体局")))
    assert ASSIGNED_ID in unsigned(on(store, day, Actor.department("区教体局")))


def test_progress_is_not_unsigned(basic: Service, store: Store) -> None:
    # Only 已交办 can be 未签收: once the unit reports progress it is plainly at work.
    unit = on(store, date(2026, 11, 30), Actor.department("区教体局"))
    row = unit.report_progress(ASSIGNED_ID, "已部署")
    assert row.status == IN_PROGRESS and row.unacknowledged_days is None


def test_holidays_are_not_counted(basic: Service, store: Store) -> None:
    # Given on 2026-09-30, the eve of 国庆: the seven days off do not count; Saturday
    # 10-10 is a make-up working day (调休) and does.
    on(store, date(2026, 9, 30)).assign(PENDING_ID, "区财政局")
    assert on(store, date(2026, 10, 9)).get_task(PENDING_ID).row.unacknowledged_days is None
    assert PENDING_ID not in unsigned(on(store, date(2026, 10, 9)))
    assert on(store, date(2026, 10, 10)).get_task(PENDING_ID).row.unacknowledged_days == 3
    assert PENDING_ID in unsigned(on(store, date(2026, 10, 10)))


def test_the_filter_agrees_with_the_flag_every_day(basic: Service, store: Store) -> None:
    """The SQL cutoff and the row's own reckoning, over a month with weekends and for
    three settings, say the same."""
    on(store, date(2026, 11, 23)).assign(PENDING_ID, "区财政局")  # given on Monday
    for ack_days in (0, 2, 5):
        for n in range(25):
            svc = on(store, FRIDAY + timedelta(days=n), ack_days=ack_days)
            flagged = {r.id for r in svc.list_tasks(TaskQuery()) if r.unacknowledged_days is not None}
            assert unsigned(svc) == flagged, (ack_days, n)
            assert svc.count_tasks(TaskQuery(unacknowledged=True)) == len(flagged)


def test_ack_days_zero_means_the_same_day(basic: Service, store: Store) -> None:
    on(store, FRIDAY).assign(PENDING_ID, "区财政局")
    assert on(store, FRIDAY, ack_days=0).get_task(PENDING_ID).row.unacknowledged_days is None
    assert on(store, date(2026, 11, 23), ack_days=0).get_task(PENDING_ID).row.unacknowledged_days == 1


def test_filters_by_leader_urgency_and_source_kind(basic: Service) -> None:
    basic.set_leader(1, "张三副区长")
    basic.set_leader(2, "李四区长")
    basic.set_urgency(2, "特急")
    basic.set_urgency(3, "急办")
    assert [r.id for r in basic.list_tasks(TaskQuery(leader="张三"))] == [1]
    assert {r.id for r in basic.list_tasks(TaskQuery(leader="区长"))} == {1, 2}
    assert [r.id for r in basic.list_tasks(TaskQuery(urgency="特急"))] == [2]
    assert basic.count_tasks(TaskQuery(urgency="一般")) == len(basic.list_tasks(TaskQuery())) - 2
    assert basic.list_tasks(TaskQuery(leader="100%")) == []  # LIKE wildcards are literal
    meeting = basic.meetings()[0]
    assert basic.list_tasks(TaskQuery(source_kind="批示")) == []
    basic.update_meeting(meeting.id, source_kind="批示")
    assert basic.count_tasks(TaskQuery(source_kind="批示")) == len(basic.list_tasks(TaskQuery())) > 0


def test_a_department_filters_only_its_own(basic: Service, store: Store) -> None:
    basic.set_urgency(3, "特急")  # 区财政局's
    basic.set_urgency(2, "特急")  # 区教体局's
    unit = on(store, FRIDAY, Actor.department("区教体局"))
    assert [r.id for r in unit.list_tasks(TaskQuery(urgency="特急"))] == [2]


def test_sustained_tasks_are_never_unsigned_nor_yellow(basic: Service, store: Store) -> None:
    row = basic.sustain(ASSIGNED_ID, "主体完成，长效机制需长期坚持")
    assert row.status == SUSTAINED
    later = on(store, date(2026, 11, 30)).get_task(ASSIGNED_ID).row
    assert later.unacknowledged_days is None and later.countdown.warning == "settled"


def test_the_yellow_window_counts_working_days(basic: Service, store: Store) -> None:
    # Monday 2026-09-28 with a window of 3 working days: 9-29, 9-30 and, after 国庆, 10-08.
    svc = on(store, date(2026, 9, 28), warn_days=3)
    svc.set_deadline(ASSIGNED_ID, date(2026, 10, 8))
    row = svc.get_task(ASSIGNED_ID).row
    assert row.countdown.warning == "yellow" and row.countdown.days_left == 10  # days left stay calendar days
    svc.set_deadline(ASSIGNED_ID, date(2026, 10, 9))
    assert svc.get_task(ASSIGNED_ID).row.countdown.warning == "green"


def test_a_fresh_store_file_loads_with_cycle_times(store: Store) -> None:
    """Tasks loaded from a task file (synthetic history) carry the time they were given,
    so they can become 未签收 like any other."""
    svc = on(store, FRIDAY)
    load_toml(svc, BASIC_TOML)
    given = svc.get_task(ASSIGNED_ID).row.assigned_at
    assert given is not None and date(2026, 10, 10) <= given.date() < FRIDAY  # after the meeting
