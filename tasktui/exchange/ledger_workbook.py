"""Ledger workbooks (台账, .xlsx) out: one per unit for it to fill in and send back
(`tasktui ledger out`), and the whole store as one ledger (`export --format xlsx`).

The layout is a contract with the ledger importer and with `ledger_return`: title rows,
then one header row with names from `COMMON_COLUMNS` (+ `UNIT_COLUMNS` in a unit's
workbook, + 完成情况 holding the tasktui status in the store's ledger), then the rows;
hidden columns 任务ID and 版本 (and in a unit's workbook 校验码, the row's seal);
deadlines are real date cells; in the store's ledger a section (an item above others
with no lead of its own, `一、…`) is one merged row spanning the visible columns.
A very hidden sheet (`META_SHEET`) names the kind of workbook, the unit, the store's
ledger id, the office and when it was written.

A unit's workbook is protected except for its own columns (本次进展, 完成情况 with a
drop-down, 申请延期至 with a date check, 情况说明). Sheet protection is a guard against
slips, not security — anyone can lift it — so `ledger in` checks every row again (the
seal, the unit's ownership, the policy).

Written in openpyxl's write-only mode (300 workbooks of a 10,000-task store in seconds),
each file atomically (a temporary file renamed into place when whole).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from tasktui.atomic_write import atomic_path
from tasktui.store.ledger import LedgerSnapshot, LedgerTask, UnitLedger
from tasktui.store.ledger_terms import OUTCOMES

SHEET = "台账"
META_SHEET = "tasktui"  # very hidden: what `ledger in` identifies the workbook by
FORMAT = "tasktui-ledger-1"
KIND_UNIT = "unit"
KIND_STORE = "store"

# (header, width in Excel character units). Long text wraps at the width.
COMMON_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("工作任务", 40),
    ("牵头单位", 12),
    ("配合单位", 14),
    ("责任领导", 10),
    ("完成时限", 12),
    # The task's status as the office has it (read-only in a unit's workbook): what the
    # importer reads back as the status, beside the unit's own answer (完成情况).
    ("整改状态", 10),
    ("进展情况", 30),
]
UNIT_COLUMNS: list[tuple[str, int]] = [
    ("本次进展", 30),
    ("完成情况", 10),
    ("申请延期至", 12),
    ("情况说明", 24),
]
ID_HEADER, VERSION_HEADER, SEAL_HEADER = "任务ID", "版本", "校验码"

# Meta sheet keys (column A), values in column B.
META_FORMAT, META_KIND, META_UNIT, META_STORE, META_OFFICE, META_WRITTEN, META_DATE = (
    "格式",
    "种类",
    "单位",
    "数据库标识",
    "编制单位",
    "写出时间",
    "台账日期",
)

FONT = "宋体"
TITLE_FONT = Font(name="黑体", bold=True, size=16)
SUBTITLE_FONT = Font(name=FONT, size=10)
NOTE_FONT = Font(name=FONT, size=10, color="C00000")
HEADER_FONT = Font(name="黑体", bold=True, size=11)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
UNIT_FILL = PatternFill("solid", fgColor="FFF2CC")  # where the unit writes
SECTION_FONT = Font(name="黑体", bold=True, size=11)
BODY_FONT = Font(name=FONT, size=10)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "yyyy-mm-dd"
PAGE_FOOTER = "第 &P 页，共 &N 页"
INSTRUCTION = (
    "请只在浅黄色的四列填写：本次进展；完成情况（推进中 / 已完成 / 申请延期）；申请延期至（日期）；"
    "情况说明（完成说明或延期理由）。其他列和行不要改动，填好后把本文件原样报回督查室。"
)
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class WrittenWorkbook:
    unit: str
    path: Path
    rows: int


# ---------------------------------------------------------------------- file names

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Names Windows refuses whatever the extension (a unit may well be called 「CON」 nowhere,
# but a name must never be the reason a folder cannot be copied to a colleague's PC).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_CHARS = 80


def safe_file_stem(name: str) -> str:
    """A unit's name as a file name on any file system: 各乡镇(街道) stays as it is;
    separators, wildcards and control characters become 「_」, no leading or trailing
    dots or spaces, at most MAX_NAME_CHARS characters."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    stem = stem[:MAX_NAME_CHARS].rstrip(" .")
    if not stem or stem.upper().split(".")[0] in _RESERVED:
        stem = f"_{stem}"
    return stem


