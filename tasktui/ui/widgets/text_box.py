"""An Input whose keys are described in Chinese: Textual's say "Move cursor left", "Delete
character left", "Paste text from the clipboard"… and its group title is "Input", all of
which the palette's 按键说明 panel lists while a text box has focus. The keys and actions
are Textual's (its own and the scrolling ones it inherits); only the words differ."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import Input

TEXT_BOX_KEYS: list[BindingType] = [
    Binding("left", "cursor_left", "光标左移", show=False),
    Binding("shift+left", "cursor_left(True)", "向左选择一个字", show=False),
    Binding("ctrl+left", "cursor_left_word", "光标左移一个词", show=False),
    Binding("ctrl+shift+left", "cursor_left_word(True)", "向左选择一个词", show=False),
    Binding("right", "cursor_right", "光标右移（有补全提示时接受提示）", show=False),
    Binding("shift+right", "cursor_right(True)", "向右选择一个字", show=False),
    Binding("ctrl+right", "cursor_right_word", "光标右移一个词", show=False),
    Binding("ctrl+shift+right", "cursor_right_word(True)", "向右选择一个词", show=False),
    Binding("backspace", "delete_left", "删除左边一个字", show=False),
    Binding("ctrl+shift+a", "select_all", "全选", show=False),
    Binding("home,ctrl+a", "home", "到开头", show=False),
    Binding("end,ctrl+e", "end", "到末尾", show=False),
    Binding("shift+home", "home(True)", "选到开头", show=False),
    Binding("shift+end", "end(True)", "选到末尾", show=False),
    Binding("delete,ctrl+d", "delete_right", "删除右边一个字", show=False),
    Binding("enter", "submit", "提交", show=False),
    Binding("ctrl+w", "delete_left_word", "删除左边一个词", show=False),
    Binding("ctrl+u,super+backspace", "delete_left_all", "删除光标左边的全部文字", show=False),
    Binding("ctrl+backspace,alt+backspace", "delete_right_word", "删除右边一个词", show=False),
    Binding("ctrl+k", "delete_right_all", "删除光标右边的全部文字", show=False),
    Binding("ctrl+x", "cut", "剪切选中的文字", show=False),
    Binding("ctrl+c,super+c", "copy", "复制选中的文字", show=False),
    Binding("ctrl+v", "paste", "从剪贴板粘贴", show=False),
    # Inherited from Textual's scrolling base (a one-line box never scrolls vertically, but
    # the keys are bound and the panel lists them).
    Binding("up", "scroll_up", "向上滚动", show=False),
    Binding("down", "scroll_down", "向下滚动", show=False),
    Binding("pageup", "page_up", "上一页", show=False),
    Binding("pagedown", "page_down", "下一页", show=False),
    Binding("ctrl+pageup", "page_left", "向左翻页", show=False),
    Binding("ctrl+pagedown", "page_right", "向右翻页", show=False),
]


class TextBox(Input):
    BINDINGS = TEXT_BOX_KEYS
    BINDING_GROUP_TITLE = "输入框"  # the panel's heading over these keys (Textual's: "Input")


__all__ = ["TEXT_BOX_KEYS", "TextBox"]
