"""The 督办通报 as Markdown: readable as plain text and in any Markdown viewer."""

from __future__ import annotations

from pathlib import Path

from tasktui.atomic_write import write_text_atomic
from tasktui.report.bulletin import Bulletin, opening, parts
from tasktui.report.render_md import md_table
from tasktui.report.tables import numbered


def render_bulletin_md(b: Bulletin) -> str:
    out = [f"# {b.title}", ""]
    if b.issue_label:
        out.append(f"{b.issue_label}  ")
    out += [f"{b.office}　{b.made_label}", "", "---", "", f"## {b.subject}", "", opening(b)]
    for i, part in enumerate(parts(b)):
        out += ["", f"### {numbered(i, part.title)}", ""]
        for para in part.paragraphs:
            out += [para, ""]
        if part.table is not None:
            out += md_table(part.table)
    out += ["", f"{b.office}  ", f"{b.made_label}"]
    return "\n".join(out) + "\n"


def write_bulletin_md(b: Bulletin, path: Path) -> None:
    write_text_atomic(path, render_bulletin_md(b))
