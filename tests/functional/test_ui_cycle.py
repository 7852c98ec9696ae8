"""The supervision cycle in the UI, pressed for real: 签收 (c), 退回重办 (b), 持续整改 (z),
责任领导 (L), 紧急程度 (j); 未签收 in the table and the detail pane; the new filters; keys
hidden from an actor who may never take them and refused in words for a co-owner; undo of
each, or why it cannot be undone.

tests/data/ui_store.toml: #1 整改中 (区教体局, co 区卫健委), #3 已交办 (区住建局), #4 已完成待核
(区教体局), #5 已交办 (区住建局, co 区教体局); #3 and #5 were given in October and never
signed for, so on the tests' day (2026-11-20) they are 未签收."""

from __future__ import annotations

import io

import pytest
from helpers import goto, main_screen, notices, service, settle, shown_ids
from rich.console import Console
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.confirm import ConfirmDialog
from tasktui.ui.dialogs.note import NoteDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.detail_pane import render_detail

QUIET = UiConfig(poll_seconds=3600)


def cell(app: TaskTuiApp, task_id: int, column: str) -> str:
    table = main_screen(app).table
    return str(table.get_cell(str(task_id), column)).strip()


def detail_text(app: TaskTuiApp) -> str:
    """The detail pane's text as it draws it, without colour."""
    detail = main_screen(app).detail_pane.detail
    assert detail is not None
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(render_detail(detail))
    return console.export_text()


async def undo(pilot, app: TaskTuiApp) -> str:  # type: ignore[no-untyped-def]
    """Press u; confirm when there is something to confirm; the dialog's hint ("" if none)."""
    await pilot.press("u")
    await pilot.pause()
    if not isinstance(app.screen, ConfirmDialog):
        return ""
    hint = str(app.screen.query_one(".dialog-hint").render())
    await pilot.press("y")
    await settle(pilot)
    return hint


