"""The view switcher: one tab per view, each with its live count."""

from __future__ import annotations

from textual.widgets import Tab, Tabs

from tasktui.ui.tabs import View


class ViewTabs(Tabs):
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
        tab.label = view.label if count is None else f"{view.label} {count}"

    def select(self, view_id: str) -> None:
        self.active = f"view-{view_id}"
