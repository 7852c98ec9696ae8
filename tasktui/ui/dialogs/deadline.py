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

from tasktui.store.deadline_input import resolve_deadline_value
from tasktui.store.errors import InputError
from tasktui.store.service import Service
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line

WEEKDAYS = "一二三四五六日"


def describe_date(d: date, today: date) -> str:
    days = (d - today).days
    rel = "今天" if days == 0 else (f"{days}天后" if days > 0 else f"已过{-days}天")
    return f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}，{rel}）"


def preview_deadline(text: str, meeting_date: date | None, today: date) -> tuple[bool, str]:
    """(usable, what the typed deadline resolves to) for the live preview."""
    if not text.strip():
        return False, "输入日期（2027-03-31）或短语（3月底前、两周内）"
    try:
        d, phrase, unresolved = resolve_deadline_value(text, meeting_date, today)
    except InputError as exc:
        return False, f"无法识别: {exc}"
    except Exception as exc:  # the phrase resolver is still growing: never crash the dialog
        return False, f"无法识别: {exc}"
    if unresolved or d is None:
        return True, f"「{text.strip()}」无法确定日期，将记为时限待定"
    return True, "-> " + describe_date(d, today)


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

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            current = (
                self.row.deadline.isoformat()
                if self.row.deadline
                else ("待定" if self.row.deadline_unresolved else "无")
            )
            base = self.row.meeting_date.isoformat() if self.row.meeting_date else "今天"
            yield Static(f"当前时限: {current}    短语按会议日期 {base} 计算", classes="dialog-hint")
            yield Label("新时限")
            yield Input(placeholder="2027-03-31 或 3月底前、两周内", id="value")
            yield Static(Text("输入日期（2027-03-31）或短语（3月底前、两周内）", style="dim"), id="preview")
            yield Label("说明（可空）")
            yield Input(id="note")
            yield Static("", id="error")
            yield self.buttons("保存")

    @on(Input.Changed, "#value")
    def _preview(self, event: Input.Changed) -> None:
        ok, msg = preview_deadline(event.value, self.row.meeting_date, self.service.clock.today())
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))
        self.query_one("#error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        ok, msg = preview_deadline(value, self.row.meeting_date, self.service.clock.today())
        if not ok:
            self.error(msg)
            return
        self.dismiss(
            DeadlineResult(value, msg.removeprefix("-> ").split("（")[0], self.query_one("#note", Input).value.strip())
        )
