"""What a weekly report (周报) says: its figures and sections as plain data, shared by
every format (md, html, csv, xlsx, docx). Computed by `tasktui.report.weekly`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from tasktui.report.period import Period, cn_date
from tasktui.store.late_reports import LateReport
from tasktui.store.lifecycle import (
    COMPLETED_STATUSES,
    DEFAULT_URGENCY,
    NO_COUNTDOWN_STATUSES,
    REJECTED,
    SUSTAINED,
    Countdown,
)

COMPLETED = COMPLETED_STATUSES  # 已完成待核, 已销号: the 完成率's numerator
DUE_SOON_DAYS = 7
NO_LEAD = "（未交办）"  # the unit column of a task not assigned yet


def pct(numerator: int, denominator: int) -> str:
    """98.71% as offices publish it (half-up, two decimals); — when nothing to divide."""
    if denominator <= 0:
        return "—"
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value}%"


@dataclass(slots=True)
class TableRow:
    """One directive as it stood at the cutoff: the columns of the report's task table
    (the CSV) and no more — what a TaskTable holds. The full report's TaskState is one with
    the other sections' fields added, so the two cannot drift apart."""

    id: int
    meeting_id: int
    meeting: str
    meeting_date: date | None
    seq: int
    outline: str
    heading: str
    status: str
    lead: str | None
    co: tuple[str, ...]
    deadline: date | None
    days_left: int | None  # deadline − as-of day; None without a deadline or once settled
    overdue: bool
    completed_at: datetime | None  # when the unit last said it was done (became 已完成待核/已销号)
    on_time: bool | None  # completed by the deadline it had then; None: no deadline/not done
    latest_note: str | None


@dataclass(slots=True)
class TaskState(TableRow):
    """One directive as it stood at the cutoff: its table row and what the other sections need."""

    created_at: datetime
    latest_note_at: datetime | None
    verified_at: datetime | None  # when the office last verified it (became 已销号), if it still is
    completion_note: str | None
    # The supervision cycle (督办), as of the cutoff unless said otherwise.
    assigned_at: datetime | None = None  # the last 交办/改派 to a new lead
    # 未签收: working days since `assigned_at` when the lead has not signed for it (签收)
    # within [cycle] ack_days working days and it is still 已交办; None otherwise.
    unacknowledged_days: int | None = None
    sent_back: int = 0  # 退回重办 events in the period
    reminded: int = 0  # 催办 events in the period
    reminded_total: int = 0  # 催办 events up to the cutoff
    progressed_at: datetime | None = None  # the last progress report (报告进展, 标记完成, 转为持续整改)
    sustained_at: datetime | None = None  # when it became 持续整改, if it still is
    # Current values, not historical (history does not version them): docs/report.md.
    leader: str | None = None  # 责任领导
    urgency: str = DEFAULT_URGENCY  # 紧急程度
    source_kind: str | None = None  # the meeting's source kind (讲话, 会议纪要, …)

    @property
    def tracked(self) -> bool:
        return self.status != REJECTED

    @property
    def completed(self) -> bool:
        return self.status in COMPLETED

    @property
    def sustained(self) -> bool:
        return self.status == SUSTAINED

    @property
    def unit(self) -> str:
        return self.lead or NO_LEAD

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue and self.days_left is not None else 0

    @property
    def countdown(self) -> Countdown:
        """The countdown as the task list shows it (lifecycle.Countdown), as of the cutoff,
        so the report and the UI word it the same (今天到期, 逾期3天, …)."""
        if self.status in NO_COUNTDOWN_STATUSES:
            # days_left is not kept once settled; any number makes the label "—".
            return Countdown(0 if self.deadline is not None else None, False, "settled")
        if self.days_left is None:
            return Countdown(None, False, "none")
        warning = "red" if self.overdue else "yellow" if self.days_left <= DUE_SOON_DAYS else "green"
        return Countdown(self.days_left, self.overdue, warning)

    @property
    def remaining_label(self) -> str:
        return self.countdown.label


