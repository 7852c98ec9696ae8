"""Markdown: readable as plain text and in any Markdown viewer."""

from __future__ import annotations

from pathlib import Path

from tasktui.atomic_write import write_text_atomic
from tasktui.report.model import WeeklyReport
from tasktui.report.tables import Section, heading_lines, numbered, sections


def _cell(text: str) -> str:
    # A pipe or a line break would end the table cell early.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def render_md(r: WeeklyReport) -> str:
    out = [f"# {r.title}", ""]
    out += [f"{line}  " for line in heading_lines(r)]
    for i, sec in enumerate(sections(r)):
        out += ["", f"## {numbered(i, sec.title)}", ""]
        if sec.note:
            out += [sec.note, ""]
        if not sec.rows:
            out.append(sec.empty)
            continue
        out += md_table(sec)
    return "\n".join(out) + "\n"


def md_table(sec: Section) -> list[str]:
    """A section's rows as Markdown table lines (also the 通报's, render_bulletin_md)."""
    out = ["| " + " | ".join(sec.headers) + " |", "|" + "|".join("---" for _ in sec.headers) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in sec.rows]
    return out


def write_md(r: WeeklyReport, path: Path) -> None:
    write_text_atomic(path, render_md(r))
