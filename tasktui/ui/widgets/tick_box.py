"""A Checkbox whose key is described in Chinese (Textual's: "Toggle", listed by the
palette's 按键说明 panel). Same keys and action; only the words differ."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import Checkbox

TICK_BOX_KEYS: list[BindingType] = [
    Binding("enter,space", "toggle_button", "勾选/取消", show=False),
]


class TickBox(Checkbox):
    BINDINGS = TICK_BOX_KEYS


__all__ = ["TICK_BOX_KEYS", "TickBox"]