@dataclass(frozen=True, slots=True)
class DeadlineChange:
    task_id: int
    heading: str
    unit: str
    at: datetime
    action: str  # 调整时限 / 批准延期 / 申请延期
    old: str | None
    new: str | None
    note: str | None


# The two completion rates, named once for every format. 已完成待核 is the unit's word,
# 已销号 the office's: they are never added up under one name.
CLOSED_RATE = "销号率"  # 已销号 ÷ 已分派
REPORTED_RATE = "完成率（含待核）"  # (已完成待核 + 已销号) ÷ 已分派
ON_TIME_RATE = "按时完成率"
SUSTAINED_LABEL = "持续整改（计入未完成）"


class _Rates:
    """The two completion rates over 已分派 (past triage), shared by the summary and the
    per-meeting rows; the per-unit rows rank by the same figures."""

    awaiting_check: int
    closed: int

    @property
    def assigned(self) -> int:  # overridden: how 已分派 is counted differs by row
        raise NotImplementedError

    @property
    def completed(self) -> int:
        """已完成待核 + 已销号."""
        return self.awaiting_check + self.closed

    @property
    def closed_rate(self) -> str:
        return pct(self.closed, self.assigned)

    @property
    def reported_rate(self) -> str:
        return pct(self.completed, self.assigned)


@dataclass(frozen=True)
class Summary(_Rates):
    tracked: int  # every directive not 不立项, 待分派 included
    new: int
    completed_week: int  # the unit said done during the period (and it still stands)
    verified_week: int  # the office verified during the period (and it still stands)
    pending: int  # 待分派: counted apart, in no rate
    in_progress: int  # 已交办 + 整改中
    awaiting_check: int  # 已完成待核
    closed: int  # 已销号
    overdue: int
    overdue_new: int  # became overdue during the period
    completed_with_deadline: int
    on_time: int
    sustained: int = 0  # 持续整改: listed apart, counted as not complete in every rate
    unacknowledged: int = 0  # 未签收 at the cutoff
    sent_back: int = 0  # 退回重办 events in the period
    reminded: int = 0  # 催办 events in the period

    @property
    def assigned(self) -> int:
        """已分派: past triage (已交办, 整改中, 持续整改, 已完成待核, 已销号), the rates' denominator."""
        return self.tracked - self.pending

    @property
    def on_time_rate(self) -> str:
        return pct(self.on_time, self.completed_with_deadline)

    def items(self, this: str = "本周") -> list[tuple[str, str]]:
        """(label, value) pairs in reading order, shared by every format."""
        return [
            ("督办事项总数", str(self.tracked)),
            ("其中已分派", str(self.assigned)),
            ("其中待分派（不计入比率）", str(self.pending)),
            (f"{this}新增", str(self.new)),
            (f"{this}单位报完成", str(self.completed_week)),
            (f"{this}核验销号", str(self.verified_week)),
            ("在办（已交办、整改中）", str(self.in_progress)),
            (SUSTAINED_LABEL, str(self.sustained)),
            ("已完成待核", str(self.awaiting_check)),
            ("已销号", str(self.closed)),
            ("逾期未完成", str(self.overdue)),
            (f"其中{this}新增逾期", str(self.overdue_new)),
            ("未签收", str(self.unacknowledged)),
            (f"{this}退回重办", f"{self.sent_back}次"),
            (f"{this}催办", f"{self.reminded}次"),
            (CLOSED_RATE, f"{self.closed_rate}（{self.closed}/{self.assigned}）"),
            (REPORTED_RATE, f"{self.reported_rate}（{self.completed}/{self.assigned}）"),
            (ON_TIME_RATE, f"{self.on_time_rate}（{self.on_time}/{self.completed_with_deadline}）"),
        ]


