"""Every report format, written and read back (csv module, openpyxl, python-docx, text).

The week-1 report is written once right after week 1 and again after weeks 2 and 3
have happened, with the same clock: md, html and csv must be byte-identical, xlsx and
docx (which embed zip timestamps) identical in every figure and cell.

Golden file: tests/golden/weekly.md is the week-2 report of the sample store made on
2026-11-23. After an intended change to the report, regenerate it with
    TASKTUI_REGEN_GOLDEN=1 .venv/bin/pytest tests/functional/test_report_formats.py -k golden
and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from helpers import GOLDEN

from tasktui.report import FORMATS
from tasktui.report.make import make_report, write_report
from tasktui.report.period import parse_week
from tasktui.report.render_docx import table_texts
from tasktui.report.render_md import render_md
from tasktui.report.render_xlsx import LEDGER_HEADERS, text_width
from tasktui.report.sample import WEEK1, WEEK2, ScriptedStore

GOLDEN_MD = GOLDEN / "weekly.md"
NUMBERED = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、")
MADE = (date(2026, 11, 16), time(8, 0))  # the clock that makes both week-1 reports


@dataclass
class Written:
    store: ScriptedStore
    before: dict[str, Path]  # week 1, written before week 2 happened
    after: dict[str, Path]  # week 1, written after weeks 2 and 3
    week2: dict[str, Path]  # week 2, made on 11-23


def _write_all(svc: Any, week: str, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    r = make_report(svc, parse_week(week))
    out = {}
    for fmt in FORMATS:
        out[fmt] = folder / f"report.{fmt}"
        write_report(r, fmt, out[fmt])
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    root = tmp_path_factory.mktemp("formats")
    s = ScriptedStore(f"sqlite:///{root / 'store.db'}")
    s.week1()
    before = _write_all(s.svc(*MADE), WEEK1, root / "before")
    s.week2()
    s.week3()
    after = _write_all(s.svc(*MADE), WEEK1, root / "after")
    week2 = _write_all(s.svc(date(2026, 11, 23), time(9, 0)), WEEK2, root / "week2")
    return Written(s, before, after, week2)


# ---------------------------------------------------------------------- reproducibility


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_week1_text_formats_byte_identical_after_week2(written: Written, fmt: str) -> None:
    assert written.before[fmt].read_bytes() == written.after[fmt].read_bytes()


def _xlsx_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: [tuple((c.value, c.fill.fgColor.rgb, c.number_format) for c in row) for row in ws.iter_rows()]
        for ws in wb
    }


def test_week1_xlsx_figure_identical_after_week2(written: Written) -> None:
    assert _xlsx_cells(written.before["xlsx"]) == _xlsx_cells(written.after["xlsx"])
    created = openpyxl.load_workbook(written.before["xlsx"]).properties.created
    assert created == datetime.combine(*MADE)  # "date made" pinned to the clock


def _docx_content(path: Path) -> tuple[list[str], Any]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs], table_texts(d)


def test_week1_docx_figure_identical_after_week2(written: Written) -> None:
    assert _docx_content(written.before["docx"]) == _docx_content(written.after["docx"])
    d = docx.Document(str(written.before["docx"]))
    assert d.core_properties.created.replace(tzinfo=None) == datetime.combine(*MADE)


# ---------------------------------------------------------------------- md / html


def test_golden_markdown(written: Written) -> None:
    text = written.week2["md"].read_text(encoding="utf-8")
    if os.environ.get("TASKTUI_REGEN_GOLDEN"):
        GOLDEN_MD.parent.mkdir(exist_ok=True)
        GOLDEN_MD.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN_MD.read_text(encoding="utf-8")


def test_markdown_has_every_section(written: Written) -> None:
    text = written.week2["md"].read_text(encoding="utf-8")
    for title in (
        "一、总体情况",
        "二、各单位落实情况通报",
        "三、各单位签收、退回重办和催办情况",
        "四、逾期未完成事项",
        "五、未来7天到期事项",
        "六、持续整改事项",
        "七、本周完成事项",
        "八、本周时限调整及延期",
        "九、各会议部署事项推进情况",
    ):
        assert f"## {title}" in text
    assert "制表日期：2026年11月23日" in text and "2026年第47周" in text
    assert "| 其中待分派（不计入比率） | 1 |" in text
    assert "| 销号率 | 12.50%（1/8） |" in text and "| 完成率（含待核） | 25.00%（2/8） |" in text
    assert "| 3 | 区卫健委 |" in text and "| 3 | 区应急局 |" in text and "| 5 | 区住建局 |" in text
    assert "首次确定的时限不属于调整" in text


def test_markdown_escapes_table_breakers() -> None:
    from tasktui.report.render_md import _cell

    assert _cell("a|b\nc") == "a\\|b c"


def test_html_is_self_contained_and_printable(written: Written) -> None:
    html = written.week2["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "@media print" in html and "@page" in html and "仿宋" in html
    # Self-contained: no scripts, stylesheets or images fetched from anywhere.
    for outside in ("<script", "<link", "src=", "http://", "https://", "url("):
        assert outside not in html
    assert '<tr class="overdue"><td class="n">1</td><td>完成老旧小区消防通道清理（#2）</td>' in html
    assert "25.00%（2/8）" in html


def test_html_escapes_text(tmp_path: Path, written: Written) -> None:
    from tasktui.report.render_html import render_html

    r = make_report(written.store.svc(date(2026, 11, 23), time(9, 0)), parse_week(WEEK2))
    r.overdue[0].latest_note = "<b>&</b>"
    html = render_html(r)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html


# ---------------------------------------------------------------------- csv


def test_csv_rows_are_state_at_week_end(written: Written) -> None:
    raw = written.week2["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 10  # 9 tracked + the rejected one
    by = {r["工作任务"]: r for r in rows}
    a1 = by["开展燃气安全隐患排查整治"]
    assert (a1["牵头单位"], a1["配合单位"], a1["完成时限"], a1["剩余天数"], a1["整改状态"]) == (
        "区应急局",
        "区住建局",
        "2026-11-25",
        "3",
        "整改中",
    )
    a2 = by["完成老旧小区消防通道清理"]
    assert (a2["剩余天数"], a2["是否逾期"], a2["最新进展"]) == ("-2", "是", "已清理通道43处")
    a4 = by["开展冬季食品安全专项抽检"]  # reopened in week 3; closed at the end of week 2
    assert (a4["整改状态"], a4["完成日期"], a4["是否按时"], a4["剩余天数"]) == ("已销号", "2026-11-13", "否", "")
    assert by["研究建立安全生产长效机制"]["整改状态"] == "不立项"
    b1 = by["推进义务教育学校课后服务全覆盖"]
    assert (b1["牵头单位"], b1["配合单位"]) == ("区卫健委", "区教体局")
    assert [r["序号"] for r in rows] == [str(i) for i in range(1, 11)]
    assert by["开展校园食品安全专项检查"]["整改状态"] == "待分派"


# ---------------------------------------------------------------------- xlsx


def test_xlsx_sheets_and_ledger(written: Written) -> None:
    wb = openpyxl.load_workbook(written.week2["xlsx"])
    assert wb.sheetnames == ["汇总", "各单位", "各会议", "台账"]
    ws = wb["台账"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == LEDGER_HEADERS
    assert LEDGER_HEADERS[2:4] == ["会议", "编号"]
    # Every directive as in the CSV, 不立项 included, in the same order.
    csv_rows = list(csv.DictReader(io.StringIO(written.week2["csv"].read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == [int(c["任务ID"]) for c in csv_rows]
    assert [r[9] for r in rows[1:]] == [c["整改状态"] for c in csv_rows]
    assert rows[1] == (
        1,
        1,
        "全区安全生产工作会议",
        "1",
        "开展燃气安全隐患排查整治",
        "区应急局",
        "区住建局",
        datetime(2026, 11, 25),
        3,
        "整改中",
        "已排查燃气隐患120处，整改85处",
    )
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K11"
    # Header styled; the overdue row (A2, 序号 2) red, the rejected one (A5) grey.
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("305496")
    red = [r[0].row for r in ws.iter_rows(min_row=2) if r[0].fill.fgColor.rgb.endswith("FFC7CE")]
    assert red == [3]
    grey = [r[0].row for r in ws.iter_rows(min_row=2) if (r[0].font.color and r[0].font.color.rgb.endswith("808080"))]
    assert grey == [6] and ws["J6"].value == "不立项"
    assert ws["H3"].number_format == "yyyy-mm-dd"
    assert ws["E2"].alignment.wrap_text  # long text wraps at the column's width
    # Widths fit Chinese text (CJK counts double) up to a cap; beyond it the text wraps.
    assert ws.column_dimensions["E"].width >= text_width("推进义务教育学校课后服务全覆盖")
    assert ws.column_dimensions["K"].width == min(34, max(text_width(r[10] or "") for r in rows[1:]) + 2)


def test_xlsx_print_setup(written: Written) -> None:
    """Every sheet: A4 landscape, all columns on one page width, the header row repeated
    on every page (print titles), the report named at the top and the page at the foot."""
    wb = openpyxl.load_workbook(written.week2["xlsx"])
    for ws in wb:
        ps = ws.page_setup
        assert (ps.paperSize, ps.orientation) == (9, "landscape"), ws.title  # 9: A4
        assert (ps.fitToWidth, ps.fitToHeight) == (1, 0), ws.title  # 0: as many pages down as it takes
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert "区政府督查室督办工作周报" in ws.oddHeader.center.text
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    for title in ("各单位", "各会议", "台账"):
        assert wb[title].print_title_rows == "$1:$1", title
    assert wb["汇总"].print_title_rows is None  # one page: nothing to repeat


def test_xlsx_units_and_summary(written: Written) -> None:
    wb = openpyxl.load_workbook(written.week2["xlsx"])
    units = list(wb["各单位"].iter_rows(values_only=True))
    assert list(units[0]) == [
        "排名",
        "牵头单位",
        "事项数",
        "在办",
        "持续整改",
        "已完成待核",
        "已销号",
        "逾期",
        "销号率",
        "完成率（含待核）",
        "按时完成率",
    ]
    assert units[2] == (2, "区教体局", 2, 1, 0, 1, 0, 0, 0, 0.5, 1)
    assert [u[0] for u in units[1:]] == [1, 2, 3, 3, 5]
    assert wb["各单位"]["I3"].number_format == "0.00%"
    assert wb["各单位"].freeze_panes == "A2" and wb["各单位"].auto_filter.ref == "A1:K6"
    meetings = list(wb["各会议"].iter_rows(values_only=True))
    assert meetings[2] == ("全区教育工作会议", datetime(2026, 11, 10), 4, 1, 2, 0, 1, 0, 0, 0, pytest.approx(0.3333))
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["督办事项总数"] == 9 and summary["逾期未完成"] == 1
    assert (summary["其中已分派"], summary["其中待分派（不计入比率）"]) == (8, 1)
    assert summary["销号率"] == pytest.approx(0.125)
    assert summary["完成率（含待核）"] == pytest.approx(0.25)
    assert summary["按时完成率"] == pytest.approx(0.5)
    assert wb["汇总"]["A1"].value == "区政府督查室督办工作周报"


def test_xlsx_and_docx_masthead(written: Written, tmp_path: Path) -> None:
    from tasktui.report.make import Masthead

    r = make_report(written.store.svc(date(2026, 11, 23), time(9, 0)), parse_week(WEEK2), Masthead("区委督查室", 12))
    write_report(r, "xlsx", tmp_path / "r.xlsx")
    write_report(r, "docx", tmp_path / "r.docx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert [c[0] for c in wb["汇总"].iter_rows(max_row=3, values_only=True)] == [
        "区委督查室督办工作周报",
        "第12期",
        "编制单位：区委督查室",
    ]
    assert "第12期" in wb["台账"].oddHeader.center.text
    paras = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert paras[:3] == ["区委督查室督办工作周报", "第12期", "编制单位：区委督查室"]
    assert paras[-2:] == ["区委督查室", "2026年11月23日"]  # the sign-off


# ---------------------------------------------------------------------- docx


def test_docx_title_fonts_and_tables(written: Written) -> None:
    d = docx.Document(str(written.week2["docx"]))
    paras = [p.text for p in d.paragraphs]
    assert paras[0] == "区政府督查室督办工作周报"
    assert "统计周期：2026年第47周（2026年11月16日—11月22日）" in paras
    assert any(p.startswith("截至2026年11月22日，共跟踪督办事项9项") for p in paras)
    assert "一、总体情况" in paras and "九、各会议部署事项推进情况" in paras
    # Chinese fonts go in the East-Asian slot.
    normal = d.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title_fonts = d.paragraphs[0].runs[0]._r.rPr.find(qn("w:rFonts"))
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    tables = table_texts(d)
    # units, 签收/退回/催办 per unit, overdue, due soon, completed, deadline changes, meetings
    # (no 持续整改 in the sample: that section says so and has no table)
    assert [t[0][0] for t in tables] == ["排名", "牵头单位", "序号", "序号", "序号", "序号", "会议"]
    # Dates as an official document writes them (the report's year left out).
    assert tables[2][1] == ["1", "完成老旧小区消防通道清理（#2）", "区住建局", "11月20日", "2", "已清理通道43处"]
    assert tables[0][1][:2] == ["1", "区市场监管局"]
    assert len(tables[5]) == 4  # header + 3 deadline changes
    assert "无持续整改事项。" in paras
    sec = d.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.left_margin.cm, 1) == 2.8


def _keeps_next(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_docx_headings_keep_with_their_tables(written: Written) -> None:
    """No heading alone at a page foot: a heading keeps with the note under it, the note
    with the table's header row, the header row with the first row; the last table's
    last row keeps with the sign-off."""
    d = docx.Document(str(written.week2["docx"]))
    body = d.element.body
    blocks = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    paras = {p._p: p for p in d.paragraphs}
    headings = [i for i, el in enumerate(blocks) if el.tag == qn("w:p") and paras[el].text[:2] in NUMBERED]
    assert len(headings) == 9
    for i in headings:
        # Every paragraph from the heading to the section's table (or its last line) keeps.
        j = i
        while blocks[j + 1].tag == qn("w:p") and paras[blocks[j + 1]].text[:2] not in NUMBERED:
            assert _keeps_next(paras[blocks[j]]), paras[blocks[j]].text
            j += 1
            if not paras[blocks[j]].text:
                break
        if blocks[j + 1].tag == qn("w:tbl"):
            assert _keeps_next(paras[blocks[j]]), paras[blocks[j]].text
    for table in d.tables:
        header = table.rows[0]
        assert all(_keeps_next(p) for c in header.cells for p in c.paragraphs)
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    last_row = d.tables[-1].rows[-1]
    assert all(_keeps_next(p) for c in last_row.cells for p in c.paragraphs)
    assert not any(_keeps_next(p) for c in d.tables[0].rows[-1].cells for p in c.paragraphs)


def test_docx_survives_control_characters(tmp_path: Path, written: Written) -> None:
    from tasktui.report.render_docx import write_docx

    r = make_report(written.store.svc(date(2026, 11, 23), time(9, 0)), parse_week(WEEK2))
    r.overdue[0].latest_note = "bad\x01char & <tag>"
    write_docx(r, tmp_path / "x.docx")
    assert "badchar & <tag>" in str(table_texts(docx.Document(str(tmp_path / "x.docx"))))


def test_md_render_matches_file(written: Written) -> None:
    r = make_report(written.store.svc(date(2026, 11, 23), time(9, 0)), parse_week(WEEK2))
    assert render_md(r) == written.week2["md"].read_text(encoding="utf-8")
