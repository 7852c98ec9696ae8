"""The frame of a dialog that writes files for the units into a folder (台账, 催办通知单):
what it will write on top, the folder (made when missing; a hint when files of that kind
are already there), the 编制单位 printed on them (from [report] in the config file). A
subclass says what goes on top and what its files end in, and makes the request.

In the app's web mode there is no folder (it would be the server's): the files go to the
browser as one .zip named after the default folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.widgets.scroll_box import ScrollBox
from tasktui.ui.widgets.text_box import TextBox


class FolderOutputDialog(Dialog):
    title_text = ""
    ok_text = "写出"
    suffix = ".xlsx"  # the files a folder already holding some gets a warning for
    overwrite_hint = "文件夹中已有同类文件，同名的将被覆盖"

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def intro(self) -> ComposeResult:
        """What goes between the title and the folder: what will be written."""
        yield from ()

    def default_folder(self) -> Path:
        raise NotImplementedError

    def make_request(self, folder: Path, office: str | None, download: bool) -> Any:
        """The request for `folder` (web mode, `download`: the zip's name)."""
        raise NotImplementedError

    @property
    def web(self) -> bool:
        return bool(getattr(self.app, "web", False))

    def can_save(self) -> str | None:
        """Why the dialog cannot write now (shown as its error), or None."""
        return None

    def compose(self) -> ComposeResult:
        config = getattr(self.app, "config", None)
        office = getattr(getattr(config, "report", None), "office", None) or ""
        with ScrollBox(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield from self.intro()
            if self.web:
                zip_name = f"{self.default_folder().name}.zip"
                yield Static(safe(f"打包为 {zip_name}，发送到浏览器下载"), id="download-hint", classes="dialog-hint")
            else:
                yield Label("保存到文件夹（没有则新建）")
                yield TextBox(value=str(self.default_folder()), id="folder")
                yield Static("", id="folder-hint", classes="dialog-hint")
            yield Label("编制单位")
            yield TextBox(value=office, placeholder=safe(f"空: {self.service.actor.name}"), id="office")
            yield Static("", id="error")
            yield self.buttons(self.ok_text)

    def on_mount(self) -> None:
        super().on_mount()
        self._hint()

    @on(Input.Changed, "#folder")
    def _hint(self) -> None:
        if self.web:
            return
        raw = self.query_one("#folder", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        hint = ""
        if path is not None and path.is_dir() and any(path.glob(f"*{self.suffix}")):
            hint = self.overwrite_hint
        self.query_one("#folder-hint", Static).update(Text(hint, style="yellow") if hint else "")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        why = self.can_save()
        if why:
            self.error(why)
            return
        office, problem = self.typed_office()
        if problem:
            self.error(problem)
            return
        if self.web:
            self.dismiss(self.make_request(self.default_folder(), office, True))
            return
        raw = self.query_one("#folder", Input).value.strip()
        if not raw:
            self.error("请填写保存的文件夹")
            return
        folder = Path(raw).expanduser()
        if folder.exists() and not folder.is_dir():
            self.error(f"{folder} 不是文件夹")
            return
        self.dismiss(self.make_request(folder, office, False))
