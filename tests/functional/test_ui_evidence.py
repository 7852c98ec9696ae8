"""Pilot tests for evidence in the UI: the detail pane lists a task's attachments, the
done key asks for 整改情况 (required unless the office's config says otherwise), A 加佐证
attaches real files (read back from the store) and S 存佐证 saves one out (read back from
the disk)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import goto, main_screen, notices, opened, service, settle, wait_for_notice, wait_until
from rich.console import Console
from textual.widgets import Checkbox, Input, Label, OptionList, Static

from tasktui.config import UiConfig
from tasktui.store.attachments import MAX_FILE_BYTES
from tasktui.store.errors import RuleError
from tasktui.ui.app import TaskTuiApp
from tasktui.ui.dialogs.attach import NOT_UNDOABLE, AttachDialog, typed_paths
from tasktui.ui.dialogs.attachment_save import SaveAttachmentDialog
from tasktui.ui.dialogs.note import NoteDialog
from tasktui.ui.screens.help import HelpScreen
from tasktui.ui.screens.main import MainScreen
from tasktui.ui.widgets.detail_pane import render_detail

QUIET = UiConfig(poll_seconds=3600)
PDF = b"%PDF-1.4\n% evidence\n"


def detail_text(app: TaskTuiApp) -> str:
    """The detail pane's content as text (what render_detail gave the pane)."""
    detail = main_screen(app).detail_pane.detail
    assert detail is not None
    console = Console(width=150, record=True, file=io.StringIO())
    console.print(render_detail(detail))
    return console.export_text()


