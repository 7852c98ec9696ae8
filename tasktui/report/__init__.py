"""The weekly status report (周报): computed from the event history, written as
md, html, csv, xlsx or docx; and the 督办通报 (bulletin.py) from the same history, as
docx or md. See docs/report.md.

`period` (what a report covers), `model` (what it says), `weekly` (computing it from the
history), `make` (make and write one: what the CLI and the UI call), `render_*` (one
module per format), `tables` (the sections as rows, shared by the formats).
Importing this package loads nothing else, so the CLI can name the formats at startup.
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("md", "html", "csv", "xlsx", "docx")
# What a report is: the 周报 (any period: its title says 周报, 月报 or 季报) or the 通报.
WEEKLY, BULLETIN = "周报", "通报"
KINDS: dict[str, str] = {WEEKLY: WEEKLY, "weekly": WEEKLY, BULLETIN: BULLETIN, "bulletin": BULLETIN}
BULLETIN_FORMATS: tuple[str, ...] = ("docx", "md")
GROUP_BY: tuple[str, ...] = ("leader", "urgency", "source")  # report.model.GROUPINGS

__all__ = ["BULLETIN", "BULLETIN_FORMATS", "FORMATS", "GROUP_BY", "KINDS", "WEEKLY"]
