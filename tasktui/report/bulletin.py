"""The 督办通报 (bulletin): what published supervision bulletins contain, computed from
the same history as the weekly report (a `WeeklyReport` for the same period, folded
once more), shared by its formats (render_bulletin_md, render_bulletin_docx).

A bulletin carries a 期号 and a masthead (编制单位, date), the headline counts as offices
publish them (交办 697 项，已办结 688 项，持续整改 4 项，未完成 5 项，办结率 98.71%), the
units and items named for lagging (进展滞后), for needing repeated reminders (多次催办)
and for being sent back (退回重办), the units doing well, and the office's 要求.
docs/report.md ("The 通报") defines each figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from tasktui.config import BULLETIN_REQUIREMENTS
from tasktui.report.model import CLOSED_RATE, CycleEvent, TaskState, UnitRow, WeeklyReport, pct
from tasktui.report.period import Period, cn_date
from tasktui.report.tables import Section, cn_number, d, task_label
from tasktui.store.lifecycle import ASSIGNED, IN_PROGRESS, SUSTAINED

# 多次催办: this many 催办 (or more) on a task still not done.
REMINDED_OFTEN = 2
BULLETIN_RATE = "办结率"
_REPORTING_STATUSES = frozenset({ASSIGNED, IN_PROGRESS, SUSTAINED})  # owe progress reports


@dataclass(frozen=True)
class Headline:
    """The counts a bulletin opens with. 已办结 + 持续整改 + 未完成 = 交办."""

    assigned: int  # 交办: past triage, not 不立项
    awaiting_check: int  # 已完成待核
    closed: int  # 已销号
    sustained: int  # 持续整改: not complete
    overdue: int  # of 未完成, past the deadline
    new: int  # 交办 during the period (tasks created in it and past triage)
    completed_in_period: int  # the unit said done during the period

    @property
    def completed(self) -> int:
        """已办结: the unit's completion (已完成待核) and the office's (已销号)."""
        return self.awaiting_check + self.closed

    @property
    def unfinished(self) -> int:
        """未完成: 已交办 and 整改中."""
        return self.assigned - self.completed - self.sustained

    @property
    def rate(self) -> str:
        """办结率 = 已办结 ÷ 交办 (688 of 697 → 98.71%); 持续整改 counts as not complete."""
        return pct(self.completed, self.assigned)

    @property
    def closed_rate(self) -> str:
        return pct(self.closed, self.assigned)


@dataclass(frozen=True)
class Lagging:
    """A task named for lagging: overdue, or no progress reported in the period."""

    task: TaskState
    no_progress: bool  # assigned before the period and no progress report in it

    @property
    def reason(self) -> str:
        t = self.task
        parts = [f"逾期{t.days_overdue}天"] if t.overdue else []
        if self.no_progress:
            parts.append("本期无进展")
        return "，".join(parts)


@dataclass(frozen=True)
class UnitNamed:
    """A unit named in the bulletin, with what it is named for."""

    unit: str
    count: int
    words: str  # 「逾期2项、本期无进展1项」
    overdue: int = 0  # of `count`, overdue: named first


@dataclass(frozen=True)
class Bulletin:
    office: str  # 编制单位
    unit: str | None  # department mode: one unit's tasks
    period: Period
    as_of: date
    made: datetime
    issue: int | None
    headline: Headline
    lagging: list[Lagging]
    lagging_units: list[UnitNamed]
    reminded: list[TaskState]  # 多次催办, open at the cutoff
    sent_back: list[CycleEvent]  # 退回重办 in the period
    sent_back_units: list[UnitNamed]
    doing_well: list[UnitRow]
    requirements: tuple[str, ...]

    title = "督办通报"

    @property
    def issue_label(self) -> str | None:
        return f"第{self.issue}期" if self.issue is not None else None

    @property
    def subject(self) -> str:
        """The document's own title: 关于2026年11月督办事项落实情况的通报."""
        who = f"{self.unit}" if self.unit else ""
        return f"关于{self.period.name}{who}督办事项落实情况的通报"

    @property
    def made_label(self) -> str:
        return cn_date(self.made.date())

    def headline_text(self) -> str:
        h = self.headline
        this = self.period.this
        running = f"（{this}尚未结束，统计截至{cn_date(self.as_of)}）" if self.as_of != self.period.end else ""
        return (
            f"截至{cn_date(self.as_of)}{running}，累计交办督办事项{h.assigned}项，"
            f"已办结{h.completed}项（其中已核验销号{h.closed}项、已完成待核验{h.awaiting_check}项），"
            f"持续整改{h.sustained}项，未完成{h.unfinished}项（其中逾期{h.overdue}项），"
            f"{BULLETIN_RATE}{h.rate}（持续整改事项计为未完成），{CLOSED_RATE}{h.closed_rate}。"
            f"{this}新交办{h.new}项，单位报办结{h.completed_in_period}项。"
        )

    def result_line(self) -> str:
        """What the CLI and the UI say after writing it."""
        h = self.headline
        masthead = f"{self.issue_label} " if self.issue_label else ""
        return (
            f"{masthead}{self.period.title} 督办通报: 交办 {h.assigned} 项，已办结 {h.completed} 项，"
            f"持续整改 {h.sustained} 项，未完成 {h.unfinished} 项，{BULLETIN_RATE} {h.rate}；"
            f"点名进展滞后单位 {len(self.lagging_units)} 个"
        )


