"""The 催办 dialog: what would be sent today (units, items and why), where to write the
催办通知单, and the 编制单位 printed on them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from tasktui.config import CycleSettings
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog


class RemindDialog(Dialog):
    """催办: a folder (made when missing) and the 编制单位 (from [report] in the config
    file, editable), under a preview of what is owed. Returns a `RemindRequest`; the main
    screen writes the notices and records the 催办 in a worker."""

    def __init__(self, service: Service, settings: CycleSettings, owed: tuple[bool, str]) -> None:
        super().__init__()
        self.service = service
        self.settings = settings
        self.owed = owed

    def compose(self) -> ComposeResult:
        from tasktui.ui.reminding import default_folder

        config = getattr(self.app, "config", None)
        office = getattr(getattr(config, "report", None), "office", None) or ""
        anything, words = self.owed
        with VerticalScroll(classes="dialog"):
            yield Label("催办：写出催办通知单（Word）", classes="dialog-title")
            yield Static(
                Text(f"今天应催办：{words}" if anything else words, style="" if anything else "yellow"),
                id="owed",
            )
            yield Static(
                safe(
                    "每个有逾期、未签收或未按期报送事项的单位一份催办通知单（.docx），每个列出的事项记录一次催办；"
                    "文件写不出时什么也不记录。"
                ),
                classes="dialog-hint",
            )
            yield Label("保存到文件夹（没有则新建）")
            yield Input(value=str(default_folder(self.service.clock.today())), id="folder")
            yield Static("", id="folder-hint", classes="dialog-hint")
            yield Label("编制单位")
            yield Input(value=office, placeholder=safe(f"空: {self.service.actor.name}"), id="office")
            yield Static("", id="error")
            yield self.buttons("催办")

    def on_mount(self) -> None:
        super().on_mount()
        self._hint()

    @on(Input.Changed, "#folder")
    def _hint(self) -> None:
        raw = self.query_one("#folder", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        hint = ""
        if path is not None and path.is_dir() and any(path.glob("*.docx")):
            hint = "文件夹中已有通知单，同名的将被覆盖"
        self.query_one("#folder-hint", Static).update(Text(hint, style="yellow") if hint else "")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from tasktui.textcheck import name_problem
        from tasktui.ui.reminding import RemindRequest

        if not self.owed[0]:
            self.error("今天没有需要催办的单位")
            return
        raw = self.query_one("#folder", Input).value.strip()
        if not raw:
            self.error("请填写保存的文件夹")
            return
        folder = Path(raw).expanduser()
        if folder.exists() and not folder.is_dir():
            self.error(f"{folder} 不是文件夹")
            return
        office = self.query_one("#office", Input).value.strip() or None
        problem = name_problem(office, "编制单位") if office else None
        if problem:
            self.error(problem)
            return
        self.dismiss(RemindRequest(folder, office=office))
