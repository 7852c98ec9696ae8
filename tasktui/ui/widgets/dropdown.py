"""A Select whose keys are described in Chinese, closed ("Show menu") and open: the open
menu is Textual's SelectOverlay, an option list with "Dismiss menu" on Esc, so the
drop-down composes a Chinese-described one in its place. Textual's own code finds the
menu by type (`query_one(SelectOverlay)`), which a subclass satisfies. Same keys and
actions as Textual's; only the words differ (Esc keeps Textual's show=True)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from tasktui.ui.widgets.option_menu import OPTION_MENU_KEYS

T = TypeVar("T")

DROPDOWN_KEYS: list[BindingType] = [
    Binding("enter,down,space,up", "show_overlay", "展开选项", show=False),
]
DROPDOWN_MENU_KEYS: list[BindingType] = [
    *OPTION_MENU_KEYS,
    Binding("escape", "dismiss", "收起选项"),
]


class DropdownMenu(SelectOverlay):
    BINDINGS = DROPDOWN_MENU_KEYS


class Dropdown(Select[T]):
    BINDINGS = DROPDOWN_KEYS

    def compose(self) -> ComposeResult:
        # Select.compose, with the Chinese-described menu.
        yield SelectCurrent(self.prompt)
        yield DropdownMenu(type_to_search=self._type_to_search).data_bind(compact=Select.compact)


__all__ = ["DROPDOWN_KEYS", "DROPDOWN_MENU_KEYS", "Dropdown", "DropdownMenu"]
