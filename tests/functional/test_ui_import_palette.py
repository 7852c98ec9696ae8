"""Pilot tests for the paths the first round left untested: importing from inside the app
(a task file and a speech), the command palette, the theme toggle, and what an 80x24
terminal shows (footer, status line)."""

from __future__ import annotations

from pathlib import Path

from helpers import goto, main_screen, notices, read_data, service, settle, shown_ids
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import Input, Static

from tasktui.config import UiConfig
from tasktui.textwidth import width
from tasktui.ui.app import DARK, LIGHT, TaskTuiApp
from tasktui.ui.dialogs.assign import AssignDialog
from tasktui.ui.dialogs.import_file import ImportDialog
from tasktui.ui.dialogs.report import ReportDialog
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.tabs import Filters

QUIET = UiConfig(poll_seconds=3600, theme=DARK)

TASK_FILE = read_data("import_heating.toml")  # a meeting with two tasks, no lead

SPEECH = """在全区冬季安全生产工作会议上的讲话

同志们：

今天召开会议，主要是部署冬季安全生产工作。下面，我讲三点意见。

一、压实安全生产责任

一要开展燃气安全隐患排查。区住建局要牵头，12月15日前完成全区餐饮场所燃气管道排查。

二要加强校园安全管理。区教体局要会同区卫健委，本月底前完成全区学校食堂安全检查。
"""


async def import_via_dialog(pilot, app: TaskTuiApp, path: Path, meeting_date: str = "") -> None:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportDialog)
    app.screen.query_one("#path", Input).value = str(path)
    if meeting_date:
        await pilot.press("tab", *meeting_date)
    await pilot.press("enter")
    for _ in range(100):
        await settle(pilot, 1)
        if isinstance(app.screen, MainScreen):
            break
    await settle(pilot)


async def test_import_task_file_and_speech_land_in_triage(ui_url: str, tmp_path: Path) -> None:
    toml = tmp_path / "供暖.toml"
    toml.write_text(TASK_FILE, encoding="utf-8")
    speech = tmp_path / "安全生产讲话.txt"
    speech.write_text(SPEECH, encoding="utf-8")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await import_via_dialog(pilot, app, toml)
        assert "「冬季供暖专题会」: 2 条，督办事项 2，有责任单位 0，时限待定 0" in notices(app)
        assert main_screen(app).view_id == "triage"
        assert sorted(shown_ids(app)) == [2, 6, 8, 9]
        headings = {r.heading for r in main_screen(app).table.rows_data}
        assert {"排查老旧小区供热管网", "设立供暖投诉专线"} <= headings
        assert "待分派 4" in str(main_screen(app).query_one("#view-triage").label)

        await import_via_dialog(pilot, app, speech, "2026-11-18")
        assert "督办事项 3，有责任单位 2，时限待定 0" in notices(app)
        rows = {r.heading: r for r in main_screen(app).table.rows_data}
        assert rows["开展燃气安全隐患排查"].deadline.isoformat() == "2026-12-15"
        assert rows["加强校园安全管理"].meeting == "在全区冬季安全生产工作会议上的讲话"

        await pilot.press("i")  # the same file again: said, not duplicated
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(toml)
        await pilot.press("enter")
        for _ in range(100):
            await settle(pilot, 1)
            if "已导入过" in notices(app):
                break
        assert "「冬季供暖专题会」已导入过，跳过" in notices(app)
    assert service(ui_url).count_tasks(main_screen_query("triage")) == 7


def main_screen_query(view: str):  # type: ignore[no-untyped-def]
    from helpers import TODAY

    from tasktui.ui.tabs import view_query

    return view_query(view, TODAY)


async def test_import_refuses_a_missing_file_in_the_dialog(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"nofile.toml", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        assert "找不到文件" in str(app.screen.query_one("#error", Static).render())


async def run_from_palette(pilot, app: TaskTuiApp, words: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*words)
    from textual.command import CommandList

    for _ in range(100):  # the providers search in the background
        await pilot.pause(0.02)
        if app.screen.query_one(CommandList).option_count:
            break
    await pilot.press("down", "enter")  # the best hit
    await settle(pilot)


async def test_command_palette_runs_screen_and_app_actions(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, app, "周报")
        assert isinstance(app.screen, ReportDialog)
        await pilot.press("escape")
        await pilot.pause()
        await run_from_palette(pilot, app, "切换明暗")
        assert app.theme == LIGHT
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 6)
        await run_from_palette(pilot, app, "交办")
        assert isinstance(app.screen, AssignDialog)


