"""Context items (工作回顾, 问题分析, 其他): their own 背景 tab, a kind filter, and a kind
change that says where the item went."""

from __future__ import annotations

from helpers import goto, main_screen, notices, service, settle, shown_ids
from textual.widgets import Select

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.filter import FilterDialog
from tasktui.ui.dialogs.kind import KindDialog

QUIET = UiConfig(poll_seconds=3600)


async def test_a_reclassified_item_moves_to_the_context_tab_and_says_so(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert "背景 0" in str(screen.query_one("#view-context").label)
        await pilot.press("1")  # 待分派: a kind changes before triage
        await settle(pilot)
        before = sorted(shown_ids(app))
        await goto(pilot, app, before[0])
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, KindDialog)
        await pilot.press("down", "enter")  # 工作回顾
        await settle(pilot)
        assert "现列在「背景」标签" in notices(app)
        assert before[0] not in shown_ids(app)
        assert "背景 1" in str(screen.query_one("#view-context").label)
        await pilot.press("8")  # 背景
        await settle(pilot)
        assert shown_ids(app) == [before[0]]
    assert service(ui_url).get_task(before[0]).row.kind == "review"


async def test_the_kind_filter_narrows_the_context_tab(ui_url: str) -> None:
    svc = service(ui_url)
    ids = [2, 6]  # the two untriaged items of the UI store
    first = svc.get_task(ids[0]).row
    svc.change_kind(first.id, "review", expected_version=first.version)
    second = svc.get_task(ids[1]).row
    svc.change_kind(second.id, "problem", expected_version=second.version)
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("8")  # 背景
        await settle(pilot)
        assert sorted(shown_ids(app)) == sorted(ids)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        app.screen.query_one("#kind", Select).value = "problem"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_ids(app) == [ids[1]]
        assert "类别: 问题分析" in str(main_screen(app).query_one("#status-line").render())
