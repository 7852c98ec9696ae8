"""Units' ledgers from the UI: `L` (or the palette's 台账) asks for a folder, writes one
workbook per unit in a worker and says where they went; a department has no such key."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import opened, service, settle, wait_for_notice
from openpyxl import load_workbook
from textual.widgets import Input

from tasktui.config import ReportSettings, UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.ledger import LedgerDialog
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600, report=ReportSettings(office="某区政府督查室"))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default folder lands in the current folder


async def test_ledger_key_writes_one_workbook_per_unit(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "T", LedgerDialog)
        assert dialog.query_one("#folder", Input).value == "单位台账-2026-11-20"
        assert dialog.query_one("#office", Input).value == "某区政府督查室"  # [report] office
        await pilot.press("enter")
        text = await wait_for_notice(pilot, app, "单位台账已写出")
        assert isinstance(app.screen, MainScreen)
    folder = tmp_path / "单位台账-2026-11-20"
    assert f"到 {folder.resolve()}" in text
    books = sorted(p.name for p in folder.iterdir())
    assert books and all(name.endswith(".xlsx") for name in books)
    ws = load_workbook(folder / books[0])["台账"]
    assert ws["A2"].value.startswith("编制单位：某区政府督查室")


async def test_ledger_from_the_palette_and_not_for_a_department(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"台账")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LedgerDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not (tmp_path / "单位台账-2026-11-20").exists()

    dept = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with dept.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = dept.screen
        assert isinstance(screen, MainScreen)
        assert screen.check_action("ledger", ()) is False
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(dept.screen, MainScreen)


async def test_ledger_refuses_an_office_name_with_an_invisible_character(ui_url: str, tmp_path: Path) -> None:
    from textual.widgets import Static

    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "T", LedgerDialog)
        dialog.query_one("#office", Input).value = "区政府\u200b督查室"
        dialog.query_one("#folder", Input).value = str(tmp_path / "台账")
        dialog.action_save()
        await pilot.pause()
        assert app.screen is dialog
        assert "编制单位含有不可见字符" in str(dialog.query_one("#error", Static).render())
        assert not (tmp_path / "台账").exists()
