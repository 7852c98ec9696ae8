"""Excel (openpyxl): 汇总 (summary and meetings), 各单位 (the 通报 table) and 台账 (the
ledger, one row per tracked task, overdue rows filled red).

Written in write-only mode (column widths and frozen panes must be set before the first
row, so widths are measured from the data first); the ledger's rows, which can be
100,000, are streamed into the saved file directly (see `_LedgerRows`).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tasktui.atomic_write import atomic_path
from tasktui.report.model import WeeklyReport
from tasktui.report.tables import co_label, heading_lines

LEDGER_HEADERS: list[str] = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "剩余天数", "整改状态", "最新进展"]
UNIT_HEADERS: list[str] = ["排名", "牵头单位", "事项数", "未完成", "已完成", "逾期", "完成率", "按时完成率"]
MEETING_HEADERS: list[str] = ["会议", "会议日期", "事项数", "待分派", "在办", "已完成", "其中已销号", "逾期", "完成率"]

FONT = "宋体"  # Excel's Chinese default; shows the same on WPS
HEADER_FONT = Font(name="黑体", bold=True, color="FFFFFF", size=11)
HEADER_FILL = PatternFill("solid", fgColor="305496")
OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
OVERDUE_FONT = Font(name=FONT, color="9C0006", size=11)
TITLE_FONT = Font(name="黑体", bold=True, size=16)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MAX_WIDTH = 60  # wider columns are unreadable; Excel truncates the view, the text stays
WIDTH_SAMPLE = 5000  # rows measured for a column's width; enough to find the long ones


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[float]:
    widths = [text_width(h) for h in headers]
    for n, row in enumerate(rows):
        if n >= WIDTH_SAMPLE:
            break
        for i, v in enumerate(row):
            if v is None:
                continue
            w = 10 if isinstance(v, date) else text_width(str(v))
            if w > widths[i]:
                widths[i] = w
    return [min(MAX_WIDTH, w + 2) for w in widths]


def _rate(numerator: int, denominator: int) -> float | str:
    """A real number formatted 0.00% (sortable in Excel), rounded as published."""
    if denominator <= 0:
        return "—"
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001")))


class _Sheet:
    """A write-only sheet with a styled header, frozen under it, filtered, sized."""

    def __init__(
        self, wb: Workbook, title: str, headers: Sequence[str], rows: list[list[Any]], pct_cols: Sequence[int] = ()
    ) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        for i, w in enumerate(_widths(headers, rows), 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.freeze_panes = "A2"
        self.ws.append([self._header(h) for h in headers])
        self.pct_cols = set(pct_cols)
        self.headers = headers
        self.count = 0

    def _header(self, text: str) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=text)
        c.font, c.fill, c.border, c.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTER
        return c

    def append(self, row: list[Any]) -> None:
        if self.pct_cols:
            row = list(row)
            for i in self.pct_cols:
                if isinstance(row[i], float):
                    c = WriteOnlyCell(self.ws, value=row[i])
                    c.number_format = "0.00%"
                    row[i] = c
        self.ws.append(row)
        self.count += 1

    def finish(self) -> None:
        last = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A1:{last}{self.count + 1}"


def write_xlsx(r: WeeklyReport, path: Path) -> None:
    wb = Workbook(write_only=True)
    wb.properties.title = f"{r.title} {r.period.label}"
    wb.properties.creator = r.office
    wb.properties.created = r.made  # pinned to the service clock; `modified` is set on save
    _summary_sheet(wb, r)
    _units_sheet(wb, r)
    ledger = _ledger_sheet(wb, r)
    # The workbook without the ledger's rows is small: it is saved in memory, and the
    # file is written once, to a temporary name renamed into place when whole.
    saved = io.BytesIO()
    wb.save(saved)
    saved.seek(0)
    with atomic_path(path) as tmp:
        ledger.insert_into(saved, tmp)


def _summary_sheet(wb: Workbook, r: WeeklyReport) -> None:
    ws = wb.create_sheet("汇总")
    ws.column_dimensions["A"].width = 40
    for col in "BCDEFGHI":
        ws.column_dimensions[col].width = 14
    title = WriteOnlyCell(ws, value=r.title)
    title.font = TITLE_FONT
    ws.append([title])
    for line in heading_lines(r):
        ws.append([line])
    ws.append([])
    ws.append([_hdr(ws, "指标"), _hdr(ws, "数值")])
    s, this = r.summary, r.period.this
    figures: list[tuple[str, Any]] = [
        ("督办事项总数", s.tracked),
        (f"{this}新增", s.new),
        (f"{this}完成", s.completed_week),
        (f"{this}核验销号", s.verified_week),
        ("待分派", s.pending),
        ("在办（已交办、整改中）", s.in_progress),
        ("已完成待核", s.awaiting_check),
        ("已销号", s.closed),
        ("逾期未完成", s.overdue),
        (f"其中{this}新增逾期", s.overdue_new),
        ("完成率", _rate(s.completed, s.tracked)),
        ("按时完成率", _rate(s.on_time, s.completed_with_deadline)),
    ]
    for label, value in figures:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, float):
            c.number_format = "0.00%"
        ws.append([label, c])
    ws.append([])
    ws.append([r.summary_text()])
    ws.append([])
    ws.append([_hdr(ws, h) for h in MEETING_HEADERS])
    for m in r.meetings:
        rate = WriteOnlyCell(ws, value=_rate(m.completed, m.total))
        if isinstance(rate.value, float):
            rate.number_format = "0.00%"
        ws.append([m.title, m.date, m.total, m.pending, m.in_progress, m.completed, m.closed, m.overdue, rate])


def _hdr(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=text)
    c.font, c.fill, c.border, c.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTER
    return c


def _units_sheet(wb: Workbook, r: WeeklyReport) -> None:
    rows: list[list[Any]] = [
        [
            u.rank,
            u.unit,
            u.total,
            u.open,
            u.completed,
            u.overdue,
            _rate(u.completed, u.total),
            _rate(u.on_time, u.completed_with_deadline),
        ]
        for u in r.units
    ]
    sheet = _Sheet(wb, "各单位", UNIT_HEADERS, rows, pct_cols=(6, 7))
    for row in rows:
        sheet.append(row)
    sheet.finish()


def _ledger_sheet(wb: Workbook, r: WeeklyReport) -> _LedgerRows:
    """The header through openpyxl; the rows later, streamed by `_LedgerRows`."""
    ledger = r.ledger
    rows: list[list[Any]] = [
        [
            i,
            t.heading,
            t.lead or "",
            co_label(t) if t.co else "",
            t.deadline,
            t.days_left,
            t.status,
            t.latest_note or "",
        ]
        for i, t in enumerate(ledger[:WIDTH_SAMPLE], 1)
    ]
    sheet = _Sheet(wb, "台账", LEDGER_HEADERS, rows)
    sheet.count = len(ledger)
    sheet.finish()  # the filter covers the rows streamed in later
    ws = sheet.ws
    # Register the three cell styles now, so they land in styles.xml; their ids are what
    # the streamed rows refer to.
    red = WriteOnlyCell(ws)
    red.fill, red.font = OVERDUE_FILL, OVERDUE_FONT
    red_date = WriteOnlyCell(ws)
    red_date.fill, red_date.font, red_date.number_format = OVERDUE_FILL, OVERDUE_FONT, "yyyy-mm-dd"
    plain_date = WriteOnlyCell(ws)
    plain_date.number_format = "yyyy-mm-dd"
    return _LedgerRows(ws, r, red.style_id, red_date.style_id, plain_date.style_id)


_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30)
_COLS = "ABCDEFGH"


class _LedgerRows:
    """Streams the ledger's rows into the saved workbook.

    openpyxl spends ~15 µs a cell even in write-only mode, which is 12 s for a
    100,000-task ledger; these rows are plain (numbers, inline strings, dates as serial
    numbers with a date style), so they are written as SpreadsheetML text directly,
    with the style ids openpyxl registered, into the sheet openpyxl wrote."""

    def __init__(self, ws: WriteOnlyWorksheet, r: WeeklyReport, red: int, red_date: int, date_: int) -> None:
        self.ws, self.report = ws, r
        self.red, self.red_date, self.date = red, red_date, date_

    def _rows(self) -> Iterator[str]:
        for n, t in enumerate(self.report.ledger, 1):
            rn = n + 1
            values: list[Any] = [
                n,
                t.heading,
                t.lead,
                co_label(t) if t.co else None,
                t.deadline,
                t.days_left,
                t.status,
                t.latest_note,
            ]
            cells = []
            for col, v in zip(_COLS, values):
                ref = f"{col}{rn}"
                style = ""
                if t.overdue:
                    style = f' s="{self.red_date if isinstance(v, date) else self.red}"'
                elif isinstance(v, date):
                    style = f' s="{self.date}"'
                if v is None or v == "":
                    if style:
                        cells.append(f'<c r="{ref}"{style}/>')
                elif isinstance(v, int):
                    cells.append(f'<c r="{ref}"{style}><v>{v}</v></c>')
                elif isinstance(v, date):
                    cells.append(f'<c r="{ref}"{style}><v>{(v - _EXCEL_EPOCH).days}</v></c>')
                else:
                    text = escape(_BAD_XML.sub("", str(v)))
                    cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            yield f'<row r="{rn}">{"".join(cells)}</row>'

    def insert_into(self, saved: io.BytesIO, path: Path) -> None:
        """Write the saved workbook to `path` with the rows inside the ledger's <sheetData>."""
        name = self.ws.path.lstrip("/")
        with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename != name:
                    zout.writestr(info, data)
                    continue
                head, tail = data.decode("utf-8").split("</sheetData>", 1)
                big = zipfile.ZipInfo(name, info.date_time)
                big.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(big, "w", force_zip64=True) as out:
                    out.write(head.encode("utf-8"))
                    batch: list[str] = []
                    for row in self._rows():
                        batch.append(row)
                        if len(batch) >= 2000:
                            out.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    out.write(("".join(batch) + "</sheetData>" + tail).encode("utf-8"))
