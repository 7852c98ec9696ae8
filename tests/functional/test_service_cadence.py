"""汇报频次, 未按期报送 and 催办 through the service, on both backends: who may set a
cadence, the periods a late report is judged by (fixed clocks across boundaries), the
reminders each unit owes and the events a 催办 records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from tasktui.clock import FixedClock
from tasktui.store.errors import InputError, RuleError
from tasktui.store.lifecycle import ACTION_LABELS, Action
from tasktui.store.queries import TaskQuery
from tasktui.store.service import Service

# basic.toml: #1 整改中 (lead 区教体局, co 区卫健局; assigned 2026-10-12, 区教体局 reported
# 2026-10-14; deadline 2026-11-01), #2 已交办 区教体局 (deadline 11-25), #3 已交办 区财政局
# (deadline 11-20), #4 待分派, #5 已完成待核, #6 a review item. Today is 2026-11-20.


def at(svc: Service, day: date) -> Service:
    svc.clock = FixedClock(day, at=time(10, 0))
    return svc


def test_office_sets_and_clears_a_cadence_with_history(basic: Service) -> None:
    row = basic.set_report_every(1, " 每月5日前 ")
    assert row.report_every == "每月5日前"
    assert basic.set_report_every(1, "每月5日前").version == row.version  # unchanged: no event
    assert basic.set_report_every(1, "").report_every is None
    events = [e for e in basic.history(1) if e.action == Action.CADENCE_CHANGED.value]
    assert [(e.from_value, e.to_value) for e in events] == [(None, "每月5日前"), ("每月5日前", None)]
    assert events[0].label == ACTION_LABELS["cadence_changed"] == "设定汇报频次"


@pytest.mark.parametrize("phrase", ["每两个月", "3月底前", "尽快", "每月" * 40])
def test_an_unreadable_cadence_is_refused_with_examples(basic: Service, phrase: str) -> None:
    with pytest.raises(InputError, match="看不懂汇报频次.*每月5日前"):
        basic.set_report_every(1, phrase)
    assert basic.get_task(1).row.report_every is None


def test_a_unit_may_not_set_a_cadence(basic: Service, as_unit: Callable[[str], Service]) -> None:
    for unit in ("区教体局", "区卫健局"):  # lead, co-owner
        with pytest.raises(RuleError, match="只有督查室可以设定汇报频次"):
            as_unit(unit).set_report_every(1, "每月")


@pytest.mark.parametrize("task_id", [5])  # 已完成待核: nothing more to report on a schedule
def test_no_cadence_on_settled_work(basic: Service, task_id: int) -> None:
    with pytest.raises(RuleError, match="可以设定汇报频次"):
        basic.set_report_every(task_id, "每月")


def test_late_reports_across_period_boundaries(basic: Service, as_unit: Callable[[str], Service]) -> None:
    at(basic, date(2026, 10, 13)).set_report_every(1, "每月5日前")
    # Given out on 10-12 and the cadence set on 10-13, after the period 10-06..11-05 began:
    # that one is not owed.
    assert basic.late_reports() == []
    assert at(basic, date(2026, 12, 5)).late_reports() == []  # due today: not yet late
    late = at(basic, date(2026, 12, 6)).late_reports()
    assert [(r.task_id, r.unit, r.lead, r.last_report is not None) for r in late] == [
        (1, "区教体局", True, True),
        (1, "区卫健局", False, False),
    ]
    assert (late[0].period.start, late[0].period.due) == (date(2026, 11, 6), date(2026, 12, 5))
    row = basic.get_task(1).row
    assert row.late_report_units == ["区教体局", "区卫健局"] and row.late_report
    assert [r.id for r in basic.list_tasks(TaskQuery(late_reports=True))] == [1]
    # The lead reports late (补报): its flag clears, the co-owner's stays.
    at(as_unit("区教体局"), date(2026, 12, 7)).report_progress(1, "本月已整改3处")
    assert [r.unit for r in at(basic, date(2026, 12, 7)).late_reports()] == ["区卫健局"]
    # The next period (12-06..01-05): the 12-07 report counts for it; the co-owner owes both.
    assert [r.unit for r in at(basic, date(2027, 1, 6)).late_reports()] == ["区卫健局"]
    assert [r.unit for r in at(basic, date(2027, 2, 6)).late_reports()] == ["区教体局", "区卫健局"]


def test_a_unit_sees_the_late_reports_of_its_own_tasks(basic: Service, as_unit: Callable[[str], Service]) -> None:
    basic.set_report_every(1, "每周五前")
    basic.set_report_every(3, "每周五前")
    unit = at(as_unit("区财政局"), date(2026, 12, 10))
    assert {r.task_id for r in unit.late_reports()} == {3}
    assert {r.task_id for r in at(basic, date(2026, 12, 10)).late_reports()} == {1, 3}


def test_a_cadence_set_mid_period_is_owed_from_the_next(basic: Service) -> None:
    basic.set_report_every(1, "每周五前")  # Friday 11-20: the period 11-14..11-20 had begun
    assert at(basic, date(2026, 11, 27)).late_reports() == []
    assert [r.period.due for r in at(basic, date(2026, 11, 28)).late_reports()] == [date(2026, 11, 27)] * 2


def test_no_late_report_once_done_or_without_owner(basic: Service) -> None:
    basic.set_report_every(4, "每月")  # 待分派: no owner yet
    basic.set_report_every(1, "每月")
    basic.mark_done(1, "隐患已全部整改")
    assert at(basic, date(2027, 3, 1)).late_reports() == []


def test_unacknowledged_counts_working_days_after_assignment() -> None:
    """The notice uses the one 未签收 rule (store/acknowledgement.py)."""
    from datetime import datetime

    from tasktui.extract.workdays import WorkCalendar
    from tasktui.store.acknowledgement import unacknowledged_days

    cal = WorkCalendar()
    friday = datetime(2026, 11, 20, 9, 0)
    # Monday 11-23 and Tuesday 11-24 are the two days allowed; Wednesday is the third.
    assert unacknowledged_days(cal, "已交办", friday, None, date(2026, 11, 24), 2) is None
    assert unacknowledged_days(cal, "已交办", friday, None, date(2026, 11, 25), 2) == 3
    assert unacknowledged_days(cal, "已交办", friday, friday, date(2026, 11, 25), 2) is None
    assert unacknowledged_days(cal, "整改中", friday, None, date(2026, 11, 25), 2) is None


def test_remind_writes_one_notice_per_unit_and_records_events(basic: Service) -> None:
    at(basic, date(2026, 10, 13)).set_report_every(1, "每周五前")
    at(basic, date(2026, 11, 20)).acknowledge(3)
    written: list[list[str]] = []
    notices = basic.remind(write=lambda ns: written.append([n.unit for n in ns]))
    assert written == [[n.unit for n in notices]]
    by_unit = {n.unit: n for n in notices}
    # 区财政局 signed #3 and it is due today: nothing owed. 区卫健局 owes #1's weekly report.
    assert list(by_unit) == ["区教体局", "区卫健局"]
    edu = by_unit["区教体局"]
    assert [(i.task_id, i.overdue_days, i.unacknowledged_days is not None) for i in edu.items] == [
        (1, 19, False),
        (2, None, True),
    ]
    assert edu.items[0].late_report is not None and "未按期报送" in edu.items[0].reasons[-1]
    assert [n.number for n in notices] == ["督办〔2026〕1号", "督办〔2026〕2号"]
    events = [e for e in basic.history(1) if e.action == Action.REMINDED.value]
    assert [(e.to_value, e.actor) for e in events] == [
        ("督办〔2026〕1号", "区政府督查室"),
        ("督办〔2026〕2号", "区政府督查室"),
    ]
    assert events[0].note is not None and events[0].note.startswith("致区教体局：逾期19天")
    assert basic.get_task(1).row.remind_count == 2
    # A second 催办 the same day is a second notice and a second event.
    again = basic.remind(["教体局"], again=True)
    assert [(n.unit, n.number) for n in again] == [("区教体局", "督办〔2026〕3号")]
    assert again[0].items[0].reminded_before == 2
    assert basic.get_task(2).row.remind_count == 2


def test_remind_is_the_offices_and_a_failed_write_keeps_no_event(
    basic: Service, as_unit: Callable[[str], Service]
) -> None:
    with pytest.raises(RuleError, match="只有督查室可以催办"):
        as_unit("区教体局").remind()

    def fail(_notices: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        basic.remind(write=fail)
    assert basic.get_task(1).row.remind_count == 0
    assert basic.remind(record=False)[0].number == ""  # a preview records nothing
    assert basic.get_task(1).row.remind_count == 0


def test_remind_refuses_an_unknown_unit(basic: Service) -> None:
    with pytest.raises(InputError):
        basic.remind(["区不存在局"])


def test_weekly_report_lists_late_reports_as_of_its_end(basic: Service, as_unit: Callable[[str], Service]) -> None:
    from tasktui.report.make import make_report
    from tasktui.report.period import parse_week
    from tasktui.report.render_md import render_md

    basic.set_report_every(1, "每周五前")
    # Week 47 (11-16..11-22): the period due Friday 11-20 began on 11-14, after the cadence was set: not owed.
    assert make_report(basic, parse_week("2026-W47")).late_reports == []
    week49 = make_report(at(basic, date(2026, 12, 8)), parse_week("2026-W49"))  # 11-30..12-06
    assert [(r.unit, r.period.due) for r in week49.late_reports] == [
        ("区教体局", date(2026, 12, 4)),
        ("区卫健局", date(2026, 12, 4)),
    ]
    md = render_md(week49)
    assert "未按期报送进展事项" in md and "从未报送" in md
    # The co-owner reports on 12-09: week 49's report, made again, still lists it; week 50's does not.
    at(as_unit("区卫健局"), date(2026, 12, 9)).report_progress(1, "配合部分已完成")
    again = make_report(at(basic, date(2026, 12, 14)), parse_week("2026-W49"))
    assert [r.unit for r in again.late_reports] == ["区教体局", "区卫健局"]
    week50 = make_report(basic, parse_week("2026-W50"))  # 12-07..12-13: the period due 12-11
    assert [r.unit for r in week50.late_reports] == ["区教体局"]
    # A report with no cadence at all has no such section.
    basic.set_report_every(1, "")
    assert "未按期报送进展事项" not in render_md(make_report(at(basic, date(2026, 12, 21)), parse_week("2026-W51")))