async def test_the_detail_pane_lists_the_attachments(ui_url: str) -> None:
    unit = service(ui_url, "教体局")
    unit.attach(1, [("整改报告.pdf", PDF), ("台账说明.txt", "已排查 1200 人".encode())])
    app = TaskTuiApp(service(ui_url), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        text = detail_text(app)
        assert "佐证材料（2）" in text
        assert f"1. 整改报告.pdf  PDF {len(PDF)} 字节  区教体局" in text
        assert "2. 台账说明.txt  文本" in text
        assert "上传佐证材料 → 整改报告.pdf" in text  # and the history says it in words


async def test_done_asks_for_the_rectification_report(ui_url: str) -> None:
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "整改情况（必填）" in [str(label.render()) for label in app.screen.query(Label)]
        await pilot.press("enter")
        await pilot.pause()
        assert "请填写整改情况" in str(app.screen.query_one("#error", Static).render())
        await pilot.press(*"已全部劝返返校", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    last = service(ui_url).get_task(1).history[-1]
    assert (last.action, last.note) == ("done", "已全部劝返返校")


async def test_done_without_a_note_when_the_office_allows_it(ui_url: str) -> None:
    svc = service(ui_url, "教体局")
    svc.done_requires_note = False  # what make_service sets from [cycle] done_requires_note = false
    app = TaskTuiApp(svc, QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await pilot.press("f")
        await pilot.pause()
        assert "整改情况（可空）" in [str(label.render()) for label in app.screen.query(Label)]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert service(ui_url).get_task(1).row.status == "已完成待核"


# ---------------------------------------------------------------- A 加佐证, S 存佐证


def dialog_error(app: TaskTuiApp) -> str:
    return str(app.screen.query_one("#error", Static).render())


def listed_files(app: TaskTuiApp) -> str:
    return str(app.screen.query_one("#files", Static).render())


async def type_path(pilot, app: TaskTuiApp, path: str) -> None:  # type: ignore[no-untyped-def]
    """Type `path` into the 添加佐证材料 dialog's box and Enter (the file is read in a worker)."""
    box = app.screen.query_one("#path", Input)
    box.focus()
    box.value = path
    await pilot.press("enter")
    await settle(pilot)


async def test_attach_from_the_ui_shows_what_will_be_stored_then_stores_it(
    ui_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # "~" in a typed path is expanded
    (tmp_path / "材料").mkdir()
    (tmp_path / "材料" / "整改报告.pdf").write_bytes(PDF)
    note = "已排查 1200 人\n".encode()
    (tmp_path / "材料" / "情况 说明.txt").write_bytes(note)
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        dialog = await opened(pilot, app, "A", AttachDialog)
        await type_path(pilot, app, "~/材料/整改报告.pdf")
        # A terminal's drag and drop: the path quoted, a space in the name.
        await type_path(pilot, app, f"'{tmp_path / '材料' / '情况 说明.txt'}'")
        listed = listed_files(app)
        assert f"将上传 2 份，共 {len(PDF) + len(note)} 字节" in listed
        assert f"1. 整改报告.pdf  PDF {len(PDF)} 字节" in listed
        assert f"2. 情况 说明.txt  文本 {len(note)} 字节" in listed
        assert service(ui_url).attachments(1) == []  # nothing stored before 上传
        await type_path(pilot, app, "~/材料/整改报告.pdf")  # the same file again: once
        assert "与已加入的「整改报告.pdf」内容相同，未重复加入" in dialog_error(app)
        assert "将上传 2 份" in listed_files(app)
        await pilot.press("enter")  # Enter on an empty path: 上传
        await settle(pilot)
        assert not isinstance(app.screen, AttachDialog)
        assert dialog.files and isinstance(app.screen, MainScreen)
        await wait_for_notice(pilot, app, "#1 已上传 2 份佐证材料：「整改报告.pdf」、「情况 说明.txt」")
        await wait_until(pilot, lambda: "佐证材料（2）" in detail_text(app))
        text = detail_text(app)
        assert f"1. 整改报告.pdf  PDF {len(PDF)} 字节  区教体局" in text
        assert f"2. 情况 说明.txt  文本 {len(note)} 字节  区教体局" in text
        # Both keys are in `?` help with their binding ids (config.toml [keymap]).
        help_screen = await opened(pilot, app, "question_mark", HelpScreen)
        assert {("A", "加佐证", "attach"), ("S", "存佐证", "save_attachment")} <= set(help_screen.rows)
        await pilot.press("escape")
        await pilot.pause()
        # `u` says why it cannot be undone instead of undoing what came before.
        await pilot.press("u")
        await pilot.pause()
        assert NOT_UNDOABLE in notices(app)
    office = service(ui_url)
    assert [(a.seq, a.name, a.added_by) for a in office.attachments(1)] == [
        (1, "整改报告.pdf", "区教体局"),
        (2, "情况 说明.txt", "区教体局"),
    ]
    assert office.attachment(1, 1)[1] == PDF
    assert office.attachment(1, 2)[1] == note


async def test_a_file_that_cannot_be_attached_is_one_chinese_line(ui_url: str, tmp_path: Path) -> None:
    (tmp_path / "文件夹").mkdir()
    big = tmp_path / "扫描件.pdf"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no 20 MB written to the disk
    (tmp_path / "照片.jpg").write_bytes(PDF)  # a PDF named .jpg
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await opened(pilot, app, "A", AttachDialog)
        cases = {
            str(tmp_path / "没有.pdf"): f"找不到文件 {tmp_path / '没有.pdf'}",
            str(tmp_path / "文件夹"): f"{tmp_path / '文件夹'} 是文件夹，不是文件",
            str(big): "「扫描件.pdf」有 20.0 MB：每份佐证材料最多 20.0 MB（请压缩或拆分）",
            str(tmp_path / "照片.jpg"): "「照片.jpg」的扩展名是 .jpg，内容却是PDF 文档：请上传与扩展名相符的文件",
        }
        for typed, line in cases.items():
            await type_path(pilot, app, typed)
            assert dialog_error(app) == line
            assert "\n" not in line and "Traceback" not in dialog_error(app)
            assert app.screen.query_one("#path", Input).value == typed  # kept, to correct
        assert "还没有加入文件" in listed_files(app)
        await pilot.press("ctrl+s")  # 上传 with the bad path still there: refused, nothing stored
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
    assert service(ui_url).attachments(1) == []


async def test_a_unit_that_may_not_attach_gets_the_services_refusal(ui_url: str) -> None:
    # 区住建局 leads task 7, closed (已销号): the key says what the service would say.
    unit = service(ui_url, "住建局")
    with pytest.raises(RuleError) as refused:
        unit.attach(7, [("整改报告.pdf", PDF)])
    app = TaskTuiApp(service(ui_url, "住建局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press(str(1 + [v.id for v in main_screen(app).views].index("all")))
        await settle(pilot)
        await goto(pilot, app, 7)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert str(refused.value) in notices(app).splitlines()


async def test_a_task_changed_while_the_dialog_is_open(ui_url: str, tmp_path: Path) -> None:
    """Someone else's change: the list stays and the change is said; 上传 again stores it.
    Then the office gives the task to another unit: the service's own refusal, one line."""
    (tmp_path / "整改报告.pdf").write_bytes(PDF)
    office = service(ui_url)
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        await opened(pilot, app, "A", AttachDialog)
        await type_path(pilot, app, str(tmp_path / "整改报告.pdf"))
        office.add_note(1, "请附上排查台账")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        assert dialog_error(app).startswith("提交前已被他人修改：有新的进展或备注")
        assert "1. 整改报告.pdf" in listed_files(app)
        assert office.attachments(1) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [a.name for a in office.attachments(1)] == ["整改报告.pdf"]

        await goto(pilot, app, 1)
        await opened(pilot, app, "A", AttachDialog)
        (tmp_path / "说明.txt").write_text("补充说明", encoding="utf-8")
        await type_path(pilot, app, str(tmp_path / "说明.txt"))
        office.assign(1, "区住建局", [])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        with pytest.raises(RuleError) as refused:
            service(ui_url, "教体局").attach(1, [("说明.txt", "补充说明".encode())])
        assert dialog_error(app) == str(refused.value)
    assert [a.name for a in office.attachments(1)] == ["整改报告.pdf"]


async def test_save_an_attachment_and_never_over_a_file_unasked(ui_url: str, tmp_path: Path) -> None:
    unit = service(ui_url, "教体局")
    note = "已排查 1200 人".encode()
    unit.attach(1, [("整改报告.pdf", PDF), ("台账说明.txt", note)])
    out = tmp_path / "收到"
    app = TaskTuiApp(service(ui_url, "教体局"), QUIET)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await goto(pilot, app, 1)
        dialog = await opened(pilot, app, "S", SaveAttachmentDialog)
        await settle(pilot)
        menu = dialog.query_one("#attachments", OptionList)
        assert [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)] == [
            f"1. 整改报告.pdf  PDF {len(PDF)} 字节  区教体局 11-20",
            f"2. 台账说明.txt  文本 {len(note)} 字节  区教体局 11-20",
        ]
        menu.focus()
        await pilot.press("up")  # the newest is highlighted first; the PDF is above it
        dialog.query_one("#target", Input).value = f"{out}/"  # a folder, made when missing
        await pilot.pause()
        assert str(dialog.query_one("#target-hint", Static).render()) == f"将写入 {out / '整改报告.pdf'}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert f"已保存 {out / '整改报告.pdf'}（第 1 份「整改报告.pdf」，{len(PDF)} 字节）" in notices(app)
        assert (out / "整改报告.pdf").read_bytes() == PDF

        # Again over a file that is there by now: refused, the file kept, until ticked.
        (out / "整改报告.pdf").write_bytes(b"%PDF-1.4 someone's own")
        dialog = await opened(pilot, app, "S", SaveAttachmentDialog)
        await settle(pilot)
        dialog.query_one("#attachments", OptionList).highlighted = 0
        dialog.query_one("#target", Input).value = str(out)
        await pilot.pause()
        assert "已存在：勾选「覆盖已有的同名文件」才会覆盖" in str(dialog.query_one("#target-hint", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveAttachmentDialog)
        assert dialog_error(app) == f"{out / '整改报告.pdf'} 已存在：勾选「覆盖已有的同名文件」，或换一个文件名"
        assert (out / "整改报告.pdf").read_bytes() == b"%PDF-1.4 someone's own"
        dialog.query_one("#overwrite", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (out / "整改报告.pdf").read_bytes() == PDF
        assert sorted(p.name for p in out.iterdir()) == ["整改报告.pdf"]  # no temporary file left

        # A task without evidence: the dialog says so, nothing to save.
        await goto(pilot, app, 5)
        await opened(pilot, app, "S", SaveAttachmentDialog)
        await settle(pilot)
        assert dialog_error(app) == "#5 还没有佐证材料"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert dialog_error(app) == "没有可保存的佐证材料"
        assert isinstance(app.screen, SaveAttachmentDialog)


def test_typed_paths_take_a_name_with_spaces_or_several_quoted_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "整改 报告.pdf", tmp_path / "说明.txt"
    a.write_bytes(PDF)
    b.write_text("说明", encoding="utf-8")
    assert typed_paths(f"  {a}  ") == [str(a)]  # the whole text names a file, spaces and all
    assert typed_paths(f"'{a}' {b}") == [str(a), str(b)]  # two dropped at once
    assert typed_paths(f"{tmp_path}/没有 这个.pdf") == [f"{tmp_path}/没有 这个.pdf"]  # one path, said missing
    assert typed_paths("'未闭合.pdf") == ["'未闭合.pdf"]
    assert typed_paths("   ") == []
