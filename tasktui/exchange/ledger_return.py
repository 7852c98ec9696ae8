"""A unit's returned ledger workbook (.xlsx) read into plain rows (`ReturnedFile`), for
`store.ledger_apply` to apply as that unit.

Bounded before openpyxl sees a byte: the file's size, the zip's member count, what it
declares to unpack to and each member's compression ratio (a zip bomb), no DTD in its
XML; then openpyxl in read-only mode (rows streamed, not a workbook in memory) and at most
MAX_ROWS rows. A file that is not a tasktui unit workbook (no metadata sheet, no unit, a
header row missing a column) is refused with one line naming the file; a cell that cannot
be read (a date that is no date, a choice not in the drop-down) makes that row refused,
with the cell, and the rest of the file is still read.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tasktui.exchange import ledger_workbook as layout
from tasktui.os_errors import os_error_words
from tasktui.store.date_input import parse_date_text
from tasktui.store.errors import InputError
from tasktui.store.ledger_apply import ReturnedFile, ReturnedRow
from tasktui.store.ledger_terms import OUTCOMES

MAX_FILE_BYTES = 20_000_000  # a unit's workbook of a thousand rows is some 100 KB
MAX_UNPACKED_BYTES = 200_000_000
MAX_MEMBERS = 500
MAX_RATIO = 200
RATIO_FROM_BYTES = 1_000_000  # small parts compress well and are harmless
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20  # the header row is below the title rows, near the top
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)

# field → header in a unit's workbook
FIELDS: dict[str, str] = {
    "task_id": layout.ID_HEADER,
    "version": layout.VERSION_HEADER,
    "seal": layout.SEAL_HEADER,
    "progress": "本次进展",
    "outcome": "完成情况",
    "extend_to": "申请延期至",
    "explanation": "情况说明",
}


def read_returned(path: str | Path) -> ReturnedFile:
    """The unit, the store's id, the writing time and the rows of a returned workbook;
    InputError (one line, naming the file) when it is not one that can be read."""
    p = Path(path)
    name = p.name
    data = _read_bounded(p)
    _check_zip(data, name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged or foreign files
        raise InputError(f"{name}：无法读取（不是有效的 .xlsx 工作簿或已损坏：{type(exc).__name__}）") from exc
    try:
        meta = _meta(wb, name)
        if layout.SHEET not in wb.sheetnames:
            raise InputError(f"{name}：没有「{layout.SHEET}」工作表，不是 tasktui 写出的单位台账，未导入")
        rows = _rows(wb[layout.SHEET], name, meta["written"].year)
    finally:
        wb.close()
    return ReturnedFile(name, meta["unit"], meta["store"], meta["written"], rows)


def _read_bounded(p: Path) -> bytes:
    if p.suffix.lower() == ".xls":
        raise InputError(f"{p.name}：是旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    try:
        if not p.is_file():
            raise InputError(f"{p}：文件不存在")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{p.name}：有 {size / 1e6:.1f} MB，单位台账最多 {MAX_FILE_BYTES / 1e6:.0f} MB")
        with open(p, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"无法读取 {p}：{os_error_words(exc)}") from None
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise InputError(f"{p.name}：超过 {MAX_FILE_BYTES / 1e6:.0f} MB，未导入")
    return data


def _check_zip(data: bytes, name: str) -> None:
    """Refuse what would unpack to too much, or XML with a DTD (entity expansion), before
    openpyxl inflates any of it; each member is read bounded by its declared size, so a
    member lying about its size fails its CRC instead of inflating further."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError(f"{name}：内含 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}，不像 Excel 工作簿")
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise InputError(f"{name}：解压后超过 {MAX_UNPACKED_BYTES / 1e6:.0f} MB（疑似压缩炸弹），未导入")
            for info in infos:
                big = info.file_size > RATIO_FROM_BYTES
                if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError(f"{name}：{info.filename} 压缩比超过 {MAX_RATIO}:1（疑似压缩炸弹），未导入")
            for info in infos:
                if info.is_dir() or not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as member:
                    blob = member.read(info.file_size + 1)
                if len(blob) > info.file_size:
                    raise InputError(f"{name}：文件已损坏")
                if _DTD.search(blob.replace(b"\x00", b"")):
                    raise InputError(f"{name}：{info.filename} 含 DTD/实体声明（Excel 不写这些），拒绝读取")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        raise InputError(f"{name}：不是有效的 .xlsx 工作簿（文件已损坏或是别的格式）") from exc


