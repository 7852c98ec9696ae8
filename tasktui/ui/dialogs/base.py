"""The shared dialog frame (`Dialog`: Esc cancels, Ctrl+S saves, the OK/取消 buttons, the
error line, compact fields on short terminals) and helpers several dialogs use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tasktui.store.views import TaskRow
from tasktui.textwidth import safe
from tasktui.ui.widgets.push_button import PushButton
from tasktui.ui.widgets.table import SCREEN_KEYS


class Dialog(ModalScreen[Any]):
    """Shared frame: Esc cancels, Ctrl+S saves.

    `prefill` (input id → text) and `notice` let a dialog come back with what the user typed
    and why it came back: a write refused because someone else changed the task meanwhile
    reopens the dialog on the fresh task, the typed text kept, the change said on top."""

    BINDINGS = [
        *SCREEN_KEYS,
        Binding("escape", "cancel", "取消", id="dialog_cancel"),
        Binding("ctrl+s", "save", "保存", id="dialog_save"),
    ]

    prefill: dict[str, str] = {}
    notice: str = ""
    batch_rows: tuple[TaskRow, ...] = ()  # the selected rows when one answer applies to them all

    def again(self, prefill: dict[str, str], notice: str) -> Dialog:
        """This dialog, to be shown again with the user's input and a notice."""
        self.prefill, self.notice = dict(prefill), notice
        return self

    def many(self, rows: Sequence[TaskRow]) -> Dialog:
        """This dialog, answering for several selected rows at once (batch triage)."""
        self.batch_rows = tuple(rows) if len(rows) > 1 else ()
        return self

    def task_text(self, row: TaskRow) -> str:
        """The line under the title: the task, or the selected tasks (as many as fit)."""
        if not self.batch_rows:
            return task_line(row)
        ids = "、".join(f"#{r.id}" for r in self.batch_rows[:12])
        more = f" 等 {len(self.batch_rows)} 项" if len(self.batch_rows) > 12 else f"（共 {len(self.batch_rows)} 项）"
        return safe(f"已选 {ids}{more}")

    def batch_title(self, title: str) -> str:
        return f"批量{title}（{len(self.batch_rows)} 项）" if self.batch_rows else title

    def on_mount(self) -> None:
        for key, value in self.prefill.items():
            for field in self.query(f"#{key}"):
                if isinstance(field, Input):
                    field.value = value
        if self.notice:
            # After the prefilled inputs' change events, which clear the error line.
            self.call_after_refresh(self.error, self.notice)
        # 80x24: bordered fields would push the buttons and any error below the fold.
        if self.app.size.height < 32:
            self.add_class("-short")
            for field in self.query("Input, Select, Button"):
                field.compact = True  # type: ignore[attr-defined]
        # The scrolling frame can take focus itself; typing belongs in the first field.
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # overridden
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#ok")
    def _ok_pressed(self) -> None:
        self.action_save()

    def buttons(self, ok: str = "确定", danger: bool = False) -> Horizontal:
        return Horizontal(
            PushButton(ok, variant="error" if danger else "primary", id="ok"),
            PushButton("取消", id="cancel"),
            classes="buttons",
        )

    def typed_office(self) -> tuple[str | None, str | None]:
        """The 编制单位 typed in #office (None: left empty, the store's office is used) and
        why it cannot be used (None: it can)."""
        from tasktui.textcheck import name_problem

        office = self.query_one("#office", Input).value.strip() or None
        return office, name_problem(office, "编制单位") if office else None

    def error(self, message: str) -> None:
        box = self.query_one("#error", Static)
        box.update(Text(message, style="bold red"))
        # In a short terminal the error may sit below the fold: bring it into view.
        self.call_after_refresh(box.scroll_visible, animate=False)


def task_line(row: TaskRow) -> str:
    return safe(f"#{row.id} {row.outline} {row.heading}".strip())
