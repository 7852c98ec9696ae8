"""A Button whose key is described in Chinese (Textual's: "Press button", listed by the
palette's 按键说明 panel). Same key and action; only the words differ."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import Button

PUSH_BUTTON_KEYS: list[BindingType] = [
    Binding("enter", "press", "按下按钮", show=False),
]


class PushButton(Button):
    BINDINGS = PUSH_BUTTON_KEYS


__all__ = ["PUSH_BUTTON_KEYS", "PushButton"]
