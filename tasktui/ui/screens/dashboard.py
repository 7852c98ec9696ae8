"""The dashboard screen: per-unit figures and the overdue trend (Esc returns)."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tasktui.store.dashboard import UnitSummary
from tasktui.store.service import Service
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.widgets.dashboard import Dashboard
from tasktui.ui.widgets.table import SCREEN_KEYS


class DashboardScreen(Screen[None]):
    BINDINGS = [
        *SCREEN_KEYS,
        Binding("escape,g", "app.pop_screen", "返回", id="dashboard_close"),
    ]

    def __init__(self, service: Service, colors: dict[str, str]) -> None:
        super().__init__()
        self.service = service
        self.warn_colors = colors

    def compose(self) -> ComposeResult:
        yield Header()
        yield Dashboard(id="dashboard")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "统计"
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            units = self.service.unit_summary()
            trend = self.service.overdue_by_week(12)
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self._failed, error_text(exc))
            return
        self.app.call_from_thread(self._show, units, trend)

    def _failed(self, error: str) -> None:
        self.query_one("#units", Static).update(f"读取失败: {error}")
        self.notify(error, title="读取失败", severity="error")

    def _show(self, units: list[UnitSummary], trend: list[tuple[date, int]]) -> None:
        self.query_one(Dashboard).show(units, trend, self.warn_colors)
