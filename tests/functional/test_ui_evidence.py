"""Pilot tests for evidence in the UI: the detail pane lists a task's attachments, and the
done key asks for 整改情况 (required unless the office's config says otherwise)."""

from __future__ import annotations

import io

from helpers import goto, main_screen, service, settle
from rich.console import Console
from textual.widgets import Label, Static

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.note import NoteDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.detail_pane import render_detail

QUIET = UiConfig(poll_seconds=3600)
PDF = b"%PDF-1.4\n% evidence\n"


def detail_text(app: TaskTuiApp) -> str:
    """The detail pane's content as text (what render_detail gave the pane)."""
    detail = main_screen(app).detail_pane.detail
    assert detail is not None
    console = Console(width=150, record=True, file=io.StringIO())
    console.print(render_detail(detail))
    return console.export_text()


async def test_the_detail_pane_lists_the_attachments(ui_url: str) -> None:
    unit = service(ui_url, "教体局")
    unit.attach(1, [("整改报告.pdf", PDF), ("台账说明.txt", "已排查 1200 人".encode())])
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        text = detail_text(app)
        assert "佐证材料（2）" in text
        assert f"1. 整改报告.pdf  PDF {len(PDF)} 字节  区教体局" in text
        assert "2. 台账说明.txt  文本" in text
        assert "上传佐证材料 → 整改报告.pdf" in text  # and the history says it in words


async def test_done_asks_for_the_rectification_report(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "整改情况（必填）" in [str(label.render()) for label in app.screen.query(Label)]
        await pilot.press("enter")
        await pilot.pause()
        assert "请填写整改情况" in str(app.screen.query_one("#error", Static).render())
        await pilot.press(*"已全部劝返返校", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    last = service(ui_url).get_task(1).history[-1]
    assert (last.action, last.note) == ("done", "已全部劝返返校")


async def test_done_without_a_note_when_the_office_allows_it(ui_url: str) -> None:
    svc = service(ui_url, "教体局")
    svc.done_requires_note = False  # what make_service sets from [cycle] done_requires_note = false
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("f")
        await pilot.pause()
        assert "整改情况（可空）" in [str(label.render()) for label in app.screen.query(Label)]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert service(ui_url).get_task(1).row.status == "已完成待核"
