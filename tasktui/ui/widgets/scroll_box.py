"""A VerticalScroll whose keys are described in Chinese. Every dialog's frame is one, and a
frame's keys reach the palette's 按键说明 panel whenever a button or checkbox inside it has
focus (Textual's say "Scroll Up", "Page Down"…). Same keys and actions as Textual's."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

SCROLL_KEYS: list[BindingType] = [
    Binding("up", "scroll_up", "向上滚动", show=False),
    Binding("down", "scroll_down", "向下滚动", show=False),
    Binding("left", "scroll_left", "向左滚动", show=False),
    Binding("right", "scroll_right", "向右滚动", show=False),
    Binding("home", "scroll_home", "滚到顶部", show=False),
    Binding("end", "scroll_end", "滚到底部", show=False),
    Binding("pageup", "page_up", "上一页", show=False),
    Binding("pagedown", "page_down", "下一页", show=False),
    Binding("ctrl+pageup", "page_left", "向左翻页", show=False),
    Binding("ctrl+pagedown", "page_right", "向右翻页", show=False),
]


class ScrollBox(VerticalScroll):
    BINDINGS = SCROLL_KEYS


__all__ = ["SCROLL_KEYS", "ScrollBox"]
