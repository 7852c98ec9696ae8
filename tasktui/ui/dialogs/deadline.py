"""The deadline dialog (set or extend, by date or Chinese phrase) and the live preview of
what a typed deadline resolves to, which the assign dialog shows too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from tasktui.extract.workdays import WorkCalendar
from tasktui.store.deadline_input import resolve_typed_deadline
from tasktui.store.errors import InputError
from tasktui.store.service import Service
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line

WEEKDAYS = "一二三四五六日"


def describe_date(d: date, today: date) -> str:
    days = (d - today).days
    rel = "今天" if days == 0 else (f"{days}天后" if days > 0 else f"已过{-days}天")
    return f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}，{rel}）"


def preview_deadline(
    text: str, meeting_date: date | None, today: date, calendar: WorkCalendar | None = None
) -> tuple[bool, str]:
    """(usable, what the typed deadline resolves to) for the live preview; `calendar` is
    the store's (its imported 放假安排), and a holiday estimate is said so."""
    if not text.strip():
        return False, "输入日期（2027-03-31）或短语（3月底前、两周内）"
    try:
        typed = resolve_typed_deadline(text, meeting_date, today, calendar)
    except InputError as exc:
        return False, f"无法识别: {exc}"
    except Exception as exc:  # the phrase resolver is still growing: never crash the dialog
        return False, f"无法识别: {exc}"
    if typed.unresolved or typed.date is None:
        return True, f"「{text.strip()}」无法确定日期，将记为时限待定"
    estimated = "（节假日为估算，尚无官方安排）" if any("估算" in w for w in typed.warnings) else ""
    return True, "-> " + describe_date(typed.date, today) + estimated


def basis_hint(meeting_date: date | None, today: date) -> str:
    """Which date a typed phrase counts from: the meeting's, else today."""
    if meeting_date is not None:
        return f"短语按会议日期 {meeting_date.isoformat()} 计算"
    return f"会议未定日期，短语按今天 {today.isoformat()} 计算（会议日期可按 m 设定）"


@dataclass
class DeadlineResult:
    value: str
    preview: str
    note: str


class DeadlineDialog(Dialog):
    """Set or extend a deadline by date or Chinese phrase, with a live preview."""

    def __init__(self, service: Service, row: TaskRow, title: str, extend: bool = False) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.title_text = title
        self.extend = extend
        # Read once when the dialog opens: the preview runs on every keystroke.
        self.calendar = service.work_calendar()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            current = (
                self.row.deadline.isoformat()
                if self.row.deadline
                else ("待定" if self.row.deadline_unresolved else "无")
            )
            basis = basis_hint(self.row.meeting_date, self.service.clock.today())
            yield Static(f"当前时限: {current}    {basis}", classes="dialog-hint")
            yield Label("新时限")
            yield Input(placeholder="2027-03-31 或 3月底前、两周内", id="value")
            yield Static(Text("输入日期（2027-03-31）或短语（3月底前、两周内）", style="dim"), id="preview")
            yield Label("说明（可空）")
            yield Input(id="note")
            yield Static("", id="error")
            yield self.buttons("保存")

    @on(Input.Changed, "#value")
    def _preview(self, event: Input.Changed) -> None:
        ok, msg = preview_deadline(event.value, self.row.meeting_date, self.service.clock.today(), self.calendar)
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))
        self.query_one("#error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        ok, msg = preview_deadline(value, self.row.meeting_date, self.service.clock.today(), self.calendar)
        if not ok:
            self.error(msg)
            return
        self.dismiss(
            DeadlineResult(value, msg.removeprefix("-> ").split("（")[0], self.query_one("#note", Input).value.strip())
        )
