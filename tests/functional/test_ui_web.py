"""The app's web mode (`tasktui --web`, started by `tasktui serve`): no dialog takes or
shows a path on the server. 周报, 单位台账 and 催办 go to the browser through Textual's
`deliver_binary` (captured here, as the web driver would receive it) and nothing is
written in the current folder or beside the store; 导入 from the server's disk is off;
the status line names the login. Real store, real files read back from the bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

import docx
import pytest
from helpers import TODAY, notices, opened, service, settle, wait_until
from openpyxl import load_workbook
from textual.widgets import Label, Static

from tasktui.cli import main
from tasktui.config import ReportSettings, UiConfig
from tasktui.report.make import Masthead, make_report, render_text
from tasktui.report.period import week_of
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.import_file import ImportDialog
from tasktui.ui.dialogs.ledger import LedgerDialog
from tasktui.ui.dialogs.remind import RemindDialog
from tasktui.ui.dialogs.report import ReportDialog
from tasktui.ui.screens.main import WEB_NO_SERVER_FILES, MainScreen

QUIET = UiConfig(poll_seconds=3600, report=ReportSettings(office="某区政府督查室"))


class WebApp(TaskTuiApp):
    """The app in web mode, with what it hands to Textual's `deliver_binary` kept: the
    bytes, the name, the method and the type (the web driver would stream them)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, web=True, **kwargs)  # type: ignore[arg-type]
        self.delivered: list[tuple[bytes, str | None, str, str | None]] = []

    def deliver_binary(  # type: ignore[override]
        self,
        path_or_file: BinaryIO,
        *,
        save_directory: str | None = None,
        save_filename: str | None = None,
        open_method: str = "download",
        mime_type: str | None = None,
        name: str | None = None,
    ) -> str | None:
        assert save_directory is None  # no folder of the server named
        self.delivered.append((path_or_file.read(), save_filename, open_method, mime_type))
        return "key"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the store is here too (ui_url): any file written would show


def _files(folder: Path) -> set[str]:
    # SQLite's own -wal/-shm come and go with connections: they are the store, not output.
    return {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm", "-journal"))}


async def test_web_report_is_a_download_and_no_file_is_written(ui_url: str, tmp_path: Path) -> None:
    before = _files(tmp_path)
    app = WebApp(service(ui_url), QUIET, web_user="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "w", ReportDialog)
        assert not dialog.query("#path") and not dialog.query("#path-hint")
        labels = " ".join(str(w.render()) for w in dialog.query(Label))
        assert "保存到" not in labels
        hint = str(dialog.query_one("#download-hint", Static).render())
        assert hint == "生成后发送到浏览器下载: 督办周报-2026-W47.docx"
        assert str(tmp_path) not in hint
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.delivered) and "周报已生成" in _titles(app))
        text = notices(app)
        assert isinstance(app.screen, MainScreen)
    [(data, name, method, mime)] = app.delivered
    assert (name, method) == ("督办周报-2026-W47.docx", "download")
    assert mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "已发送到浏览器下载: 督办周报-2026-W47.docx" in text and str(tmp_path) not in text
    assert "跟踪 7 项（待分派 2 项），逾期 2 项" in text
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "2026年第47周" in body
    tables = docx.Document(io.BytesIO(data)).tables
    assert any("老旧校舍" in cell.text for t in tables for row in t.rows for cell in row.cells)
    assert _files(tmp_path) == before  # no report, no temporary file, in the cwd or beside the store


def _titles(app: TaskTuiApp) -> str:
    return " ".join(str(n.title) for n in app._notifications)


