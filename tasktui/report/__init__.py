"""The weekly status report (周报): computed from the event history, written as
md, html, csv, xlsx or docx. See docs/report.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

FORMATS: tuple[str, ...] = ("md", "html", "csv", "xlsx", "docx")

__all__ = ["FORMATS", "Period", "WeeklyReport", "build_report", "parse_week", "week_of"]

if TYPE_CHECKING:
    from tasktui.report.weekly import Period, WeeklyReport, build_report, parse_week, week_of


def __getattr__(name: str) -> Any:
    # The report model loads the database layer: only when asked for, so `tasktui.cli`
    # can import the light `tasktui.report.period` at startup.
    if name in __all__:
        from tasktui.report import weekly

        return getattr(weekly, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
