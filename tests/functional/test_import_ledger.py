"""Importing an existing 台账 (issue #13, items 3 and 5): ledgers in several layouts built
here with openpyxl, csv and python-docx, read through the one import path
(`read_import` / `store_import`) into a real store, and through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import run_cli

from tasktui.exchange.importer import read_import, store_import
from tasktui.exchange.ledger import LedgerError
from tasktui.store.errors import InputError
from tasktui.store.lifecycle import STATUSES
from tasktui.store.service import Service, TaskQuery

ALL = TaskQuery(include_settled=True, kinds=None, sort="id")
HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "完成情况", "备注"]


def _register(service: Service, *names: str) -> None:
    for name in names:
        service.add_department(name)


def _import(service: Service, path: Path, **kw: Any) -> list[Any]:
    pending = read_import(service, str(path), **kw)
    return store_import(service, pending, pending.proposals)


def _tasks(service: Service) -> dict[str, Any]:
    return {r.heading: r for r in service.list_tasks(ALL)}


def _xlsx(path: Path, rows: list[list[Any]], merges: list[str] = (), title: str = "Sheet1", **hidden: bool) -> Path:  # type: ignore[assignment]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    for letter in hidden:
        ws.column_dimensions[letter].hidden = True
    wb.save(path)
    return path


# ---------------------------------------------------------------- layouts


def test_title_rows_sections_units_in_one_cell_and_serial_dates(office: Service, tmp_path: Path) -> None:
    """Layout 1: two title rows (the first is the meeting's title, the second its date),
    sections merged across the sheet, units with roles in one cell, Excel serial dates,
    date cells, dotted and Chinese dates, a phrase resolved from the title's date."""
    _register(office, "区教体局", "区财政局", "区住建局", "区卫健委")
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            ["2026年全区教育重点工作任务台账"],
            ["（2026年3月2日区政府常务会议交办）"],
            HEADER,
            ["一、教育项目"],
            [
                1,
                "加强控辍保学",
                "区教体局",
                "区财政局",
                "张副区长",
                dt.datetime(2026, 3, 31),
                "已摸排学生1200人",
                "推进中",
                "需市级协调",
            ],
            [2, "推进校舍改造", "区住建局牵头，区财政局配合", None, None, 46203, None, "未启动"],
            [3, "完善资助体系", "区教体局（牵头）、区财政局", None, None, "2026.6.30", "已完成发放", "已完成"],
            ["二、卫生项目"],
            [1, "建设社区卫生服务中心", "区卫健委", None, None, "6月底前", None, None],
            [2, "开展义诊活动", "区卫健委", None, None, "2026年5月10日", "已开展3次", "已销号"],
        ],
        merges=["A1:I1", "A4:I4", "A8:I8"],
    )
    [result] = _import(office, path)
    assert result.created and result.title == "2026年全区教育重点工作任务台账"
    [meeting] = office.meetings()
    assert meeting.date == dt.date(2026, 3, 2)
    t = _tasks(office)
    assert t["教育项目"].kind == "other" and t["教育项目"].outline == "1"
    assert t["加强控辍保学"].outline == "1.1" and t["开展义诊活动"].outline == "2.2"
    assert office.get_task(t["开展义诊活动"].id).parent_heading == "卫生项目"
    row = t["加强控辍保学"]
    assert (row.lead, row.co_owners, row.deadline, row.status) == (
        "区教体局",
        ["区财政局"],
        dt.date(2026, 3, 31),
        "整改中",
    )
    assert (t["推进校舍改造"].lead, t["推进校舍改造"].co_owners) == ("区住建局", ["区财政局"])
    assert (t["推进校舍改造"].deadline, t["推进校舍改造"].status) == (dt.date(2026, 6, 30), "已交办")
    assert (t["完善资助体系"].lead, t["完善资助体系"].status) == ("区教体局", "已完成待核")
    assert t["完善资助体系"].deadline == dt.date(2026, 6, 30)
    assert t["建设社区卫生服务中心"].deadline == dt.date(2026, 6, 30)
    assert t["建设社区卫生服务中心"].deadline_phrase == "6月底前"
    assert (t["开展义诊活动"].deadline, t["开展义诊活动"].status) == (dt.date(2026, 5, 10), "已销号")
    history = office.get_task(row.id).history
    progress = [e for e in history if e.action == "progress"]
    assert progress[-1].note == "已摸排学生1200人" and progress[-1].actor == "区教体局"
    notes = [e.note for e in history if e.action == "note"]
    assert "备注：需市级协调" in notes
    assert row.responsible_leader == "张副区长"
    closed = office.get_task(t["开展义诊活动"].id).history
    assert [e.note for e in closed if e.action == "progress"] == ["已开展3次"]


