"""The filter dialog: unit, status, kind and meeting on top of the current view."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Select, Static

from tasktui.store.lifecycle import STATUSES
from tasktui.store.service import Service
from tasktui.textwidth import safe
from tasktui.ui.dialogs.base import Dialog
from tasktui.ui.tabs import KIND_LABELS, Filters


class FilterDialog(Dialog):
    """Unit, status, kind and meeting filters (search stays on `/`)."""

    def __init__(self, service: Service, filters: Filters) -> None:
        super().__init__()
        self.service = service
        self.filters = filters
        self.meeting_titles: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        is_office = self.service.actor.is_office
        units = [n for n, _ in self.service.departments()] if is_office else [self.service.actor.name]
        meetings = self.service.meetings()
        self.meeting_titles = {m.id: m.title for m in meetings}
        with VerticalScroll(classes="dialog"):
            yield Label("筛选", classes="dialog-title")
            yield Label("单位（牵头或配合）")
            yield Select(
                [(safe(u), u) for u in units], value=self.filters.unit or Select.NULL, prompt="全部单位", id="unit"
            )
            yield Label("状态")
            yield Select(
                [(s, s) for s in STATUSES], value=self.filters.status or Select.NULL, prompt="全部状态", id="status"
            )
            yield Label("类别")
            yield Select(
                [(label, kind) for kind, label in KIND_LABELS.items()],
                value=self.filters.kind or Select.NULL,
                prompt="全部类别",
                id="kind",
            )
            yield Label("会议")
            yield Select(
                [(safe(f"{m.date.isoformat() if m.date else '—'} {m.title}"), m.id) for m in reversed(meetings)],
                value=self.filters.meeting_id if self.filters.meeting_id is not None else Select.NULL,
                prompt="全部会议",
                id="meeting",
            )
            yield Static("", id="error")
            yield Horizontal(
                Button("应用", variant="primary", id="ok"),
                Button("清除", id="reset"),
                Button("取消", id="cancel"),
                classes="buttons",
            )

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        self.dismiss(Filters(search=self.filters.search))

    def action_save(self) -> None:
        def val(sel_id: str) -> str | int | None:
            v = self.query_one(sel_id, Select).value
            return None if v is Select.NULL or v == Select.BLANK or not isinstance(v, (str, int)) else v

        unit, status, meeting, kind = val("#unit"), val("#status"), val("#meeting"), val("#kind")
        meeting_id = meeting if isinstance(meeting, int) else None
        self.dismiss(
            Filters(
                unit=str(unit) if unit is not None else None,
                status=str(status) if status is not None else None,
                meeting_id=meeting_id,
                meeting_title=self.meeting_titles.get(meeting_id) if meeting_id is not None else None,
                search=self.filters.search,
                kind=str(kind) if kind is not None else None,
            )
        )
