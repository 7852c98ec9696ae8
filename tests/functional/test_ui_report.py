"""The weekly report from the UI: `w` asks for the week, format and file, writes it in a
worker and says where it went; the file is read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TODAY, opened, service, settle, wait_for_notice
from openpyxl import load_workbook
from textual.widgets import Input, Select, Static

from tasktui.config import ReportSettings, UiConfig
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.report import ReportDialog
from tasktui.ui.reporting import parse_period
from tasktui.ui.screens.main import MainScreen

QUIET = UiConfig(poll_seconds=3600)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default file name lands in the current folder


async def test_report_xlsx_with_defaults_and_typed_name(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        assert dialog.query_one("#period", Input).value == "2026-W47"  # the week of the fixed today
        assert "2026年第47周" in str(dialog.query_one("#preview", Static).render())
        assert dialog.query_one("#path", Input).value == "督办周报-2026-W47.docx"
        dialog.query_one("#path", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"周报.xlsx")  # typing the suffix picks the format
        await pilot.pause()
        assert dialog.query_one("#format", Select).value == "xlsx"
        await pilot.press("enter")
        text = await wait_for_notice(pilot, app, "已写入")
        assert isinstance(app.screen, MainScreen)
    out = tmp_path / "周报.xlsx"
    assert f"已写入 {out.resolve()}" in text
    # 7 directives, 2 of them 待分派 (in no rate); #1 and #6 (两周内 from 11-02) overdue;
    # #7 closed (1/5), #4 said done (2/5 with it).
    assert "跟踪 7 项（待分派 2 项），逾期 2 项，销号率 20.00%，完成率（含待核） 40.00%" in text
    sheet = load_workbook(out, read_only=True)["台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "任务ID", "会议", "编号", "工作任务", "牵头单位")
    assert len(rows) == 1 + 7
    assert any(r[4] and "老旧校舍" in str(r[4]) and r[5] == "区住建局" for r in rows[1:])


async def test_department_report_md_for_a_date_range(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url, "区住建局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        dialog.query_one("#period", Input).value = ""
        await pilot.press(*"2026-11-01~2026-11-20")
        await pilot.pause()
        select = dialog.query_one("#format", Select)
        select.focus()
        await pilot.press("enter")  # open the list: docx, xlsx, md…
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert select.value == "md"
        path = dialog.query_one("#path", Input).value
        assert path == "督办周报-2026-11-01_2026-11-20-区住建局.md"
        await pilot.press("ctrl+s")
        text = await wait_for_notice(pilot, app, "已写入")
    assert "已写入" in text
    md = (tmp_path / path).read_text(encoding="utf-8")
    assert "区住建局" in md and "老旧校舍" in md
    assert "控辍保学" not in md  # another unit's task stays out of its report


async def test_report_refuses_a_week_that_has_not_started(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#period", Input).value = "2026-W50"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportDialog)
        assert "还没开始" in str(app.screen.query_one("#error", Static).render())


def test_parse_period_forms() -> None:
    assert parse_period("", TODAY).label == "2026-W47"
    assert parse_period("2026w46", TODAY).label == "2026-W46"
    assert parse_period("2026-11-18", TODAY).label == "2026-W47"  # a date: its week
    assert parse_period("2026-11-01 至 2026-11-15", TODAY).label == "2026-11-01_2026-11-15"
    assert parse_period("2026年11月16日-2026年11月22日", TODAY).label == "2026-W47"
    for bad in ("上周", "2026-11-15~2026-11-01", "2026-02-30", "2026-W60"):
        with pytest.raises(ValueError):
            parse_period(bad, TODAY)


async def test_report_dialog_issue_and_office_from_settings(ui_url: str, tmp_path: Path) -> None:
    """期号 counted from [report] first_issue_week follows the period until the user types
    one; 编制单位 from [report] office; both end up in the report."""
    settings = ReportSettings(office="区人民政府督查室", first_issue_week="2026-W36")
    app = TaskTuiApp(service(ui_url), UiConfig(poll_seconds=3600, report=settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        issue, office = dialog.query_one("#issue", Input), dialog.query_one("#office", Input)
        assert (issue.value, office.value) == ("12", "区人民政府督查室")  # W36 is 第1期, W47 第12期
        dialog.query_one("#period", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-W40")
        await pilot.pause()
        assert issue.value == "5"
        await pilot.press("ctrl+a", "ctrl+k", *"2026-W30")  # before 第1期: none
        await pilot.pause()
        assert issue.value == ""
        issue.focus()
        await pilot.press(*"第七期")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReportDialog)
        assert "期号应为 1 到 9999 的整数" in str(dialog.query_one("#error", Static).render())
        await pilot.press("ctrl+a", "ctrl+k", *"7")
        dialog.query_one("#period", Input).value = "2026-W46"  # a typed 期号 stays put
        await pilot.pause()
        assert issue.value == "7"
        dialog.query_one("#path", Input).value = "w46.md"
        await pilot.press("ctrl+s")
        text = await wait_for_notice(pilot, app, "已写入")
    assert "第7期 2026年第46周" in text
    head = (tmp_path / "w46.md").read_text(encoding="utf-8").splitlines()
    assert head[:4] == ["# 区人民政府督查室督办工作周报", "", "第7期  ", "编制单位：区人民政府督查室  "]


async def test_report_dialog_without_settings(ui_url: str, tmp_path: Path) -> None:
    """No [report] settings: no 期号, and an empty 编制单位 means the store's office."""
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        assert dialog.query_one("#issue", Input).value == ""
        office = dialog.query_one("#office", Input)
        assert office.value == "" and "区政府督查室" in str(office.placeholder)
        dialog.query_one("#path", Input).value = "r.md"
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, app, "已写入")
    head = (tmp_path / "r.md").read_text(encoding="utf-8").splitlines()
    assert head[2] == "编制单位：区政府督查室  "


