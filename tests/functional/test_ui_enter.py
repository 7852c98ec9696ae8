"""Pilot tests: Enter on a row takes the next step for its status, as `?` help says."""

from __future__ import annotations

from helpers import goto, service, settle, shown_ids

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.assign import AssignDialog
from tasktui.ui.dialogs.note import NoteDialog
from tasktui.ui.screen_actions import enter_help
from tasktui.ui.screens.help import HelpScreen
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)


def title(app: TaskTuiApp) -> str:
    return str(app.screen.query_one(".dialog-title").render())


async def test_enter_for_the_office(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)  # 已交办: a note, not 改派
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and "备注" in title(app)
        await pilot.press("escape")
        await pilot.pause()
        await goto(pilot, app, 4)  # 已完成待核: 销号, asking first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and "核验销号" in title(app)
        await pilot.press("escape")
        await pilot.pause()
        assert service(ui_url).get_task(4).row.status == "已完成待核"
        await pilot.press("1")  # 待分派: 交办
        await settle(pilot)
        await goto(pilot, app, shown_ids(app)[0])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssignDialog)


async def test_enter_for_a_department_reports_progress(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and "报告进展" in title(app)
        await pilot.press(*"已完成招标", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert service(ui_url).get_task(3).history[-1].note == "已完成招标"


async def test_help_says_what_enter_does(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    assert "已交办/整改中→备注" in enter_help(True) and "报告进展" in enter_help(False)
