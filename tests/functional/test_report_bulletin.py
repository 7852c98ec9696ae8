"""The 督办通报 and the weekly report's supervision-cycle figures (签收, 退回重办, 催办,
持续整改, groupings) from stores loaded through the task-file import with written
histories, the docx read back with python-docx. Definitions: docs/report.md."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import docx
import pytest

from tasktui.clock import FixedClock
from tasktui.config import BULLETIN_REQUIREMENTS
from tasktui.exchange.taskfile import parse_task_file
from tasktui.report.bulletin import Bulletin
from tasktui.report.make import Masthead, make_bulletin, make_report, write_bulletin
from tasktui.report.period import parse_month, parse_quarter, parse_week
from tasktui.report.render_bulletin_md import render_bulletin_md
from tasktui.report.render_docx import table_texts
from tasktui.store.db import Store
from tasktui.store.service import Service
from tasktui.store.views import Actor

AFTER = date(2026, 12, 2)  # November is over
NOVEMBER = parse_month("2026-11")

UNITS = ["区教体局", "区卫健委", "区住建局", "区市场监管局", "区财政局"]


def _history(*events: str) -> str:
    out = []
    for e in events:
        at, action, *rest = e.split("|")
        line = f'[[meetings.tasks.history]]\nat = 2026-{at}:00\naction = "{action}"\n'
        if rest and rest[0]:
            line += f'to = "{rest[0]}"\n'
        if len(rest) > 1:
            line += f'note = "{rest[1]}"\n'
        out.append(line)
    return "\n".join(out)


def _task(heading: str, lead: str | None, deadline: str, *events: str) -> str:
    head = f'[[meetings.tasks]]\nheading = "{heading}"\ndeadline = {deadline}\n'
    if lead:
        head += f'lead = "{lead}"\n'
    # The history sets the deadline (a task file's history is the task's whole story).
    return (
        head + "\n" + _history("09-01T09:00|created|待分派", f"09-01T09:05|deadline_changed|{deadline}", *events) + "\n"
    )


CYCLE_TOML = (
    'office = "区政府督查室"\n'
    + "".join(f'[[departments]]\nname = "{u}"\n' for u in UNITS)
    + '[[meetings]]\ntitle = "全区重点工作推进会"\ndate = 2026-09-01\n\n'
    # 1: overdue since 11-10, last progress in October.
    + _task(
        "开展燃气安全隐患排查",
        "区住建局",
        "2026-11-10",
        "09-02T09:00|assigned|区住建局",
        "09-03T09:00|acknowledged",
        "10-10T09:00|progress|整改中|已排查隐患120处",
    )
    # 2: no progress in November, reminded twice.
    + _task(
        "推进课后服务全覆盖",
        "区教体局",
        "2026-12-31",
        "09-02T09:00|assigned|区教体局",
        "09-02T10:00|acknowledged",
        "10-15T09:00|progress|整改中|已覆盖80%学校",
        "11-05T09:00|reminded||请加快进度",
        "11-20T09:00|reminded||再次催办",
    )
    # 3: done, sent back in November, progress again.
    + _task(
        "完成控辍保学排查",
        "区教体局",
        "2026-12-15",
        "09-02T09:00|assigned|区教体局",
        "09-02T11:00|acknowledged",
        "11-03T09:00|done|已完成待核|已完成排查",
        "11-10T09:00|sent_back|整改中|佐证材料不全",
        "11-20T09:00|progress|整改中|已补充台账",
    )
    # 4: done on time and verified in November.
    + _task(
        "食品安全专项抽检",
        "区市场监管局",
        "2026-11-30",
        "09-02T09:00|assigned|区市场监管局",
        "09-03T09:00|acknowledged",
        "11-12T09:00|done|已完成待核|抽检60批次",
        "11-15T09:00|verified|已销号",
    )
    # 5: 持续整改 since October (its deadline passed: never overdue), progress in November.
    + _task(
        "医疗废物处置整治",
        "区卫健委",
        "2026-10-31",
        "09-02T09:00|assigned|区卫健委",
        "09-02T09:30|acknowledged",
        "10-01T09:00|progress|整改中|已建立台账",
        "10-20T09:00|sustained|持续整改|转入长效监管",
        "11-18T09:00|progress|持续整改|11月巡查3次",
    )
    # 6: assigned on Monday 11-23, never signed for: 未签收 after two working days.
    + _task("老旧小区改造摸底", "区财政局", "2026-12-31", "11-23T09:00|assigned|区财政局")
    # 7: not assigned yet (待分派): in no figure of the bulletin.
    + _task("研究停车难问题", None, "2026-12-31")
)


def _numbered(text: str) -> str:
    """Each task of the file's one meeting gets its outline position, in order."""
    parts = text.split("[[meetings.tasks]]\n")
    return parts[0] + "".join(f'[[meetings.tasks]]\noutline = "{i}"\n{rest}' for i, rest in enumerate(parts[1:], 1))


