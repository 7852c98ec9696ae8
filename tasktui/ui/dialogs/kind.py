"""The kind dialog: re-classify an item (督办事项, 工作回顾, 问题分析, 其他) from a list."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tasktui.extract.types import KIND_LABELS, KINDS
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line


class KindDialog(Dialog):
    def __init__(self, row: TaskRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("修改类别", classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield OptionList(*[Option(f"{KIND_LABELS.get(k, k)} ({k})", id=k) for k in KINDS], id="kinds")
            yield Static("", id="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(KINDS).index(self.row.kind) if self.row.kind in KINDS else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(KINDS[options.highlighted])