def test_two_row_header_with_merged_header_cells_and_units_merged_down(office: Service, tmp_path: Path) -> None:
    """Layout 2: 责任单位 merged over 牵头 | 配合 in a second header row; a unit cell merged
    over three rows owns all three."""
    _register(office, "区教体局", "区财政局")
    path = _xlsx(
        tmp_path / "two.xlsx",
        [
            ["重点工作推进台账"],
            ["编号", "重点工作", "责任单位", None, "时间节点", "推进情况"],
            [None, None, "牵头", "配合", None, None],
            [1, "改薄工程", "区教体局", "区财政局", "2026-06-30", "已开工"],
            [2, "营养餐", None, None, "2026-07-31", None],
            [3, "校车安全", None, None, "2026-08-31", None],
        ],
        merges=["A1:F1", "C2:D2", "A2:A3", "B2:B3", "E2:E3", "F2:F3", "C4:C6"],
    )
    pending = read_import(office, str(path), meeting_date=dt.date(2026, 3, 1))
    assert pending.ledger is not None and pending.ledger.header_rows == (2, 3)
    mapped = {c.letter: (c.field.name if c.field else None) for c in pending.ledger.columns}
    assert mapped == {"A": "序号", "B": "工作任务", "C": "牵头单位", "D": "配合单位", "E": "完成时限", "F": "进展情况"}
    store_import(office, pending)
    t = _tasks(office)
    assert [t[h].lead for h in ("改薄工程", "营养餐", "校车安全")] == ["区教体局"] * 3
    assert t["改薄工程"].co_owners == ["区财政局"] and t["营养餐"].co_owners == []
    assert t["改薄工程"].status == "整改中" and t["营养餐"].status == "已交办"


def test_csv_in_gbk_without_bom(office: Service, tmp_path: Path) -> None:
    """Layout 3: a CSV saved by Excel in GBK, no BOM, serial dates as text, a phrase
    deadline resolved from --date, units separated by 、."""
    _register(office, "区教体局", "区财政局")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["督办事项", "主办单位", "协办单位", "办结时限", "办理状态"])
    w.writerow(["开展校园安全排查", "区教体局", "区财政局、区卫健委", "46112", "正在办理"])
    w.writerow(["落实课后服务", "区教体局", "", "3月底前", ""])
    path = tmp_path / "台账.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    [result] = _import(office, path, meeting_date=dt.date(2026, 3, 2))
    assert result.created and result.title == "台账"
    t = _tasks(office)
    assert t["开展校园安全排查"].deadline == dt.date(2026, 3, 31) and t["开展校园安全排查"].status == "整改中"
    assert t["开展校园安全排查"].co_owners == ["区财政局", "区卫健委"]  # proposed and registered
    assert t["落实课后服务"].deadline == dt.date(2026, 3, 31) and t["落实课后服务"].status == "已交办"


