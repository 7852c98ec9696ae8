"""The units' ledger dialog (单位台账): where to write one workbook per unit, and the
编制单位 printed on them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from tasktui.store.ledger_terms import DEFAULT_STATUSES
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog


class LedgerDialog(Dialog):
    """台账: a folder (made when missing) and the 编制单位 (from [report] in the config
    file, editable). Returns a `LedgerRequest`; the main screen writes the workbooks in
    a worker and says where they went."""

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        from tasktui.ui.ledger import default_folder

        config = getattr(self.app, "config", None)
        office = getattr(getattr(config, "report", None), "office", None) or ""
        what = "、".join(DEFAULT_STATUSES)
        with VerticalScroll(classes="dialog"):
            yield Label("写出单位台账（Excel）", classes="dialog-title")
            yield Static(
                safe(
                    f"每个单位写一个台账文件（.xlsx），列出它牵头或配合的{what}事项。单位只在四列填写：本次进展、"
                    "完成情况、申请延期至、情况说明；报回后用 tasktui ledger in 导入，逐行重新核对。"
                ),
                classes="dialog-hint",
            )
            yield Label("保存到文件夹（没有则新建）")
            yield Input(value=str(default_folder(self.service.clock.today())), id="folder")
            yield Static("", id="folder-hint", classes="dialog-hint")
            yield Label("编制单位")
            yield Input(value=office, placeholder=safe(f"空: {self.service.actor.name}"), id="office")
            yield Static("", id="error")
            yield self.buttons("写出")

    def on_mount(self) -> None:
        super().on_mount()
        self._hint()

    @on(Input.Changed, "#folder")
    def _hint(self) -> None:
        raw = self.query_one("#folder", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        hint = ""
        if path is not None and path.is_dir() and any(path.glob("*.xlsx")):
            hint = "文件夹中已有台账，同名的将被覆盖"
        self.query_one("#folder-hint", Static).update(Text(hint, style="yellow") if hint else "")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from tasktui.textcheck import name_problem
        from tasktui.ui.ledger import LedgerRequest

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
        self.dismiss(LedgerRequest(folder, office=office))
