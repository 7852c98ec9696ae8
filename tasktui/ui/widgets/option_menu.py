"""An OptionList whose keys are described in Chinese (Textual's say "Up", "First",
"Select"…, which the palette's 按键说明 panel lists while the list has focus). The keys and
actions are Textual's, the scrolling ones it inherits included; only the words differ. The
check list and the drop-down's menu are option lists too and share these."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

OPTION_MENU_KEYS: list[BindingType] = [
    Binding("down", "cursor_down", "下一项", show=False),
    Binding("end", "last", "最后一项", show=False),
    Binding("enter", "select", "选定", show=False),
    Binding("home", "first", "第一项", show=False),
    Binding("pagedown", "page_down", "下一页", show=False),
    Binding("pageup", "page_up", "上一页", show=False),
    Binding("up", "cursor_up", "上一项", show=False),
    Binding("left", "scroll_left", "向左滚动", show=False),
    Binding("right", "scroll_right", "向右滚动", show=False),
    Binding("ctrl+pageup", "page_left", "向左翻页", show=False),
    Binding("ctrl+pagedown", "page_right", "向右翻页", show=False),
]


class OptionMenu(OptionList):
    BINDINGS = OPTION_MENU_KEYS


__all__ = ["OPTION_MENU_KEYS", "OptionMenu"]
