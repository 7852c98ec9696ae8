"""Pilot tests of the meetings screen and dialog (issue 12, item 1) and of the deadline
dialog's preview with the store's calendar: keys pressed as a user does, then the screen
and the store checked."""

from __future__ import annotations

from datetime import date

from helpers import goto, main_screen, notices, service, settle, shown_ids
from textual.widgets import DataTable, Input, Static

from tasktui.config import UiConfig
from tasktui.extract.holidays import HolidayBreak, YearSchedule
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.deadline import DeadlineDialog
from tasktui.ui.dialogs.meeting import MeetingDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.screens.meetings import MeetingsScreen

QUIET = UiConfig(poll_seconds=3600)
# tests/data/ui_store.toml: meeting 2 城市建设推进会 (2026-11-02) holds task 6, 做好冬季供暖保障工作,
# deadline 两周内 = 2026-11-16: four days overdue on 2026-11-20.
HEATING = 6


def countdown_of(app: TaskTuiApp, task_id: int) -> str:
    row = next(r for r in main_screen(app).table.rows_data if r.id == task_id)
    return row.countdown.label


async def test_edit_a_meeting_date_and_see_the_countdown_change(ui_url: str) -> None:
    for size in ((160, 45), (80, 24)):
        app = TaskTuiApp(service(ui_url), QUIET)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("1")  # 待分派
            await settle(pilot)
            assert HEATING in shown_ids(app)
            before = countdown_of(app, HEATING)
            await pilot.press("m")
            await settle(pilot)
            assert isinstance(app.screen, MeetingsScreen)
            table = app.screen.query_one("#meetings", DataTable)
            assert table.row_count == 2
            await pilot.press("down", "enter")  # the second meeting
            await pilot.pause()
            assert isinstance(app.screen, MeetingDialog)
            field = app.screen.query_one("#date", Input)
            field.focus()
            field.cursor_position = len(field.value)
            await pilot.press(*["backspace"] * len(field.value))
            new = "11月15日" if size == (160, 45) else "2026年11月18日"
            await pilot.press(*new)
            await pilot.pause()
            preview = str(app.screen.query_one("#preview", Static).render())
            assert "重新计算" in preview
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, MeetingsScreen)
            assert "重新计算了 1 个事项的时限" in notices(app)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            after = countdown_of(app, HEATING)
            assert after != before
            if size == (160, 45):
                assert (before, after) == ("逾期4天", "剩9天")  # 两周内 from Nov 15: Nov 29
            else:
                assert (before, after) == ("剩9天", "剩12天")  # from Nov 18: Dec 2
    row = service(ui_url).get_task(HEATING).row
    assert (row.meeting_date, row.deadline) == (date(2026, 11, 18), date(2026, 12, 2))
    history = service(ui_url).get_task(HEATING).history
    assert [e.action for e in history[-2:]] == ["deadline_changed", "deadline_changed"]
    assert history[-1].note == "会议日期 2026-11-15 → 2026-11-18，按「两周内」重新计算"


async def test_meeting_dialog_refuses_a_bad_date_and_keeps_what_was_typed(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDialog)
        field = app.screen.query_one("#date", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"2026年2月30日")
        await pilot.pause()
        assert "不存在" in str(app.screen.query_one("#preview", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDialog)  # still open, the text kept
        assert field.value == "2026年2月30日"
        assert "会议日期有误" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("escape", "escape")
        await settle(pilot)
    assert service(ui_url).meetings()[0].date == date(2026, 10, 9)


async def test_meetings_from_the_palette_and_not_for_departments(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"查看会议")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
    unit = TaskTuiApp(service(ui_url, "区教体局"), QUIET)
    async with unit.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(unit.screen, MainScreen)  # the key does nothing for a department
        assert main_screen(unit).check_action("meetings", ()) is False


async def test_deadline_preview_says_when_holidays_are_estimated(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, HEATING)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        assert "短语按会议日期 2026-11-02 计算" in str(app.screen.query_one(".dialog-hint", Static).render())
        await pilot.press(*"春节前")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "2027-02-04" in preview and "估算" in preview
        await pilot.press("escape")
        await settle(pilot)
    # With the office's 2027 schedule imported the same phrase gives the official date.
    svc = service(ui_url)
    svc.import_holidays(
        YearSchedule(2027, (HolidayBreak(("春节",), date(2027, 2, 6), date(2027, 2, 14)),), "imported"), "h.toml"
    )
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, HEATING)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"春节前")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "2027-02-05" in preview and "估算" not in preview