def bulletin_of(report: WeeklyReport, requirements: tuple[str, ...] | None = None) -> Bulletin:
    """Fold the period's report into a bulletin. `requirements`: the 要求 paragraphs
    ([report] requirements), else BULLETIN_REQUIREMENTS."""
    start_dt = datetime.combine(report.period.start, time.min)
    s = report.summary
    assigned_tracked = [t for t in report.tasks if t.tracked and t.lead is not None and t.status != "待分派"]
    headline = Headline(
        assigned=s.assigned,
        awaiting_check=s.awaiting_check,
        closed=s.closed,
        sustained=s.sustained,
        overdue=sum(1 for t in assigned_tracked if t.overdue),
        new=sum(1 for t in assigned_tracked if t.assigned_at is not None and t.created_at >= start_dt),
        completed_in_period=s.completed_week,
    )
    lagging: list[Lagging] = []
    for t in assigned_tracked:
        no_progress = (
            t.status in _REPORTING_STATUSES
            and t.assigned_at is not None
            and t.assigned_at < start_dt
            and (t.progressed_at is None or t.progressed_at < start_dt)
        )
        if t.overdue or no_progress:
            lagging.append(Lagging(t, no_progress))
    lagging.sort(key=lambda x: (not x.task.overdue, -x.task.days_overdue, x.task.unit, x.task.id))
    reminded = sorted(
        (t for t in assigned_tracked if t.reminded_total >= REMINDED_OFTEN and not t.completed),
        key=lambda t: (-t.reminded_total, t.unit, t.id),
    )
    sent_back = [c for c in report.cycle_events if c.action == "退回重办"]
    # Doing well: something done, nothing overdue, nothing done late, and not named above
    # for lagging (a unit is never both criticised and praised in one bulletin).
    named = {x.task.unit for x in lagging}
    doing_well = [
        u
        for u in report.units
        if u.completed > 0 and u.overdue == 0 and u.on_time == u.completed_with_deadline and u.unit not in named
    ]
    doing_well.sort(key=lambda u: (-u.completed, u.rank))
    return Bulletin(
        office=report.office,
        unit=report.unit,
        period=report.period,
        as_of=report.as_of,
        made=report.made,
        issue=report.issue,
        headline=headline,
        lagging=lagging,
        lagging_units=_lagging_units(lagging),
        reminded=reminded,
        sent_back=sent_back,
        sent_back_units=_count_units([c.unit for c in sent_back], "次"),
        doing_well=doing_well,
        requirements=requirements or BULLETIN_REQUIREMENTS,
    )


def _lagging_units(lagging: list[Lagging]) -> list[UnitNamed]:
    acc: dict[str, list[int]] = {}
    for x in lagging:
        a = acc.setdefault(x.task.unit, [0, 0, 0])
        a[0] += 1
        a[1] += x.task.overdue
        a[2] += x.no_progress
    out = []
    for unit, (n, overdue, quiet) in acc.items():
        words = "、".join(
            w for w in (f"逾期{overdue}项" if overdue else "", f"本期无进展{quiet}项" if quiet else "") if w
        )
        out.append(UnitNamed(unit, n, words, overdue))
    return sorted(out, key=lambda u: (-u.overdue, -u.count, u.unit.encode("gb18030", errors="replace")))


