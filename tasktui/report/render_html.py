"""HTML: one self-contained page (inline CSS, no scripts, no external fonts) that reads
on screen and prints on A4 with the table headers repeated on every page."""

from __future__ import annotations

from html import escape
from pathlib import Path

from tasktui.atomic_write import write_text_atomic
from tasktui.report.model import WeeklyReport
from tasktui.report.tables import heading_lines, numbered, sections

# Official documents use 仿宋 for body text and 黑体/小标宋 for titles; the later names
# are what Linux and macOS machines have instead.
BODY_FONTS = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", '
    '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif'
)
TITLE_FONTS = (
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", '
    '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif'
)
HEAD_FONTS = '"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'

CSS = f"""
@page {{ size: A4; margin: 18mm 15mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {BODY_FONTS}; font-size: 14px; line-height: 1.6; color: #111;
       max-width: 1100px; margin: 24px auto; padding: 0 16px; }}
h1 {{ font-family: {TITLE_FONTS}; font-size: 28px; font-weight: normal; text-align: center;
      color: #c00; margin: 8px 0 4px; letter-spacing: 2px; }}
.meta {{ text-align: center; color: #333; margin: 0 0 8px; }}
.meta span {{ margin: 0 10px; white-space: nowrap; }}
hr.red {{ border: 0; border-top: 2px solid #c00; margin: 8px 0 16px; }}
h2 {{ font-family: {HEAD_FONTS}; font-size: 17px; margin: 22px 0 8px; break-after: avoid; }}
p.note {{ text-indent: 2em; margin: 4px 0 10px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12.5px; margin-bottom: 6px; }}
th, td {{ border: 1px solid #666; padding: 3px 6px; vertical-align: top; }}
th {{ background: #e8e8e8; font-family: {HEAD_FONTS}; font-weight: normal; white-space: nowrap; }}
table.kv {{ width: auto; min-width: 45%; }}
td.n {{ text-align: right; white-space: nowrap; }}
tr.overdue td {{ background: #fde2e2; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
.empty {{ color: #555; }}
@media print {{ body {{ margin: 0; max-width: none; padding: 0; }} h1 {{ margin-top: 0; }} }}
"""

# Sections whose rows are all overdue tasks are tinted.
_RED_SECTIONS = {"逾期未完成事项"}


def _is_number(text: str) -> bool:
    return text.replace("%", "").replace(".", "", 1).lstrip("-").isdigit()


def render_html(r: WeeklyReport) -> str:
    meta = "".join(f"<span>{escape(line)}</span>" for line in heading_lines(r))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(r.title)} {escape(r.period.label)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(r.title)}</h1>",
        f'<p class="meta">{meta}</p>',
        '<hr class="red">',
    ]
    for i, sec in enumerate(sections(r)):
        out.append(f"<h2>{escape(numbered(i, sec.title))}</h2>")
        if sec.note:
            out.append(f'<p class="note">{escape(sec.note)}</p>')
        if not sec.rows:
            out.append(f'<p class="empty">{escape(sec.empty)}</p>')
            continue
        tr_class = ' class="overdue"' if sec.title in _RED_SECTIONS else ""
        table_class = ' class="kv"' if i == 0 else ""  # the two-column figures table
        out.append(
            f"<table{table_class}><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in sec.headers)
            + "</tr></thead><tbody>"
        )
        for row in sec.rows:
            cells = "".join(
                f'<td class="n">{escape(c)}</td>' if _is_number(c) else f"<td>{escape(c)}</td>" for c in row
            )
            out.append(f"<tr{tr_class}>{cells}</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_html(r: WeeklyReport, path: Path) -> None:
    write_text_atomic(path, render_html(r))
