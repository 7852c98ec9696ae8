"""A SelectionList whose keys are described in Chinese (Textual's: "Toggle option" and the
option list's "Up", "Select"…, listed by the palette's 按键说明 panel). Same keys and
actions as Textual's; only the words differ."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding, BindingType
from textual.widgets import SelectionList

from tasktui.ui.widgets.option_menu import OPTION_MENU_KEYS

T = TypeVar("T")

CHECK_LIST_KEYS: list[BindingType] = [
    *OPTION_MENU_KEYS,
    Binding("space", "select", "勾选/取消", show=False),
]


class CheckList(SelectionList[T]):
    BINDINGS = CHECK_LIST_KEYS


__all__ = ["CHECK_LIST_KEYS", "CheckList"]
