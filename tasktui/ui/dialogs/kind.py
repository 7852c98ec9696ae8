"""The kind dialog: re-classify an item (督办事项, 工作回顾, 问题分析, 其他) from a list."""

from __future__ import annotations

from tasktui.extract.types import KIND_LABELS, KINDS
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.choice import ChoiceDialog


class KindDialog(ChoiceDialog):
    title_text = "修改类别"
    list_id = "kinds"

    def __init__(self, row: TaskRow) -> None:
        super().__init__(row, [(k, f"{KIND_LABELS.get(k, k)} ({k})") for k in KINDS], row.kind)