def _store(tmp_path: Path, text: str, name: str = "cycle.db") -> Service:
    text = _numbered(text)
    svc = Service(Store(f"sqlite:///{tmp_path / name}"), clock=FixedClock(AFTER, at=time(9, 0)))
    tf = parse_task_file(
        text, filename="t.toml", departments=svc.known_department_names(), now=svc.clock.now(), today=AFTER
    )
    svc.apply_task_file(tf)
    return svc


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Service:
    svc = _store(tmp_path_factory.mktemp("cycle"), CYCLE_TOML)
    svc.set_leader(1, "王副区长")
    svc.set_leader(2, "李副区长")
    svc.set_urgency(1, "特急")
    svc.set_urgency(6, "急办")
    svc.update_meeting(1, source_kind="会议纪要")
    return svc


def _bulletin(svc: Service, issue: int | None = 11) -> Bulletin:
    return make_bulletin(svc, NOVEMBER, Masthead(None, issue))


# ---------------------------------------------------------------------- the published convention


def test_published_convention_688_of_697(tmp_path: Path) -> None:
    """688 完成 of 697, 4 持续整改, 5 未完成 → 98.71%: 持续整改 counts as not complete."""
    tasks = [
        f'[[meetings.tasks]]\nheading = "已办结事项{i}"\nlead = "区教体局"\nstatus = "已销号"\n' for i in range(680)
    ]
    tasks += [
        f'[[meetings.tasks]]\nheading = "待核验事项{i}"\nlead = "区卫健委"\nstatus = "已完成待核"\n' for i in range(8)
    ]
    tasks += [
        f'[[meetings.tasks]]\nheading = "未完成事项{i}"\nlead = "区住建局"\nstatus = "整改中"\n' for i in range(5)
    ]
    tasks += [
        _task(
            f"持续整改事项{i}",
            "区卫健委",
            "2026-10-31",
            "09-02T09:00|assigned|区卫健委",
            "09-10T09:00|sustained|持续整改|转入长效管理",
        )
        for i in range(4)
    ]
    text = (
        "".join(f'[[departments]]\nname = "{u}"\n' for u in UNITS)
        + '[[meetings]]\ntitle = "全年督办"\ndate = 2026-09-01\n\n'
        + "\n".join(tasks)
    )
    svc = _store(tmp_path, text)
    b = make_bulletin(svc, NOVEMBER)
    h = b.headline
    assert (h.assigned, h.completed, h.closed, h.awaiting_check, h.sustained, h.unfinished) == (697, 688, 680, 8, 4, 5)
    assert h.rate == "98.71%"
    text_line = b.headline_text()
    assert (
        "累计交办督办事项697项，已办结688项（其中已核验销号680项、已完成待核验8项），持续整改4项，未完成5项"
        in text_line
    )
    assert "办结率98.71%（持续整改事项计为未完成）" in text_line
    # The weekly report over the same month counts 持续整改 apart and as not complete too.
    r = make_report(svc, NOVEMBER)
    s = r.summary
    assert (s.assigned, s.completed, s.sustained, s.in_progress) == (697, 688, 4, 5)
    assert s.reported_rate == "98.71%"
    assert [t.heading for t in r.sustained] == [f"持续整改事项{i}" for i in range(4)]
    assert r.title == "区政府督查室督办工作月报" or r.title.endswith("督办工作月报")
    svc.store.dispose()


# ---------------------------------------------------------------------- named units and items


