"""The 责任领导 dialog: the leader who answers for a task, typed as the office writes it
(「张三副区长」), completed from the leaders already named in the list; empty clears it."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class LeaderDialog(Dialog):
    def __init__(self, row: TaskRow, known: Sequence[str] = ()) -> None:
        super().__init__()
        self.row = row
        self.known = sorted(set(known))

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("设定责任领导", classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield Label("责任领导（姓名和职务；留空: 清除）")
            yield TextBox(
                value=self.row.responsible_leader or "",
                placeholder="如 张三副区长",
                suggester=SuggestFromList(self.known) if self.known else None,
                id="leader",
            )
            yield Static("", id="error")
            yield self.buttons("保存")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        # The service checks the length and the characters, and says what is wrong.
        self.dismiss(self.query_one("#leader", Input).value.strip())
