"""The meeting dialog: a meeting's date (ISO or Chinese, with a live preview), title and
source kind. Saving a new date resolves the meeting's deadline phrases again (the
service does it and says how many moved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from tasktui.store.errors import InputError
from tasktui.store.meetings import SOURCE_KINDS, meeting_date_value
from tasktui.store.views import MeetingView
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.dialogs.deadline import WEEKDAYS
from tasktui.ui.widgets.dropdown import Dropdown
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox

DATE_HINT = "2026-03-05、2026年3月5日，或 3月5日（年份沿用会议原来的）"


@dataclass(frozen=True)
class MeetingEdit:
    """What the user changed (None: left as it was)."""

    meeting_id: int
    date: str | None
    title: str | None
    source_kind: str | None

    @property
    def empty(self) -> bool:
        return self.date is None and self.title is None and self.source_kind is None


def preview_meeting_date(text: str, current: date | None, today: date) -> tuple[bool, str]:
    """(usable, what the typed date is) for the live preview."""
    if not text.strip():
        return False, "输入日期：" + DATE_HINT
    try:
        d = meeting_date_value(text, current, today)
    except InputError as exc:
        return False, str(exc)
    same = "（未改）" if d == current else "（保存后按此日期重新计算由短语得出的时限）"
    return True, f"-> {d.isoformat()} 星期{WEEKDAYS[d.weekday()]}{same}"


class MeetingDialog(Dialog):
    def __init__(self, meeting: MeetingView, today: date) -> None:
        super().__init__()
        self.meeting = meeting
        self.today = today

    def compose(self) -> ComposeResult:
        m = self.meeting
        with ScrollBox(classes="dialog"):
            yield Label(f"修改会议 #{m.id}", classes="dialog-title")
            yield Static(safe(m.title), classes="dialog-task")
            yield Label("会议日期（短语时限从这一天算起）")
            yield TextBox(m.date.isoformat() if m.date else "", placeholder=DATE_HINT, id="date")
            yield Static("", id="preview")
            yield Label("会议名称")
            yield TextBox(m.title, id="title")
            yield Label("来源")
            yield Dropdown(
                [(k, k) for k in SOURCE_KINDS],
                value=m.source_kind if m.source_kind in SOURCE_KINDS else Select.NULL,
                prompt="未定",
                id="source",
            )
            yield Static("", id="error")
            yield self.buttons("保存")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_preview(self.query_one("#date", Input).value)

    def _show_preview(self, value: str) -> None:
        ok, msg = preview_meeting_date(value, self.meeting.date, self.today)
        self.query_one("#preview", Static).update(Text(msg, style="bold" if ok else "red"))

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        self._show_preview(event.value)
        self.query_one("#error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        m = self.meeting
        date_text = self.query_one("#date", Input).value.strip()
        new_date: str | None = None
        if date_text or m.date is not None:
            ok, msg = preview_meeting_date(date_text, m.date, self.today)
            if not ok:  # the preview under the field says why, in red
                self.error("会议日期有误，未保存")
                self.query_one("#date", Input).focus()
                return
            new_date = None if meeting_date_value(date_text, m.date, self.today) == m.date else date_text
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.error("会议名称不能为空")
            return
        source = self.query_one("#source", Select).value
        kind = source if isinstance(source, str) and source in SOURCE_KINDS else None
        self.dismiss(
            MeetingEdit(
                m.id,
                new_date,
                title if title != m.title else None,
                kind if kind != m.source_kind else None,
            )
        )


__all__ = ["MeetingDialog", "MeetingEdit", "preview_meeting_date"]