def test_csv_in_utf8_with_bom_and_tabs(office: Service, tmp_path: Path) -> None:
    """Layout 4: UTF-8 with BOM, tab separated, a 是否销号 column."""
    _register(office, "区教体局")
    path = tmp_path / "ledger.csv"
    text = "序号\t整改措施\t责任部门\t完成时间\t是否销号\n1\t整改食堂卫生\t区教体局\t2026-04-30\t是\n2\t更新消防设施\t区教体局\t2026-05-31\t否\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _import(office, path)
    t = _tasks(office)
    assert t["整改食堂卫生"].status == "已销号" and t["更新消防设施"].status == "已交办"


def test_docx_whose_main_content_is_a_ledger_table(office: Service, tmp_path: Path) -> None:
    """Layout 5: a ledger sent as Word (a title paragraph and the table)."""
    docx = pytest.importorskip("docx")
    _register(office, "区教体局", "区财政局")
    doc = docx.Document()
    doc.add_paragraph("全区教育督办事项台账（2026年3月2日）")
    table = doc.add_table(rows=4, cols=5)
    for row, values in zip(
        table.rows,
        [
            ["序号", "工作任务", "牵头单位", "完成时限", "完成情况"],
            ["一、教育项目", "", "", "", ""],
            ["1", "加强控辍保学", "区教体局", "2026年3月31日", "推进中"],
            ["2", "保障营养改善经费", "区财政局", "6月底前", "已完成"],
        ],
    ):
        for cell, value in zip(row.cells, values):
            cell.text = value
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[4])
    merged.text = "一、教育项目"
    path = tmp_path / "台账.docx"
    doc.save(str(path))
    pending = read_import(office, str(path))
    assert pending.ledger is not None and pending.extraction is None
    store_import(office, pending)
    t = _tasks(office)
    assert t["教育项目"].kind == "other"
    assert (t["加强控辍保学"].lead, t["加强控辍保学"].status) == ("区教体局", "整改中")
    assert (t["保障营养改善经费"].deadline, t["保障营养改善经费"].status) == (dt.date(2026, 6, 30), "已完成待核")
    assert office.meetings()[0].date == dt.date(2026, 3, 2)


