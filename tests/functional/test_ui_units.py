"""Pilot tests of units in the UI: the units view (U) with 登记, 别名, 更名 and 合并, the
units an imported speech names (register all, some or none), and "did you mean" in the
assign dialog, which reads the units as they are when it saves.

The store is tests/data/ui_store.toml: 区教体局 (教体局, 教育体育局) leads 1 and 4 and
co-owns 5; 区卫健委 co-owns 1; 区住建局 leads 3, 5, 7; 2 and 6 are 待分派."""

from __future__ import annotations

from pathlib import Path

from helpers import goto, main_screen, notices, service, settle
from textual.widgets import DataTable, Input, SelectionList, Static

from tasktui.config import UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.assign import AssignDialog
from tasktui.ui.dialogs.import_file import ImportDialog
from tasktui.ui.dialogs.unit_add import UnitAddDialog
from tasktui.ui.dialogs.unit_merge import UnitMergeDialog
from tasktui.ui.dialogs.unit_proposals import UnitProposalsDialog
from tasktui.ui.dialogs.unit_rename import UnitRenameDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.screens.units import UnitsScreen

QUIET = UiConfig(poll_seconds=3600)

SPEECH = """在全区冬季城市管理工作会议上的讲话

同志们：

今天召开会议，主要是部署冬季城市管理工作。下面，我讲两点意见。

一、压实工作责任

一要开展燃气安全隐患排查。区应急管理局要牵头，12月15日前完成全区餐饮场所燃气管道排查。

二要加强占道经营整治。区城管局要会同区住建局，本月底前完成主要街道整治。
"""