async def test_web_department_report_md_is_render_text(ui_url: str, tmp_path: Path) -> None:
    before = _files(tmp_path)
    app = WebApp(service(ui_url, "区住建局"), QUIET, web_user="李四")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.sub_title == f"网页 · 李四 · 部门模式 · 区住建局 · {TODAY.isoformat()}"
        dialog = await opened(pilot, app, "w", ReportDialog)
        select = dialog.query_one("#format")
        select.focus()
        await pilot.press("enter", "down", "down", "enter")  # docx, xlsx, md
        await pilot.pause()
        hint = str(dialog.query_one("#download-hint", Static).render())
        assert hint.endswith("督办周报-2026-W47-区住建局.md")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.delivered))
    [(data, name, _, mime)] = app.delivered
    assert name == "督办周报-2026-W47-区住建局.md" and mime == "text/markdown; charset=utf-8"
    svc = service(ui_url, "区住建局")
    expected = render_text(make_report(svc, week_of(TODAY), Masthead("某区政府督查室", None)), "md")
    svc.store.dispose()
    assert data == expected.encode("utf-8")
    assert _files(tmp_path) == before


async def test_web_import_is_hidden_and_the_key_says_why(ui_url: str) -> None:
    app = WebApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.check_action("import_file", ()) is False
        assert "i" not in screen.active_bindings  # so neither the footer nor `?` lists it
        from tasktui.ui.commands import TaskActions

        provider = TaskActions(screen)
        assert not any(action == "import_file" for _, action, _ in provider._commands())
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
        assert WEB_NO_SERVER_FILES in notices(app)
        assert "\n" not in WEB_NO_SERVER_FILES

    terminal = TaskTuiApp(service(ui_url), QUIET)  # not in the web mode: unchanged
    async with terminal.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert terminal.sub_title == f"督查室 · {TODAY.isoformat()}"
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(terminal.screen, ImportDialog)


async def test_web_status_line_names_the_login(ui_url: str) -> None:
    app = WebApp(service(ui_url), QUIET, web_user="张三")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.sub_title == f"网页 · 张三 · 督查室 · {TODAY.isoformat()}"
    nameless = WebApp(service(ui_url), QUIET, web_user=None)
    assert nameless.sub_title == f"网页 · 督查室 · {TODAY.isoformat()}"
    odd = WebApp(service(ui_url), QUIET, web_user="王\n五" + "长" * 40)
    assert "\n" not in odd.sub_title and odd.sub_title.startswith("网页 · 王 五长")


async def test_web_ledger_is_one_zip_of_workbooks(ui_url: str, tmp_path: Path) -> None:
    before = _files(tmp_path)
    app = WebApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await opened(pilot, app, "T", LedgerDialog)
        assert not dialog.query("#folder")
        assert str(dialog.query_one("#download-hint", Static).render()).startswith("打包为 单位台账-2026-11-20.zip")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "单位台账已写出" in _titles(app))
        text = notices(app)
    [(data, name, method, mime)] = app.delivered
    assert (name, method, mime) == ("单位台账-2026-11-20.zip", "download", "application/zip")
    assert "已发送到浏览器下载: 单位台账-2026-11-20.zip" in text and str(tmp_path) not in text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names and all(n.endswith(".xlsx") for n in names)
        ws = load_workbook(io.BytesIO(zf.read(names[0])))["台账"]
    assert ws["A2"].value.startswith("编制单位：某区政府督查室")
    assert _files(tmp_path) == before


async def test_web_remind_is_one_zip_and_records(ui_url: str, tmp_path: Path) -> None:
    before = _files(tmp_path)
    app = WebApp(service(ui_url), QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RemindDialog))
        dialog = app.screen
        assert not dialog.query("#folder")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "催办通知单已写出" in _titles(app))
        text = notices(app)
    [(data, name, _, mime)] = app.delivered
    assert name == "催办通知单-2026-11-20.zip" and mime == "application/zip"
    assert "份催办通知单）" in text and "各记录一次催办" in text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names and all(n.startswith("催办通知单-") and n.endswith(".docx") for n in names)
        doc = docx.Document(io.BytesIO(zf.read(names[0])))
    assert any("催办" in p.text for p in doc.paragraphs)
    svc = service(ui_url)
    reminded = [e for t in svc.list_tasks() for e in svc.get_task(t.id).history if e.action == "reminded"]
    svc.store.dispose()
    assert reminded  # the 催办 is on record, as the terminal's folder would have it
    assert _files(tmp_path) == before


