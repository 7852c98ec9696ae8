"""Importing a 台账 from inside the app: the import dialog shows how the columns are read
and the first rows before anything is written; Esc cancels, Enter goes on to the units
it names and stores the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from helpers import main_screen, notices, service, settle
from textual.widgets import Input, Static

from tasktui.config import UiConfig
from tasktui.store.service import TaskQuery
from tasktui.ui.app import DARK, TaskTuiApp
from tasktui.ui.dialogs.import_file import ImportDialog
from tasktui.ui.dialogs.ledger_preview import LedgerPreviewDialog
from tasktui.ui.dialogs.unit_proposals import UnitProposalsDialog
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600, theme=DARK)


def shown(widget: Static) -> str:
    """The text a widget draws on the screen, line by line."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text for line in lines)


def _ledger(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年城市管理重点工作台账"])
    ws.append(["序号", "督办事项", "责任单位", "完成时限", "完成情况", "进展情况"])
    ws.append([1, "整治占道经营", "区城管局", dt.datetime(2026, 12, 31), "推进中", "已清理摊点30处"])
    ws.append([2, "更新环卫车辆", "区城管局牵头，区财政局配合", 46387, "未启动", None])
    ws.merge_cells("A1:F1")
    wb.save(path)
    return path


async def _open_preview(pilot, app: TaskTuiApp, path: Path) -> LedgerPreviewDialog:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportDialog)
    app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    for _ in range(100):
        await settle(pilot, 1)
        if isinstance(app.screen, LedgerPreviewDialog):
            break
    assert isinstance(app.screen, LedgerPreviewDialog)
    return app.screen


async def test_the_preview_shows_mapping_and_rows_and_esc_writes_nothing(ui_url: str, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "城管台账.xlsx")
    meetings = len(service(ui_url).meetings())
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await _open_preview(pilot, app, path)
        mapping = shown(dialog.query_one("#ledger-mapping", Static))
        assert "督办事项" in mapping and "工作任务" in mapping and "责任单位" in mapping and "牵头单位" in mapping
        rows = shown(dialog.query_one("#ledger-rows", Static))
        assert "整治占道经营" in rows and "2026-12-31" in rows and "整改中" in rows
        assert "区财政局" in rows  # the co-owner split out of 区城管局牵头，区财政局配合
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        assert "已取消导入，未写入任何内容" in str(app.screen.query_one("#error", Static).render())
    assert len(service(ui_url).meetings()) == meetings


async def test_enter_imports_the_ledger_after_its_units(ui_url: str, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "城管台账.xlsx")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_preview(pilot, app, path)
        await pilot.press("enter")
        for _ in range(100):
            await settle(pilot, 1)
            if isinstance(app.screen, UnitProposalsDialog):
                break
        assert isinstance(app.screen, UnitProposalsDialog)
        assert "登记台账中提到的单位" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("a")
        for _ in range(100):
            await settle(pilot, 1)
            if isinstance(app.screen, MainScreen):
                break
        await settle(pilot)
        assert "2026年城市管理重点工作台账" in notices(app)
        assert main_screen(app).view_id == "all"
    rows = {r.heading: r for r in service(ui_url).list_tasks(TaskQuery(include_settled=True))}
    assert (rows["整治占道经营"].lead, rows["整治占道经营"].status) == ("区城管局", "整改中")
    assert (rows["更新环卫车辆"].co_owners, rows["更新环卫车辆"].status) == (["区财政局"], "已交办")
    assert rows["更新环卫车辆"].deadline == dt.date(2026, 12, 31)