async def test_the_lead_signs_and_the_table_says_so(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert cell(app, 3, "status").startswith("未签收") and cell(app, 3, "status").endswith("天")
        await goto(pilot, app, 3)
        assert "未签收" in detail_text(app) and "个工作日" in detail_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "签收" in str(app.screen.query_one(".dialog-title", Label).render())
        await pilot.press(*"已安排专人", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "区住建局 签收 #3" in notices(app)
        assert cell(app, 3, "status") == "已交办"
        assert "签收  区住建局 2026-11-20" in detail_text(app) and "已签收" in detail_text(app)
        await pilot.press("c")  # signed already: the key says why
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert await undo(pilot, app) == ""
        assert "不能撤销: 区住建局 签收 #3" in notices(app) and "签收已记录" in notices(app)
    row = service(ui_url).get_task(3).row
    assert row.acknowledged_at is not None and row.unacknowledged_days is None
    assert service(ui_url).get_task(3).history[-1].note == "已安排专人"


async def test_a_department_has_an_unsigned_tab(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "未签收 2" in str(main_screen(app).query_one("#view-unsigned").label)
        await pilot.press("6")
        await settle(pilot)
        assert sorted(shown_ids(app)) == [3, 5]
        await goto(pilot, app, 3)
        await pilot.press("c", "enter")
        await settle(pilot)
        assert shown_ids(app) == [5]
        assert "未签收 1" in str(main_screen(app).query_one("#view-unsigned").label)


async def test_a_co_owner_cannot_sign_and_office_keys_are_hidden(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        for action in ("send_back", "leader", "urgency"):
            assert screen.check_action(action, ()) is False  # never a department's: hidden
        await goto(pilot, app, 5)  # 区住建局 leads, 区教体局 co-owns
        assert screen.check_action("acknowledge", ()) is None  # dimmed on this row
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "只有牵头单位（区住建局）可以签收" in notices(app)
        await pilot.press("b", "L", "j")  # absent keys do nothing
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert service(ui_url).get_task(5).row.acknowledged_at is None


async def test_send_back_needs_a_reason_and_undo_restores_the_claim(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 4)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("enter")  # no reason: refused in the dialog
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and "请填写理由" in str(app.screen.query_one("#error").render())
        await pilot.press(*"佐证材料不全", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "退回重办 #4" in notices(app)
        assert service(ui_url).get_task(4).row.status == "整改中"
        assert "退回重办 已完成待核 → 整改中「佐证材料不全」" in detail_text(app)
        hint = await undo(pilot, app)
        assert "重新标记完成（回到已完成待核）" in hint
    detail = service(ui_url).get_task(4)
    assert detail.row.status == "已完成待核"
    assert [e.action for e in detail.history[-2:]] == ["sent_back", "done"]


async def test_sustain_by_the_office_and_why_it_cannot_be_undone(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        assert cell(app, 1, "countdown").startswith("逾期")
        await pilot.press("z", *"主体完成，需长期坚持", "enter")
        await settle(pilot)
        assert cell(app, 1, "status") == "持续整改"
        assert not cell(app, 1, "countdown").startswith("逾期")  # no countdown: never overdue
        assert await undo(pilot, app) == ""
        assert "持续整改没有退回整改中的操作" in notices(app)
    assert service(ui_url).get_task(1).row.status == "持续整改"


def test_undo_of_sustain_from_done_marks_it_done_again(ui_url: str) -> None:
    from tasktui.ui.undo import plan_undo

    lead = service(ui_url, "区教体局")
    before = lead.get_task(4).row  # 已完成待核
    after = lead.sustain(4, "长效机制需坚持", expected_version=before.version)
    plan = plan_undo(lead, "sustain", before, after, "区教体局 转为持续整改 #4")
    assert plan.does == "重新标记完成（回到已完成待核）"
    assert plan.run().status == "已完成待核"


async def test_leader_and_urgency_show_and_undo(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press(*"张三副区长", "enter")
        await settle(pilot)
        assert "责任领导  张三副区长" in detail_text(app)
        assert "责任领导改回 （无）" in await undo(pilot, app)
        assert "责任领导  —" in detail_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen.query_one(OptionList), OptionList)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert cell(app, 3, "heading").startswith("特急 3 完成老旧校舍改造")
        assert "紧急程度  特急" in detail_text(app)
        assert "紧急程度改回 一般" in await undo(pilot, app)
        assert cell(app, 3, "heading").startswith("3 完成老旧校舍改造")
    row = service(ui_url).get_task(3).row
    assert (row.responsible_leader, row.urgency) == (None, "一般")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_filters_for_unsigned_urgency_and_source(ui_url: str, size: tuple[int, int]) -> None:
    office = service(ui_url)
    office.set_urgency(5, "急办")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#unacknowledged", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sorted(shown_ids(app)) == [3, 5]
        assert "未签收" in str(main_screen(app).query_one("#status-line", Static).render())
        await pilot.press("F")
        await pilot.pause()
        assert app.screen.query_one("#unacknowledged", Checkbox).value is True  # kept
        app.screen.query_one("#urgency", Select).value = "急办"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_ids(app) == [5]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#source_kind", Select).value = "批示"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_ids(app) == []
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#source_kind", Select).clear()
        app.screen.query_one("#leader", Input).value = "无此人"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_ids(app) == []


async def test_the_palette_lists_the_new_actions_for_who_may_take_them(ui_url: str) -> None:
    from tasktui.ui.commands import TaskActions

    office = TaskTuiApp(service(ui_url), QUIET)
    async with office.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = {desc.split(":")[0] for desc, _, _ in TaskActions(office.screen, None)._commands()}
        assert {"签收", "退回重办", "持续整改", "领导", "紧急"} <= names
    unit = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with unit.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = {desc.split(":")[0] for desc, _, _ in TaskActions(unit.screen, None)._commands()}
        assert {"签收", "持续整改"} <= names and not names & {"退回重办", "领导", "紧急"}
        assert "视图: 未签收" in {desc for desc, _, _ in TaskActions(unit.screen, None)._commands()}