def rows(app: TaskTuiApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_units(pilot, app: TaskTuiApp) -> UnitsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("U")
    await settle(pilot)
    assert isinstance(app.screen, UnitsScreen)
    return app.screen


async def to_unit(pilot, screen: UnitsScreen, name: str) -> None:  # type: ignore[no-untyped-def]
    screen.query_one(DataTable).move_cursor(row=[u.name for u in screen.units].index(name))
    await pilot.pause()


async def test_units_view_lists_units_by_pinyin_with_counts(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_units(pilot, app)
        assert rows(app) == [
            ["区教体局", "教体局、教育体育局", "2", "1", "2"],
            ["区卫健委", "卫健委", "0", "1", "1"],
            ["区住建局", "住建局", "3", "0", "2"],
        ]
        assert "共 3 个单位" in str(app.screen.query_one("#units-line", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_add_a_unit_close_to_a_known_one_then_alias_it(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = await open_units(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, UnitAddDialog)
        await pilot.press(*"区教休局")
        await pilot.pause()
        assert "与已登记的「区教体局」相近" in str(app.screen.query_one("#name-hint", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnitAddDialog)  # said first, what was typed kept
        error = str(app.screen.query_one("#error", Static).render())
        assert "「区教休局」与已登记的「区教体局」相近，未添加。如确是另一个单位，再按「登记」" in error
        assert app.screen.query_one("#name", Input).value == "区教休局"
        await pilot.press("enter")  # the second time it is registered
        await settle(pilot)
        assert app.screen is screen
        assert "已登记单位「区教休局」" in notices(app)
        assert screen.current is not None and screen.current.name == "区教休局"  # the cursor is on it
        await pilot.press("l", *"教休局", "enter")
        await settle(pilot)
        assert ["区教休局", "教休局", "0", "0", "0"] in rows(app)
    assert service(ui_url).resolve_department("教休局") == "区教休局"


async def test_rename_a_unit_and_the_task_history_says_so(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = await open_units(pilot, app)
        await to_unit(pilot, screen, "区住建局")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, UnitRenameDialog)
        assert "3 项事项的历史会记下更名" in str(app.screen.query("Static.dialog-hint").first().render())
        await pilot.press("ctrl+u", *"区住房和城乡建设局", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "「区住建局」已更名为「区住房和城乡建设局」，旧名称保留为别名" in notices(app)
        assert ["区住房和城乡建设局", "区住建局、住建局", "3", "0", "2"] in rows(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("6")  # 全部
        await settle(pilot)
        await goto(pilot, app, 3)
        detail = main_screen(app).detail_pane.detail
        assert detail is not None and detail.row.lead == "区住房和城乡建设局"
        assert detail.history[-1].label == "单位更名"
    history = service(ui_url).get_task(3).history
    assert [e.lead_after for e in history][-2:] == ["区住建局", "区住房和城乡建设局"]  # the old name kept


async def test_merge_a_unit_typed_by_its_initials(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = await open_units(pilot, app)
        await to_unit(pilot, screen, "区卫健委")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, UnitMergeDialog)
        await pilot.press(*"jtjj")  # a slip: no unit is spelled so
        await pilot.pause()
        assert "是否指「区教体局」" in str(app.screen.query_one("#into-hint", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnitMergeDialog)
        assert "未知单位「jtjj」，是否指「区教体局」？" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("backspace")
        await pilot.pause()
        assert "= 区教体局" in str(app.screen.query_one("#into-hint", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "「区卫健委」已并入「区教体局」：1 项事项转给「区教体局」" in notices(app)
        assert [r[0] for r in rows(app)] == ["区教体局", "区住建局"]
        assert screen.current is not None and screen.current.name == "区教体局"
    svc = service(ui_url)
    assert svc.get_task(1).row.co_owners == []  # 区教体局 leads it: not its own co-owner
    assert svc.resolve_department("卫健委") == "区教体局"


async def test_a_department_has_no_units_view(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.check_action("units", ()) is False
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_assign_finds_a_unit_registered_while_the_dialog_was_open(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 6)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignDialog)
        lead = app.screen.query_one("#lead", Input)
        lead.value = ""
        await pilot.press(*"区教休局")
        await pilot.pause()
        hint = str(app.screen.query_one("#lead-hint", Static).render())
        assert "未知单位「区教休局」，是否指「区教体局」？" in hint
        await pilot.press("enter")
        await pilot.pause()
        assert "未知单位「区教休局」，是否指「区教体局」？" in str(app.screen.query_one("#error", Static).render())
        other = service(ui_url)  # a colleague registers the unit meanwhile
        other.add_department("区应急管理局", ["应急局"])
        lead.value = ""
        await pilot.press(*"yjj", "enter")  # its initials, unknown when the dialog opened
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert service(ui_url).get_task(6).row.lead == "区应急管理局"


async def import_speech(pilot, app: TaskTuiApp, path: Path) -> UnitProposalsDialog:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportDialog)
    app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    for _ in range(100):
        await settle(pilot, 1)
        if isinstance(app.screen, UnitProposalsDialog):
            break
    assert isinstance(app.screen, UnitProposalsDialog)
    return app.screen


async def wait_main(pilot, app: TaskTuiApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        await settle(pilot, 1)
        if isinstance(app.screen, MainScreen):
            break
    await settle(pilot)


async def test_import_registers_all_the_units_the_speech_names(ui_url: str, tmp_path: Path) -> None:
    speech = tmp_path / "城市管理讲话.txt"
    speech.write_text(SPEECH, encoding="utf-8")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await import_speech(pilot, app, speech)
        listed = dialog.query_one(SelectionList)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "区应急管理局（1 项）",
            "区城管局（1 项）",
        ]
        assert len(listed.selected) == 2  # all picked at first
        await pilot.press("a")  # 全部登记
        await wait_main(pilot, app)
        assert "已登记单位：区应急管理局、区城管局" in notices(app)
        assert main_screen(app).view_id == "triage"
    names = dict(service(ui_url).departments())
    assert {"区应急管理局", "区城管局"} <= set(names)


async def test_import_registers_the_units_picked_or_is_cancelled(ui_url: str, tmp_path: Path) -> None:
    speech = tmp_path / "城市管理讲话.txt"
    speech.write_text(SPEECH, encoding="utf-8")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await import_speech(pilot, app, speech)
        await pilot.press("escape")  # cancels the import: nothing written
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        assert "已取消导入，未写入任何内容" in str(app.screen.query_one("#error", Static).render())
        assert len(service(ui_url).meetings()) == 2

        await pilot.press("enter")  # the import dialog still holds the path: again
        for _ in range(100):
            await settle(pilot, 1)
            if isinstance(app.screen, UnitProposalsDialog):
                break
        assert isinstance(app.screen, UnitProposalsDialog)
        await pilot.press("space")  # the first (区应急管理局) is no longer picked
        await pilot.pause()
        assert "登记所选（1）并导入" in str(app.screen.query_one("#ok").render())
        await pilot.press("enter")
        await wait_main(pilot, app)
        assert "已登记单位：区城管局" in notices(app)
    svc = service(ui_url)
    names = dict(svc.departments())
    assert "区城管局" in names and "区应急管理局" not in names
    assert len(svc.meetings()) == 3


async def test_the_units_view_shows_a_unit_another_person_registers(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), UiConfig(poll_seconds=0.2))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = await open_units(pilot, app)
        service(ui_url).add_department("区城管局", ["城管局"])  # another person, another process
        for _ in range(50):
            await pilot.pause(0.1)
            if "区城管局" in [u.name for u in screen.units]:
                break
        assert ["区城管局", "城管局", "0", "0", "0"] in rows(app)
