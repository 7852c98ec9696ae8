"""Per-unit open / done / overdue with a completion bar, and the overdue trend.

Bars are drawn with Rich text (full-block characters are ambiguous-width in some
terminals, so the bar uses spaces with a background colour instead)."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Sparkline, Static

from tasktui.store.dashboard import UnitSummary
from tasktui.textwidth import fit
from tasktui.ui.widgets.scroll_box import ScrollBox

BAR_CELLS = 20


def completion_bar(
    fraction: float, cells: int = BAR_CELLS, done_style: str = "on green", rest_style: str = "on grey23"
) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * cells)
    bar = Text()
    bar.append(" " * filled, style=done_style)
    bar.append(" " * (cells - filled), style=rest_style)
    return bar


def render_units(units: list[UnitSummary], colors: dict[str, str] | None = None) -> RenderableType:
    colors = colors or {}
    if not units:
        return Text("（还没有已交办的事项）", style="dim")
    table = Table(box=None, pad_edge=False, expand=False, header_style="bold")
    table.add_column(fit("单位", 14), no_wrap=True)
    for h in ("在办", "完成", "逾期"):
        table.add_column(h, justify="right", no_wrap=True)
    table.add_column("完成率", no_wrap=True)
    for u in units:
        late = Text(str(u.overdue), style=f"bold {colors.get('red', 'red')}" if u.overdue else "dim")
        bar = completion_bar(u.completion, done_style=f"on {colors.get('green', 'green')}")
        bar.append(f" {u.completion:4.0%}")
        table.add_row(fit(u.unit, 14), str(u.open), str(u.done), late, bar)
    return table


class Dashboard(ScrollBox):
    DEFAULT_CSS = """
    Dashboard { padding: 0 1; }
    Dashboard #trend { height: 4; margin: 0 0 1 0; }
    Dashboard .dash-title { text-style: bold; margin: 1 0 0 0; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("逾期趋势（按原定时限所在周，近12周）", classes="dash-title")
        yield Sparkline([], id="trend")
        yield Static("", id="trend-axis")
        yield Static("各单位办理情况", classes="dash-title")
        yield Static("加载中…", id="units")

    units: list[UnitSummary] = []

    def show(
        self, units: list[UnitSummary], trend: list[tuple[date, int]], colors: dict[str, str] | None = None
    ) -> None:
        self.units = units
        self.query_one("#trend", Sparkline).data = [n for _, n in trend] or [0]
        if trend:
            first, last = trend[0][0], trend[-1][0]
            total = sum(n for _, n in trend)
            axis = f"{first:%m-%d} 起 … {last:%m-%d} 当周   当前逾期合计 {total}"
        else:
            axis = ""
        self.query_one("#trend-axis", Static).update(Text(fit(axis, 60).rstrip(), style="dim"))
        self.query_one("#units", Static).update(Group(render_units(units, colors)))