def test_docx_minutes_with_a_small_table_stay_a_speech(office: Service, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("区政府第12次常务会议纪要")
    doc.add_paragraph(
        "2026年3月2日，区长主持召开区政府第12次常务会议，听取了全区教育工作情况汇报，研究部署了下一阶段重点工作。会议议定事项如下："
    )
    doc.add_paragraph("一、会议原则同意区教体局关于控辍保学工作的汇报，请区教体局抓紧组织实施，3月底前完成。")
    table = doc.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["工作任务", "责任单位", "完成时限"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["推进校舍改造", "区住建局", "6月底前"]):
        cell.text = value
    path = tmp_path / "纪要.docx"
    doc.save(str(path))
    pending = read_import(office, str(path))
    assert pending.ledger is None and pending.extraction is not None
    assert any("推进校舍改造" in i.text for i in pending.extraction.items)


def test_the_report_ledger_sheet_reads_back(basic: Service, office: Service, tmp_path: Path) -> None:
    """Layout 6: the 台账 sheet of `tasktui report --format xlsx` (整改状态, 最新进展, 编号,
    会议 …) beside the report's other sheets, read into an empty store."""
    from tasktui.report.make import make_report, resolve_period, write_report

    report = make_report(basic, resolve_period(None, None, None, basic.clock.today()))
    path = tmp_path / "周报.xlsx"
    write_report(report, "xlsx", path)
    before = {r.heading: r for r in basic.list_tasks(TaskQuery(include_settled=True, sort="id"))}
    target = tmp_path / "empty.db"
    from helpers import service as service_for

    empty = service_for(f"sqlite:///{target}")
    pending = read_import(empty, str(path))
    assert pending.ledger is not None and pending.ledger.where.endswith("工作表「台账」")
    store_import(empty, pending, pending.proposals)
    after = _tasks(empty)
    for heading, row in before.items():
        got = after[heading]
        assert (got.lead, got.co_owners, got.deadline, got.status) == (
            row.lead,
            row.co_owners,
            row.deadline,
            row.status,
        )
    empty.store.dispose()


def test_a_ledger_written_per_the_contract_round_trips(basic: Service, tmp_path: Path) -> None:
    """Item 5's reader side: a ledger as `export --format xlsx` / `ledger out` write it
    (title row, header row, hidden 任务ID and 版本, 完成情况 = status names, date cells)
    imports into an empty store with the same tasks, owners, deadlines and statuses."""
    rows = basic.list_tasks(TaskQuery(kinds=("directive",), include_settled=True, sort="id"))
    sheet: list[list[Any]] = [["区政府督查室 督办事项台账 2026-11-20"], ["任务ID", "版本", *HEADER]]
    for n, r in enumerate(rows, 1):
        detail = basic.get_task(r.id)
        progress = [e.note for e in detail.history if e.action == "progress"]
        sheet.append(
            [
                r.id,
                r.version,
                n,
                r.heading,
                r.lead,
                "、".join(r.co_owners) or None,
                None,
                r.deadline,
                progress[-1] if progress else None,
                r.status,
                None,
            ]
        )
    path = _xlsx(tmp_path / "export.xlsx", sheet, merges=["A1:K1"], A=True, B=True)
    from helpers import service as service_for

    empty = service_for(f"sqlite:///{tmp_path / 'empty.db'}")
    pending = read_import(empty, str(path))
    assert pending.ledger is not None
    notes = {c.letter: c.field.name if c.field else None for c in pending.ledger.columns}
    assert notes["A"] == "任务ID" and notes["B"] == "版本"
    store_import(empty, pending, pending.proposals)
    after = _tasks(empty)
    assert set(after) == {r.heading for r in rows}
    for r in rows:
        got = after[r.heading]
        assert (got.lead, got.co_owners, got.deadline, got.status) == (r.lead, r.co_owners, r.deadline, r.status)
    empty.store.dispose()


def test_every_status_name_of_the_lifecycle_reads_as_itself(office: Service, tmp_path: Path) -> None:
    _register(office, "区教体局")
    rows = [["工作任务", "牵头单位", "完成情况"]] + [[f"事项{s}", "区教体局", s] for s in STATUSES]
    _import(office, _xlsx(tmp_path / "s.xlsx", rows))
    assert {r.heading: r.status for r in office.list_tasks(ALL)} == {f"事项{s}": s for s in STATUSES}


# ---------------------------------------------------------------- errors, twice, dry run, --map


def test_errors_name_sheet_row_and_column_and_nothing_is_written(office: Service, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            ["台账"],
            ["工作任务", "牵头单位", "完成时限", "完成情况"],
            ["事项一", "区新单位", "2026年2月30日", "推进中"],
            ["事项二", "区新单位", "2026-05-01", "看情况"],
            [None, "区新单位", "2026-05-01", None],
        ],
        title="重点工作",
    )
    with pytest.raises(LedgerError) as err:
        read_import(office, str(path))
    problems = err.value.problems
    assert problems[0].startswith("台账.xlsx 工作表「重点工作」第 3 行「完成时限」列：")
    assert "不存在" in problems[0]
    assert problems[1].startswith("台账.xlsx 工作表「重点工作」第 4 行「完成情况」列：不认识的完成情况「看情况」")
    assert problems[2] == "台账.xlsx 工作表「重点工作」第 5 行「工作任务」列：工作任务为空"
    result = run_cli(["--db", str(tmp_path / "t.db"), "import", str(path), "--add-units"])
    assert result.returncode == 2 and "第 3 行「完成时限」列" in result.stderr
    assert office.list_tasks(ALL) == [] and office.departments() == []
    check = run_cli(["--db", str(tmp_path / "t.db"), "dept", "list"])
    assert "区新单位" not in check.stdout


