"""Pilot tests: press the real keys, then check what the screen shows and what the store holds."""

from __future__ import annotations

import io
from pathlib import Path

from helpers import TODAY, goto, main_screen, notices, service, settle, shown_ids
from textual.widgets import Input, Static

from tasktui.config import UiConfig, load_config
from tasktui.store.deadline_input import resolve_deadline_value
from tasktui.store.service import TaskQuery
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.assign import AssignDialog
from tasktui.ui.dialogs.deadline import DeadlineDialog
from tasktui.ui.dialogs.note import NoteDialog
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)  # no background polling unless a test wants it


def main(app: TaskTuiApp) -> MainScreen:
    return main_screen(app)


async def test_triage_accept_with_alias(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # 待分派
        await settle(pilot)
        assert sorted(shown_ids(app)) == [2, 6]
        await goto(pilot, app, 6)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignDialog)
        lead = app.screen.query_one("#lead", Input)
        lead.value = ""
        await pilot.press(*"住建局")  # an alias: saved as the canonical name
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert shown_ids(app) == [2]  # it left the triage queue
        assert "交办" in notices(app)
        assert "待分派 1" in str(main(app).query_one("#view-triage").label)
    row = service(ui_url).get_task(6).row
    assert (row.status, row.lead) == ("已交办", "区住建局")


async def test_triage_reject_and_undo(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 2)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"不属于督办范围", "enter")
        await settle(pilot)
        assert service(ui_url).get_task(2).row.status == "不立项"
        assert shown_ids(app) == [6]
        await pilot.press("u")
        await pilot.pause()
        assert "撤销: 区政府督查室 不立项 #2" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await settle(pilot)
        assert sorted(shown_ids(app)) == [2, 6]
    history = service(ui_url).get_task(2).history
    assert [e.action for e in history][-2:] == ["rejected", "reopened"]
    assert history[-1].status_after == "待分派"


async def test_assign_with_co_owner_and_deadline_phrase(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 2)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#lead", Input).value = "教体局"
        dialog.query_one("#co", Input).value = "卫健委"
        dialog.query_one("#deadline", Input).focus()
        await pilot.press(*"3月底前")
        await pilot.pause()
        preview = str(dialog.query_one("#preview", Static).render())
        expected, _, _ = resolve_deadline_value("3月底前", service(ui_url).get_task(2).row.meeting_date, TODAY)
        assert expected is not None and expected.isoformat() in preview
        await pilot.press("enter")
        await settle(pilot)
    row = service(ui_url).get_task(2).row
    assert (row.status, row.lead, row.co_owners, row.deadline) == ("已交办", "区教体局", ["区卫健委"], expected)