def unit_file_names(units: Sequence[str]) -> dict[str, str]:
    """Each unit's file name (`区教体局.xlsx`); two names made the same by the rules
    above (or by case on a case-blind file system) get `-2`, `-3`."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for unit in units:
        stem = safe_file_stem(unit)
        candidate, n = stem, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.casefold())
        names[unit] = f"{candidate}.xlsx"
    return names


# ---------------------------------------------------------------------- cells


def _task_text(t: LedgerTask, *, with_meeting: bool) -> str:
    lines = [t.heading.strip()]
    body = (t.text or "").strip()
    if body and body != lines[0] and body.removeprefix(t.marker).strip() != lines[0]:
        lines.append(body)
    if with_meeting:
        marker = t.marker.strip().rstrip("、.．,，")
        lines.append(f"（来源：{t.meeting}{' ' + marker if marker else ''}）")
    return "\n".join(x for x in lines if x)


def _deadline(t: LedgerTask) -> date | str | None:
    return t.deadline if t.deadline is not None else (t.deadline_phrase or None)


def _progress(t: LedgerTask, *, attributed: bool) -> str | None:
    if not t.progress_note:
        return None
    if not attributed:
        return t.progress_note
    when = t.progress_at.date().isoformat() if t.progress_at else ""
    who = t.progress_unit or ""
    return f"{when} {who}：{t.progress_note}".strip()


def _common(n: int, t: LedgerTask, *, unit_book: bool) -> list[Any]:
    return [
        n,
        _task_text(t, with_meeting=unit_book),
        t.lead,
        "、".join(t.co_owners) or None,
        t.leader,
        _deadline(t),
        t.status,
        _progress(t, attributed=unit_book),
    ]


class _Writer:
    """One sheet: title rows, the header, styled rows; print setup and widths first
    (write-only sheets take them before the first row)."""

    def __init__(self, wb: Workbook, columns: Sequence[tuple[str, int]], hidden: Sequence[str]) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(SHEET)
        self.headers = [h for h, _ in columns] + list(hidden)
        self.visible = len(columns)
        for i, (_, width) in enumerate(columns, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        for i in range(len(columns) + 1, len(self.headers) + 1):
            dim = self.ws.column_dimensions[get_column_letter(i)]
            dim.width, dim.hidden = 10, True
        self.row = 0

    @property
    def last_visible(self) -> str:
        return get_column_letter(self.visible)

    def cell(self, value: Any, font: Font = BODY_FONT, **style: Any) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=value)
        c.font = font
        for k, v in style.items():
            setattr(c, k, v)
        return c

    def title(self, text: str, font: Font, height: float | None = None) -> None:
        self.row += 1
        self.ws.merged_cells.add(f"A{self.row}:{self.last_visible}{self.row}")
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append([self.cell(text, font, alignment=CENTER)])

    def header(self, unit_cols: set[int]) -> int:
        self.row += 1
        fills = [UNIT_FILL if i in unit_cols else HEADER_FILL for i in range(len(self.headers))]
        self.ws.append(
            [self.cell(h, HEADER_FONT, alignment=CENTER, border=BORDER, fill=f) for h, f in zip(self.headers, fills)]
        )
        return self.row

    def data(self, values: Sequence[Any], unit_cols: set[int] | frozenset[int] = frozenset()) -> None:
        self.row += 1
        cells = []
        for i, v in enumerate(values):
            style: dict[str, Any] = {"border": BORDER}
            if isinstance(v, date):
                style["number_format"] = DATE_FORMAT
            elif isinstance(v, str):
                style["alignment"] = WRAP
            if i in unit_cols:
                style["protection"], style["fill"] = UNLOCKED, UNIT_FILL
                if not isinstance(v, date):
                    style["alignment"] = WRAP
            cells.append(self.cell(v, **style))
        self.ws.append(cells)

    def section(self, text: str) -> None:
        self.row += 1
        self.ws.merged_cells.add(f"A{self.row}:{self.last_visible}{self.row}")
        self.ws.append([self.cell(text, SECTION_FONT, border=BORDER, alignment=WRAP)])

    def print_setup(self, header_row: int, page_title: str) -> None:
        ws = self.ws
        ps = ws.page_setup
        ps.paperSize = Worksheet.PAPERSIZE_A4
        ps.orientation = Worksheet.ORIENTATION_LANDSCAPE
        ps.fitToWidth, ps.fitToHeight = 1, 0  # one page wide, as many down as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = f"A{header_row + 1}"
        ws.oddHeader.center.text = page_title.replace("&", "&&")  # "&" starts a header code
        ws.oddFooter.center.text = PAGE_FOOTER


def _meta_sheet(wb: Workbook, values: list[tuple[str, str]]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    for key, value in values:
        ws.append([key, value])


def _long_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _serial(d: date) -> int:
    return (d - _EXCEL_EPOCH).days


# ---------------------------------------------------------------------- a unit's workbook


def write_unit_workbook(snapshot: LedgerSnapshot, ledger: UnitLedger, path: Path, office: str, day: date) -> int:
    """`ledger.unit`'s workbook at `path`; returns its number of rows."""
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        return save_unit_workbook(snapshot, ledger, f, office, day)


