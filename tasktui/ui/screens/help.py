"""`?`: every key binding of the main screen, with the keys the user's keymap set."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.table import SCREEN_KEYS


def key_rows(
    bindings: list[BindingType], keymap: dict[str, str], allowed: set[str] | None = None
) -> list[tuple[str, str, str]]:
    rows = []
    for b in bindings:
        if not isinstance(b, Binding) or not b.id:
            continue  # without an id: Textual's own keys worded in Chinese (tab, copy…), not tasktui's
        if allowed is not None and b.action.split("(")[0] not in allowed:
            continue
        keys = keymap.get(b.id or "", b.key) if b.id else b.key
        rows.append((keys.replace("slash", "/").replace("question_mark", "?"), b.description, b.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [*SCREEN_KEYS, Binding("escape,question_mark,q", "dismiss_help", "关闭", id="help_close")]

    def __init__(self, rows: list[tuple[str, str, str]], intro: str) -> None:
        super().__init__()
        self.rows = rows
        self.intro = intro

    def compose(self) -> ComposeResult:
        table = Table(box=None, header_style="bold")
        table.add_column("按键", no_wrap=True)
        table.add_column("操作", no_wrap=True)
        table.add_column(Text("绑定 id（config.toml [keymap]）"), style="dim", no_wrap=True)  # Text: not markup
        for key, desc, bid in self.rows:
            table.add_row(key, desc, bid)
        with ScrollBox(classes="dialog help"):
            yield Label("帮助（Esc 关闭）", classes="dialog-title")
            yield Static(Text(self.intro, style="dim"))
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
