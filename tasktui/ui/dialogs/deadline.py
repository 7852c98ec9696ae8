"""The deadline dialog (set or extend, by date or Chinese phrase; the office answering a
department's extension request grants or denies it here) and the live preview of what a
typed deadline resolves to, which the assign dialog shows too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from tasktui.extract.workdays import WorkCalendar
from tasktui.store.deadline_input import resolve_typed_deadline
from tasktui.store.errors import InputError
from tasktui.store.service import Service
from tasktui.store.views import ExtensionRequest, TaskRow
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox

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
    deny: bool = False  # the office denies the pending request (note: the reason)


def request_text(request: ExtensionRequest) -> str:
    """「区教体局 11-18 申请延至 2026-12-15（理由: 需协调场地）」 for the dialog."""
    asked = request.requested.isoformat() if request.requested else "—"
    reason = f"理由: {request.reason}" if request.reason else "未说明理由"
    return safe(f"{request.unit} {request.asked_at:%m-%d} 申请延至 {asked}（{reason}）")


class DeadlineDialog(Dialog):
    """Set or extend a deadline by date or Chinese phrase, with a live preview. With a
    pending `request` (the office answering it) the date asked for is filled in, the
    request and its reason are shown, and 驳回 denies it with the note as the reason."""

    def __init__(
        self,
        service: Service,
        row: TaskRow,
        title: str,
        extend: bool = False,
        request: ExtensionRequest | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.title_text = title
        self.extend = extend
        self.request = request
        # Read once when the dialog opens: the preview runs on every keystroke.
        self.calendar = service.work_calendar()

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label(self.batch_title(self.title_text), classes="dialog-title")
            yield Static(self.task_text(self.row), classes="dialog-task")
            current = (
                self.row.deadline.isoformat()
                if self.row.deadline
                else ("待定" if self.row.deadline_unresolved else "无")
            )
            basis = basis_hint(self.row.meeting_date, self.service.clock.today())
            if self.batch_rows:  # a phrase counts from each task's own meeting: the preview is the first one's
                basis = f"短语按各事项的会议日期分别计算（预览为 #{self.row.id}）"
                dates = sorted({r.deadline.isoformat() if r.deadline else "无" for r in self.batch_rows})
                current = "、".join(dates) if len(dates) <= 2 else "各不相同"
            yield Static(f"当前时限: {current}    {basis}", classes="dialog-hint")
            if self.request is not None:
                yield Static(Text("申请: " + request_text(self.request), style="bold"), id="request")
                yield Static("时限栏 Enter 批准；驳回：填写理由后选「驳回」", classes="dialog-hint")
            yield Label("新时限")
            asked = self.request.requested if self.request is not None else None
            yield TextBox(asked.isoformat() if asked else "", placeholder="2027-03-31 或 3月底前、两周内", id="value")
            yield Static(Text("输入日期（2027-03-31）或短语（3月底前、两周内）", style="dim"), id="preview")
            yield Label("说明（批准可空，驳回必填）" if self.request is not None else "说明（可空）")
            yield TextBox(id="note")
            yield Static("", id="error")
            if self.request is None:
                yield self.buttons("保存")
            else:
                yield Horizontal(
                    PushButton("批准", variant="primary", id="ok"),
                    PushButton("驳回", variant="error", id="deny"),
                    PushButton("取消", id="cancel"),
                    classes="buttons",
                )

    def on_mount(self) -> None:
        super().on_mount()
        value = self.query_one("#value", Input)
        if value.value:  # pre-filled with the date asked for: show what it is, ready to grant
            self._show_preview(value.value)
            value.cursor_position = len(value.value)

    @on(Input.Changed, "#value")
    def _preview(self, event: Input.Changed) -> None:
        self._show_preview(event.value)

    def _show_preview(self, value: str) -> None:
        ok, msg = preview_deadline(value, self.row.meeting_date, self.service.clock.today(), self.calendar)
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))
        self.query_one("#error", Static).update("")

    @on(Button.Pressed, "#deny")
    def action_deny(self) -> None:
        if self.request is None:
            return
        note = self.query_one("#note", Input).value.strip()
        if not note:
            self.error("驳回需要填写理由（说明）")
            self.query_one("#note", Input).focus()
            return
        self.dismiss(DeadlineResult("", "", note, deny=True))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.request is not None and event.input.id == "note":
            # A reason typed while answering a request may be a denial's: Enter there decides
            # nothing, the user picks 批准 or 驳回.
            self.query_one("#ok", Button).focus()
            self.error("请选择「批准」或「驳回」（Tab 切换，Enter 确认）")
            return
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