def test_web_is_the_uis_only(ui_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", ui_url, "--web", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--web" in err
    assert main(["list", "--web"]) == 2  # after a command other than ui: not an option of it
    capsys.readouterr()
    assert main(["ui", "--help"]) == 0
    assert "在浏览器中运行" in capsys.readouterr().out


def test_cmd_ui_passes_web_and_the_login(
    ui_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tasktui.ui.app as ui_app

    seen: list[dict[str, object]] = []

    def run_app(svc: object, config_path: object = None, **kwargs: object) -> int:
        seen.append(kwargs)
        return 0

    monkeypatch.setattr(ui_app, "run_app", run_app)  # the UI is not started: only its arguments
    monkeypatch.setenv("TASKTUI_WEB_USER", "张三")
    assert main(["--db", ui_url, "--as", "区住建局", "--web"]) == 0
    assert main(["--db", ui_url]) == 0
    assert seen == [{"web": True, "web_user": "张三"}, {}]


async def test_screenshot_is_said_in_chinese(ui_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Outside a browser Textual saves it in the downloads folder: this test's own.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "dl"))
    (tmp_path / "dl").mkdir()
    terminal = TaskTuiApp(service(ui_url), QUIET)
    async with terminal.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        terminal.take_screenshot()
        await wait_until(pilot, lambda: "截图已保存" in notices(terminal))
    [svg] = list((tmp_path / "dl").iterdir())
    assert svg.suffix == ".svg" and f"截图已保存: {svg}" in notices(terminal)
    app = WebApp(service(ui_url), QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.take_screenshot()
        await wait_until(pilot, lambda: "截图已发送到浏览器" in notices(app))
        assert "Saved screenshot" not in notices(app)


async def test_web_toasts_do_not_show_where_the_server_keeps_the_store(ui_url: str) -> None:
    """A store error names the store's file (数据库 /srv/…/store.db 是只读的): in the browser
    the path is replaced by words; in a terminal, on the office's own machine, it stays."""
    svc = service(ui_url)
    path = str(svc.store.path)
    app = WebApp(svc, QUIET, web_user="张三")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.notify(svc.store.read_only_refusal(), title=f"无法写入 {path}")
        app.notify(f"无法写入 {svc.store.path.parent}/周报.docx：磁盘已满")  # type: ignore[union-attr]
        await settle(pilot)
        said = notices(app) + "\n".join(str(n.title) for n in app._notifications)
        assert path not in said and str(svc.store.path.parent) not in said  # type: ignore[union-attr]
        assert "数据库 服务器上的数据库 是只读的" in said and "服务器上的文件夹/周报.docx" in said
    terminal = TaskTuiApp(service(ui_url), QUIET)
    async with terminal.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        terminal.notify(svc.store.read_only_refusal())
        await settle(pilot)
        assert path in notices(terminal)


async def test_web_evidence_is_saved_as_a_download_and_not_attached_from_the_server(
    ui_url: str, tmp_path: Path
) -> None:
    from tasktui.ui.dialogs.attach import AttachDialog
    from tasktui.ui.dialogs.attachment_save import SaveAttachmentDialog

    pdf = b"%PDF-1.4\n% evidence\n"
    service(ui_url, "教体局").attach(1, [("整改报告.pdf", pdf)])
    before = _files(tmp_path)
    app = WebApp(service(ui_url, "教体局"), QUIET, web_user="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.check_action("attach", ()) is False  # a path on the server: hidden
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, AttachDialog)
        assert WEB_NO_SERVER_FILES in notices(app)
        screen.table.move_cursor(row=[r.id for r in screen.table.rows_data].index(1))
        await settle(pilot)
        dialog = await opened(pilot, app, "S", SaveAttachmentDialog)
        await settle(pilot)
        assert not dialog.query("#target") and not dialog.query("#overwrite")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.delivered))
        assert app.delivered == [(pdf, "整改报告.pdf", "download", "application/pdf")]
        assert "已发送到浏览器下载: 整改报告.pdf" in notices(app)
    assert _files(tmp_path) == before
