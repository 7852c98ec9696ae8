"""Excel (openpyxl): 汇总 (the figures and the summary), 各单位 (the 通报 table), 各会议
(per meeting) and 台账 (the ledger: one row per directive, 不立项 greyed, overdue rows
filled red).

Every sheet prints on A4 landscape, fitted to one page width, with its header row
repeated on every page (print titles), the report's title at the top of each page and
the page number at the foot.

Written in write-only mode (column widths, frozen panes and print setup must be set
before the first row, so widths are measured from the data first); the ledger's rows,
which can be 100,000, are streamed into the saved file directly (see `_LedgerRows`).
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
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from tasktui.atomic_write import atomic_path
from tasktui.report import tables
from tasktui.report.model import CLOSED_RATE, ON_TIME_RATE, REPORTED_RATE, SUSTAINED_LABEL, TaskState, WeeklyReport
from tasktui.report.tables import co_label, heading_lines

# The ledger (台账): one row per directive known at the end of the period, 不立项 included,
# as in the CSV. (header, widest it may get in Excel's character units): the long text
# columns wrap at that width so every column fits one A4 landscape page width.
LEDGER_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("任务ID", 8),
    ("会议", 20),
    ("编号", 8),
    ("工作任务", 34),
    ("牵头单位", 14),
    ("配合单位", 18),
    ("完成时限", 12),
    ("剩余天数", 10),
    ("整改状态", 12),
    ("最新进展", 34),
]
LEDGER_HEADERS: list[str] = [h for h, _ in LEDGER_COLUMNS]
UNIT_HEADERS: list[str] = tables.UNIT_HEADERS
MEETING_HEADERS: list[str] = tables.MEETING_HEADERS

FONT = "宋体"  # Excel's Chinese default; shows the same on WPS
BODY_SIZE = 10
HEADER_FONT = Font(name="黑体", bold=True, color="FFFFFF", size=11)
HEADER_FILL = PatternFill("solid", fgColor="305496")
OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
PLAIN_FONT = Font(name=FONT, size=BODY_SIZE)
OVERDUE_FONT = Font(name=FONT, color="9C0006", size=BODY_SIZE)
REJECTED_FONT = Font(name=FONT, color="808080", size=BODY_SIZE)  # 不立项: listed, greyed
TITLE_FONT = Font(name="黑体", bold=True, size=16)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right")
MAX_WIDTH = 40  # a wider column would shrink the printed page; its text wraps instead
WIDTH_SAMPLE = 5000  # rows measured for a column's width; enough to find the long ones
POINTS_PER_LINE = 15  # a wrapped line of 11-point text
PAGE_FOOTER = "第 &P 页，共 &N 页"


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(headers: Sequence[str], rows: Iterable[Sequence[Any]], caps: Sequence[int] | None = None) -> list[float]:
    """Each column as wide as its widest value (of the first WIDTH_SAMPLE rows), at
    least its header, at most its cap (MAX_WIDTH by default)."""
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
    limits = caps or [MAX_WIDTH] * len(headers)
    return [min(cap, w + 2) for w, cap in zip(widths, limits)]


def _print_setup(ws: WriteOnlyWorksheet, r: WeeklyReport, title_rows: str | None) -> None:
    """A4 landscape, every column on one page width (as many pages down as it takes),
    `title_rows` (the header) repeated on every page, the report named at the top of
    each page and the page number at the foot."""
    ps = ws.page_setup
    ps.paperSize = Worksheet.PAPERSIZE_A4
    ps.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ps.fitToWidth, ps.fitToHeight = 1, 0  # 0: no limit on the pages down
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows
    # "&" starts a header code (&P, &N): a literal one is doubled.
    ws.oddHeader.center.text = "  ".join(x.replace("&", "&&") for x in _page_title(r))
    ws.oddHeader.center.font = "黑体,Regular"
    ws.oddHeader.center.size = 11
    ws.oddFooter.center.text = PAGE_FOOTER


def _page_title(r: WeeklyReport) -> list[str]:
    return [r.title, *([r.issue_label] if r.issue_label else []), r.period.title]


def _rate(numerator: int, denominator: int) -> float | str:
    """A real number formatted 0.00% (sortable in Excel), rounded as published."""
    if denominator <= 0:
        return "—"
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001")))


class _Sheet:
    """A write-only sheet with a styled header, frozen under it, filtered, sized."""

    def __init__(
        self,
        wb: Workbook,
        r: WeeklyReport,
        title: str,
        headers: Sequence[str],
        rows: list[list[Any]],
        pct_cols: Sequence[int] = (),
        caps: Sequence[int] | None = None,
    ) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        for i, w in enumerate(_widths(headers, rows, caps), 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.freeze_panes = "A2"
        _print_setup(self.ws, r, "1:1")
        self.ws.append([self._header(h) for h in headers])
        self.pct_cols = set(pct_cols)
        self.headers = headers
        self.count = 0

    def _header(self, text: str) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=text)
        c.font, c.fill, c.border, c.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTER
        return c

    def append(self, row: list[Any]) -> None:
        cells = []
        for i, v in enumerate(row):
            c = WriteOnlyCell(self.ws, value=v)
            c.font, c.border = PLAIN_FONT, BORDER
            if i in self.pct_cols:
                if isinstance(v, float):
                    c.number_format = "0.00%"
                else:  # "—": nothing to divide; in line with the figures above it
                    c.alignment = RIGHT
            elif isinstance(v, date):
                c.number_format = "yyyy-mm-dd"
            elif isinstance(v, str):
                c.alignment = WRAP
            cells.append(c)
        self.ws.append(cells)
        self.count += 1

    def finish(self) -> None:
        last = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A1:{last}{self.count + 1}"


def write_xlsx(r: WeeklyReport, path: Path) -> None:
    # Written once, to a temporary name renamed into place when whole.
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        save_xlsx(r, f)


def save_xlsx(r: WeeklyReport, out: BinaryIO) -> None:
    """The workbook into `out` (a file or a BytesIO; it must be seekable, as a zip is)."""
    wb = Workbook(write_only=True)
    wb.properties.title = f"{r.title} {r.period.label}"
    wb.properties.creator = r.office
    wb.properties.created = r.made  # pinned to the service clock; `modified` is set on save
    _summary_sheet(wb, r)
    _units_sheet(wb, r)
    _meetings_sheet(wb, r)
    ledger = _ledger_sheet(wb, r)
    # The workbook without the ledger's rows is small: it is saved in memory, then
    # copied into `out` with the rows streamed in.
    saved = io.BytesIO()
    wb.save(saved)
    saved.seek(0)
    ledger.insert_into(saved, out)


def _summary_sheet(wb: Workbook, r: WeeklyReport) -> None:
    ws = wb.create_sheet("汇总")
    widths = (30, 24)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
    _print_setup(ws, r, None)  # one page: nothing to repeat
    title = WriteOnlyCell(ws, value=r.title)
    title.font = TITLE_FONT
    lines = heading_lines(r)
    ws.append([title])
    for line in lines:
        ws.append([line])
    ws.append([])
    ws.append([_hdr(ws, "指标"), _hdr(ws, "数值")])
    s, this = r.summary, r.period.this
    figures: list[tuple[str, Any]] = [
        ("督办事项总数", s.tracked),
        ("其中已分派", s.assigned),
        ("其中待分派（不计入比率）", s.pending),
        (f"{this}新增", s.new),
        (f"{this}单位报完成", s.completed_week),
        (f"{this}核验销号", s.verified_week),
        ("在办（已交办、整改中）", s.in_progress),
        (SUSTAINED_LABEL, s.sustained),
        ("已完成待核", s.awaiting_check),
        ("已销号", s.closed),
        ("逾期未完成", s.overdue),
        (f"其中{this}新增逾期", s.overdue_new),
        ("未签收", s.unacknowledged),
        (f"{this}退回重办（次）", s.sent_back),
        (f"{this}催办（次）", s.reminded),
        (CLOSED_RATE, _rate(s.closed, s.assigned)),
        (REPORTED_RATE, _rate(s.completed, s.assigned)),
        (ON_TIME_RATE, _rate(s.on_time, s.completed_with_deadline)),
    ]
    for label, value in figures:
        name = WriteOnlyCell(ws, value=label)
        c = WriteOnlyCell(ws, value=value)
        name.font, c.font = PLAIN_FONT, PLAIN_FONT
        name.border = c.border = BORDER
        if isinstance(value, float):
            c.number_format = "0.00%"
        ws.append([name, c])
    ws.append([])
    # The summary paragraph across both columns, wrapped; a merged cell's height is not
    # fitted by Excel or LibreOffice, so it is set from the text's width.
    text = r.summary_text()
    row = 1 + len(lines) + 2 + len(figures) + 2  # title, lines, blank, header, figures, blank
    para = WriteOnlyCell(ws, value=text)
    para.alignment, para.font = WRAP, Font(name=FONT, size=11)
    wrapped = -(-text_width(text) // (sum(widths) - 2))
    ws.row_dimensions[row].height = POINTS_PER_LINE * (wrapped + 1)
    ws.merged_cells.add(f"A{row}:B{row}")
    ws.append([para])


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
            u.in_progress,
            u.sustained,
            u.awaiting_check,
            u.closed,
            u.overdue,
            _rate(u.closed, u.total),
            _rate(u.completed, u.total),
            _rate(u.on_time, u.completed_with_deadline),
        ]
        for u in r.units
    ]
    sheet = _Sheet(wb, r, "各单位", UNIT_HEADERS, rows, pct_cols=(8, 9, 10))
    for row in rows:
        sheet.append(row)
    sheet.finish()


def _meetings_sheet(wb: Workbook, r: WeeklyReport) -> None:
    rows: list[list[Any]] = [
        [
            m.title,
            m.date,
            m.total,
            m.pending,
            m.in_progress,
            m.sustained,
            m.awaiting_check,
            m.closed,
            m.overdue,
            _rate(m.closed, m.assigned),
            _rate(m.completed, m.assigned),
        ]
        for m in r.meetings
    ]
    caps = [MAX_WIDTH] + [14] * (len(MEETING_HEADERS) - 1)
    sheet = _Sheet(wb, r, "各会议", MEETING_HEADERS, rows, pct_cols=(9, 10), caps=caps)
    for row in rows:
        sheet.append(row)
    sheet.finish()


def _ledger_values(n: int, t: TaskState) -> list[Any]:
    """One ledger row: the columns of LEDGER_COLUMNS."""
    return [
        n,
        t.id,
        t.meeting,
        t.outline,
        t.heading,
        t.lead,
        co_label(t) if t.co else None,
        t.deadline,
        t.days_left,
        t.status,
        t.latest_note,
    ]


def _ledger_sheet(wb: Workbook, r: WeeklyReport) -> _LedgerRows:
    """The header through openpyxl; the rows later, streamed by `_LedgerRows`."""
    rows = [_ledger_values(i, t) for i, t in enumerate(r.tasks[:WIDTH_SAMPLE], 1)]
    sheet = _Sheet(wb, r, "台账", LEDGER_HEADERS, rows, caps=[cap for _, cap in LEDGER_COLUMNS])
    sheet.count = len(r.tasks)
    sheet.finish()  # the filter covers the rows streamed in later
    ws = sheet.ws
    # Register the cell styles now, so they land in styles.xml; their ids are what the
    # streamed rows refer to: (plain, overdue, 不立项) × (text, number, date).
    styles: dict[tuple[str, str], int] = {}
    for row_kind, font, fill in (
        ("plain", PLAIN_FONT, None),
        ("overdue", OVERDUE_FONT, OVERDUE_FILL),
        ("rejected", REJECTED_FONT, None),
    ):
        for value_kind in ("text", "number", "date"):
            c = WriteOnlyCell(ws)
            c.font, c.border = font, BORDER
            if fill is not None:
                c.fill = fill
            if value_kind == "text":
                c.alignment = WRAP
            elif value_kind == "date":
                c.number_format = "yyyy-mm-dd"
            styles[row_kind, value_kind] = c.style_id
    return _LedgerRows(ws, r, styles)


_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30)


class _LedgerRows:
    """Streams the ledger's rows into the saved workbook.

    openpyxl spends ~15 µs a cell even in write-only mode, which is 12 s for a
    100,000-task ledger; these rows are plain (numbers, inline strings, dates as serial
    numbers with a date style), so they are written as SpreadsheetML text directly,
    with the style ids openpyxl registered, into the sheet openpyxl wrote."""

    def __init__(self, ws: WriteOnlyWorksheet, r: WeeklyReport, styles: dict[tuple[str, str], int]) -> None:
        self.ws, self.report, self.styles = ws, r, styles

    def _rows(self) -> Iterator[str]:
        cols = [get_column_letter(i) for i in range(1, len(LEDGER_COLUMNS) + 1)]
        for n, t in enumerate(self.report.tasks, 1):
            rn = n + 1
            row_kind = "overdue" if t.overdue else "plain" if t.tracked else "rejected"
            text_s, number_s, date_s = (self.styles[row_kind, k] for k in ("text", "number", "date"))
            cells = []
            for col, v in zip(cols, _ledger_values(n, t)):
                ref = f"{col}{rn}"
                if v is None or v == "":
                    cells.append(f'<c r="{ref}" s="{text_s}"/>')  # borders on empty cells too
                elif isinstance(v, int):
                    cells.append(f'<c r="{ref}" s="{number_s}"><v>{v}</v></c>')
                elif isinstance(v, date):
                    cells.append(f'<c r="{ref}" s="{date_s}"><v>{(v - _EXCEL_EPOCH).days}</v></c>')
                else:
                    text = escape(_BAD_XML.sub("", str(v)))
                    cells.append(
                        f'<c r="{ref}" s="{text_s}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                    )
            yield f'<row r="{rn}">{"".join(cells)}</row>'

    def insert_into(self, saved: io.BytesIO, out: BinaryIO) -> None:
        """Write the saved workbook to `out` with the rows inside the ledger's <sheetData>."""
        name = self.ws.path.lstrip("/")
        with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename != name:
                    zout.writestr(info, data)
                    continue
                head, tail = data.decode("utf-8").split("</sheetData>", 1)
                big = zipfile.ZipInfo(name, info.date_time)
                big.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(big, "w", force_zip64=True) as entry:
                    entry.write(head.encode("utf-8"))
                    batch: list[str] = []
                    for row in self._rows():
                        batch.append(row)
                        if len(batch) >= 2000:
                            entry.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    entry.write(("".join(batch) + "</sheetData>" + tail).encode("utf-8"))
