"""催办 from the UI: `R` (or the palette's 催办) works out what is owed off the UI thread,
shows it with a folder to write to, writes one 催办通知单 per unit and records the 催办
in a worker; a department has no such key."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from helpers import notices, service, settle, wait_until
from textual.widgets import Input, Static

from tasktui.config import ReportSettings, UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.remind import RemindDialog
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600, report=ReportSettings(office="某区政府督查室"))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default folder lands in the current folder


async def test_remind_key_previews_writes_notices_and_records(ui_url: str, tmp_path: Path) -> None:
    svc = service(ui_url)
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RemindDialog))
        dialog = app.screen
        assert isinstance(dialog, RemindDialog)
        owed = str(dialog.query_one("#owed", Static).render())
        assert owed.startswith("今天应催办：") and "个单位" in owed and "逾期" in owed
        assert dialog.query_one("#folder", Input).value == "催办通知单-2026-11-20"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "份催办通知单到" in notices(app))
        assert "各记录一次催办" in notices(app)
        assert isinstance(app.screen, MainScreen)
    folder = tmp_path / "催办通知单-2026-11-20"
    files = sorted(folder.glob("*.docx"))
    assert files
    text = "\n".join(p.text for p in docx.Document(str(files[0])).paragraphs)
    assert "某区政府督查室" in text
    reminded = [e for r in svc.list_tasks() for e in svc.history(r.id) if e.action == "reminded"]
    assert reminded  # each task listed got its 催办 event


async def test_remind_is_the_offices(ui_url: str) -> None:
    dept = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with dept.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = dept.screen
        assert isinstance(screen, MainScreen)
        assert screen.check_action("remind", ()) is False
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(dept.screen, MainScreen)