def test_the_same_ledger_twice_is_a_no_op_also_saved_again(office: Service, tmp_path: Path) -> None:
    _register(office, "区教体局")
    rows = [["工作任务", "牵头单位", "完成时限"], ["事项一", "区教体局", dt.date(2026, 5, 1)]]
    path = _xlsx(tmp_path / "a.xlsx", rows)
    assert _import(office, path)[0].created
    again = _xlsx(tmp_path / "b.xlsx", rows)  # the same cells in another file
    assert not _import(office, again)[0].created
    assert len(office.list_tasks(ALL)) == 1


def test_dry_run_shows_mapping_and_rows_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            ["2026年重点工作台账"],
            ["序号", "督办事项", "责任单位", "时间节点"],
            [1, "加强控辍保学", "区教体局牵头，区财政局配合", "3月底前"],
        ],
    )
    result = run_cli(["--db", str(db), "--today", "2026-03-02", "import", str(path), "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "B   督办事项  工作任务" in result.stdout
    assert "加强控辍保学" in result.stdout and "2026-03-31（3月底前）" in result.stdout
    assert "区教体局（1 项）" in result.stdout and "未写入" in result.stdout
    listing = run_cli(["--db", str(db), "list", "--all"])
    assert "加强控辍保学" not in listing.stdout


def test_map_corrects_a_column(office: Service, tmp_path: Path) -> None:
    _register(office, "区教体局", "区财政局")
    path = _xlsx(
        tmp_path / "m.xlsx",
        [["工作任务", "责任科室", "牵头单位", "完成时限"], ["事项一", "区教体局", "区财政局", "2026-05-01"]],
    )
    pending = read_import(office, str(path))
    assert pending.ledger is not None
    assert {c.header: (c.field.name if c.field else None) for c in pending.ledger.columns}["责任科室"] is None
    _import(office, path, maps=["责任科室=牵头单位", "C=配合单位"])
    [row] = office.list_tasks(ALL)
    assert (row.lead, row.co_owners) == ("区教体局", ["区财政局"])
    with pytest.raises(InputError, match="「责任人员」不是台账的字段"):
        read_import(office, str(path), maps=["责任科室=责任人员"])
    with pytest.raises(InputError, match="没有叫「科室」的列"):
        read_import(office, str(path), maps=["科室=牵头单位"])


def test_units_not_registered_refuse_the_ledger_until_they_are(office: Service, tmp_path: Path) -> None:
    """A ledger naming units the store does not know is refused, nothing written: its
    rows would wait in 待分派 without their 完成情况, and the same file again once the units
    exist would be a no-op. Registering them (--add-units, or picking them) imports it."""
    path = _xlsx(
        tmp_path / "u.xlsx",
        [["工作任务", "牵头单位", "进展情况", "完成情况"], ["事项一", "区新局", "已启动", "推进中"]],
    )
    pending = read_import(office, str(path))
    assert [p.name for p in pending.proposals] == ["区新局"]
    with pytest.raises(InputError, match="1 个单位尚未登记（区新局），未导入"):
        store_import(office, pending)
    assert office.list_tasks(ALL) == [] and "区新局" not in dict(office.departments())
    store_import(office, pending, pending.proposals)
    [row] = office.list_tasks(ALL)
    assert (row.lead, row.status) == ("区新局", "整改中")


def test_not_a_ledger(office: Service, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "x.xlsx", [["姓名", "电话"], ["张三", "123"]])
    with pytest.raises(InputError, match="没有找到台账的表头"):
        read_import(office, str(path))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="bad.xlsx"):
        read_import(office, str(bad))


def test_hostile_ledgers_are_refused_before_they_are_inflated(office: Service, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * 5_000_000)
    with pytest.raises(InputError, match=r"bomb.xlsx：.xlsx 中的 xl/worksheets/sheet1.xml 压缩比 \d+:1"):
        read_import(office, str(bomb))
    huge = tmp_path / "huge.csv"
    huge.write_bytes(("工作任务,牵头单位\n" + "事项,区教体局\n" * 1_500_000).encode())
    with pytest.raises(InputError, match="huge.csv 超过 20 MB"):
        read_import(office, str(huge))
    assert office.list_tasks(ALL) == []
