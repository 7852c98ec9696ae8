"""The weekly status report (周报): computed from the event history, written as
md, html, csv, xlsx or docx. See docs/report.md."""

from __future__ import annotations

from tasktui.report.weekly import Period, WeeklyReport, build_report, parse_week, week_of

FORMATS: tuple[str, ...] = ("md", "html", "csv", "xlsx", "docx")

__all__ = ["FORMATS", "Period", "WeeklyReport", "build_report", "parse_week", "week_of"]
