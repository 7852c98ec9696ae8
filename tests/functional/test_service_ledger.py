"""Ledger workbooks (台账) out to units and back in, on SQLite and PostgreSQL: the real
writer, the workbook filled in with openpyxl as a unit would, the real reader, the
service applying it as the unit; assertions on the events the store holds afterwards."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import load_toml

from tasktui.exchange.ledger_return import read_returned
from tasktui.exchange.ledger_workbook import (
    META_SHEET,
    SHEET,
    safe_file_stem,
    unit_file_names,
    write_store_workbook,
    write_unit_workbooks,
)
from tasktui.store import ledger_apply
from tasktui.store.db import Store
from tasktui.store.errors import InputError, RuleError
from tasktui.store.ledger_apply import FileResult, RowState
from tasktui.store.ledger_terms import DEFAULT_STATUSES
from tasktui.store.service import Service
from tasktui.store.views import Actor

LEDGER_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"
aliases = ["教体局"]

[[departments]]
name = "区卫健局"

[[departments]]
name = "区财政局"

[[departments]]
name = "各乡镇(街道)"

[[meetings]]
title = "全区教育工作会议"
date = 2026-10-10

[[meetings.tasks]]
outline = "1"
marker = "一、"
heading = "抓好校园安全"
lead = "区教体局"
co = ["区卫健局"]
deadline = 2026-12-01
status = "整改中"
notes = ["已开展隐患排查"]

[[meetings.tasks]]
outline = "2"
marker = "二、"
heading = "落实控辍保学"
lead = "区教体局"
deadline = 2026-12-15

[[meetings.tasks]]
outline = "3"
marker = "三、"
heading = "保障营养改善经费"
lead = "区财政局"
deadline = 2026-12-20

[[meetings.tasks]]
outline = "4"
marker = "四、"
heading = "改造薄弱学校"
lead = "区教体局"
deadline = 2027-01-31

[[meetings.tasks]]
outline = "5"
marker = "五、"
heading = "开展营养餐抽检"
lead = "区教体局"

[[meetings.tasks]]
outline = "6"
marker = "六、"
heading = "完善教师培训体系"
lead = "区教体局"
status = "已完成待核"

[[meetings.tasks]]
outline = "7"
marker = "七、"
heading = "排查校舍隐患"
lead = "各乡镇(街道)"
co = ["区教体局"]
deadline = "12月底前"
"""

HEADER_ROW = 4  # title, office and date, instruction, header
COL = {"本次进展": "I", "完成情况": "J", "申请延期至": "K", "情况说明": "L", "任务ID": "M", "版本": "N", "校验码": "O"}


@pytest.fixture
def ledger_store(office: Service) -> Service:
    load_toml(office, LEDGER_TOML)
    return office


@pytest.fixture
def books(ledger_store: Service, tmp_path: Path) -> dict[str, Path]:
    ledger_store.set_leader(1, "王副区长")  # 责任领导 (schema 8)
    snapshot = ledger_store.unit_ledgers()
    folder = tmp_path / "out"
    folder.mkdir()
    written = write_unit_workbooks(snapshot, folder, "区政府督查室", ledger_store.clock.today())
    return {w.unit: w.path for w in written}


def row_of(path: Path, task_id: int) -> int:
    ws = openpyxl.load_workbook(path)[SHEET]
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws[f"{COL['任务ID']}{r}"].value == task_id:
            return r
    raise AssertionError(f"#{task_id} not in {path.name}")