def test_bulletin_names_laggards_reminders_send_backs_and_good_units(cycle: Service) -> None:
    b = _bulletin(cycle)
    h = b.headline
    # 6 past triage (the 待分派 one is not counted): 1 closed, 0 awaiting, 1 持续整改, 4 unfinished.
    assert (h.assigned, h.completed, h.sustained, h.unfinished, h.overdue) == (6, 1, 1, 4, 1)
    assert h.rate == "16.67%"
    assert [(x.task.heading, x.reason) for x in b.lagging] == [
        ("开展燃气安全隐患排查", "逾期20天，本期无进展"),
        ("推进课后服务全覆盖", "本期无进展"),
    ]
    assert [(u.unit, u.words) for u in b.lagging_units] == [
        ("区住建局", "逾期1项、本期无进展1项"),
        ("区教体局", "本期无进展1项"),
    ]
    assert [(t.heading, t.reminded_total) for t in b.reminded] == [("推进课后服务全覆盖", 2)]
    assert [(c.heading, c.unit, c.at.date(), c.note) for c in b.sent_back] == [
        ("完成控辍保学排查", "区教体局", date(2026, 11, 10), "佐证材料不全")
    ]
    assert [u.unit for u in b.doing_well] == ["区市场监管局"]
    assert b.requirements == BULLETIN_REQUIREMENTS
    assert b.subject == "关于2026年11月督办事项落实情况的通报"
    assert b.issue_label == "第11期"