@dataclass(frozen=True)
class UnitRow:
    """One lead unit in the 通报 table. Its tasks are all past triage (a 待分派 item has
    no lead), so `total` is its rates' denominator."""

    rank: int  # standard competition ranking: tied units share a rank, the next is skipped (1, 1, 3)
    unit: str
    total: int
    in_progress: int  # 已交办 + 整改中
    awaiting_check: int  # 已完成待核
    closed: int  # 已销号
    overdue: int
    on_time: int
    completed_with_deadline: int
    sustained: int = 0  # 持续整改: not in `in_progress`, not complete either
    unacknowledged: int = 0  # 未签收 at the cutoff
    sent_back: int = 0  # 退回重办 events in the period
    reminded: int = 0  # 催办 events in the period

    @property
    def completed(self) -> int:
        return self.awaiting_check + self.closed

    @property
    def closed_rate(self) -> str:
        return pct(self.closed, self.total)

    @property
    def reported_rate(self) -> str:
        return pct(self.completed, self.total)

    @property
    def on_time_rate(self) -> str:
        return pct(self.on_time, self.completed_with_deadline)


@dataclass(frozen=True)
class MeetingRow(_Rates):
    meeting_id: int
    title: str
    date: date | None
    total: int  # directives not 不立项, 待分派 included
    pending: int  # 待分派: counted apart, in no rate
    in_progress: int
    awaiting_check: int
    closed: int
    overdue: int
    sustained: int = 0

    @property
    def assigned(self) -> int:
        return self.total - self.pending


@dataclass(frozen=True)
class GroupRow(_Rates):
    """One value of a grouping (责任领导, 紧急程度, 来源类型): the same figures as a meeting's."""

    name: str
    total: int  # directives not 不立项, 待分派 included
    pending: int
    in_progress: int
    sustained: int
    awaiting_check: int
    closed: int
    overdue: int

    @property
    def assigned(self) -> int:
        return self.total - self.pending


@dataclass(frozen=True, slots=True)
class CycleEvent:
    """A 退回重办 or 催办 in the period, for the lists that name them."""

    task_id: int
    heading: str
    unit: str
    at: datetime
    action: str  # ACTION_LABELS' word
    note: str | None


# The groupings a report may add (--group-by): key → its name in the text.
GROUPINGS: dict[str, str] = {"leader": "责任领导", "urgency": "紧急程度", "source": "来源类型"}
NO_VALUE = "（未设定）"  # a task without a 责任领导 or a meeting without a source kind


@dataclass(frozen=True)
class WeeklyReport:
    office: str  # 编制单位: the settings' office name, else the store's
    unit: str | None  # department mode: the report covers this unit's tasks only
    period: Period
    as_of: date  # the last day the report covers (the period's end, or today if sooner)
    made: datetime  # from the service clock
    summary: Summary
    units: list[UnitRow]
    most_overdue: list[tuple[str, int]]
    overdue: list[TaskState]
    due_soon: list[TaskState]
    completed: list[TaskState]
    deadline_changes: list[DeadlineChange]
    meetings: list[MeetingRow]
    tasks: list[TaskState] = field(repr=False)  # every directive known at the cutoff
    issue: int | None = None  # 期号, from the settings or typed; None: the report has none
    # 未按期报送 as of the cutoff (report/weekly.py), and whether any task had a 汇报频次
    # then (the section is left out of reports where none had).
    late_reports: list[LateReport] = field(default_factory=list)
    has_cadence: bool = False
    sustained: list[TaskState] = field(default_factory=list)  # 持续整改 at the cutoff
    cycle_events: list[CycleEvent] = field(default_factory=list)  # 退回重办 and 催办 in the period
    ack_days: int = 2  # [cycle] ack_days the 未签收 figures were counted with
    groups: dict[str, list[GroupRow]] = field(default_factory=dict)  # GROUPINGS key → rows

    @property
    def title(self) -> str:
        # A month's report is a 月报, a quarter's a 季报; weeks and date ranges: 周报.
        name = "月报" if self.period.month else "季报" if self.period.quarter else "周报"
        return f"{self.unit or self.office}督办工作{name}"

    @property
    def issue_label(self) -> str | None:
        """第12期, or None."""
        return issue_words(self.issue)

    @property
    def ledger(self) -> list[TaskState]:
        """Tracked tasks (not 不立项), in meeting order: the 台账."""
        return [t for t in self.tasks if t.tracked]

    @property
    def made_label(self) -> str:
        return cn_date(self.made.date(), year=True)

    @property
    def as_of_label(self) -> str:
        return cn_date(self.as_of, year=True)

    def result_line(self) -> str:
        """What the CLI and the UI say after writing the report: the period and the
        headline figures."""
        return result_line(self.period, self.issue, self.summary)

    def summary_text(self) -> str:
        """The one-paragraph summary leaders read first."""
        s = self.summary
        who = f"{self.unit}牵头或配合的" if self.unit else ""
        this = self.period.this
        text = (
            f"截至{self.as_of_label}，共跟踪{who}督办事项{s.tracked}项，其中已分派{s.assigned}项、"
            f"待分派{s.pending}项（待分派事项单独统计，不计入各项比率），{this}新增{s.new}项。"
            f"{this}单位报完成{s.completed_week}项，核验销号{s.verified_week}项。"
            f"目前已销号{s.closed}项，已完成待核{s.awaiting_check}项，在办{s.in_progress}项，"
            + (f"持续整改{s.sustained}项（计为未完成），" if s.sustained else "")
            + f"逾期未完成{s.overdue}项（{this}新增逾期{s.overdue_new}项）。"
            f"{CLOSED_RATE}{s.closed_rate}，{REPORTED_RATE}{s.reported_rate}，{ON_TIME_RATE}{s.on_time_rate}。"
        )
        if self.most_overdue:
            names = "、".join(f"{u}（{n}项）" for u, n in self.most_overdue)
            text += f"逾期事项较多的单位：{names}。"
        return text


