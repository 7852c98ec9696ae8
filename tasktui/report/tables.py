"""The report's sections as titled text tables, shared by the md, html and docx writers
so every format shows the same columns and the same numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from tasktui.report.model import CLOSED_RATE, ON_TIME_RATE, REPORTED_RATE, TaskState, WeeklyReport

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]]
    empty: str  # what to say when there are no rows
    note: str | None = None  # a sentence under the title


def d(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def task_label(t: TaskState) -> str:
    # The id lets the office find the task in tasktui (`tasktui show ID`).
    return f"{t.heading}（#{t.id}）"


def co_label(t: TaskState) -> str:
    return "、".join(t.co) or "—"


UNIT_HEADERS: list[str] = [
    "排名",
    "牵头单位",
    "事项数",
    "在办",
    "已完成待核",
    "已销号",
    "逾期",
    CLOSED_RATE,
    REPORTED_RATE,
    ON_TIME_RATE,
]
MEETING_HEADERS: list[str] = [
    "会议",
    "会议日期",
    "事项数",
    "待分派",
    "在办",
    "已完成待核",
    "已销号",
    "逾期",
    CLOSED_RATE,
    REPORTED_RATE,
]
RANKING_NOTE = (
    f"按{CLOSED_RATE}、{REPORTED_RATE}从高到低、逾期事项从少到多排名，三项相同的单位名次并列（并列后的名次顺延）。"
)


def sections(r: WeeklyReport) -> Iterator[Section]:
    """Sections 2–8 of the issue in order (the heading is each writer's own)."""
    this = r.period.this
    yield Section("总体情况", ["指标", "数值"], [[k, v] for k, v in r.summary.items(this)], "—", note=r.summary_text())
    most = "、".join(f"{u}（{n}项）" for u, n in r.most_overdue)
    yield Section(
        "各单位落实情况通报",
        UNIT_HEADERS,
        [
            [
                str(u.rank),
                u.unit,
                str(u.total),
                str(u.in_progress),
                str(u.awaiting_check),
                str(u.closed),
                str(u.overdue),
                u.closed_rate,
                u.reported_rate,
                u.on_time_rate,
            ]
            for u in r.units
        ],
        "暂无已交办事项。",
        note=(f"逾期事项较多的单位：{most}。" if most else "各单位均无逾期事项。") + RANKING_NOTE,
    )
    yield Section(
        "逾期未完成事项",
        ["序号", "事项", "牵头单位", "完成时限", "逾期天数", "最新进展"],
        [
            [str(i), task_label(t), t.unit, d(t.deadline), str(t.days_overdue), t.latest_note or "—"]
            for i, t in enumerate(r.overdue, 1)
        ],
        "无逾期事项。",
    )
    if r.has_cadence:
        yield late_reports_section(r)
    yield Section(
        "未来7天到期事项",
        ["序号", "事项", "牵头单位", "完成时限", "剩余天数", "整改状态"],
        [
            [str(i), task_label(t), t.unit, d(t.deadline), str(t.days_left), t.status]
            for i, t in enumerate(r.due_soon, 1)
        ],
        "未来7天无到期事项。",
    )
    yield Section(
        f"{this}完成事项",
        ["序号", "事项", "牵头单位", "整改状态", "报完成日期", "销号日期", "完成时限", "是否按时", "单位说明"],
        [
            [
                str(i),
                task_label(t),
                t.unit,
                t.status,
                d(t.completed_at),
                d(t.verified_at),
                d(t.deadline),
                {True: "是", False: "否", None: "—"}[t.on_time],
                t.completion_note or t.latest_note or "—",
            ]
            for i, t in enumerate(r.completed, 1)
        ],
        f"{this}无完成事项。",
        note=f"含{this}单位报完成（已完成待核）和{this}核验销号（已销号）的事项，状态为统计截止时的状态。",
    )
    yield Section(
        f"{this}时限调整及延期",
        ["序号", "事项", "牵头单位", "日期", "类型", "原时限", "新时限", "说明"],
        [
            [
                str(i),
                f"{c.heading}（#{c.task_id}）",
                c.unit,
                d(c.at),
                c.action,
                c.old or "—",
                c.new or "—",
                c.note or "—",
            ]
            for i, c in enumerate(r.deadline_changes, 1)
        ],
        f"{this}无时限调整。",
        note="首次确定的时限不属于调整，不在此列。",
    )
    yield Section(
        "各会议部署事项推进情况",
        MEETING_HEADERS,
        [
            [
                m.title,
                d(m.date),
                str(m.total),
                str(m.pending),
                str(m.in_progress),
                str(m.awaiting_check),
                str(m.closed),
                str(m.overdue),
                m.closed_rate,
                m.reported_rate,
            ]
            for m in r.meetings
        ],
        "暂无会议事项。",
        note="比率以已分派事项为分母，待分派事项不计入。",
    )


def late_reports_section(r: WeeklyReport) -> Section:
    """未按期报送: each unit that owed the report of its task's last period as of the cutoff."""
    return Section(
        "未按期报送进展事项",
        ["序号", "事项", "单位", "责任", "汇报频次", "应报截止", "上次报送"],
        [
            [
                str(i),
                f"{lr.heading}（#{lr.task_id}）",
                lr.unit,
                "牵头" if lr.lead else "配合",
                lr.cadence,
                d(lr.period.due),
                d(lr.last_report) if lr.last_report else "从未报送",
            ]
            for i, lr in enumerate(r.late_reports, 1)
        ],
        "有汇报频次的事项均已按期报送进展。",
        note="按各事项的汇报频次，截止日已过而本期未报送进展的单位（牵头、配合单位分别计）；逾期后补报的不再列入。",
    )


def heading_lines(r: WeeklyReport) -> list[str]:
    """Sub-title lines under the report title: issue, office, period, as-of day, date made."""
    lines = [r.issue_label] if r.issue_label else []
    lines.append(f"编制单位：{r.office}")
    if r.unit:
        lines.append(f"报送范围：{r.unit}牵头或配合的事项")
    lines.append(f"统计周期：{r.period.title}")
    if r.as_of != r.period.end:
        lines.append(f"统计截至：{r.as_of_label}（本周期尚未结束）")
    lines.append(f"制表日期：{r.made_label}")
    return lines


def numbered(i: int, title: str) -> str:
    return f"{NUMERALS[i] if i < len(NUMERALS) else i + 1}、{title}"
