"""Weekly report figures from a scripted three-week history (tasktui.report.sample).
Periods and figures on their own, without a store: tests/unit/test_report_period.py.

The definitions these tests hold the report to (docs/report.md, "Definitions"):
- 待分派 items are counted apart and are in no rate's denominator (已分派 is);
- 已完成待核 (the unit's word) and 已销号 (the office's) are separate figures, columns and
  rates (完成率（含待核）, 销号率); 本周完成 lists both, each with its state;
- the first deadline a task gets is not a 时限调整;
- tied units share a rank (standard competition ranking: 1, 2, 3, 3, 5).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from tasktui.config import ReportSettings
from tasktui.report.make import Masthead, make_report
from tasktui.report.model import WeeklyReport
from tasktui.report.period import parse_week
from tasktui.report.sample import WEEK1, WEEK2, WEEK3, ScriptedStore, build_sample_store
from tasktui.report.tables import heading_lines
from tasktui.store.errors import InputError

TODAY = date(2026, 11, 26)  # Thursday of week 3, after the whole script


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> ScriptedStore:
    return build_sample_store(tmp_path_factory.mktemp("weekly") / "sample.db")


def report(sample: ScriptedStore, week: str, unit: str | None = None, today: date = TODAY) -> WeeklyReport:
    return make_report(sample.svc(today, time(12, 0), unit), parse_week(week))


def headings(tasks: list) -> list[str]:  # type: ignore[type-arg]
    return [t.heading for t in tasks]


# ---------------------------------------------------------------------- week 1


def test_week1_summary(sample: ScriptedStore) -> None:
    r = report(sample, WEEK1)
    s = r.summary
    assert r.as_of == date(2026, 11, 15)
    assert (s.tracked, s.assigned, s.pending, s.new) == (9, 8, 1, 4)  # meeting A predates the week
    assert (s.completed_week, s.verified_week) == (1, 0)
    assert (s.in_progress, s.awaiting_check, s.closed) == (7, 1, 0)
    assert (s.overdue, s.overdue_new) == (1, 1)
    # B4 (待分派) is in no denominator: 0/8 and 1/8, not 0/9 and 1/9.
    assert (s.closed_rate, s.reported_rate, s.on_time_rate) == ("0.00%", "12.50%", "0.00%")
    # The rejected task is known (CSV lists it) but not tracked.
    assert len(r.tasks) == 10 and len(r.ledger) == 9
    assert [t.status for t in r.tasks if not t.tracked] == ["不立项"]


def test_week1_lists(sample: ScriptedStore) -> None:
    r = report(sample, WEEK1)
    assert [(t.heading, t.days_overdue, t.latest_note) for t in r.overdue] == [
        ("开展燃气安全隐患排查整治", 2, "已排查燃气隐患120处，整改85处")
    ]
    assert [(t.heading, t.days_left) for t in r.due_soon] == [
        ("完成控辍保学动态排查", 3),
        ("完成老旧小区消防通道清理", 5),
    ]
    assert [(t.heading, t.status, t.on_time, t.completion_note) for t in r.completed] == [
        ("开展冬季食品安全专项抽检", "已完成待核", False, "已完成抽检60批次，不合格2批次已处置")
    ]
    assert r.deadline_changes == []
    # B1 was led by 区教体局 in week 1; it is 区卫健委's only since week 2.
    b1 = next(t for t in r.tasks if t.heading == "推进义务教育学校课后服务全覆盖")
    assert (b1.lead, b1.co) == ("区教体局", ())


# ---------------------------------------------------------------------- week 2


def test_week2_summary(sample: ScriptedStore) -> None:
    r = report(sample, WEEK2)
    s = r.summary
    assert (s.tracked, s.assigned, s.pending, s.new) == (9, 8, 1, 0)
    assert (s.completed_week, s.verified_week) == (1, 1)  # B3 said done, A4 verified
    assert (s.in_progress, s.awaiting_check, s.closed) == (6, 1, 1)
    assert (s.overdue, s.overdue_new) == (1, 1)
    # 已销号 and 已完成待核 are two rates, both over the 8 tasks past triage.
    assert (s.closed, s.closed_rate) == (1, "12.50%")
    assert (s.completed, s.reported_rate) == (2, "25.00%")
    assert (s.on_time, s.completed_with_deadline, s.on_time_rate) == (1, 2, "50.00%")
    items = dict(s.items())
    assert items["其中待分派（不计入比率）"] == "1"
    assert (items["销号率"], items["完成率（含待核）"]) == ("12.50%（1/8）", "25.00%（2/8）")
    assert "完成率" not in items  # no rate that adds the unit's word to the office's
    assert "其中已分派8项、待分派1项（待分派事项单独统计，不计入各项比率）" in r.summary_text()
    assert "销号率12.50%，完成率（含待核）25.00%，按时完成率50.00%" in r.summary_text()


def test_week2_sections(sample: ScriptedStore) -> None:
    r = report(sample, WEEK2)
    # The extension took A1 off the overdue list; A2 passed its deadline on 11-20.
    assert [(t.heading, t.lead, t.deadline, t.days_overdue) for t in r.overdue] == [
        ("完成老旧小区消防通道清理", "区住建局", date(2026, 11, 20), 2)
    ]
    assert [(t.heading, t.days_left) for t in r.due_soon] == [
        ("开展燃气安全隐患排查整治", 3),
        ("推进义务教育学校课后服务全覆盖", 5),
    ]
    # 本周完成: what the unit said done this week and what the office verified this week
    # (A4, said done in week 1), each with its state.
    assert [(t.heading, t.status, t.completed_at, t.verified_at, t.on_time) for t in r.completed] == [
        ("开展冬季食品安全专项抽检", "已销号", datetime(2026, 11, 13, 17, 0), datetime(2026, 11, 16, 9, 30), False),
        ("完成控辍保学动态排查", "已完成待核", datetime(2026, 11, 18, 11, 0), None, True),
    ]
    # A6 got its first deadline on 11-21: not an adjustment, not listed.
    assert [(c.action, c.old, c.new, c.unit) for c in r.deadline_changes] == [
        ("批准延期", "2026-11-13", "2026-11-25", "区应急局"),
        ("申请延期", "2026-11-18", "2026-11-25", "区教体局"),
        ("调整时限", "2026-12-31", "2026-12-15", "区卫健委"),
    ]
    a6 = next(t for t in r.tasks if t.heading == "建立安全生产隐患排查台账")
    assert a6.deadline == date(2026, 12, 10)
    b1 = next(t for t in r.tasks if t.heading == "推进义务教育学校课后服务全覆盖")
    assert (b1.lead, b1.co) == ("区卫健委", ("区教体局",))


def test_week2_unit_ranking(sample: ScriptedStore) -> None:
    r = report(sample, WEEK2)
    rows = [
        (
            u.rank,
            u.unit,
            u.total,
            u.in_progress,
            u.awaiting_check,
            u.closed,
            u.overdue,
            u.closed_rate,
            u.reported_rate,
            u.on_time_rate,
        )
        for u in r.units
    ]
    # By 销号率, then 完成率（含待核）, then fewest overdue. 区卫健委 and 区应急局 are equal
    # on all three: both 3rd (in pinyin order), and the next unit is 5th (1-2-3-3-5).
    assert rows == [
        (1, "区市场监管局", 1, 0, 0, 1, 0, "100.00%", "100.00%", "0.00%"),
        (2, "区教体局", 2, 1, 1, 0, 0, "0.00%", "50.00%", "100.00%"),
        (3, "区卫健委", 2, 2, 0, 0, 0, "0.00%", "0.00%", "—"),
        (3, "区应急局", 2, 2, 0, 0, 0, "0.00%", "0.00%", "—"),
        (5, "区住建局", 1, 1, 0, 0, 1, "0.00%", "0.00%", "—"),
    ]
    # B4 (待分派, no lead) is in no unit's row.
    assert sum(u.total for u in r.units) == r.summary.assigned == 8
    assert r.most_overdue == [("区住建局", 1)]
    assert "逾期事项较多的单位：区住建局（1项）" in r.summary_text()


def test_week2_meetings(sample: ScriptedStore) -> None:
    r = report(sample, WEEK2)
    assert [
        (
            m.title,
            m.total,
            m.pending,
            m.in_progress,
            m.awaiting_check,
            m.closed,
            m.overdue,
            m.closed_rate,
            m.reported_rate,
        )
        for m in r.meetings
    ] == [
        ("全区安全生产工作会议", 5, 0, 4, 0, 1, 1, "20.00%", "20.00%"),
        # 1 of its 3 tasks past triage said done (B4 waits for triage): 33.33%, not 1/4.
        ("全区教育工作会议", 4, 1, 2, 1, 0, 0, "0.00%", "33.33%"),
    ]


# ---------------------------------------------------------------------- week 3, partial


def test_running_week_is_reported_up_to_today(sample: ScriptedStore) -> None:
    r = report(sample, WEEK3)
    assert r.as_of == TODAY
    s = r.summary
    assert (s.completed_week, s.verified_week) == (1, 1)  # A1 done, B3 verified
    assert [(t.heading, t.status) for t in r.completed] == [
        ("完成控辍保学动态排查", "已销号"),  # said done in week 2, verified 11-23
        ("开展燃气安全隐患排查整治", "已完成待核"),
    ]
    # A4 was reopened (已销号 → 整改中) and its old deadline has long passed.
    assert sorted(headings(r.overdue)) == sorted(["开展冬季食品安全专项抽检", "完成老旧小区消防通道清理"])
    assert s.overdue_new == 1
    # A5 became "other" on 11-26: no longer a directive, not even in the CSV rows.
    assert len(r.tasks) == 9
    # Mid-week the report still says what day it stops at.
    r_mon = report(sample, WEEK3, today=date(2026, 11, 23))
    assert r_mon.as_of == date(2026, 11, 23) and r_mon.summary.verified_week == 1
    assert r_mon.summary.completed_week == 0


def test_past_weeks_do_not_change(sample: ScriptedStore) -> None:
    """Reported later, a week's figures are what they were: the events after the week
    (reopening, re-classifying, reassigning) do not leak back."""
    early = report(sample, WEEK1, today=date(2026, 11, 16))
    late = report(sample, WEEK1, today=date(2026, 12, 31))
    assert early.summary == late.summary
    assert early.units == late.units
    assert early.tasks == late.tasks
    assert len(early.tasks) == 10  # A5 still a (rejected) directive then


def test_changing_a_deadline_it_already_had_is_an_adjustment(tmp_path: Path) -> None:
    """The first deadline is not listed; moving it afterwards is (the same action)."""
    s = build_sample_store(tmp_path / "s.db")
    a6 = s.ids["A6"]
    s.svc(date(2026, 11, 24), time(10, 0)).set_deadline(a6, "2026-12-20", "按区领导要求延后")
    r = report(s, WEEK3)
    assert [(c.task_id, c.action, c.old, c.new) for c in r.deadline_changes] == [
        (a6, "调整时限", "2026-12-10", "2026-12-20")
    ]
    # A deadline given again as it was changes nothing: not listed either.
    s.svc(date(2026, 11, 25), time(10, 0)).set_deadline(a6, "2026-12-20")
    assert len(report(s, WEEK3).deadline_changes) == 1
    s.store.dispose()


def test_masthead_from_settings_and_given(sample: ScriptedStore) -> None:
    """期号 and 编制单位: counted and named from the settings, what is given wins."""
    week2 = parse_week(WEEK2)
    settings = ReportSettings(office="区人民政府督查室", first_issue_week="2026-W36")
    m = Masthead.of(settings, week2)
    assert (m.office, m.issue) == ("区人民政府督查室", 12)
    assert Masthead.of(settings, week2, office="区委督查室", issue=3) == Masthead("区委督查室", 3)
    assert Masthead.of(ReportSettings(), week2) == Masthead(None, None)
    r = make_report(sample.svc(TODAY, time(12, 0)), week2, m)
    assert (r.office, r.issue, r.title) == ("区人民政府督查室", 12, "区人民政府督查室督办工作周报")
    assert heading_lines(r)[:2] == ["第12期", "编制单位：区人民政府督查室"]
    assert r.result_line().startswith("第12期 2026年第47周")
    # Without settings: the office named in the store, no 期号 line.
    plain = report(sample, WEEK2)
    assert (plain.office, plain.issue) == ("区政府督查室", None)
    assert heading_lines(plain)[0] == "编制单位：区政府督查室"


def test_future_period_is_refused(sample: ScriptedStore) -> None:
    with pytest.raises(InputError):
        report(sample, "2026-W50")


# ---------------------------------------------------------------------- department mode


def test_department_sees_its_own_tasks_as_they_stood(sample: ScriptedStore) -> None:
    # Week 1: 区卫健委 co-owns A3 and leads B2; B1 was still 区教体局's alone.
    r1 = report(sample, WEEK1, unit="区卫健委")
    assert r1.unit == "区卫健委"
    assert sorted(headings(r1.tasks)) == sorted(["加强校园及周边安全管理", "做好中小学生冬季传染病防控"])
    assert [u.unit for u in r1.units] == ["区卫健委"]
    # Week 2: B1 moved to 区卫健委, and 区教体局 keeps it as co-owner.
    r2 = report(sample, WEEK2, unit="区卫健委")
    assert len(r2.tasks) == 3
    edu = report(sample, WEEK2, unit="区教体局")
    assert sorted(headings(edu.tasks)) == sorted(
        ["加强校园及周边安全管理", "推进义务教育学校课后服务全覆盖", "完成控辍保学动态排查"]
    )
    assert edu.summary.tracked == 3 and edu.summary.completed == 1 and edu.summary.awaiting_check == 1
    assert "区教体局牵头或配合的督办事项3项" in edu.summary_text()


def test_alias_resolves_for_department(sample: ScriptedStore) -> None:
    from tasktui.cli import build_parser, make_service

    args = build_parser().parse_args(["report", "--db", sample.url, "--today", "2026-11-23", "--as", "教体局"])
    svc = make_service(args)
    assert make_report(svc, parse_week(WEEK1)).unit == "区教体局"


def test_empty_store_reports_zeroes(tmp_path: Path) -> None:
    s = ScriptedStore(f"sqlite:///{tmp_path / 'empty.db'}")
    r = report(s, WEEK1)
    assert r.summary.tracked == 0 and r.summary.closed_rate == r.summary.reported_rate == "—"
    assert r.units == [] and r.overdue == [] and r.meetings == []


def test_countdown_words_match_the_task_list(sample: ScriptedStore) -> None:
    """One countdown wording (lifecycle.Countdown.label) in the report and the UI/CLI."""
    from tasktui.store.lifecycle import countdown

    rep = report(sample, "2026-W48")
    labels = set()
    for t in rep.tasks:
        expected = countdown(t.deadline, t.status, rep.as_of, warn_days=7)
        assert t.countdown.label == expected.label, (t.id, t.status, t.deadline)
        assert t.remaining_label == expected.label
        labels.add(t.remaining_label)
    assert "当日到期" not in labels
    assert any(lab.startswith("逾期") for lab in labels) and "—" in labels


def test_a_denied_extension_is_listed_with_what_was_asked(tmp_path: Path) -> None:
    s = build_sample_store(tmp_path / "s.db")
    a6 = s.ids["A6"]
    row = s.svc(date(2026, 11, 24), time(9, 0)).get_task(a6).row
    assert row.lead
    s.svc(date(2026, 11, 24), time(10, 0), row.lead).extend(a6, "2027-01-20", "需协调资金")
    s.svc(date(2026, 11, 25), time(10, 0)).deny_extension(a6, "一个月内第二次申请，不予批准")
    changes = [(c.action, c.new, c.note) for c in report(s, WEEK3).deadline_changes]
    assert ("驳回延期", "不予延期（申请至2027-01-20）", "一个月内第二次申请，不予批准") in changes
    assert changes[0][0] == "申请延期"
    s.store.dispose()
