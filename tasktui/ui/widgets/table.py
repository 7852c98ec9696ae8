"""A DataTable whose keys are described in Chinese: Textual's own say "Cursor up", "Page
down", "Select"…, which the palette's 按键说明 panel lists. The keys and actions are
Textual's; only the words differ (a test reads every binding the panel can show)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

TABLE_KEYS: list[BindingType] = [
    Binding("enter", "select_cursor", "选定", show=False),
    Binding("up", "cursor_up", "上一行", show=False),
    Binding("down", "cursor_down", "下一行", show=False),
    Binding("right", "cursor_right", "右移", show=False),
    Binding("left", "cursor_left", "左移", show=False),
    Binding("pageup", "page_up", "上一页", show=False),
    Binding("pagedown", "page_down", "下一页", show=False),
    Binding("ctrl+home", "scroll_top", "到顶", show=False),
    Binding("ctrl+end", "scroll_bottom", "到底", show=False),
    Binding("home", "scroll_home", "行首", show=False),
    Binding("end", "scroll_end", "行尾", show=False),
    Binding("ctrl+pageup", "page_left", "向左翻页", show=False),
    Binding("ctrl+pagedown", "page_right", "向右翻页", show=False),
]
# Every screen's keys (Textual's Screen has them in English).
SCREEN_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "下一个控件", show=False),
    Binding("shift+tab", "app.focus_previous", "上一个控件", show=False),
    Binding("ctrl+c,super+c", "screen.copy_text", "复制所选", show=False),
]


class Table(DataTable[Any]):
    BINDINGS = TABLE_KEYS


__all__ = ["SCREEN_KEYS", "TABLE_KEYS", "Table"]