def issue_words(issue: int | None) -> str | None:
    """第12期, or None without a 期号."""
    return f"第{issue}期" if issue is not None else None


def result_line(period: Period, issue: int | None, s: Summary | Headline) -> str:
    """第12期 2026年第47周（…）: 跟踪 … 项（待分派 … 项），逾期 … 项，and the two rates."""
    masthead = f"{issue_words(issue)} " if issue is not None else ""
    return (
        f"{masthead}{period.title}: 跟踪 {s.tracked} 项（待分派 {s.pending} 项），逾期 {s.overdue} 项，"
        f"{CLOSED_RATE} {s.closed_rate}，{REPORTED_RATE} {s.reported_rate}"
    )


@dataclass(frozen=True)
class Headline(_Rates):
    """The figures `result_line` names, counted from a task table alone."""

    tracked: int
    pending: int
    overdue: int
    awaiting_check: int
    closed: int

    @property
    def assigned(self) -> int:
        return self.tracked - self.pending


@dataclass(frozen=True)
class TaskTable:
    """The report's task table alone, for a format that prints nothing else (csv): the
    same rows, in the same order, as WeeklyReport.tasks for the same period and actor,
    without computing the sections no one will print (report/task_table.py)."""

    period: Period
    unit: str | None  # department mode: the table covers this unit's tasks only
    as_of: date
    tasks: list[TableRow] = field(repr=False)
    headline: Headline  # the figures of `result_line`, counted from `tasks` as they were made
    issue: int | None = None

    def result_line(self) -> str:
        """The line WeeklyReport.result_line says for the same period."""
        return result_line(self.period, self.issue, self.headline)


__all__ = [
    "CLOSED_RATE",
    "COMPLETED",
    "DUE_SOON_DAYS",
    "GROUPINGS",
    "NO_LEAD",
    "NO_VALUE",
    "SUSTAINED_LABEL",
    "ON_TIME_RATE",
    "REPORTED_RATE",
    "CycleEvent",
    "DeadlineChange",
    "GroupRow",
    "Headline",
    "MeetingRow",
    "Summary",
    "TableRow",
    "TaskState",
    "TaskTable",
    "UnitRow",
    "WeeklyReport",
    "issue_words",
    "pct",
    "result_line",
]