def fill(path: Path, task_id: int, **values: object) -> int:
    """Write in a unit's columns of the row of `task_id`, as the unit would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    r = row_of(path, task_id)
    for header, value in values.items():
        ws[f"{COL[header]}{r}"] = value
    wb.save(path)
    return r


def apply(svc: Service, path: Path, partial: bool = False) -> FileResult:
    return svc.apply_ledger_return(read_returned(path), partial=partial)


def events(svc: Service, task_id: int, action: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.actor, e.to_value, e.note) for e in svc.history(task_id) if e.action == action]


# ---------------------------------------------------------------------- out


def test_one_workbook_per_unit_with_its_open_tasks(books: dict[str, Path]) -> None:
    assert sorted(books) == sorted(["区教体局", "区卫健局", "区财政局", "各乡镇(街道)"])
    assert books["各乡镇(街道)"].name == "各乡镇(街道).xlsx"
    ids = [row[12] for row in openpyxl.load_workbook(books["区教体局"])[SHEET].iter_rows(min_row=5, values_only=True)]
    # Led and co-owned, in reading order; 已完成待核 (#6) is not the unit's to fill in.
    assert ids == [1, 2, 4, 5, 7]
    assert DEFAULT_STATUSES == ("已交办", "整改中", "持续整改")


def test_unit_workbook_layout_protection_validation_and_print(books: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(books["区教体局"])
    ws = wb[SHEET]
    assert ws["A1"].value == "区教体局督办事项台账"
    assert "区政府督查室" in ws["A2"].value and "2026年11月20日" in ws["A2"].value
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers == [
        "序号",
        "工作任务",
        "牵头单位",
        "配合单位",
        "责任领导",
        "完成时限",
        "整改状态",
        "进展情况",
        "本次进展",
        "完成情况",
        "申请延期至",
        "情况说明",
        "任务ID",
        "版本",
        "校验码",
    ]
    first = HEADER_ROW + 1
    assert ws[f"F{first}"].value.date() == date(2026, 12, 1)  # a real date cell
    assert ws[f"F{first}"].number_format == "yyyy-mm-dd"
    assert ws[f"F{first + 3}"].value is None  # #5 has no deadline
    assert ws[f"G{first}"].value == "整改中"  # the status as the office has it, read-only
    assert "已开展隐患排查" in ws[f"H{first}"].value
    assert ws[f"D{first}"].value == "区卫健局"
    assert ws[f"E{first}"].value == "王副区长"
    # Protected, only the unit's four columns open.
    assert ws.protection.sheet
    for col in "ABCDEFGHMNO":
        assert ws[f"{col}{first}"].protection.locked, col
    for col in "IJKL":
        assert not ws[f"{col}{first}"].protection.locked, col
    for col in "MNO":
        assert ws.column_dimensions[col].hidden
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert validations["list"].formula1 == '"推进中,已完成,申请延期"'
    assert str(validations["list"].sqref) == f"J{first}:J{first + 4}"
    assert validations["date"].operator == "greaterThan"
    assert str(validations["date"].sqref) == f"K{first}:K{first + 4}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    meta = wb[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {k: v for k, v in meta.iter_rows(values_only=True)}
    assert values["单位"] == "区教体局" and values["编制单位"] == "区政府督查室" and values["数据库标识"]


def test_named_unit_with_nothing_open_gets_an_empty_workbook(ledger_store: Service, tmp_path: Path) -> None:
    snapshot = ledger_store.unit_ledgers(["教体局", "区卫健局"], statuses=("已完成待核",))
    assert [(u.unit, [t.id for t in u.tasks]) for u in snapshot.units] == [("区教体局", [6]), ("区卫健局", [])]


def test_a_department_cannot_write_ledgers(ledger_store: Service, as_unit: Callable[[str], Service]) -> None:
    with pytest.raises(RuleError, match="只有督查室"):
        as_unit("区教体局").unit_ledgers()


def test_file_names_are_safe_and_distinct() -> None:
    assert safe_file_stem("各乡镇(街道)") == "各乡镇(街道)"
    assert safe_file_stem("区/县:教育*局") == "区_县_教育_局"
    assert safe_file_stem("..CON") == "_CON"
    assert unit_file_names(["a/b", "a:b", "A_B"]) == {"a/b": "a_b.xlsx", "a:b": "a_b-2.xlsx", "A_B": "A_B-3.xlsx"}


# ---------------------------------------------------------------------- in


def test_round_trip_applies_each_row_as_the_unit(
    ledger_store: Service, books: dict[str, Path], as_unit: Callable[[str], Service]
) -> None:
    svc = ledger_store
    jtj = books["区教体局"]
    fill(jtj, 1, 本次进展="已整改隐患 12 处")
    fill(jtj, 2, 完成情况="已完成", 情况说明="辍学学生全部劝返")
    fill(jtj, 4, 完成情况="申请延期", 申请延期至=date(2027, 3, 31), 情况说明="施工期受雨季影响")
    # #5 left blank: skipped. #7 (co-owned) reports progress on its part.
    fill(jtj, 7, 完成情况="推进中", 情况说明="已排查 20 所学校")
    result = apply(svc, jtj)
    assert result.written
    states = {r.task_id: r.state for r in result.rows}
    assert states == {
        1: RowState.APPLIED,
        2: RowState.APPLIED,
        4: RowState.APPLIED,
        5: RowState.SKIPPED,
        7: RowState.APPLIED,
    }
    assert events(svc, 1, "progress")[-1] == ("区教体局", "整改中", "已整改隐患 12 处")
    assert svc.get_task(2).row.status == "已完成待核"
    assert events(svc, 2, "done") == [("区教体局", "已完成待核", "辍学学生全部劝返")]
    ext = svc.get_task(4).row.extension
    assert ext is not None and ext.unit == "区教体局" and ext.requested == date(2027, 3, 31)
    assert ext.reason == "施工期受雨季影响"
    assert events(svc, 7, "progress") == [("区教体局", "整改中", "已排查 20 所学校")]
    assert events(svc, 5, "progress") == []

    # The same file again changes nothing: every row is recognised as applied.
    before = [len(svc.history(i)) for i in (1, 2, 4, 5, 7)]
    again = apply(svc, jtj)
    assert {r.task_id: r.state for r in again.rows} == {
        1: RowState.ALREADY,
        2: RowState.ALREADY,
        4: RowState.ALREADY,
        5: RowState.SKIPPED,
        7: RowState.ALREADY,
    }
    assert not again.written
    assert [len(svc.history(i)) for i in (1, 2, 4, 5, 7)] == before


def test_changed_meanwhile_takes_progress_but_not_done(ledger_store: Service, books: dict[str, Path]) -> None:
    svc = ledger_store
    jtj = books["区教体局"]
    fill(jtj, 1, 本次进展="补报进展")
    cell = fill(jtj, 2, 完成情况="已完成")
    svc.set_deadline(1, date(2026, 12, 10))  # both changed after the workbook was written
    svc.set_deadline(2, date(2026, 12, 20))
    result = apply(svc, jtj)
    assert not result.written  # all or nothing: the refusal keeps the progress out too
    by_task = {r.task_id: r for r in result.rows}
    assert by_task[1].state is RowState.APPLIED  # would have been applied
    refused = by_task[2]
    assert refused.state is RowState.REFUSED
    assert refused.cell == f"区教体局.xlsx!J{cell}"
    assert "已被修改" in refused.reason and "只能补报进展" in refused.reason
    assert events(svc, 1, "progress")[-1][2] != "补报进展"

    partial = apply(svc, jtj, partial=True)
    assert partial.written
    assert {r.task_id: r.state for r in partial.rows if r.task_id in (1, 2)} == {
        1: RowState.APPLIED,
        2: RowState.REFUSED,
    }
    assert events(svc, 1, "progress")[-1] == ("区教体局", "整改中", "补报进展")
    assert svc.get_task(2).row.status == "已交办"


def test_co_owner_done_is_refused(ledger_store: Service, books: dict[str, Path]) -> None:
    wjj = books["区卫健局"]
    cell = fill(wjj, 1, 完成情况="已完成", 本次进展="医务室配齐")
    result = apply(ledger_store, wjj)
    [row] = result.rows
    assert row.state is RowState.REFUSED and row.cell == f"区卫健局.xlsx!J{cell}"
    assert "只有牵头单位（区教体局）可以标记完成" in row.reason
    assert not result.written and ledger_store.get_task(1).row.status == "整改中"


def test_row_pasted_from_another_units_workbook_is_refused(ledger_store: Service, books: dict[str, Path]) -> None:
    src = openpyxl.load_workbook(books["区财政局"])[SHEET]
    pasted = [c.value for c in src[HEADER_ROW + 1]]
    wb = openpyxl.load_workbook(books["区教体局"])
    ws = wb[SHEET]
    target = ws.max_row + 1
    for i, v in enumerate(pasted, 1):
        ws.cell(row=target, column=i, value=v)
    ws[f"I{target}"] = "经费已拨付"
    ws[f"I{HEADER_ROW + 1}"] = "正常的进展"
    wb.save(books["区教体局"])
    result = apply(ledger_store, books["区教体局"], partial=True)
    refused = result.refused
    assert [(r.task_id, r.cell) for r in refused] == [(3, f"区教体局.xlsx!M{target}")]
    assert "不是区教体局牵头或配合的事项" in refused[0].reason
    assert events(ledger_store, 3, "progress") == []
    assert events(ledger_store, 1, "progress")[-1][2] == "正常的进展"  # --partial: the rest went in


def test_tampered_id_or_version_is_refused(ledger_store: Service, books: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(books["区教体局"])
    ws = wb[SHEET]
    r1, r2 = HEADER_ROW + 1, HEADER_ROW + 2
    ws[f"M{r1}"] = 3  # another task's id
    ws[f"I{r1}"] = "写给别的事项"
    ws[f"N{r2}"] = 9  # a version made up to pass the staleness check
    ws[f"J{r2}"] = "已完成"
    wb.save(books["区教体局"])
    result = apply(ledger_store, books["区教体局"])
    assert [(r.state, r.cell) for r in result.rows if r.row in (r1, r2)] == [
        (RowState.REFUSED, f"区教体局.xlsx!M{r1}"),  # the 任务ID cell
        (RowState.REFUSED, f"区教体局.xlsx!M{r2}"),
    ]
    assert all("校验码不符" in r.reason for r in result.refused)
    assert not result.written


def test_bad_cells_are_refused_with_their_cell(ledger_store: Service, books: dict[str, Path]) -> None:
    jtj = books["区教体局"]
    c1 = fill(jtj, 1, 完成情况="申请延期")  # no date
    c2 = fill(jtj, 2, 申请延期至="下个月")
    c4 = fill(jtj, 4, 完成情况="差不多了")
    result = apply(ledger_store, jtj)
    assert {(r.cell, r.state) for r in result.refused} == {
        (f"区教体局.xlsx!K{c1}", RowState.REFUSED),
        (f"区教体局.xlsx!K{c2}", RowState.REFUSED),
        (f"区教体局.xlsx!J{c4}", RowState.REFUSED),
    }


def test_files_that_are_not_returned_ledgers(ledger_store: Service, books: dict[str, Path], tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(InputError, match="plain.xlsx：不是 tasktui 写出的单位台账"):
        read_returned(plain)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="broken.xlsx：不是有效的 .xlsx"):
        read_returned(broken)
    bomb = tmp_path / "bomb.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * 50_000_000)
    bomb.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="疑似压缩炸弹"):
        read_returned(bomb)
    with pytest.raises(InputError, match="旧版 .xls"):
        read_returned(tmp_path / "old.xls")

    # A unit the store does not know, and a workbook written by another store.
    wb = openpyxl.load_workbook(books["区财政局"])
    meta = wb[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "单位":
            row[1].value = "区文旅局"
    wb.save(tmp_path / "foreign_unit.xlsx")
    with pytest.raises(InputError, match="「区文旅局」不在本数据库中"):
        apply(ledger_store, tmp_path / "foreign_unit.xlsx")
    for row in meta.iter_rows():
        if row[0].value == "数据库标识":
            row[1].value = "0000"
    wb.save(tmp_path / "foreign_store.xlsx")
    with pytest.raises(InputError, match="不是从本数据库导出的"):
        apply(ledger_store, tmp_path / "foreign_store.xlsx")


# ---------------------------------------------------------------------- the store's ledger


def test_store_workbook_has_every_directive_with_its_status(ledger_store: Service, tmp_path: Path) -> None:
    ledger_store.add_department("区住建局")
    path = tmp_path / "all.xlsx"
    tasks = ledger_store.store_ledger()
    count = write_store_workbook(tasks, path, "区政府督查室", date(2026, 11, 20), ledger_store.clock.now())
    assert count == 7
    ws = openpyxl.load_workbook(path)[SHEET]
    headers = [c.value for c in ws[3]]
    assert headers == ["序号", "工作任务", "牵头单位", "配合单位", "责任领导", "完成时限", "整改状态", "进展情况"] + [
        "任务ID",
        "版本",
    ]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[8] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [r[6] for r in rows][5] == "已完成待核"
    assert rows[6][5] is not None  # 12月底前 resolved to a date
    assert ws.column_dimensions["I"].hidden and ws.column_dimensions["J"].hidden


def test_ledger_progress_writes_what_the_progress_action_writes(
    ledger_store: Service, books: dict[str, Path], as_unit: Callable[[str], Service]
) -> None:
    """The ledger writes a progress-only row in plain statements (ledger_apply._progress);
    the task and its event must come out as `report_progress` by the unit makes them."""
    svc = ledger_store
    fill(books["区教体局"], 2, 本次进展="同样的进展")
    before = svc.get_task(2).row
    assert apply(svc, books["区教体局"]).written
    by_ledger = svc.get_task(2)
    as_unit("区教体局").report_progress(4, "同样的进展")  # #4: same status, lead and owners as #2 had
    by_action = svc.get_task(4)
    ledger_event, action_event = by_ledger.history[-1], by_action.history[-1]
    same = ("actor", "action", "from_value", "to_value", "note", "status_after", "lead_after", "co_after")
    assert [getattr(ledger_event, f) for f in same] == [getattr(action_event, f) for f in same]
    assert ledger_event.deadline_after == date(2026, 12, 15) and action_event.deadline_after == date(2027, 1, 31)
    assert by_ledger.row.status == by_action.row.status == "整改中"
    assert by_ledger.row.version == before.version + 1
    assert by_ledger.row.updated_at == ledger_event.at
    assert by_ledger.unit_progress[0].last_note == "同样的进展"


@pytest.mark.backends("postgresql")  # SQLite's write lock keeps any other writer out meanwhile
def test_a_task_changed_while_a_file_is_applied_is_caught_by_the_batched_update(
    ledger_store: Service, books: dict[str, Path], store: Store
) -> None:
    """Progress rows' task updates go in one statement at the end (`_FileState.flush`),
    each still guarded by the version the file's state read: a task another transaction
    changed in between makes the batch fall short, nothing of it is kept, and the file is
    applied again row by row (where the progress is taken, on the task as it is now)."""
    svc = ledger_store
    fill(books["区教体局"], 2, 本次进展="批量进展")
    returned = read_returned(books["区教体局"])
    unit_ctx = ledger_apply._UnitContext(store, Actor.department("区教体局"), svc.clock, 7, False, 2)
    with pytest.raises(ledger_apply._Contended), store.write() as s:
        state = ledger_apply._FileState(s, [2], "区教体局", returned.written_at)
        other = Service(Store(store.engine.url.render_as_string(hide_password=False)), clock=svc.clock)
        other.add_note(2, "督查室在导入时加的备注")  # another connection, committed
        other.store.dispose()
        task = state.task(2)
        ledger_apply._progress(unit_ctx, state, task, state.facts_of(task), "批量进展")
        state.flush()
    assert "批量进展" not in [note for _, _, note in events(svc, 2, "progress")]
    version = svc.get_task(2).row.version
    result = apply(svc, books["区教体局"])
    assert result.written and [r.state for r in result.rows if r.task_id == 2] == [RowState.APPLIED]
    assert events(svc, 2, "progress")[-1] == ("区教体局", "整改中", "批量进展")
    assert svc.get_task(2).row.version == version + 1


def test_the_same_progress_twice_in_one_file_is_written_once(ledger_store: Service, books: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(books["区教体局"])
    ws = wb[SHEET]
    first = HEADER_ROW + 1
    copy = ws.max_row + 1
    for col in range(1, 16):
        ws.cell(row=copy, column=col, value=ws.cell(row=first, column=col).value)
    ws[f"I{first}"] = ws[f"I{copy}"] = "重复粘贴的进展"
    wb.save(books["区教体局"])
    result = apply(ledger_store, books["区教体局"])
    assert [r.state for r in result.rows if r.task_id == 1] == [RowState.APPLIED, RowState.ALREADY]
    assert [e[2] for e in events(ledger_store, 1, "progress")].count("重复粘贴的进展") == 1


SECTIONS_TOML = """
office = "区政府督查室"

