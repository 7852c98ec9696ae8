"""The frame of a dialog that picks one value for a task from a short list (its kind, its
紧急程度): the task on top, the current value highlighted, Enter or a click picks."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.base import Dialog, task_line
from tasktui.ui.widgets.option_menu import OptionMenu
from tasktui.ui.widgets.scroll_box import ScrollBox


class ChoiceDialog(Dialog):
    """Returns the chosen value. A subclass gives the title, the values with their labels,
    the task's current value and the list's id (its style)."""

    title_text = ""
    list_id = ""

    def __init__(self, row: TaskRow, choices: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.row = row
        self.values = [value for value, _ in choices]
        self.labels = [label for _, label in choices]
        self.current = current

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(task_line(self.row), classes="dialog-task")
            yield OptionMenu(*[Option(lb, id=v) for v, lb in zip(self.values, self.labels)], id=self.list_id)
            yield Static("", id="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.values.index(self.current) if self.current in self.values else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(self.values[options.highlighted])
