"""The 催办 dialog: what would be sent today (units, items and why), where to write the
催办通知单, and the 编制单位 printed on them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.folder_output import FolderOutputDialog
from tasktui.ui.reminding import RemindRequest, default_folder


class RemindDialog(FolderOutputDialog):
    """催办: a preview of what is owed, a folder (made when missing) and the 编制单位.
    Returns a `RemindRequest`; the main screen writes the notices and records the 催办 in
    a worker."""

    title_text = "催办：写出催办通知单（Word）"
    ok_text = "催办"
    suffix = ".docx"
    overwrite_hint = "文件夹中已有通知单，同名的将被覆盖"

    def __init__(self, service: Service, owed: tuple[bool, str]) -> None:
        super().__init__(service)
        self.owed = owed

    def intro(self) -> ComposeResult:
        anything, words = self.owed
        yield Static(Text(f"今天应催办：{words}" if anything else words, style="" if anything else "yellow"), id="owed")
        yield Static(
            safe(
                "每个有逾期、未签收或未按期报送事项的单位一份催办通知单（.docx），每个列出的事项记录一次催办；"
                "文件写不出时什么也不记录。"
            ),
            classes="dialog-hint",
        )

    def default_folder(self) -> Path:
        return default_folder(self.service.clock.today())

    def can_save(self) -> str | None:
        return None if self.owed[0] else "今天没有需要催办的单位"

    def make_request(self, folder: Path, office: str | None, download: bool) -> RemindRequest:
        return RemindRequest(folder, office=office, download=download)