async def test_unknown_unit_is_refused_in_the_dialog(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await goto(pilot, app, 6)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#lead", Input).value = "教育局"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AssignDialog)
        assert "未知单位" in str(app.screen.query_one("#error", Static).render())
    assert service(ui_url).get_task(6).row.status == "待分派"


def pane_text(app: TaskTuiApp) -> str:
    """What the detail pane shows, as plain text."""
    from rich.console import Console

    from tasktui.ui.widgets.detail_pane import render_detail

    detail = main(app).detail_pane.detail
    assert detail is not None
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(render_detail(detail))
    return console.export_text()


async def test_set_deadline_by_phrase_shows_preview(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        await pilot.press(*"两周内")
        await pilot.pause()
        meeting_date = service(ui_url).get_task(3).row.meeting_date
        expected, _, _ = resolve_deadline_value("两周内", meeting_date, TODAY)
        assert expected is not None
        assert expected.isoformat() in str(app.screen.query_one("#preview", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert expected.isoformat() in str(main(app).table.get_row("3")[-1])
        await settle(pilot)
        pane = pane_text(app)
        # A phrase the secretary typed is the deadline's basis, said with who set it.
        assert "时限依据「两周内」（区政府督查室" in pane and "原文「两周内」" not in pane
    detail = service(ui_url).get_task(3)
    assert detail.row.deadline == expected and detail.row.deadline_phrase == "两周内"
    assert detail.history[-1].action == "deadline_changed"


async def test_bad_deadline_phrase_is_not_saved(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("d", *"2026-02-30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        assert "无法识别" in str(app.screen.query_one("#error", Static).render())
    assert service(ui_url).get_task(3).row.deadline.isoformat() == "2026-11-24"


async def test_department_reports_progress_and_marks_done(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert sorted(shown_ids(app)) == [1, 5]  # lead of #1, co-owner of #5; nobody else's
        assert "部门模式" in str(main(app).query_one("#status-line", Static).render())
        await goto(pilot, app, 1)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # an empty progress note is refused
        await pilot.pause()
        assert "请填写说明" in str(app.screen.query_one("#error", Static).render())
        await pilot.press(*"已劝返3人", "enter")
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"全部劝返", "enter")
        await settle(pilot)
        assert 1 not in shown_ids(app)  # done: out of 我的 (open)
        await pilot.press("4")  # 已完成
        await settle(pilot)
        assert 1 in shown_ids(app)
    detail = service(ui_url).get_task(1)
    assert detail.row.status == "已完成待核"
    assert [(e.actor, e.action, e.note) for e in detail.history[-2:]] == [
        ("区教体局", "progress", "已劝返3人"),
        ("区教体局", "done", "全部劝返"),
    ]


async def test_department_mode_hides_office_actions_and_other_units(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert sorted(shown_ids(app)) == [3, 5]
        await pilot.press("5")  # 全部, settled included
        await settle(pilot)
        assert sorted(shown_ids(app)) == [3, 5, 7]
        footer = {k.description for k in screen.query("FooterKey")}
        assert {"进展", "完成"} <= footer
        assert not footer & {"交办", "不立项", "销号", "时限", "导入"}
        for action in ("assign", "reject", "verify", "deadline", "reopen", "kind", "import_file"):
            assert screen.check_action(action, ()) is False
        await pilot.press("v", "a", "x")  # absent keys do nothing
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("slash", *"jtj", "enter")  # another unit's tasks stay hidden
        await settle(pilot)
        assert shown_ids(app) == [5]  # only its own task that 区教体局 co-owns


async def test_office_verifies_and_closes(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("5")  # 已完成
        await settle(pilot)
        await goto(pilot, app, 4)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "核验销号？" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")  # cancelling changes nothing
        await pilot.pause()
        assert service(ui_url).get_task(4).row.status == "已完成待核"
        await pilot.press("v", *"现场核查属实", "enter")
        await settle(pilot)
        assert "已销号" in str(main(app).table.get_row("4")[3])  # after the 选 mark column
    detail = service(ui_url).get_task(4)
    assert detail.row.status == "已销号"
    assert detail.history[-1].note == "现场核查属实"


async def test_search_by_text_pinyin_initials_and_unit(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kcbx", "enter")
        await settle(pilot)
        assert shown_ids(app) == [1]
        assert "kcbx" in str(main(app).query_one("#status-line", Static).render())
        assert "在办 1" in str(main(app).query_one("#view-open").label)
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = ""
        await pilot.press(*"jtj", "enter")  # pinyin initials of a unit
        await settle(pilot)
        assert sorted(shown_ids(app)) == [1, 4, 5]
        app.screen.query_one("#search", Input).value = "校舍"
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert shown_ids(app) == [3]
        await pilot.press("escape")
        await settle(pilot)
        assert sorted(shown_ids(app)) == [1, 3, 4, 5]


async def test_filter_dialog_by_unit_and_status(ui_url: str) -> None:
    from textual.widgets import Select

    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press(*"zjj")  # the unit field has the focus: 住建局 by its initials
        await pilot.pause()
        assert "= 区住建局" in str(app.screen.query_one("#unit-hint", Static).render())
        app.screen.query_one("#status", Select).value = "已交办"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sorted(shown_ids(app)) == [3, 5]
        assert "单位: 区住建局" in str(main(app).query_one("#status-line", Static).render())
        await pilot.press("6")  # 全部 keeps the filter
        await settle(pilot)
        assert sorted(shown_ids(app)) == [3, 5]


async def test_sort_by_column_survives_refresh(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # countdown -> status
        await settle(pilot)
        statuses = [r.status for r in main(app).table.rows_data]
        assert statuses == sorted(statuses)
        await pilot.press("r")
        await settle(pilot)
        assert [r.status for r in main(app).table.rows_data] == sorted(statuses, reverse=True)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [r.status for r in main(app).table.rows_data] == sorted(statuses, reverse=True)


async def test_a_note_does_not_conflict_with_someone_elses_change(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        # Meanwhile the department reports progress from its own process.
        other = service(ui_url, "区住建局")
        other.report_progress(3, "已开工")
        await pilot.press(*"督查室的备注", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "已被他人修改" not in notices(app)
    history = service(ui_url).get_task(3).history
    assert [e.note for e in history if e.action in ("note", "progress")] == ["已开工", "督查室的备注"]


async def test_a_refused_edit_comes_back_with_what_was_typed_and_what_changed(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 3)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineDialog)
        # Meanwhile someone else moves the deadline.
        service(ui_url).set_deadline(3, "2026-12-20")
        await pilot.press(*"2026-12-31")
        app.screen.query_one("#note", Input).value = "按区长批示"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DeadlineDialog)  # back, not a toast: nothing typed is lost
        assert app.screen.query_one("#value", Input).value == "2026-12-31"
        assert app.screen.query_one("#note", Input).value == "按区长批示"
        error = str(app.screen.query_one("#error", Static).render())
        assert "提交前已被他人修改" in error and "时限 2026-11-24 → 2026-12-20" in error
        await pilot.press("ctrl+s")  # submit again, on the fresh version
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    row = service(ui_url).get_task(3).row
    assert row.deadline is not None and row.deadline.isoformat() == "2026-12-31"


async def test_external_change_refreshes_and_keeps_cursor(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), UiConfig(poll_seconds=0.1))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 5)
        service(ui_url).assign(6, "区卫健委", deadline="2026-11-18")  # now overdue: sorts above #5
        for _ in range(30):
            await pilot.pause(0.05)
            await settle(pilot, 1)
            if 6 in shown_ids(app) and main(app).table.rows_data[shown_ids(app).index(6)].status == "已交办":
                break
        assert main(app).table.current.id == 5
        assert main(app).table.rows_data[shown_ids(app).index(6)].lead == "区卫健委"


async def test_keymap_from_config_file(ui_url: str, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[keymap]\nassign = "j"\n', encoding="utf-8")
    config = load_config(cfg)
    config.poll_seconds = 3600
    app = TaskTuiApp(service(ui_url), config)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, AssignDialog)


async def test_help_and_dashboard_open(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "g")
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"
        from tasktui.ui.widgets.dashboard import Dashboard

        units = {u.unit: u for u in app.screen.query_one(Dashboard).units}
        assert (units["区教体局"].overdue, units["区住建局"].done) == (1, 1)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_views_query_counts_match_list(ui_url: str) -> None:
    from tasktui.ui.tabs import OFFICE_VIEWS, view_query

    svc = service(ui_url)
    for v in OFFICE_VIEWS:
        q = view_query(v.id, TODAY)
        assert svc.count_tasks(q) == len(svc.list_tasks(q)), v.id
    assert svc.count_tasks(TaskQuery(include_settled=True)) == 7


def test_task_page_matches_list_tasks(ui_url: str) -> None:
    from dataclasses import replace

    from tasktui.ui.tabs import OFFICE_VIEWS, SORT_KEYS, view_query

    svc = service(ui_url)
    for v in OFFICE_VIEWS:
        for sort in SORT_KEYS:
            for desc in (False, True):
                q = replace(view_query(v.id, TODAY), sort=sort, descending=desc, offset=1, limit=3)
                assert [r.id for r in svc.task_page(q)] == [r.id for r in svc.list_tasks(q)], (v.id, sort, desc)
        q = replace(view_query(v.id, TODAY), search="jiao")
        assert svc.count_tasks(q) == len(svc.list_tasks(q))