def _count_units(units: list[str], measure: str) -> list[UnitNamed]:
    acc: dict[str, int] = {}
    for u in units:
        acc[u] = acc.get(u, 0) + 1
    return sorted(
        (UnitNamed(u, n, f"{n}{measure}") for u, n in acc.items()),
        key=lambda u: (-u.count, u.unit.encode("gb18030", errors="replace")),
    )


def _names(units: list[UnitNamed]) -> str:
    return "、".join(f"{u.unit}（{u.words}）" for u in units)


@dataclass(frozen=True)
class Part:
    """One numbered part of the bulletin: its paragraphs, then its table if any."""

    title: str
    paragraphs: list[str]
    table: Section | None = None


def parts(b: Bulletin) -> list[Part]:
    """The bulletin's parts in order, shared by every format."""
    this = b.period.this
    lagging_para = (
        f"{this}进展滞后的单位：{_names(b.lagging_units)}。具体事项如下。"
        if b.lagging_units
        else f"{this}无逾期或未报送进展的事项。"
    )
    reminded_para = (
        f"经{REMINDED_OFTEN}次及以上催办仍未办结的事项{len(b.reminded)}项，"
        f"涉及{_names(_count_units([t.unit for t in b.reminded], '项'))}。"
        if b.reminded
        else f"无经{REMINDED_OFTEN}次及以上催办仍未办结的事项。"
    )
    sent_back_para = (
        f"{this}退回重办{len(b.sent_back)}次，涉及{_names(b.sent_back_units)}。"
        if b.sent_back
        else f"{this}无退回重办事项。"
    )
    well = "、".join(
        f"{u.unit}（办结{u.completed}项{'，均按时完成' if u.completed_with_deadline else ''}）" for u in b.doing_well
    )
    well_para = (
        f"{well}等单位无逾期事项，办结事项均在时限内完成，予以通报表扬。"
        if b.doing_well
        else "本期暂无办结事项均按时完成且无逾期事项的单位。"
    )
    return [
        Part("总体情况", [b.headline_text()]),
        Part(
            "进展滞后的单位和事项",
            [lagging_para],
            Section(
                "进展滞后事项",
                ["序号", "事项", "牵头单位", "完成时限", "滞后情形", "最新进展"],
                [
                    [str(i), task_label(x.task), x.task.unit, d(x.task.deadline), x.reason, x.task.latest_note or "—"]
                    for i, x in enumerate(b.lagging, 1)
                ],
                "无。",
            )
            if b.lagging
            else None,
        ),
        Part(
            "多次催办事项",
            [reminded_para],
            Section(
                "多次催办事项",
                ["序号", "事项", "牵头单位", "催办次数", "完成时限", "整改状态"],
                [
                    [str(i), task_label(t), t.unit, str(t.reminded_total), d(t.deadline), t.status]
                    for i, t in enumerate(b.reminded, 1)
                ],
                "无。",
            )
            if b.reminded
            else None,
        ),
        Part(
            "退回重办事项",
            [sent_back_para],
            Section(
                "退回重办事项",
                ["序号", "事项", "牵头单位", "退回日期", "退回原因"],
                [
                    [str(i), f"{c.heading}（#{c.task_id}）", c.unit, d(c.at), c.note or "—"]
                    for i, c in enumerate(b.sent_back, 1)
                ],
                "无。",
            )
            if b.sent_back
            else None,
        ),
        Part("工作推进较好的单位", [well_para]),
        Part("下步要求", [f"（{cn_number(i + 1)}）{text}" for i, text in enumerate(b.requirements)]),
    ]


def opening(b: Bulletin) -> str:
    """The sentence before part 一."""
    who = f"{b.unit}牵头或配合的" if b.unit else ""
    return f"现将{b.period.name}{who}督办事项落实情况通报如下。"


__all__ = ["BULLETIN_RATE", "Bulletin", "Headline", "Lagging", "Part", "UnitNamed", "bulletin_of", "opening", "parts"]
