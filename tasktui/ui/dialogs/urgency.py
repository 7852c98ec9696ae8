"""The 紧急程度 dialog: 一般, 急办 or 特急, picked from a list (the current one highlighted)."""

from __future__ import annotations

from tasktui.store.lifecycle import URGENCIES
from tasktui.store.views import TaskRow
from tasktui.ui.dialogs.choice import ChoiceDialog


class UrgencyDialog(ChoiceDialog):
    title_text = "调整紧急程度"
    list_id = "urgencies"

    def __init__(self, row: TaskRow) -> None:
        super().__init__(row, [(u, u) for u in URGENCIES], row.urgency)
