"""The units' ledger dialog (单位台账): where to write one workbook per unit, and the
编制单位 printed on them."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Static

from tasktui.store.ledger_terms import DEFAULT_STATUSES
from tasktui.textwidth import safe
from tasktui.ui.dialogs.folder_output import FolderOutputDialog
from tasktui.ui.ledger import LedgerRequest, default_folder


class LedgerDialog(FolderOutputDialog):
    """台账: a folder (made when missing) and the 编制单位 (from [report] in the config
    file, editable). Returns a `LedgerRequest`; the main screen writes the workbooks in
    a worker and says where they went."""

    title_text = "写出单位台账（Excel）"
    suffix = ".xlsx"
    overwrite_hint = "文件夹中已有台账，同名的将被覆盖"

    def intro(self) -> ComposeResult:
        what = "、".join(DEFAULT_STATUSES)
        yield Static(
            safe(
                f"每个单位写一个台账文件（.xlsx），列出它牵头或配合的{what}事项。单位只在四列填写：本次进展、"
                "完成情况、申请延期至、情况说明；报回后用 tasktui ledger in 导入，逐行重新核对。"
            ),
            classes="dialog-hint",
        )

    def default_folder(self) -> Path:
        return default_folder(self.service.clock.today())

    def make_request(self, folder: Path, office: str | None, download: bool) -> LedgerRequest:
        return LedgerRequest(folder, office=office, download=download)
