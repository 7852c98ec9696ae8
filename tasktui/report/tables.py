"""The report's sections as titled text tables, shared by the md, html and docx writers
so every format shows the same columns and the same numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from tasktui.report.model import (
    CLOSED_RATE,
    GROUPINGS,
    ON_TIME_RATE,
    REPORTED_RATE,
    GroupRow,
    TaskState,
    WeeklyReport,
)

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
    "持续整改",
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
    "持续整改",
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
                str(u.sustained),
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
    yield cycle_section(r)
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
    yield sustained_section(r)
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
                str(m.sustained),
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
    for key, rows in r.groups.items():
        yield group_section(GROUPINGS[key], rows)


def cycle_section(r: WeeklyReport) -> Section:
    """Per lead unit: 未签收, 退回重办 and 催办 (units with none of them are left out)."""
    this = r.period.this
    return Section(
        "各单位签收、退回重办和催办情况",
        ["牵头单位", "事项数", "未签收", f"{this}退回重办（次）", f"{this}催办（次）"],
        [
            [u.unit, str(u.total), str(u.unacknowledged), str(u.sent_back), str(u.reminded)]
            for u in r.units
            if u.unacknowledged or u.sent_back or u.reminded
        ],
        f"各单位均已按时签收，{this}无退回重办和催办。",
        note=(
            f"未签收：统计截止时仍为已交办、自最近一次交办（改派）起超过{r.ack_days}个工作日未签收的事项。"
            f"退回重办、催办按{this}发生的次数统计。"
        ),
    )


def sustained_section(r: WeeklyReport) -> Section:
    """持续整改 items, apart from the rest: they have no countdown and count as not complete."""
    return Section(
        "持续整改事项",
        ["序号", "事项", "牵头单位", "转为持续整改日期", "原完成时限", "最新进展"],
        [
            [str(i), task_label(t), t.unit, d(t.sustained_at), d(t.deadline), t.latest_note or "—"]
            for i, t in enumerate(r.sustained, 1)
        ],
        "无持续整改事项。",
        note="持续整改事项不计时限、不计逾期，在各项比率中计为未完成。",
    )


def group_section(name: str, rows: list[GroupRow]) -> Section:
    """The figures per value of a grouping (责任领导, 紧急程度, 来源类型)."""
    return Section(
        f"按{name}统计",
        [name, "事项数", "待分派", "在办", "持续整改", "已完成待核", "已销号", "逾期", CLOSED_RATE, REPORTED_RATE],
        [
            [
                g.name,
                str(g.total),
                str(g.pending),
                str(g.in_progress),
                str(g.sustained),
                str(g.awaiting_check),
                str(g.closed),
                str(g.overdue),
                g.closed_rate,
                g.reported_rate,
            ]
            for g in rows
        ],
        "暂无事项。",
        note=f"{name}为统计时的当前值（不随历史回溯）；比率以已分派事项为分母。",
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
    return f"{cn_number(i + 1)}、{title}"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99; larger ones in digits)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else NUMERALS[tens - 1] + "十"
    return head + (NUMERALS[ones - 1] if ones else "")
