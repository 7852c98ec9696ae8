"""The service layer against a real database: transitions, permissions, countdown order,
optimistic locking, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from helpers import safety_extraction

from tasktui.clock import FixedClock
from tasktui.store.errors import InputError, NotFoundError, RuleError, StaleEditError
from tasktui.store.lifecycle import ASSIGNED, CLOSED, DONE, IN_PROGRESS, PENDING, REJECTED
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

# BASIC_TOML ids: 1 校园安全 (教体局 lead, 卫健局 co, 整改中, due 11-01: overdue)
# 2 控辍保学 (教体局, 已交办, 11-25)  3 营养经费 (财政局, 已交办, due today)
# 4 课后服务 (no lead, 待分派)  5 教师培训 (教体局, 已完成待核, 2027-01-31)  6 review item


def test_list_is_countdown_sorted_and_open_only(basic: Service) -> None:
    rows = basic.list_tasks()
    assert [r.id for r in rows] == [1, 3, 2, 4, 5]  # overdue, today, soon, none, then done
    assert [r.countdown.label for r in rows] == ["逾期19天", "今天到期", "剩5天", "无时限", "—"]
    assert rows[0].overdue and rows[0].countdown.warning == "red"
    assert rows[1].countdown.warning == "yellow" and not rows[1].overdue
    assert rows[-2].deadline is None and rows[-2].days_left is None


def test_list_filters(basic: Service) -> None:
    assert [r.id for r in basic.list_tasks(TaskQuery(overdue=True))] == [1]
    assert [r.id for r in basic.list_tasks(TaskQuery(due_within=7))] == [3, 2]
    assert [r.id for r in basic.list_tasks(TaskQuery(unit="卫健局"))] == [1]
    assert [r.id for r in basic.list_tasks(TaskQuery(statuses=[PENDING]))] == [4]
    assert [r.id for r in basic.list_tasks(TaskQuery(search="kcbx"))] == [2]
    assert [r.id for r in basic.list_tasks(TaskQuery(search="营养"))] == [3]
    assert basic.count_tasks(TaskQuery(kinds=None)) == 6
    with pytest.raises(InputError, match="未知单位「区水务局」"):
        basic.list_tasks(TaskQuery(unit="区水务局"))


def test_search_treats_like_wildcards_literally(basic: Service) -> None:
    assert basic.list_tasks(TaskQuery(search="%")) == []
    assert basic.list_tasks(TaskQuery(search="_")) == []


def test_full_lifecycle_with_history(basic: Service, as_unit: Callable[[str], Service]) -> None:
    basic.assign(4, "教体局", co=["区财政局"], deadline="一周内", note="请牵头")
    row = basic.get_task(4).row
    assert row.status == ASSIGNED and row.lead == "区教体局" and row.co_owners == ["区财政局"]
    # 一周内 from the meeting date 2026-10-10 = 2026-10-17: born overdue.
    assert row.deadline == date(2026, 10, 17) and row.overdue
    jtj = as_unit("区教体局")
    jtj.report_progress(4, "已起草方案")
    jtj.mark_done(4, note="方案已印发")
    assert basic.get_task(4).row.status == DONE
    assert not basic.get_task(4).row.overdue  # done is never overdue
    basic.verify(4, note="核查属实")
    basic.reopen(4, note="抽查发现问题")
    assert basic.get_task(4).row.status == IN_PROGRESS
    history = basic.get_task(4).history
    assert [e.action for e in history] == [
        "created",
        "assigned",
        "deadline_changed",
        "progress",
        "done",
        "verified",
        "reopened",
    ]
    assert [e.actor for e in history][3:5] == ["区教体局", "区教体局"]
    assert history[1].to_value == "区教体局" and "区财政局" in (history[1].note or "")
    assert history[5].from_value == DONE and history[5].to_value == CLOSED
    assert history[-1].status_after == IN_PROGRESS
    assert history[2].deadline_after == date(2026, 10, 17)


def test_illegal_transitions_are_refused_and_change_nothing(basic: Service) -> None:
    before = basic.get_task(2)
    with pytest.raises(RuleError, match="已完成待核"):
        basic.verify(2)  # nobody marked it done
    with pytest.raises(RuleError):
        basic.assign(5, "区财政局")  # already done
    with pytest.raises(RuleError):
        basic.report_progress(4, "x")  # not assigned yet
    with pytest.raises(RuleError):
        basic.reopen(2)
    with pytest.raises(RuleError, match="这是工作回顾，不是督办事项"):
        basic.assign(6, "区教体局")  # context item, not a directive
    after = basic.get_task(2)
    assert after.row.version == before.row.version and len(after.history) == len(before.history)


def test_reject_and_reopen(basic: Service) -> None:
    basic.reject(4, note="不属于督办范围")
    assert basic.get_task(4).row.status == REJECTED
    assert 4 not in [r.id for r in basic.list_tasks()]
    assert 4 in [r.id for r in basic.list_tasks(TaskQuery(include_settled=True))]
    basic.reopen(4)
    assert basic.get_task(4).row.status == PENDING


def test_department_scope(basic: Service, as_unit: Callable[[str], Service]) -> None:
    wjj = as_unit("区卫健局")
    assert [r.id for r in wjj.list_tasks()] == [1]  # co-owner of #1 only
    wjj.report_progress(1, "配合开展食品安全检查")  # co-owners may report
    with pytest.raises(RuleError, match="#2 不是区卫健局牵头或配合的事项"):
        wjj.mark_done(2)
    with pytest.raises(RuleError, match="#3 不是区卫健局牵头或配合的事项"):
        wjj.get_task(3)
    with pytest.raises(RuleError, match="只有督查室可以"):
        wjj.verify(1)
    with pytest.raises(RuleError, match="只有督查室可以"):
        wjj.assign(1, "区卫健局")
    with pytest.raises(RuleError, match="只有督查室可以"):
        wjj.reject(1)
    jtj = as_unit("教体局")  # alias
    jtj.mark_done(1, "已完成")
    with pytest.raises(RuleError, match="只有督查室可以"):
        jtj.verify(1)
    # A department cannot widen its view with --unit.
    assert jtj.list_tasks(TaskQuery(unit="区财政局")) == []


def test_extension_request_and_grant(basic: Service, as_unit: Callable[[str], Service]) -> None:
    jtj = as_unit("区教体局")
    jtj.extend(2, "2026-12-15", note="需协调场地")
    row = basic.get_task(2).row
    assert row.deadline == date(2026, 11, 25)  # a request changes nothing yet
    basic.extend(2, "2026-12-15", note="同意延期")
    detail = basic.get_task(2)
    assert detail.row.deadline == date(2026, 12, 15)
    last_two = [(e.action, e.from_value, e.to_value) for e in detail.history[-2:]]
    assert last_two == [
        ("extension_requested", "2026-11-25", "2026-12-15"),
        ("extension_granted", "2026-11-25", "2026-12-15"),
    ]
    with pytest.raises(InputError, match="不晚于现时限"):
        basic.extend(2, "2026-12-01")


def test_deadline_phrases_and_bad_dates(basic: Service) -> None:
    basic.set_deadline(4, "12月底前")
    assert basic.get_task(4).row.deadline == date(2026, 12, 31)
    basic.set_deadline(4, "X月底前")
    row = basic.get_task(4).row
    assert row.deadline is None and row.deadline_unresolved and row.deadline_phrase == "X月底前"
    with pytest.raises(InputError):
        basic.set_deadline(4, "2月30日前")
    with pytest.raises(InputError):
        basic.set_deadline(4, "长期坚持")


def test_stale_edit_is_refused(basic: Service, store, clock) -> None:  # type: ignore[no-untyped-def]
    seen = basic.get_task(2).row.version
    other = Service(store, Actor.department("区教体局"), clock)
    other.report_progress(2, "别人先改了")
    with pytest.raises(StaleEditError, match="已被他人修改"):
        basic.set_deadline(2, "2026-12-31", expected_version=seen)
    assert basic.get_task(2).row.deadline == date(2026, 11, 25)
    basic.set_deadline(2, "2026-12-31", expected_version=seen + 1)
    assert basic.get_task(2).row.deadline == date(2026, 12, 31)


def test_versions_increase_with_every_change(basic: Service) -> None:
    v = [basic.get_task(3).row.version]
    basic.report_progress(3, "a")
    v.append(basic.get_task(3).row.version)
    basic.add_note(3, "b")
    v.append(basic.get_task(3).row.version)
    assert v == sorted(set(v))


def test_unknown_things(basic: Service) -> None:
    with pytest.raises(NotFoundError):
        basic.mark_done(999)
    with pytest.raises(InputError, match="是否指「区教体局」"):
        basic.assign(4, "教体")
    with pytest.raises(InputError, match="报告进展需要写明进展情况"):
        basic.report_progress(1, "  ")


def test_departments_and_aliases(office: Service) -> None:
    office.add_department("区应急管理局", ["应急局"])
    assert office.resolve_department("应急局") == "区应急管理局"
    with pytest.raises(InputError, match="已是「区应急管理局」的名称或别名"):
        office.add_department("区消防救援大队", ["应急局"])


def test_import_extraction_is_idempotent(office: Service) -> None:
    text = "一、压实安全责任。各乡镇要在一周内完成排查。一要细化方案二、去年成效明显"
    first = office.import_extraction(safety_extraction(text), source_name="safety.txt")
    assert first.created and (first.items, first.directives, first.owners_found, first.unresolved_deadlines) == (
        3,
        2,
        1,
        1,
    )
    again = office.import_extraction(safety_extraction(text), source_name="safety.txt")
    assert not again.created and again.meeting_id == first.meeting_id
    rows = office.list_tasks(TaskQuery(kinds=None))
    assert len(rows) == 3 and {r.status for r in rows} == {PENDING}
    child = office.get_task(2)
    assert child.parent_outline == "1" and child.row.deadline_unresolved
    assert child.source_excerpt and "一要细化方案" in child.source_excerpt
    assert office.get_task(1).owner_hint == "各乡镇"
    assert [m.items for m in office.meetings()] == [3]


def test_changes_are_stamped_with_the_clock(basic: Service, store) -> None:  # type: ignore[no-untyped-def]
    later = Service(store, Actor.office("区政府督查室"), FixedClock(date(2026, 12, 1), at=time(8, 30)))
    later.report_progress(2, "十二月进展")
    last = later.get_task(2).history[-1]
    assert last.at.date() == date(2026, 12, 1)
    assert later.get_task(2).row.days_left == -6


def test_control_characters_are_refused_and_nothing_changes(basic: Service) -> None:
    before = basic.get_task(2)
    with pytest.raises(InputError, match="U\\+0000"):
        basic.report_progress(2, "进展\x00隐藏")
    with pytest.raises(InputError, match="U\\+001B"):
        basic.add_department("区\x1b[31m局")
    after = basic.get_task(2)
    assert (after.row.status, after.row.version, len(after.history)) == (
        before.row.status,
        before.row.version,
        len(before.history),
    )
    basic.report_progress(2, "第一行\n第二行\t带制表符")  # line breaks and tabs are fine
    assert basic.get_task(2).history[-1].note == "第一行\n第二行\t带制表符"


def test_meetings_are_scoped_for_departments(basic: Service, as_unit: Callable[[str], Service]) -> None:
    assert [(m.items, m.directives) for m in basic.meetings()] == [(6, 5)]
    assert [(m.items, m.directives) for m in as_unit("区卫健局").meetings()] == [(1, 1)]
    basic.add_department("区水务局")
    assert as_unit("区水务局").meetings() == []


def test_assign_with_a_date_drops_the_old_phrase(basic: Service) -> None:
    basic.set_deadline(4, "12月底前")
    assert basic.get_task(4).row.deadline_phrase == "12月底前"
    basic.assign(4, "区教体局", deadline="2027-01-15")
    row = basic.get_task(4).row
    assert row.deadline == date(2027, 1, 15) and row.deadline_phrase is None


def test_reopening_a_rejected_task_sends_it_back_to_triage_without_owners(basic: Service) -> None:
    basic.reject(2, note="重复事项")  # 2 was 已交办 to 区教体局
    basic.reopen(2)
    row = basic.get_task(2).row
    assert (row.status, row.lead, row.co_owners) == ("待分派", None, [])
    last = basic.get_task(2).history[-1]
    assert last.lead_after is None and last.co_after == ""
    assert any(e.lead_after == "区教体局" for e in basic.get_task(2).history)  # kept in history
