"""保存佐证材料: one of a task's attachments saved out, the way `tasktui attachment ID N
-o PATH` does (exchange/evidence_files: a folder keeps the file's own name, the write is
whole or not at all, an existing file is kept unless 覆盖 is ticked).

The list is read afresh when the dialog opens (the detail pane's may be a poll behind
another unit's upload). In the app's web mode there is no path (it would be the server's): the file goes to
the browser as a download.
"""

from __future__ import annotations

import os

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tasktui.store.attachments import size_words
from tasktui.store.service import Service
from tasktui.store.views import AttachmentView, TaskRow
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog, task_line
from tasktui.ui.downloads import Download
from tasktui.ui.errors import STORE_ERRORS, error_text
from tasktui.ui.widgets.option_menu import OptionMenu
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox
from tasktui.ui.widgets.tick_box import TickBox

OVERWRITE_WORDS = "覆盖已有的同名文件"


def attachment_label(a: AttachmentView) -> str:
    """One line of the list, as the detail pane words it."""
    return safe(f"{a.seq}. {a.name}  {a.kind} {size_words(a.size)}  {a.added_by} {a.added_at:%m-%d}")


def default_target() -> str:
    """The folder the app was started in, written as a folder (the file keeps its name)."""
    return os.path.join(os.getcwd(), "")


class SaveAttachmentDialog(Dialog):
    """Returns the toast's text (saved to a file) or a `Download` (web mode), or None."""

    def __init__(self, service: Service, row: TaskRow, *, web: bool = False) -> None:
        super().__init__()
        self.service = service
        self.row = row
        self.listed: list[AttachmentView] | None = None  # read on mount
        self.web = web
        self.busy = False

    def compose(self) -> ComposeResult:
        with ScrollBox(classes="dialog"):
            yield Label("保存佐证材料", classes="dialog-title")
            yield Static(Text(task_line(self.row)), classes="dialog-task")
            yield Label("选择一份（↑↓ 选择）")
            yield OptionMenu(id="attachments")
            if self.web:
                yield Static("发送到浏览器下载", classes="dialog-hint")
            else:
                yield Label("保存到（文件夹，或文件名；~ 表示主目录）")
                yield TextBox(value=default_target(), id="target")
                yield Static("", id="target-hint", classes="dialog-hint")
                yield TickBox(OVERWRITE_WORDS, False, id="overwrite")
            yield Static("", id="error")
            yield self.buttons("下载" if self.web else "保存")

    def on_mount(self) -> None:
        super().on_mount()
        self._busy("正在读取佐证材料…")
        self._list_worker()

    def action_cancel(self) -> None:
        # A worker in flight reports back to this dialog (its dismiss would pop the main
        # screen if this one were gone): wait for it.
        if self.busy:
            self.error("正在处理，请稍候…")
            return
        super().action_cancel()

    @work(thread=True, exclusive=True, group="evidence")
    def _list_worker(self) -> None:
        try:
            listed = self.service.attachments(self.row.id)
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self._failed, error_text(exc))
            return
        self.app.call_from_thread(self._show, listed)

    def _show(self, listed: list[AttachmentView]) -> None:
        self.listed = listed
        self.busy = False
        menu = self.query_one("#attachments", OptionMenu)
        menu.clear_options()
        menu.add_options([Option(Text(attachment_label(a)), id=str(a.seq)) for a in listed])
        if not listed:
            menu.display = False  # an empty framed list reads as something still to load
            self.error(f"#{self.row.id} 还没有佐证材料")
            return
        menu.highlighted = len(listed) - 1  # the newest: most often the one just asked for
        self.query_one("#ok", Button).disabled = False
        self.query_one("#error", Static).update("")
        self._hint()
        if len(listed) > 1 or self.web:  # a choice to make first; else the path is what is left
            menu.focus()

    def chosen(self) -> AttachmentView | None:
        menu = self.query_one("#attachments", OptionMenu)
        if not self.listed or menu.highlighted is None:
            return None
        return self.listed[menu.highlighted]

    def typed_target(self) -> str:
        """The output as typed, ~ expanded (a trailing slash kept: it says "a folder")."""
        return os.path.expanduser(self.query_one("#target", Input).value.strip())

    @on(Input.Changed, "#target")
    @on(OptionList.OptionHighlighted, "#attachments")
    def _hint(self) -> None:
        """Where the file will go, and a warning when something is there already."""
        if self.web:
            return
        from tasktui.exchange.evidence_files import output_path

        chosen, raw = self.chosen(), self.typed_target()
        hint: Text | str = ""
        if chosen is not None and raw:
            target = output_path(raw, chosen.name)
            hint = Text(safe(f"将写入 {target}"), style="dim")
            if target.exists():
                hint = Text(safe(f"{target} 已存在：勾选「{OVERWRITE_WORDS}」才会覆盖"), style="yellow")
        self.query_one("#target-hint", Static).update(hint)

    @on(OptionList.OptionSelected, "#attachments")
    @on(Input.Submitted, "#target")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.busy:
            return
        chosen = self.chosen()
        if chosen is None:
            self.error("没有可保存的佐证材料" if not self.listed else "请选择一份佐证材料")
            return
        if self.web:
            self._busy("正在读取…")
            self._save_worker(chosen, None, False)
            return
        raw = self.typed_target()
        if not raw:
            self.error("请填写保存的位置")
            return
        overwrite = self.query_one("#overwrite", Checkbox).value
        self._busy("正在保存…")
        self._save_worker(chosen, raw, overwrite)

    def _busy(self, doing: str) -> None:
        self.busy = True
        self.query_one("#ok", Button).disabled = True
        self.query_one("#error", Static).update(Text(doing, style="dim"))

    @work(thread=True, exclusive=True, group="evidence")
    def _save_worker(self, chosen: AttachmentView, raw: str | None, overwrite: bool) -> None:
        from tasktui.exchange.evidence_files import TargetExists, save_evidence

        try:
            view, content = self.service.attachment(self.row.id, chosen.seq)
            if raw is None:
                self.app.call_from_thread(self.dismiss, Download(view.name, content, view.media_type))
                return
            target = save_evidence(raw, view.name, content, overwrite=overwrite)
        except TargetExists as exc:
            why = f"{exc.path} 已存在：勾选「{OVERWRITE_WORDS}」，或换一个文件名"
            self.app.call_from_thread(self._failed, why)
            return
        except STORE_ERRORS as exc:
            self.app.call_from_thread(self._failed, error_text(exc))
            return
        words = f"已保存 {target}（第 {view.seq} 份「{view.name}」，{size_words(view.size)}）"
        self.app.call_from_thread(self.dismiss, safe(words))

    def _failed(self, why: str) -> None:
        self.busy = False
        self.query_one("#ok", Button).disabled = False
        self.error(why)
        self._hint()


__all__ = ["OVERWRITE_WORDS", "SaveAttachmentDialog", "attachment_label", "default_target"]
