"""An Input whose keys are described in Chinese: Textual's say "Move cursor left", "Delete
character left", "Paste text from the clipboard"… and its group title is "Input", all of
which the palette's 按键说明 panel lists while a text box has focus. The keys and actions
are Textual's (its own and the scrolling ones it inherits); only the words differ, kept to
five characters or fewer: at 80 columns the panel leaves about that much beside the keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import Input

TEXT_BOX_KEYS: list[BindingType] = [
    Binding("left", "cursor_left", "光标左移", show=False),
    Binding("shift+left", "cursor_left(True)", "向左选字", show=False),
    Binding("ctrl+left", "cursor_left_word", "左移一词", show=False),
    Binding("ctrl+shift+left", "cursor_left_word(True)", "向左选词", show=False),
    Binding("right", "cursor_right", "右移或补全", show=False),
    Binding("shift+right", "cursor_right(True)", "向右选字", show=False),
    Binding("ctrl+right", "cursor_right_word", "右移一词", show=False),
    Binding("ctrl+shift+right", "cursor_right_word(True)", "向右选词", show=False),
    Binding("backspace", "delete_left", "删左侧一字", show=False),
    Binding("ctrl+shift+a", "select_all", "全选", show=False),
    Binding("home,ctrl+a", "home", "到开头", show=False),
    Binding("end,ctrl+e", "end", "到末尾", show=False),
    Binding("shift+home", "home(True)", "选到开头", show=False),
    Binding("shift+end", "end(True)", "选到末尾", show=False),
    Binding("delete,ctrl+d", "delete_right", "删右侧一字", show=False),
    Binding("enter", "submit", "提交", show=False),
    Binding("ctrl+w", "delete_left_word", "删左侧一词", show=False),
    Binding("ctrl+u,super+backspace", "delete_left_all", "删左侧全部", show=False),
    Binding("ctrl+backspace,alt+backspace", "delete_right_word", "删右侧一词", show=False),
    Binding("ctrl+k", "delete_right_all", "删右侧全部", show=False),
    Binding("ctrl+x", "cut", "剪切所选", show=False),
    Binding("ctrl+c,super+c", "copy", "复制所选", show=False),
    Binding("ctrl+v", "paste", "粘贴", show=False),
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
