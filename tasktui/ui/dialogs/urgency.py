"""The 紧急程度 dialog: 一般, 急办 or 特急, picked from a list (the current one highlighted)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tasktui.store.lifecycle import URGENCIES
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line


class UrgencyDialog(Dialog):
    def __init__(self, row: TaskRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("调整紧急程度", classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield OptionList(*[Option(u, id=u) for u in URGENCIES], id="urgencies")
            yield Static("", id="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = URGENCIES.index(self.row.urgency) if self.row.urgency in URGENCIES else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(URGENCIES[options.highlighted])
