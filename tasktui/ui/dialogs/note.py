"""The note dialog: progress, done, verify, reject, reopen and plain notes, and the
confirmation for the closing and destructive actions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class NoteDialog(Dialog):
    """A note for progress / done / verify / reject / reopen / note; also the
    confirmation for the closing and destructive ones."""

    def __init__(
        self,
        title: str,
        row: TaskRow,
        *,
        required: bool = False,
        danger: bool = False,
        confirm: str = "确定",
        label: str = "说明",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.row = row
        self.required = required
        self.danger = danger
        self.confirm = confirm
        self.label = label  # what the note is: 说明, or 整改情况 for 标记完成

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            title = self.batch_title(self.title_text)
            yield Label(f"{title}？" if self.danger else title, classes="dialog-title")
            yield Static(self.task_text(self.row), classes="dialog-task")
            if not self.batch_rows:
                yield Static(f"当前状态: {self.row.status}    牵头: {self.row.lead or '—'}", classes="dialog-hint")
            yield Label(f"{self.label}（必填）" if self.required else f"{self.label}（可空）")
            yield TextBox(id="note")
            yield Static("", id="error")
            yield self.buttons(self.confirm, danger=self.danger)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if self.required and not note:
            self.error(f"请填写{self.label}")
            return
        self.dismiss(note)