def test_bulletin_docx_read_back(cycle: Service, tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    write_bulletin(_bulletin(cycle), "docx", path)
    d = docx.Document(str(path))
    paras = [p.text for p in d.paragraphs]
    assert paras[0] == "督办通报"
    assert d.paragraphs[0].runs[0].font.color.rgb is not None  # the red masthead
    assert paras[1] == "第11期"
    assert paras[2] == "区政府督查室\t2026年12月2日"
    assert "关于2026年11月督办事项落实情况的通报" in paras
    headline = next(p for p in paras if p.startswith("截至2026年11月30日"))
    assert "累计交办督办事项6项，已办结1项" in headline and "持续整改1项，未完成4项（其中逾期1项）" in headline
    assert "办结率16.67%" in headline
    for heading in ("一、总体情况", "二、进展滞后的单位和事项", "三、多次催办事项", "四、退回重办事项"):
        assert heading in paras
    assert "五、工作推进较好的单位" in paras and "六、下步要求" in paras
    assert any(p.startswith("本月进展滞后的单位：区住建局（逾期1项、本期无进展1项）") for p in paras)
    assert any(p.startswith("区市场监管局（办结1项，均按时完成）") for p in paras)
    assert f"（一）{BULLETIN_REQUIREMENTS[0]}" in paras
    lagging, reminded, sent_back = table_texts(d)
    assert lagging[0] == ["序号", "事项", "牵头单位", "完成时限", "滞后情形", "最新进展"]
    assert lagging[1] == [
        "1",
        "开展燃气安全隐患排查（#1）",
        "区住建局",
        "11月10日",
        "逾期20天，本期无进展",
        "已排查隐患120处",
    ]
    assert reminded[1][:4] == ["1", "推进课后服务全覆盖（#2）", "区教体局", "2"]
    assert sent_back[1] == ["1", "完成控辍保学排查（#3）", "区教体局", "11月10日", "佐证材料不全"]
    assert paras[-2:] == ["区政府督查室", "2026年12月2日"]


def test_bulletin_markdown(cycle: Service) -> None:
    text = render_bulletin_md(_bulletin(cycle, issue=None))
    assert text.startswith("# 督办通报\n\n区政府督查室　2026年12月2日\n")
    assert "第" not in text.splitlines()[2]  # no 期号 line without one
    assert "## 关于2026年11月督办事项落实情况的通报" in text
    assert "办结率16.67%" in text
    assert "| 1 | 开展燃气安全隐患排查（#1） | 区住建局 | 2026-11-10 | 逾期20天，本期无进展 | 已排查隐患120处 |" in text
    assert "本月退回重办1次，涉及区教体局（1次）。" in text


def test_bulletin_for_a_department_and_with_nothing_to_name(cycle: Service, tmp_path: Path) -> None:
    unit = Service(cycle.store, actor=Actor.department("区市场监管局"), clock=cycle.clock)
    b = make_bulletin(unit, NOVEMBER)
    assert b.subject == "关于2026年11月区市场监管局督办事项落实情况的通报"
    assert (b.lagging, b.reminded, b.sent_back) == ([], [], [])
    text = render_bulletin_md(b)
    assert "本月无逾期或未报送进展的事项。" in text and "本月无退回重办事项。" in text


# ---------------------------------------------------------------------- the weekly report's new figures


def test_weekly_report_cycle_figures(cycle: Service) -> None:
    r = make_report(cycle, NOVEMBER)
    s = r.summary
    assert (s.sustained, s.unacknowledged, s.sent_back, s.reminded) == (1, 1, 1, 2)
    units = {u.unit: u for u in r.units}
    assert (units["区财政局"].unacknowledged, units["区教体局"].sent_back, units["区教体局"].reminded) == (1, 1, 2)
    assert units["区卫健委"].sustained == 1 and units["区卫健委"].in_progress == 0
    six = next(t for t in r.tasks if t.id == 6)
    assert six.unacknowledged_days == 5  # 11-24…11-27 and 11-30
    assert [t.heading for t in r.sustained] == ["医疗废物处置整治"]
    # A later week: the lead had not been late yet on the 24th (one working day).
    early = make_report(cycle, parse_month("2026-11"), ack_days=5)
    assert early.summary.unacknowledged == 0


def test_unacknowledged_as_of_the_period_end_and_after_signing(tmp_path: Path) -> None:
    text = (
        '[[departments]]\nname = "区财政局"\n[[meetings]]\ntitle = "会"\ndate = 2026-09-01\n\n'
        + _task("甲", "区财政局", "2026-12-31", "09-29T09:00|assigned|区财政局")
        + _task("乙", "区财政局", "2026-12-31", "09-29T09:00|assigned|区财政局", "10-20T09:00|acknowledged")
    )
    svc = _store(tmp_path, text)
    # 09-29 (Tue): 09-30 is a working day, then the National Day break (10-01…10-08),
    # 10-09 and 10-10 (Saturday, a make-up working day) — working days, not calendar days.
    sept = make_report(svc, parse_month("2026-09"))
    assert [t.unacknowledged_days for t in sept.tasks] == [None, None]  # one working day so far
    october = make_report(svc, parse_month("2026-10"))
    days = {t.heading: t.unacknowledged_days for t in october.tasks}
    assert days["乙"] is None  # signed for on 10-20
    assert days["甲"] is not None and days["甲"] < 31 - 8
    svc.store.dispose()


def test_a_week_cut_on_sunday_counts_what_the_list_showed_that_weekend(tmp_path: Path) -> None:
    """Given on Wednesday 11-18 with two working days to sign (Thursday, Friday) and never
    signed: the week's report (cut at the end of Sunday 11-22) counts it 未签收, as the list
    did on that Sunday — one rule (store/acknowledgement.py), not a day later in the report."""
    text = (
        '[[departments]]\nname = "区财政局"\n[[meetings]]\ntitle = "会"\ndate = 2026-09-01\n\n'
        + _task("甲", "区财政局", "2026-12-31", "11-18T09:00|assigned|区财政局")
        + _task("乙", "区财政局", "2026-12-31", "11-19T09:00|assigned|区财政局")
    )
    svc = _store(tmp_path, text)
    week = make_report(svc, parse_week("2026-W47"))
    days = {t.heading: t.unacknowledged_days for t in week.tasks}
    assert days == {"甲": 2, "乙": None}  # 乙 may still sign on Monday 11-23
    assert week.summary.unacknowledged == 1
    sunday = Service(svc.store, clock=FixedClock(date(2026, 11, 22), at=time(20, 0)))
    listed = {r.heading: r.unacknowledged_days for r in sunday.list_tasks()}
    assert listed == days
    svc.store.dispose()


def test_group_by_leader_urgency_and_source(cycle: Service) -> None:
    r = make_report(cycle, NOVEMBER, group_by=("leader", "urgency", "source"))
    leaders = {g.name: (g.total, g.overdue) for g in r.groups["leader"]}
    assert leaders == {"李副区长": (1, 0), "王副区长": (1, 1), "（未设定）": (5, 0)}
    assert [g.name for g in r.groups["leader"]][-1] == "（未设定）"
    assert [(g.name, g.total) for g in r.groups["urgency"]] == [("特急", 1), ("急办", 1), ("一般", 5)]
    assert [(g.name, g.total, g.sustained) for g in r.groups["source"]] == [("会议纪要", 7, 1)]
    from tasktui.report.render_md import render_md

    md = render_md(r)
    assert "## 十、按责任领导统计" in md and "## 十一、按紧急程度统计" in md and "## 十二、按来源类型统计" in md
    assert "| 王副区长 | 1 | 0 | 1 | 0 | 0 | 0 | 1 | 0.00% | 0.00% |" in md


def test_quarter_report_counts_the_whole_quarter(cycle: Service) -> None:
    r = make_report(cycle, parse_quarter("2026Q4"))
    assert r.title.endswith("督办工作季报")
    assert r.summary.reminded == 2 and r.summary.sent_back == 1
    assert "2026年第四季度（2026年10月1日—12月31日）" == r.period.title
    assert r.as_of == AFTER  # the quarter is still running
