"""A 台账's cells out of its file: an .xlsx workbook, a .csv, or the tables of a .docx.

Every sheet comes back as a grid of values (text, date, number or None) in which merged
cells are filled: a unit merged over three rows owns all three, a section title merged
across the sheet stands in every column it covers (`Sheet.merged_across` says which rows
hold such a range). What the cells mean is `ledger`'s business.

Bounded: the file is read to at most MAX_LEDGER_BYTES; an .xlsx (a zip) is checked
member by member before anything is inflated, as a .docx is (textio.check_zip_package).
openpyxl's read-only mode cannot see merged cells, so the workbook is opened in normal
mode; the size bound above is what keeps that in memory. A sheet is read to at most
MAX_ROWS rows and MAX_COLUMNS columns.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tasktui.extract.textio import check_zip_package, decode_text, open_docx, read_bounded
from tasktui.extract.types import SpeechInputError
from tasktui.os_errors import os_error_words
from tasktui.store.errors import InputError

Value = str | date | datetime | int | float | None

# 10,000 tasks written by `ledger out` make a workbook of about 1 MB; 20 MB is far past
# any office's ledger and still small enough to hold in memory in openpyxl's normal mode.
MAX_LEDGER_BYTES = 20_000_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200

LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass
class Sheet:
    name: str  # the worksheet's name ("" for a CSV; 表格 N for a .docx table)
    rows: list[list[Value]]
    merged_across: set[int] = field(default_factory=set)  # rows (0-based) holding a range over several columns
    titles: list[str] = field(default_factory=list)  # text above the sheet outside it (a .docx's paragraphs)

    def where(self, label: str) -> str:
        """「台账.xlsx 工作表「Sheet1」」: how errors name this sheet."""
        if not self.name:
            return label
        if self.name.startswith("表格"):
            return f"{label} {self.name}"
        return f"{label} 工作表「{self.name}」"


@dataclass
class DocxContent:
    paragraphs: list[str]  # the body's paragraphs, in order
    tables: list[Sheet]


def is_ledger_name(name: str) -> bool:
    return Path(name).suffix.lower() in LEDGER_SUFFIXES


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, refused past MAX_LEDGER_BYTES (read no further than that)."""
    try:
        data = read_bounded(path, MAX_LEDGER_BYTES)
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{os_error_words(exc)}") from None
    if len(data) > MAX_LEDGER_BYTES:
        raise InputError(f"{path.name} 超过 {MAX_LEDGER_BYTES // 1_000_000} MB：台账文件最多这么大（请拆分后导入）")
    if not data.strip():
        raise InputError(f"{path.name} 是空的")
    return data


def read_sheets(data: bytes, label: str) -> list[Sheet]:
    """The sheets of an .xlsx/.xlsm or the one of a .csv (by its content: a zip is a workbook)."""
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data, label)
    return [read_csv(data, label)]


def read_xlsx(data: bytes, label: str) -> list[Sheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                raise InputError(f"{label} 是 zip 压缩包，但不是 Excel 工作簿（.xlsx）")
            check_zip_package(zf, label, ".xlsx")
    except SpeechInputError as exc:
        raise InputError(str(exc)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        raise InputError(f"{label}：zip/.xlsx 文件已损坏") from None
    try:
        import openpyxl

        # data_only: a formula's cached value, as Excel shows it, not the formula.
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise InputError(f"{label}：无法读取 Excel 工作簿（{type(exc).__name__}）") from None
    sheets = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        sheets.append(_worksheet(ws, label))
    wb.close()
    return sheets


def _worksheet(ws: object, label: str) -> Sheet:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    where = f"{label} 工作表「{ws.title}」"
    rows: list[list[Value]] = []
    for i, values in enumerate(ws.iter_rows(values_only=True)):
        if i >= MAX_ROWS:
            raise InputError(f"{where} 超过 {MAX_ROWS} 行：请拆分后导入")
        row = list(values[:MAX_COLUMNS])
        if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            raise InputError(f"{where} 超过 {MAX_COLUMNS} 列，不像台账")
        rows.append([_cell(v) for v in row])
    sheet = Sheet(ws.title, rows)
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        if top >= len(rows) or left >= MAX_COLUMNS:
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for r in range(top, min(rng.max_row, len(rows))):
            row = rows[r]
            right = min(rng.max_col, MAX_COLUMNS)
            if len(row) < right:
                row.extend([None] * (right - len(row)))
            for c in range(left, right):
                row[c] = value
            if rng.max_col > rng.min_col:
                sheet.merged_across.add(r)
    return sheet


def _cell(value: object) -> Value:
    if value is None or isinstance(value, (str, date, int, float)):
        return value
    return str(value)  # a time, a timedelta, an error value: as text


def read_csv(data: bytes, label: str) -> Sheet:
    """A CSV in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030, comma or tab separated."""
    try:
        text = decode_text(data, label)
    except SpeechInputError as exc:
        raise InputError(str(exc)) from None
    sample = text[:5000]
    dialect = "excel-tab" if sample.count("\t") > sample.count(",") else "excel"
    rows: list[list[Value]] = []
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect)):
            if i >= MAX_ROWS:
                raise InputError(f"{label} 超过 {MAX_ROWS} 行：请拆分后导入")
            if len(row) > MAX_COLUMNS:
                raise InputError(f"{label} 第 {i + 1} 行超过 {MAX_COLUMNS} 列，不像台账")
            rows.append([v if v.strip() else None for v in row])
    except csv.Error as exc:
        raise InputError(f"{label}：CSV 格式有误（{exc}）") from None
    return Sheet("", rows)


def read_docx_content(data: bytes, label: str) -> DocxContent:
    """The paragraphs and tables of a .docx (checked like a speech's: textio.open_docx)."""
    from tasktui.extract.docx_body import Cell, blocks

    try:
        doc = open_docx(data, label)
    except SpeechInputError as exc:
        raise InputError(str(exc)) from None
    paragraphs: list[str] = []
    tables: list[Sheet] = []
    since = 0
    for kind, content in blocks(doc.element.body):
        if kind == "p":
            paragraphs.append(content)
            continue
        cells: list[list[Cell]] = content
        above = [p.strip() for p in paragraphs[since:] if p.strip()]  # the paragraphs since the last table
        since = len(paragraphs)
        sheet = Sheet(f"表格 {len(tables) + 1}", [], titles=above)
        for r, row in enumerate(cells[:MAX_ROWS]):
            values: list[Value] = []
            for cell in row:
                values.extend([cell.text.strip() or None] * cell.span)
                if cell.span > 1:
                    sheet.merged_across.add(r)
            sheet.rows.append(values)
        tables.append(sheet)
    return DocxContent(paragraphs, tables)


__all__ = [
    "LEDGER_SUFFIXES",
    "MAX_LEDGER_BYTES",
    "DocxContent",
    "Sheet",
    "Value",
    "is_ledger_name",
    "read_csv",
    "read_docx_content",
    "read_file_bytes",
    "read_sheets",
    "read_xlsx",
]