def test_parse_period_months_and_quarters() -> None:
    assert parse_period("2026-10", TODAY).label == "2026-10"
    assert parse_period("2026年10月", TODAY).label == "2026-10"
    assert parse_period("2026Q3", TODAY).label == "2026Q3"
    assert parse_period("2026年第三季度", TODAY).label == "2026Q3"
    with pytest.raises(ValueError, match="不是月份"):
        parse_period("2026-13", TODAY)
    with pytest.raises(ValueError, match="不是季度"):
        parse_period("2026Q7", TODAY)


async def test_report_dialog_takes_a_month(ui_url: str, tmp_path: Path) -> None:
    """A month typed in the period field: its title in the preview, its 期号 from
    [report] first_issue_month, a 月报 file name, a 月报 written."""
    settings = ReportSettings(first_issue_week="2026-W36", first_issue_month="2026-01")
    app = TaskTuiApp(service(ui_url), UiConfig(poll_seconds=3600, report=settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        dialog.query_one("#period", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-10")
        await pilot.pause()
        assert "2026年10月（2026年10月1日" in str(dialog.query_one("#preview", Static).render())
        assert dialog.query_one("#issue", Input).value == "10"
        assert dialog.query_one("#path", Input).value == "督办月报-2026-10.docx"
        dialog.query_one("#path", Input).value = "oct.md"
        await pilot.press("ctrl+s")
        text = await wait_for_notice(pilot, app, "已写入")
    assert "第10期 2026年10月" in text
    head = (tmp_path / "oct.md").read_text(encoding="utf-8").splitlines()
    assert head[0].endswith("督办工作月报") and head[2] == "第10期  "


async def test_report_refuses_an_office_name_with_an_invisible_character(ui_url: str, tmp_path: Path) -> None:
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        dialog.query_one("#office", Input).value = "区政府\u200b督查室"
        dialog.query_one("#path", Input).value = str(tmp_path / "周报.docx")
        dialog.action_save()
        await pilot.pause()
        assert app.screen is dialog  # not dismissed: nothing written
        assert "编制单位含有不可见字符" in str(dialog.query_one("#error", Static).render())
        assert not (tmp_path / "周报.docx").exists()


async def test_report_csv_from_the_dialog_is_the_full_reports_table(ui_url: str, tmp_path: Path) -> None:
    """For csv the dialog builds the task table alone (as `tasktui report` does): the file
    holds the bytes the whole report's csv held, and the toast the same result line."""
    from tasktui.report.make import Masthead, make_report, render_bytes
    from tasktui.report.period import parse_week
    from tasktui.textwidth import safe

    whole = make_report(service(ui_url), parse_week("2026-W47"), Masthead(None, None))
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        dialog.query_one("#path", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"周报.csv")
        await pilot.pause()
        assert dialog.query_one("#format", Select).value == "csv"
        await pilot.press("enter")
        text = await wait_for_notice(pilot, app, "已写入")
    assert (tmp_path / "周报.csv").read_bytes() == render_bytes(whole, "csv")
    assert safe(whole.result_line()) in text  # as the toast shows it (the dash drawn full-width)