def save_unit_workbook(snapshot: LedgerSnapshot, ledger: UnitLedger, out: BinaryIO, office: str, day: date) -> int:
    """`ledger.unit`'s workbook into `out` (a file or a BytesIO); returns its number of rows."""
    wb = Workbook(write_only=True)
    wb.properties.title = f"{ledger.unit}督办事项台账"
    wb.properties.creator = office
    wb.properties.created = snapshot.written_at
    hidden = [ID_HEADER, VERSION_HEADER, SEAL_HEADER]
    w = _Writer(wb, COMMON_COLUMNS + UNIT_COLUMNS, hidden)
    first_unit = len(COMMON_COLUMNS)
    unit_cols = set(range(first_unit, first_unit + len(UNIT_COLUMNS)))
    header_row = 4
    w.print_setup(header_row, f"{ledger.unit}督办事项台账  {_long_date(day)}")
    ws = w.ws
    ws.protection.sheet = True
    # Let the unit widen a column or heighten a row to read a long text: no harm done.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    rows = len(ledger.tasks)
    if rows:
        first, last = header_row + 1, header_row + rows
        outcome_col = get_column_letter(first_unit + 2)
        date_col = get_column_letter(first_unit + 3)
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(OUTCOMES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="完成情况",
            error="请从下拉列表中选择：" + "、".join(OUTCOMES),
        )
        choices.add(f"{outcome_col}{first}:{outcome_col}{last}")
        when = DataValidation(
            type="date",
            operator="greaterThan",
            formula1=str(_serial(day)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="申请延期至",
            error=f"请填写 {_long_date(day)} 以后的日期，如 {day.year + 1}-01-31",
        )
        when.add(f"{date_col}{first}:{date_col}{last}")
        ws.data_validations.append(choices)
        ws.data_validations.append(when)
    w.title(f"{ledger.unit}督办事项台账", TITLE_FONT, height=28)
    w.title(f"编制单位：{office}　　日期：{_long_date(day)}　　共 {rows} 项", SUBTITLE_FONT)
    w.title(INSTRUCTION, NOTE_FONT, height=30)
    w.header(unit_cols)
    for n, t in enumerate(ledger.tasks, 1):
        values = _common(n, t, unit_book=True) + [None, None, None, None]
        values += [t.id, t.version, snapshot.identity.seal(t.id, t.version)]
        w.data(values, unit_cols)
    _meta_sheet(
        wb,
        [
            (META_FORMAT, FORMAT),
            (META_KIND, KIND_UNIT),
            (META_UNIT, ledger.unit),
            (META_STORE, snapshot.identity.store_id),
            (META_OFFICE, office),
            (META_WRITTEN, snapshot.written_at.isoformat(timespec="seconds")),
            (META_DATE, day.isoformat()),
        ],
    )
    wb.save(out)
    return rows


def write_unit_workbooks(snapshot: LedgerSnapshot, folder: Path, office: str, day: date) -> list[WrittenWorkbook]:
    """One workbook per unit of `snapshot` in `folder` (which must exist)."""
    names = unit_file_names([u.unit for u in snapshot.units])
    written = []
    for ledger in snapshot.units:
        path = folder / names[ledger.unit]
        rows = write_unit_workbook(snapshot, ledger, path, office, day)
        written.append(WrittenWorkbook(ledger.unit, path, rows))
    return written


def zip_unit_workbooks(snapshot: LedgerSnapshot, out: BinaryIO, office: str, day: date) -> list[WrittenWorkbook]:
    """The workbooks `write_unit_workbooks` writes, as one zip into `out` (the app's web
    mode sends it to the browser: nothing is written on the server). Each `path` is the
    workbook's name inside the zip."""
    names = unit_file_names([u.unit for u in snapshot.units])
    written = []
    # The workbooks are zips already: stored, not compressed again.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for ledger in snapshot.units:
            # openpyxl writes its zip with seek and tell: each workbook in a BytesIO first.
            buf = io.BytesIO()
            rows = save_unit_workbook(snapshot, ledger, buf, office, day)
            zf.writestr(names[ledger.unit], buf.getvalue())
            written.append(WrittenWorkbook(ledger.unit, Path(names[ledger.unit]), rows))
    return written


# ---------------------------------------------------------------------- the store's ledger


def section_ids(tasks: Sequence[LedgerTask]) -> set[int]:
    """The rows shown as sections: items above others in the ledger that are not
    directives, or directives with no lead (a heading such as 一、抓好校园安全)."""
    parents = {t.parent_id for t in tasks if t.parent_id is not None}
    return {t.id for t in tasks if t.id in parents and (t.kind != "directive" or t.lead is None)}


def write_store_workbook(tasks: Sequence[LedgerTask], path: Path, office: str, day: date, written_at: datetime) -> int:
    """The whole store as one ledger sheet at `path`; returns its number of task rows."""
    wb = Workbook(write_only=True)
    wb.properties.title = f"{office}督办事项台账"
    wb.properties.creator = office
    wb.properties.created = written_at
    w = _Writer(wb, COMMON_COLUMNS, [ID_HEADER, VERSION_HEADER])
    header_row = 3
    w.print_setup(header_row, f"{office}督办事项台账  {_long_date(day)}")
    sections = section_ids(tasks)
    count = len(tasks) - len(sections)
    w.title(f"{office}督办事项台账", TITLE_FONT, height=28)
    w.title(f"导出日期：{_long_date(day)}　　共 {count} 项", SUBTITLE_FONT)
    w.header(set())
    n = 0
    for t in tasks:
        if t.id in sections:
            w.section(f"{t.marker}{t.heading}".strip())
            continue
        n += 1
        w.data([*_common(n, t, unit_book=False), t.id, t.version])
    _meta_sheet(
        wb,
        [
            (META_FORMAT, FORMAT),
            (META_KIND, KIND_STORE),
            (META_OFFICE, office),
            (META_WRITTEN, written_at.isoformat(timespec="seconds")),
            (META_DATE, day.isoformat()),
        ],
    )
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return count


__all__ = [
    "COMMON_COLUMNS",
    "ID_HEADER",
    "META_SHEET",
    "SEAL_HEADER",
    "SHEET",
    "UNIT_COLUMNS",
    "VERSION_HEADER",
    "WrittenWorkbook",
    "safe_file_stem",
    "section_ids",
    "unit_file_names",
    "write_store_workbook",
    "zip_unit_workbooks",
    "write_unit_workbook",
    "write_unit_workbooks",
]
