"""The weekly status report (周报): computed from the event history, written as
md, html, csv, xlsx or docx. See docs/report.md.

`period` (what a report covers), `model` (what it says), `weekly` (computing it from the
history), `make` (make and write one: what the CLI and the UI call), `render_*` (one
module per format), `tables` (the sections as rows, shared by the formats).
Importing this package loads nothing else, so the CLI can name the formats at startup.
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("md", "html", "csv", "xlsx", "docx")

__all__ = ["FORMATS"]
