"""A .docx body in document order: paragraphs and tables, a table row as one line.

Minutes often carry their 议定事项 as a table (序号 | 工作任务 | 责任单位 | 完成时限). Read as
bare cells joined by tabs, the extractor sees `1	加强控辍保学	区教体局	3月底前`: no marker,
no owner cue. So a table whose first row is a header is written the way a task list is
written in prose — `1．加强控辍保学。责任单位：区教体局；完成时限：3月底前。` — where the
extractor's own rules find the marker (`1．`), the owner (the `责任单位：` label) and the
deadline. A task table without a 序号 column (its header names a unit or a time) has its
rows numbered in order. A row that is one merged cell (`一、教育项目` across the table) stays a line of its
own: a section heading. A table without a header keeps its cells joined by tabs.

The cells are read from the XML as Word lays them out: a cell merged across columns
(`gridSpan`) covers those grid columns; a cell merged down (`vMerge` continue) shows the
text of the cell it continues, so a unit merged over three rows owns all three.
`table_grid` gives the ledger importer the same grid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The numbering column of a task table, and what a number in it looks like.
_SEQ_HEADER = re.compile(r"^(?:序号|编号|序|号)$")
_ARABIC = re.compile(r"^(\d{1,3})[、.．]?$")
_CHINESE = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]?$")
# A header that makes a table a task list (who does it, by when): its rows are numbered
# items even when the table has no 序号 column.
_TASK_HEADER = re.compile(r"单位|部门|时限|时间|节点|责任")
# A header cell: a short label, not a sentence.
_HEADER_MAX = 12
_SENTENCE = re.compile(r"[。；！？]")
_END_PUNCT = re.compile(r"[。；！？，、：]$")
# Paragraphs of one cell: short ones (units on lines of their own) are a list.
_LIST_PART = 20


@dataclass(frozen=True)
class Cell:
    text: str
    column: int  # first grid column it covers
    span: int  # grid columns it covers


def blocks(body: Any) -> Iterator[tuple[str, Any]]:
    """("p", text) and ("tbl", rows of cells) in document order."""
    for child in body.iterchildren():
        if child.tag == _W + "p":
            yield "p", _text(child)
        elif child.tag == _W + "tbl":
            yield "tbl", table_cells(child)


def table_cells(tbl: Any) -> list[list[Cell]]:
    """The table's rows, each its own cells (direct children only: a table nested in a
    cell is part of that cell's text), vertically merged cells filled from above."""
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell last seen there
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[Cell] = []
        column = 0
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span = 1
            continued = False
            if props is not None:
                grid_span = props.find(_W + "gridSpan")
                if grid_span is not None:
                    try:
                        span = max(1, min(int(grid_span.get(_W + "val", "1")), 64))
                    except ValueError:
                        span = 1
                merge = props.find(_W + "vMerge")
                continued = merge is not None and merge.get(_W + "val", "continue") == "continue"
            text = above.get(column, "") if continued else _cell_text(tc)
            row.append(Cell(text, column, span))
            for c in range(column, column + span):
                above[c] = text
            column += span
        rows.append(row)
    return rows


def table_grid(tbl: Any) -> list[list[str]]:
    """The table as a grid: a cell merged across columns fills each of them."""
    grid = []
    for row in table_cells(tbl):
        values: list[str] = []
        for cell in row:
            values.extend([cell.text] * cell.span)
        grid.append(values)
    return grid


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """A table as lines of text for the extractor (see the module docstring)."""
    if not rows:
        return []
    header = [c.text.strip() for c in rows[0]]
    if not _is_header(header) or len(rows) < 2:
        return ["\t".join(c.text for c in row) for row in rows]
    labels = {c.column: c.text.strip() for c in rows[0]}
    seq_col = next((c.column for c in rows[0] if _SEQ_HEADER.match(c.text.strip())), None)
    numbered = seq_col is None and any(_TASK_HEADER.search(h) for h in header[1:])
    lines = ["\t".join(header)]
    count = 0
    for row in rows[1:]:
        filled = [c for c in row if c.text.strip()]
        if not filled:
            continue
        if len({c.text.strip() for c in filled}) == 1 and (len(filled) == 1 or len(row) == 1):
            lines.append(filled[0].text.strip())  # one merged cell: a section heading
            continue
        marker = ""
        parts: list[str] = []
        main = ""
        for c in row:
            text = c.text.strip()
            if c.column == seq_col:
                marker = _marker(text)
            elif not main and text:
                main = text
            elif text:
                label = labels.get(c.column, "")
                parts.append(f"{label}：{text}" if label else text)
        if not main:
            main, parts = (parts[0], parts[1:]) if parts else ("", [])
        if numbered:
            count += 1
            marker = f"{count}．"
        line = marker + main
        if parts:
            line += ("" if _END_PUNCT.search(line) else "。") + "；".join(parts)
        lines.append(line + ("" if _END_PUNCT.search(line) else "。"))
    return lines


def _is_header(cells: list[str]) -> bool:
    """Short labels in every cell, none of them a number or a sentence."""
    return (
        len(cells) >= 2
        and all(cells)
        and all(len(c) <= _HEADER_MAX and not _SENTENCE.search(c) for c in cells)
        and not any(_ARABIC.match(c) or _CHINESE.match(c) for c in cells)
    )


def _marker(seq: str) -> str:
    """The 序号 cell as an outline marker: 1 → 1．, 一 → 一、 (empty when it is no number)."""
    m = _ARABIC.match(seq)
    if m:
        return f"{m.group(1)}．"
    m = _CHINESE.match(seq)
    if m:
        return f"{m.group(1)}、"
    return ""


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_W + "t"))


def _cell_text(tc: Any) -> str:
    """A cell's paragraphs: short ones (a unit per line) joined by 、, sentences run on."""
    parts = [p for p in (_text(p).strip() for p in tc.iter(_W + "p")) if p]
    out = ""
    for part in parts:
        if out and len(out) <= _LIST_PART and len(part) <= _LIST_PART and not _END_PUNCT.search(out):
            out += "、"
        out += part
    return out


__all__ = ["Cell", "blocks", "table_cells", "table_grid", "table_lines"]
