"""A small store with a scripted three-week history (ISO weeks 2026-W46..W48), made
through the service layer with fixed clocks. The report tests check their figures
against it and docs/report-sample.* is rendered from it.

Week 1 (W46, 11-09..11-15): meeting A (held 11-02) imported and assigned (A6 without a
    deadline), A5 rejected; meeting B imported 11-10 and assigned but for B4, which stays
    待分派 throughout; progress on A1, A3, A4; A4 done a day late.
Week 2 (W47, 11-16..11-22): A4 verified (done in week 1); A1 extended to 11-25; 区教体局
    asks to extend B3, then finishes it on its deadline; A2 passes its deadline (overdue
    from 11-21); B1 reassigned to 区卫健委 with 区教体局 as co-owner; B2's deadline moved;
    A6 gets its first deadline (not an adjustment). 区卫健委 and 区应急局 tie in the 通报.
Week 3 (W48, from 11-23): B3 verified; A1 done; A4 reopened; A5 re-classified.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from tasktui.clock import FixedClock
from tasktui.exchange.taskfile import parse_task_file
from tasktui.store.db import Store
from tasktui.store.service import Service, TaskQuery
from tasktui.store.views import Actor

SAMPLE_TOML = """\
office = "区政府督查室"

[[departments]]
name = "区应急局"
aliases = ["应急局"]

[[departments]]
name = "区住建局"

[[departments]]
name = "区教体局"
aliases = ["教体局"]

[[departments]]
name = "区卫健委"

[[departments]]
name = "区市场监管局"

[[meetings]]
title = "全区安全生产工作会议"
date = 2026-11-02

[[meetings.tasks]]
outline = "1"
heading = "开展燃气安全隐患排查整治"
deadline = "2026-11-13"

[[meetings.tasks]]
outline = "2"
heading = "完成老旧小区消防通道清理"
deadline = "2026-11-20"

[[meetings.tasks]]
outline = "3"
heading = "加强校园及周边安全管理"
deadline = "2026-11-30"

[[meetings.tasks]]
outline = "4"
heading = "开展冬季食品安全专项抽检"
deadline = "2026-11-12"

[[meetings.tasks]]
outline = "5"
heading = "研究建立安全生产长效机制"

[[meetings.tasks]]
outline = "6"
heading = "建立安全生产隐患排查台账"

[[meetings]]
title = "全区教育工作会议"
date = 2026-11-10

[[meetings.tasks]]
outline = "1"
heading = "推进义务教育学校课后服务全覆盖"
deadline = "2026-11-27"

[[meetings.tasks]]
outline = "2"
heading = "做好中小学生冬季传染病防控"
deadline = "2026-12-31"

[[meetings.tasks]]
outline = "3"
heading = "完成控辍保学动态排查"
deadline = "2026-11-18"