[[departments]]
name = "区教体局"

[[meetings]]
title = "教育项目推进会"
date = 2026-11-02

[[meetings.tasks]]
outline = "1"
marker = "一、"
heading = "教育项目"

[[meetings.tasks]]
outline = "1.1"
marker = "（一）"
heading = "新建第二实验小学"
lead = "区教体局"
deadline = 2027-08-31

[[meetings.tasks]]
outline = "1.2"
marker = "（二）"
heading = "改扩建城关中学"
lead = "区教体局"
status = "整改中"
notes = ["主体已封顶"]
"""


def test_store_workbook_sections_are_merged_rows(office: Service, tmp_path: Path) -> None:
    load_toml(office, SECTIONS_TOML)
    path = tmp_path / "all.xlsx"
    assert (
        write_store_workbook(office.store_ledger(), path, "区政府督查室", date(2026, 11, 20), office.clock.now()) == 2
    )
    ws = openpyxl.load_workbook(path)[SHEET]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0][0] == "一、教育项目" and all(v is None for v in rows[0][1:])
    assert "A4:H4" in {str(r) for r in ws.merged_cells.ranges}
    assert [r[:3] for r in rows[1:]] == [(1, "新建第二实验小学", "区教体局"), (2, "改扩建城关中学", "区教体局")]
    assert rows[2][7] == "主体已封顶" and rows[2][6] == "整改中"
    assert rows[1][5].date() == date(2027, 8, 31)
