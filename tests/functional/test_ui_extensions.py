"""Pilot tests for lead-only done and the extension queue: press the real keys, check the
screen and what the store holds.

The UI store (tests/data/ui_store.toml): #3 led by 区住建局 (已交办, due 11-24); #5 led by
区住建局 with 区教体局 as co-owner (已交办, due 12-31)."""

from __future__ import annotations

import io
from datetime import date

from helpers import goto, main_screen, notices, service, settle, shown_ids
from rich.console import Console
from textual.widgets import Input, Static

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.deadline import DeadlineDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.detail_pane import render_detail

QUIET = UiConfig(poll_seconds=3600)


def ask_for_time(url: str) -> None:
    """区住建局 asks for more time on #3 and #5, with reasons."""
    unit = service(url, "区住建局")
    unit.extend(3, "2026-12-20", note="施工队伍未进场")
    unit.extend(5, "2027-01-20", note="需协调资金")
    unit.store.dispose()


def pane_text(screen: MainScreen) -> str:
    """The detail pane's text as it draws it (what it shows, rendered without colour)."""
    detail = screen.detail_pane.detail
    assert detail is not None
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(render_detail(detail))
    return console.export_text()


def text_of(app: TaskTuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_office_grants_from_the_queue_with_the_date_asked_for(ui_url: str) -> None:
    ask_for_time(ui_url)
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert "待批延期 2" in str(screen.query_one("#view-extensions").label)
        await pilot.press("7")  # 待批延期
        await settle(pilot)
        assert shown_ids(app) == [3, 5]  # by days left
        cells = [str(c) for c in screen.table.get_row("3")]
        assert any("区住建局" in c for c in cells) and any("2026-12-20" in c for c in cells)
        assert any("施工队伍未进场" in c for c in cells)
        assert "待批延期  区住建局 申请延至 2026-12-20" in pane_text(screen)
        await pilot.press("enter")  # the queue's Enter: answer the request
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeadlineDialog)
        assert dialog.query_one("#value", Input).value == "2026-12-20"  # pre-filled
        assert "施工队伍未进场" in text_of(app, "#request") and "区住建局" in text_of(app, "#request")
        assert "2026-12-20" in text_of(app, "#preview")
        await pilot.press("enter")  # grant as asked
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert shown_ids(app) == [5]  # answered: out of the queue
        assert "待批延期 1" in str(screen.query_one("#view-extensions").label)
    detail = service(ui_url).get_task(3)
    assert detail.row.deadline == date(2026, 12, 20)
    assert detail.row.extension is None and detail.original_deadline == date(2026, 11, 24)
    assert detail.history[-1].action == "extension_granted"


async def test_office_denies_with_a_reason_in_the_dialog(ui_url: str) -> None:
    ask_for_time(ui_url)
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await goto(pilot, app, 5)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        app.screen.query_one("#deny").focus()
        await pilot.press("enter")  # deny without a reason: refused in the dialog
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        assert "驳回需要填写理由" in text_of(app, "#error")
        assert app.screen.focused is app.screen.query_one("#note", Input)
        await pilot.press(*"资金已落实", "enter")  # Enter in the reason grants nothing
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        assert "请选择「批准」或「驳回」" in text_of(app, "#error")
        assert service(ui_url).get_task(5).history[-1].action == "extension_requested"
        app.screen.query_one("#deny").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert shown_ids(app) == [3]
        assert "驳回延期" in notices(app)
        await pilot.press("u")  # a denial cannot be taken back: the undo says so
        await pilot.pause()
        assert "驳回已记录" in notices(app)
    detail = service(ui_url).get_task(5)
    assert detail.row.deadline == date(2026, 12, 31)  # unchanged
    last = detail.history[-1]
    assert (last.action, last.to_value, last.note) == ("extension_denied", "2027-01-20", "资金已落实")


async def test_co_owner_done_key_is_dimmed_and_says_why(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await goto(pilot, app, 5)  # 区教体局 co-owns it, 区住建局 leads
        assert screen.check_action("done", ()) is None  # shown, dimmed
        done_key = next(k for k in screen.query("FooterKey") if k.description == "完成")
        assert done_key.has_class("-disabled")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # no dialog
        assert "只有牵头单位（区住建局）可以标记完成" in notices(app)
        # Its part is progress: that key works, and the detail shows it per unit.
        await pilot.press("p", *"周边道路已摸排", "enter")
        await settle(pilot)
        body = pane_text(screen)
        assert "各单位进展" in body and "周边道路已摸排" in body and "尚未报告" in body
        await goto(pilot, app, 1)  # its own lead task: the key is live
        assert screen.check_action("done", ()) is True
    assert service(ui_url).get_task(5).row.status == "整改中"


async def test_second_request_is_refused_in_words(ui_url: str) -> None:
    ask_for_time(ui_url)
    app = TaskTuiApp(service(ui_url, "住建局"), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await goto(pilot, app, 3)
        assert screen.check_action("extend", ()) is None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "已有待批的延期申请（区住建局申请延至2026-12-20）" in notices(app)
    assert len([e for e in service(ui_url).get_task(3).history if e.action == "extension_requested"]) == 1