async def test_department_palette_has_no_office_actions(ui_url: str) -> None:
    from tasktui.ui.commands import TaskActions

    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commands = TaskActions(app.screen, None)._commands()
        names = {desc.split(":")[0].split(" ")[0] for desc, _, _ in commands}
        assert {"进展", "完成", "周报", "撤销", "帮助"} <= names
        assert not names & {"交办", "不立项", "销号", "时限", "导入"}
        assert "视图: 我的" in {desc for desc, _, _ in commands}


async def test_theme_toggle_recolours_the_countdown(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = main_screen(app).table
        dark_background = main_screen(app).styles.background
        await pilot.press("t")
        await settle(pilot)
        assert app.theme == LIGHT
        assert main_screen(app).styles.background != dark_background
        assert table._colors == {
            "red": app.current_theme.error,
            "yellow": app.current_theme.warning,
            "green": app.current_theme.success,
        }
        overdue = table.get_row("1")[2]  # 逾期5天 (after the 选 mark column), in the light theme's red
        assert app.current_theme.error.lower() in str(overdue.style).lower()
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == DARK


async def test_80_columns_footer_and_status_line(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        keys = list(screen.query("FooterKey"))
        shown = {k.description for k in keys}
        assert {"交办", "完成", "销号", "搜索", "筛选", "退出", "帮助", "命令"} <= shown
        assert sum(width(k.key_display) + width(k.description) + 1 for k in keys) + 1 <= 80
        assert all(k.region.right <= 80 for k in keys)  # nothing drawn past the edge
        # Several filters and a long meeting title: the line is cut, the way out stays.
        screen.filters = Filters(
            unit="区住建局",
            status="已交办",
            meeting_id=1,
            meeting_title="全区义务教育优质均衡发展迎检工作会议暨2026年秋季开学工作部署会",
            search="校舍",
        )
        screen.reload()
        await settle(pilot)
        line = str(screen.query_one("#status-line", Static).render()).rstrip()
        assert cell_len(line) <= 78 and line.endswith("（Esc 清除）") and "单位: 区住建局" in line
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert {"撤销", "周报", "统计"} <= {k.description for k in screen.query("FooterKey")}
        await pilot.press("escape")  # clears the filters; the line has room for everything
        await settle(pilot)
        assert str(screen.query_one("#status-line", Static).render()).endswith("按倒计时排序  ・ 督查室")


async def test_assign_dialog_takes_pinyin_initials(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 6)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#lead", Input).value = ""
        await pilot.press(*"zjj")
        await pilot.pause()
        assert "= 区住建局" in str(app.screen.query_one("#lead-hint", Static).render())
        await pilot.press("enter")
        await settle(pilot)
    assert service(ui_url).get_task(6).row.lead == "区住建局"


async def test_the_palette_says_no_match_in_chinese(ui_url: str) -> None:
    from textual.command import CommandList

    from tasktui.ui.palette import NO_MATCHES

    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"qqqzzz")
        palette = app.screen
        listed = palette.query_one(CommandList)
        for _ in range(100):  # the line comes after Textual's short countdown
            await pilot.pause(0.02)
            if any(listed.get_option_at_index(i).id == palette._NO_MATCHES for i in range(listed.option_count)):
                break
        prompts = [listed.get_option_at_index(i).prompt for i in range(listed.option_count)]
        shown = [str(getattr(p, "plain", None) or getattr(p, "renderable", p)) for p in prompts]
        assert shown == [NO_MATCHES]


async def test_ctrl_c_says_how_to_quit_in_chinese(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        said = [(str(n.title), str(n.message)) for n in app._notifications]
        assert said == [("要退出吗？", "按 q 退出督办事项（正在输入时先按 Esc 离开输入框）")]
        assert app.is_running


async def test_the_key_panel_lists_no_english_on_the_tables(ui_url: str) -> None:
    """按键说明 (Textual's key panel) lists the active bindings: on the task table, the units
    and the meetings screens every description is in Chinese (Textual's say "Cursor up")."""
    import re

    english = re.compile(r"[A-Za-z]{3,}")
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for key in (None, "U", "m"):
            if key is not None:
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press(key)
                await settle(pilot)
            words = {b.binding.description for b in app.active_bindings.values() if b.binding.description}
            assert words and not [w for w in words if english.search(w)], (key, sorted(words))
