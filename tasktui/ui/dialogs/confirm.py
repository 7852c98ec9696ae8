"""The yes/no confirmation (y / n keys) for actions that need no note, such as undo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Label, Static

from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.scroll_box import ScrollBox


class ConfirmDialog(Dialog):
    BINDINGS = [Binding("y", "save", "确定", id="confirm_yes"), Binding("n", "cancel", "取消", id="confirm_no")]

    def __init__(self, question: str, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label(safe(self.question), classes="dialog-title")
            if self.hint:
                yield Static(safe(self.hint), classes="dialog-hint")
            yield Static("", id="error")
            yield self.buttons("确定 (y)")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def action_save(self) -> None:
        self.dismiss(True)