[[meetings.tasks]]
outline = "4"
heading = "开展校园食品安全专项检查"
deadline = "2026-12-20"
"""

MEETING_A, MEETING_B = "全区安全生产工作会议", "全区教育工作会议"
WEEK1, WEEK2, WEEK3 = "2026-W46", "2026-W47", "2026-W48"
SAMPLE_ISSUE = 12  # the 期号 docs/report-sample.* show for WEEK2


class ScriptedStore:
    """Runs the script step by step, so tests can report between the weeks."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.store = Store(url)
        self.ids: dict[str, int] = {}

    def svc(self, day: date, at: time, unit: str | None = None) -> Service:
        actor = Actor.department(unit) if unit else None
        return Service(self.store, actor=actor, clock=FixedClock(day, at=at))

    def _import(self, day: date, at: time, meeting_title: str, key: str) -> None:
        svc = self.svc(day, at)
        text = _one_meeting(meeting_title)
        tf = parse_task_file(
            text, departments=svc.known_department_names(), office_name=svc.actor.name, now=svc.clock.now(), today=day
        )
        svc.apply_task_file(tf)
        for row in svc.list_tasks(TaskQuery(include_settled=True, kinds=None)):
            if row.meeting == meeting_title:
                self.ids[f"{key}{row.outline}"] = row.id

    def week1(self) -> None:
        d = date
        self._import(d(2026, 11, 9), time(9, 0), MEETING_A, "A")
        o = self.svc(d(2026, 11, 9), time(10, 0))
        o.assign(self.ids["A1"], "区应急局", ["区住建局"])
        o.assign(self.ids["A2"], "区住建局")
        o.assign(self.ids["A3"], "区教体局", ["区卫健委", "区应急局"])
        o.assign(self.ids["A4"], "区市场监管局")
        o.reject(self.ids["A5"], "属常规工作，不作为督办事项")
        o.assign(self.ids["A6"], "区应急局")
        self._import(d(2026, 11, 10), time(10, 0), MEETING_B, "B")
        o = self.svc(d(2026, 11, 11), time(15, 0))
        o.assign(self.ids["B1"], "区教体局")
        o.assign(self.ids["B2"], "区卫健委")
        o.assign(self.ids["B3"], "区教体局")
        self.svc(d(2026, 11, 12), time(16, 0), "区应急局").report_progress(
            self.ids["A1"], "已排查燃气隐患120处，整改85处"
        )
        self.svc(d(2026, 11, 12), time(16, 30), "区市场监管局").report_progress(self.ids["A4"], "已抽检30批次")
        self.svc(d(2026, 11, 13), time(17, 0), "区市场监管局").mark_done(
            self.ids["A4"], "已完成抽检60批次，不合格2批次已处置"
        )
        self.svc(d(2026, 11, 14), time(9, 0), "区教体局").report_progress(self.ids["A3"], "已开展校园周边联合巡查")

    def week2(self) -> None:
        d = date
        self.svc(d(2026, 11, 16), time(9, 30)).verify(self.ids["A4"], "经核查属实，予以销号")
        self.svc(d(2026, 11, 17), time(10, 0)).extend(self.ids["A1"], "2026-11-25", "受寒潮影响，同意延期")
        self.svc(d(2026, 11, 17), time(11, 0), "区教体局").extend(
            self.ids["B3"], "2026-11-25", "排查量大，申请延期一周"
        )
        self.svc(d(2026, 11, 18), time(11, 0), "区教体局").mark_done(self.ids["B3"], "已完成全区排查，劝返2人")
        self.svc(d(2026, 11, 19), time(14, 0), "区住建局").report_progress(self.ids["A2"], "已清理通道43处")
        o = self.svc(d(2026, 11, 21), time(10, 0))
        o.assign(self.ids["B1"], "区卫健委", ["区教体局"], note="调整牵头单位")
        o.set_deadline(self.ids["B2"], "2026-12-15", "按市里要求提前")
        o.set_deadline(self.ids["A6"], "2026-12-10", "明确完成时限")

    def week3(self) -> None:
        d = date
        self.svc(d(2026, 11, 23), time(9, 0)).verify(self.ids["B3"], "经核查属实，予以销号")
        self.svc(d(2026, 11, 24), time(15, 0), "区应急局").mark_done(self.ids["A1"], "隐患全部整改到位")
        self.svc(d(2026, 11, 25), time(10, 0)).reopen(self.ids["A4"], "复查发现问题反弹")
        self.svc(d(2026, 11, 26), time(10, 0)).change_kind(self.ids["A5"], "other")

    def run_all(self) -> ScriptedStore:
        self.week1()
        self.week2()
        self.week3()
        return self


def _one_meeting(title: str) -> str:
    """The sample file cut down to the departments and one meeting."""
    head, *meetings = SAMPLE_TOML.split("[[meetings]]\n")
    for m in meetings:
        if f'title = "{title}"' in m:
            return head + "[[meetings]]\n" + m
    raise KeyError(title)


def build_sample_store(path: Path) -> ScriptedStore:
    """A fresh SQLite store at `path` with the whole three-week script applied."""
    if path.exists():
        path.unlink()
    return ScriptedStore(f"sqlite:///{path}").run_all()


def main() -> None:
    """`python -m tasktui.report.sample FOLDER`: write the sample's week-2 report in
    every format to FOLDER/report-sample.* (docs/report.md shows the picture)."""
    import sys
    import tempfile

    from tasktui.report import FORMATS
    from tasktui.report.make import Masthead, make_report, write_report
    from tasktui.report.period import parse_week

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        s = build_sample_store(Path(tmp) / "sample.db")
        # As an office numbering its reports from week 2026-W36 (第1期) would have it.
        masthead = Masthead(issue=SAMPLE_ISSUE)
        report = make_report(s.svc(date(2026, 11, 23), time(9, 0)), parse_week(WEEK2), masthead)
        for fmt in FORMATS:
            write_report(report, fmt, folder / f"report-sample.{fmt}")
            print(folder / f"report-sample.{fmt}")
        s.store.dispose()


if __name__ == "__main__":
    main()