def _meta(wb: Any, name: str) -> dict[str, Any]:
    if layout.META_SHEET not in wb.sheetnames:
        raise InputError(f"{name}：不是 tasktui 写出的单位台账（没有单位信息），未导入")
    values: dict[str, str] = {}
    for n, row in enumerate(wb[layout.META_SHEET].iter_rows(max_col=2, values_only=True)):
        if n > 50:
            break
        if row and row[0] is not None:
            values[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    if values.get(layout.META_FORMAT) != layout.FORMAT or values.get(layout.META_KIND) != layout.KIND_UNIT:
        raise InputError(f"{name}：不是 tasktui 写出的单位台账（格式不符），未导入")
    unit = values.get(layout.META_UNIT, "").strip()
    store = values.get(layout.META_STORE, "").strip()
    if not unit or not store:
        raise InputError(f"{name}：台账中没有单位或数据库标识，未导入")
    try:
        written = datetime.fromisoformat(values.get(layout.META_WRITTEN, ""))
    except ValueError:
        raise InputError(f"{name}：台账的写出时间无法识别，未导入") from None
    return {"unit": unit, "store": store, "written": written}


def _rows(ws: Any, name: str, year: int) -> list[ReturnedRow]:
    """The data rows below the header; `year` completes a date written without one (3月5日)."""
    columns: dict[str, int] | None = None
    header_row = 0
    rows: list[ReturnedRow] = []
    for n, values in enumerate(ws.iter_rows(values_only=True), 1):
        if columns is None:
            if n > HEADER_SEARCH_ROWS:
                break
            labels = [str(v).strip() if v is not None else "" for v in values]
            if layout.ID_HEADER in labels:
                missing = [h for h in FIELDS.values() if h not in labels]
                if missing:
                    raise InputError(f"{name}：表头缺少 {'、'.join(missing)} 列，未导入")
                columns = {f: labels.index(h) for f, h in FIELDS.items()}
                header_row = n
            continue
        if n - header_row > MAX_ROWS:
            raise InputError(f"{name}：超过 {MAX_ROWS} 行，不像单位台账，未导入")
        row = _row(n, values, columns, year)
        if row is not None:
            rows.append(row)
    if columns is None:
        raise InputError(f"{name}：找不到表头（含「{layout.ID_HEADER}」的一行），未导入")
    return rows


def _row(n: int, values: tuple[Any, ...], columns: dict[str, int], year: int) -> ReturnedRow | None:
    def get(field: str) -> Any:
        i = columns[field]
        return values[i] if i < len(values) else None

    cells = {f: f"{get_column_letter(i + 1)}{n}" for f, i in columns.items()}
    raw = {f: get(f) for f in FIELDS}
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
        return None  # a blank line (or the rows below the ledger)
    problem: tuple[str, str] | None = None
    task_id, bad = _whole(raw["task_id"])
    if bad:
        problem = problem or ("任务ID 不是编号：这一行的隐藏列被改动过", "task_id")
    version, bad = _whole(raw["version"])
    if bad:
        problem = problem or ("版本不是数字：这一行的隐藏列被改动过", "version")
    outcome = _text(raw["outcome"])
    if outcome is not None and outcome not in OUTCOMES:
        problem = problem or (f"完成情况「{outcome}」不是可选的一项：{'、'.join(OUTCOMES)}", "outcome")
        outcome = None
    extend_to, why = _date(raw["extend_to"], year)
    if why:
        problem = problem or (why, "extend_to")
    return ReturnedRow(
        row=n,
        task_id=task_id,
        version=version,
        seal=_text(raw["seal"]),
        progress=_text(raw["progress"]),
        outcome=outcome,
        extend_to=extend_to,
        explanation=_text(raw["explanation"]),
        cells=cells,
        problem=problem,
    )


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        v = v.date()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    return text or None


def _whole(v: Any) -> tuple[int | None, bool]:
    """(the number, whether the cell holds something that is not one)."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, False
    if isinstance(v, bool):
        return None, True
    if isinstance(v, int):
        return v, False
    if isinstance(v, float) and v.is_integer():
        return int(v), False
    if isinstance(v, str) and v.strip().isdigit() and len(v.strip()) < 12:
        return int(v.strip()), False
    return None, True


def _date(v: Any, year: int) -> tuple[date | None, str | None]:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    if isinstance(v, datetime):
        return v.date(), None
    if isinstance(v, date):
        return v, None
    text = str(v).strip()
    try:
        return parse_date_text(text, year, "申请延期至"), None
    except InputError:
        return None, f"申请延期至「{text[:20]}」不是日期：请写成 2027-01-31 或 2027年1月31日"


__all__ = ["FIELDS", "MAX_FILE_BYTES", "read_returned"]
