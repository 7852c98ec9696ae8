"""The view switcher: one tab per view, each with its live count."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.widgets import Tab, Tabs

from tasktui.ui.tabs import View

# Textual's say "Previous tab"/"Next tab". The bar never takes focus, so the 按键说明 panel
# cannot list these today; described in Chinese all the same, should it ever take focus.
VIEW_TAB_KEYS: list[BindingType] = [
    Binding("left", "previous_tab", "上一个视图", show=False),
    Binding("right", "next_tab", "下一个视图", show=False),
]


class ViewTabs(Tabs):
    BINDINGS = VIEW_TAB_KEYS
    # The table keeps the keyboard: views switch with number keys or a click.
    can_focus = False

    def __init__(self, views: tuple[View, ...], *, id: str | None = None) -> None:
        self.views = views
        super().__init__(*[Tab(v.label, id=f"view-{v.id}") for v in views], id=id)

    def set_count(self, view_id: str, count: int | None) -> None:
        view = next((v for v in self.views if v.id == view_id), None)
        if view is None:
            return
        try:
            tab = self.query_one(f"#view-{view_id}", Tab)
        except Exception:  # not mounted yet
            return
        label = view.label if count is None else f"{view.label} {count}"
        if tab.label_text != label:
            tab.label = label
            # A count changes the tab's width, and Tabs moves its underline only when the
            # active tab or its own size changes: without this the bar can stay where the
            # widths were before the counts came in, off the active tab. After a refresh,
            # so the tabs are laid out at their new widths when the bar is measured.
            self.call_after_refresh(self._highlight_active, False)

    def select(self, view_id: str) -> None:
        self.active = f"view-{view_id}"
