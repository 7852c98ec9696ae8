"""Batch triage pressed for real: space and shift+arrows select rows (marked, counted in
the status line, Esc lets go), `a`/`x`/`d` act on all of them in one all-or-nothing
write, `u` undoes the whole batch, and a refusal says why per row or reopens the dialog
with what was typed."""

from __future__ import annotations

import pytest
from helpers import goto, main_screen, notices, opened, service, settle, shown_ids
from textual.widgets import Input, Label, Static

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.assign import AssignDialog
from tasktui.ui.dialogs.confirm import ConfirmDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.task_table import MARK

QUIET = UiConfig(poll_seconds=3600)
# ui_store.toml: #2 and #6 are 待分派; #1 整改中, #3 and #5 已交办, #4 已完成待核, #7 已销号.


def status_line(app: TaskTuiApp) -> str:
    return str(main_screen(app).query_one("#status-line", Static).render())


def marks(app: TaskTuiApp) -> list[int]:
    table = main_screen(app).table
    return [r.id for r in table.rows_data if str(table.get_cell(str(r.id), "mark")).strip() == MARK]


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_select_assign_all_then_undo_the_batch(ui_url: str, size: tuple[int, int]) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("1")  # 待分派
        await settle(pilot)
        assert sorted(shown_ids(app)) == [2, 6]
        await goto(pilot, app, shown_ids(app)[0])
        await pilot.press("shift+down")
        await pilot.pause()
        assert sorted(marks(app)) == [2, 6]
        assert "已选 2 项" in status_line(app)
        dialog = await opened(pilot, app, "a", AssignDialog)
        assert "批量交办（2 项）" in str(dialog.query_one(".dialog-title", Label).render())
        dialog.query_one("#lead", Input).value = ""
        await pilot.press(*"jtj", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        svc = service(ui_url)
        for task_id in (2, 6):
            row = svc.get_task(task_id).row
            assert (row.status, row.lead) == ("已交办", "区教体局")
            assert [e.action for e in svc.get_task(task_id).history].count("assigned") == 1
        assert marks(app) == [] and "已选" not in status_line(app)  # saved: the selection is let go
        assert "批量交办 2 项" in notices(app)
        # One undo step takes the whole batch back.
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert "已撤销" in notices(app)
    svc = service(ui_url)
    assert [svc.get_task(i).row.status for i in (2, 6)] == ["待分派", "待分派"]
    assert [svc.get_task(i).row.lead for i in (2, 6)] == [None, None]


async def test_space_toggles_and_esc_clears(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        first, second = shown_ids(app)[:2]
        await pilot.press("space")
        await pilot.press("down", "space")
        await pilot.pause()
        assert sorted(marks(app)) == sorted([first, second])
        await pilot.press("space")  # the second again: deselected
        await pilot.pause()
        assert marks(app) == [first] and "已选 1 项" in status_line(app)
        await pilot.press("escape")
        await pilot.pause()
        assert marks(app) == [] and "已选" not in status_line(app)


async def test_a_batch_with_a_row_the_policy_refuses_says_why_per_row(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("6")  # 全部
        await settle(pilot)
        for task_id in (2, 1, 7):  # 待分派, 整改中, 已销号: only #2 may be 不立项
            await goto(pilot, app, task_id)
            await pilot.press("space")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no dialog: nothing would be saved
        text = notices(app)
        assert "3 项中 2 项不能不立项" in text and "#1（整改中）" in text and "#7（已销号）" in text
        assert "#2（" not in text
        # Deselect the refused rows: the batch goes through.
        for task_id in (1, 7):
            await goto(pilot, app, task_id)
            await pilot.press("space")
        await pilot.press("x", *"重复", "enter")
        await settle(pilot)
    assert service(ui_url).get_task(2).row.status == "不立项"
    assert service(ui_url).get_task(1).row.status == "整改中"


async def test_a_stale_batch_reopens_the_dialog_with_what_was_typed(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, shown_ids(app)[0])
        await pilot.press("shift+down", "d")
        await pilot.pause()
        service(ui_url).add_note(6, "别人先改了")  # someone else, meanwhile
        await pilot.press(*"2026-12-31", "enter")
        await settle(pilot)
        dialog = app.screen
        assert not isinstance(dialog, MainScreen)
        assert dialog.query_one("#value", Input).value == "2026-12-31"
        assert "#6 已被他人修改" in str(dialog.query_one("#error", Static).render())
        # Nothing of the batch was saved, not even #2 that nobody else touched.
        assert "deadline_changed" not in [e.action for e in service(ui_url).get_task(2).history]
        await pilot.press("enter")  # again, on the fresh rows: saved
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    svc = service(ui_url)
    assert [str(svc.get_task(i).row.deadline) for i in (2, 6)] == ["2026-12-31", "2026-12-31"]


async def test_other_keys_are_refused_while_rows_are_selected(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("space", "p")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "批量只能交办、不立项或设定时限" in notices(app)
