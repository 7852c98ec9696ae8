"""Undo (`u`) of the last action, pressed for real: each kind of compensating action goes
through the service and lands in the history; what cannot be undone is said in words."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import goto, main_screen, notices, service, settle, shown_ids
from textual.widgets import Input, Label

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.confirm import ConfirmDialog
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)


async def confirm_undo(pilot, app: TaskTuiApp, expected_title: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    assert expected_title in str(app.screen.query_one(".dialog-title", Label).render())
    hint = str(app.screen.query_one(".dialog-hint").render())
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    return hint


async def test_undo_mark_done_reopens(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("f", *"已完工", "enter")
        await settle(pilot)
        assert service(ui_url).get_task(3).row.status == "已完成待核"
        hint = await confirm_undo(pilot, app, "撤销: 区政府督查室 标记完成 #3？")
        assert "重新打开" in hint
        assert "已撤销: 区政府督查室 标记完成 #3" in notices(app)
        await pilot.press("u")  # the stack is empty now
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and "没有可以撤销" in notices(app)
    detail = service(ui_url).get_task(3)
    assert detail.row.status == "整改中"
    assert [(e.action, e.note) for e in detail.history[-2:]] == [
        ("done", "已完工"),
        ("reopened", "撤销: 区政府督查室 标记完成 #3"),
    ]


async def test_undo_assign_from_triage_unassigns(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # 待分派
        await settle(pilot)
        await goto(pilot, app, 6)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#lead", Input).value = ""
        await pilot.press(*"住建局", "enter")
        await settle(pilot)
        assert shown_ids(app) == [2]
        hint = await confirm_undo(pilot, app, "撤销: 区政府督查室 交办 #6？")
        assert "退回待分派" in hint
        assert sorted(shown_ids(app)) == [2, 6]  # back in the triage queue
        assert "待分派 2" in str(main_screen(app).query_one("#view-triage").label)
    detail = service(ui_url).get_task(6)
    assert (detail.row.status, detail.row.lead) == ("待分派", None)
    assert [e.action for e in detail.history][-2:] == ["assigned", "reassigned"]


async def test_undo_deadline_change_restores_old_deadline(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("d", *"2027-03-31", "enter")
        await settle(pilot)
        assert service(ui_url).get_task(3).row.deadline == date(2027, 3, 31)
        hint = await confirm_undo(pilot, app, "撤销: 区政府督查室 设定时限 #3？")
        assert "时限改回 2026-11-24" in hint
        assert "2026-11-24" in str(main_screen(app).table.get_row("3")[-1])
    detail = service(ui_url).get_task(3)
    assert detail.row.deadline == date(2026, 11, 24)
    assert [(e.from_value, e.to_value) for e in detail.history if e.action == "deadline_changed"][-2:] == [
        ("2026-11-24", "2027-03-31"),
        ("2027-03-31", "2026-11-24"),
    ]


async def test_progress_cannot_be_unsaid(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("p", *"已劝返3人", "enter")
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # nothing to confirm
        assert "不能撤销: 区教体局 报告进展 #1" in notices(app)
    assert service(ui_url).get_task(1).history[-1].note == "已劝返3人"


def test_plans_for_reject_reopen_and_extension(ui_url: str) -> None:
    """The other compensations, without the UI: each restores the state before the action."""
    from tasktui.ui.undo import plan_undo

    svc = service(ui_url)
    before = svc.get_task(3).row  # 已交办, 区住建局
    after = svc.reject(3, "重复", expected_version=before.version)
    plan = plan_undo(svc, "reject", before, after, "区政府督查室 不立项 #3")
    assert plan.does == "重新打开并交办回 区住建局"
    row = plan.run()
    assert (row.status, row.lead) == ("已交办", "区住建局")

    before = svc.get_task(7).row  # 已销号
    after = svc.reopen(7, "抽查发现问题", expected_version=before.version)
    row = plan_undo(svc, "reopen", before, after, "x").run()
    assert row.status == "已销号"

    before = svc.get_task(3).row
    after = svc.extend(3, "2026-12-31", expected_version=before.version)
    grant = plan_undo(svc, "extend", before, after, "x")  # a grant answered a request: kept
    assert not grant.possible and "设定时限" in grant.why_not
    after_d = svc.set_deadline(3, "2027-01-31", expected_version=after.version)
    assert plan_undo(svc, "deadline", after, after_d, "x").run().deadline == date(2026, 12, 31)

    dept = service(ui_url, "区住建局")
    before = dept.get_task(5).row
    after = dept.mark_done(5, "完成", expected_version=before.version)
    plan = plan_undo(dept, "done", before, after, "区住建局 标记完成 #5")
    assert not plan.possible and "督查室" in plan.why_not


def test_undo_refuses_when_someone_changed_the_task_meanwhile(ui_url: str) -> None:
    from tasktui.store.errors import StaleEditError
    from tasktui.ui.undo import plan_undo

    svc = service(ui_url)
    before = svc.get_task(3).row
    after = svc.mark_done(3, "完成", expected_version=before.version)
    plan = plan_undo(svc, "done", before, after, "x")
    svc.add_note(3, "他人的备注")
    with pytest.raises(StaleEditError):
        plan.run()
    assert svc.get_task(3).row.status == "已完成待核"
